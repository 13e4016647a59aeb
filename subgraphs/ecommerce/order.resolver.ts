import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { SubgraphContext } from '../kit/subgraph';
import { EcommerceLoaders, toOrder } from './ecommerce.loaders';
import { Order } from './order.type';

type Context = SubgraphContext<EcommerceLoaders>;

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true, description: 'An order by reference (e.g. CMD-0001234); null when there is none.' })
  async order(@Arg('reference', () => String) reference: string, @Ctx() { loaders }: Context): Promise<Order | null> {
    const row = await loaders.order.load(reference.trim().toUpperCase());
    return row ? toOrder(row) : null;
  }
}

export async function resolveOrderReference(reference: { reference: string }, { loaders }: Context): Promise<Order | null> {
  const row = await loaders.order.load(reference.reference);
  return row ? toOrder(row) : null;
}
