import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { SubgraphContext } from '../kit/subgraph';
import { Address } from './address.type';
import { EcommerceLoaders } from './ecommerce.loaders';
import { toAddress, toOrder, toOrderItem, toWebAccount } from './ecommerce.mappers';
import { normaliseOrderReference } from './order-reference';
import { Order, OrderItem } from './order.type';
import { WebAccount } from './web-account.type';

type Context = SubgraphContext<EcommerceLoaders>;

async function orderByReference(quoted: string, { loaders }: Context): Promise<Order | null> {
  const reference = normaliseOrderReference(quoted);
  if (reference === null) return null;
  const row = await loaders.order.load(reference);
  return row ? toOrder(row) : null;
}

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, {
    nullable: true,
    description:
      'A web order by reference, as a customer would quote it: case and spaces do not matter (`cmd 0001234` finds ' +
      'CMD-0001234). Null when there is none.',
  })
  order(@Arg('reference', () => String, { description: 'The order reference, e.g. CMD-0001234.' }) reference: string, @Ctx() context: Context) {
    return orderByReference(reference, context);
  }

  @FieldResolver(() => [OrderItem], { description: 'The articles ordered, in the order of the basket.' })
  async items(@Root() order: Order, @Ctx() { loaders }: Context): Promise<OrderItem[]> {
    return (await loaders.orderItems.load(order.id)).map((row) => toOrderItem(row, order.currency));
  }

  @FieldResolver(() => Address, {
    nullable: true,
    description: 'Where the order is delivered; null for a click-and-collect order or when the address is gone.',
  })
  async shippingAddress(@Root() order: Order, @Ctx() { loaders }: Context): Promise<Address | null> {
    if (order.shippingAddressId === null) return null;
    const row = await loaders.address.load(order.shippingAddressId);
    return row ? toAddress(row) : null;
  }

  @FieldResolver(() => WebAccount, {
    nullable: true,
    description:
      'The web account the order was placed from. An order of a deleted account still belongs to its customer: ' +
      'see `deleted`. Null only if the account row is missing from the web shop.',
  })
  async webAccount(@Root() order: Order, @Ctx() { loaders }: Context): Promise<WebAccount | null> {
    const row = await loaders.webAccount.load(order.accountId);
    return row ? toWebAccount(row) : null;
  }
}

/** Orders other subgraphs point at (a call's notes, a coupon's redemption …), one statement per batch. */
export function resolveOrderReference(reference: { reference: string }, context: Context): Promise<Order | null> {
  return orderByReference(reference.reference, context);
}
