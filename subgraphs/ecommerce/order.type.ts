import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { Money, PageInfo } from '../../schema/common';
import { Address } from './address.type';
import { OrderStatus } from './ecommerce.enums';
import { Store } from './store.type';
import { WebAccount } from './web-account.type';

@ObjectType({ description: 'A web shop order (e-commerce system, table orders).' })
@Directive('@key(fields: "reference")')
export class Order {
  @Field(() => String, { description: 'Order reference as customers quote it, e.g. CMD-0001234.' })
  reference!: string;

  @Field(() => OrderStatus, { description: 'Where the order stands.' })
  status!: OrderStatus;

  @Field(() => String, {
    description: 'The legacy status code as stored: pending, paid, shipped, delivered, cancelled or returned.',
  })
  statusCode!: string;

  @Field(() => Money, { description: 'Order total, tax included, in the order\'s currency.' })
  total!: Money;

  // Nullable as Receipt.occurredAt is: one name, one shape, so that both can be asked in one
  // selection of a history record (GraphQL refuses same-named fields of different nullability).
  @Field(() => Date, { nullable: true, description: 'When the order was placed (UTC): the same name and shape as a receipt\'s.' })
  occurredAt!: Date | null;

  @Field(() => Date, { description: 'When the order last changed, e.g. its status (UTC).' })
  updatedAt!: Date;

  @Field(() => Store, {
    nullable: true,
    description: 'The store where the customer picks the order up (click and collect); null for a delivered order.',
  })
  clickAndCollectStore!: Store | null;

  // Resolved by OrderResolver through loaders: the order's row id, its shipping address and account.
  id!: number;
  shippingAddressId!: number | null;
  accountId!: number;
  /** The order's currency, which its lines are in too. */
  currency!: string;

  // Declared for type-graphql's field resolvers.
  items?: OrderItem[];
  shippingAddress?: Address | null;
  webAccount?: WebAccount | null;
}

@ObjectType({ description: 'A line of a web order (e-commerce system, table order_items).' })
export class OrderItem {
  @Field(() => String, { description: 'The web shop\'s article code (sku).' })
  sku!: string;

  @Field(() => String, { description: 'The article\'s EAN-13 barcode, the same as on store receipts.' })
  ean!: string;

  @Field(() => String, { description: 'Article name as shown on the web shop (the same name as a receipt line\'s).' })
  label!: string;

  @Field(() => Int, { description: 'Quantity ordered.' })
  quantity!: number;

  @Field(() => Money, { description: 'Unit price, tax included.' })
  unitPrice!: Money;

  @Field(() => Money, { description: 'Quantity × unit price.' })
  lineTotal!: Money;
}

@ObjectType({ description: 'An order and the cursor that points just after it.' })
export class OrderEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` to read the orders that follow this one.' })
  cursor!: string;

  @Field(() => Order, { description: 'The order.' })
  node!: Order;
}

@ObjectType({ description: 'A page of a customer\'s web orders, newest placed first.' })
export class OrderConnection {
  @Field(() => [OrderEdge], { description: 'The orders of this page, each with its cursor.' })
  edges!: OrderEdge[];

  @Field(() => [Order], { description: 'The orders of this page (the same as edges.node).' })
  nodes!: Order[];

  @Field(() => PageInfo, { description: 'Whether more orders follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;
}
