import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Money } from '../../schema/common';

/** Days without a change after which an open cart counts as abandoned. */
export const ABANDONED_AFTER_DAYS = 3;

@ObjectType({
  description:
    'A web shop cart not (yet) turned into an order (e-commerce system, tables carts and cart_items). It is ' +
    `abandoned when it has not been touched for more than ${ABANDONED_AFTER_DAYS} days.`,
})
@Directive('@key(fields: "id")')
export class Cart {
  @Field(() => ID, { description: 'Cart id (carts.id).' })
  id!: string;

  @Field(() => Boolean, {
    description: `True when nobody touched the cart for more than ${ABANDONED_AFTER_DAYS} days (updatedAt) and it was not ordered.`,
  })
  abandoned!: boolean;

  @Field(() => Date, { description: 'When the cart was started (UTC).' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the cart was last changed (UTC).' })
  updatedAt!: Date;

  @Field(() => ID, { description: 'The web account the cart belongs to (customers.id).' })
  webAccountId!: string;

  // Resolved by CartResolver through a loader (one statement for every cart of the request).
  items?: CartItem[];
  total?: Money;
}

@ObjectType({ description: 'An article in a web cart (e-commerce system, table cart_items).' })
export class CartItem {
  @Field(() => String, { description: 'The web shop\'s article code (sku).' })
  sku!: string;

  @Field(() => String, { description: 'The article\'s EAN-13 barcode, the same as on store receipts.' })
  ean!: string;

  @Field(() => String, { description: 'Article name as shown on the web shop (the same name as a receipt line\'s).' })
  label!: string;

  @Field(() => Int, { description: 'Quantity in the cart.' })
  quantity!: number;

  @Field(() => Money, { description: 'Unit price, tax included, when the article was put in the cart.' })
  unitPrice!: Money;

  @Field(() => Money, { description: 'Quantity × unit price.' })
  lineTotal!: Money;
}
