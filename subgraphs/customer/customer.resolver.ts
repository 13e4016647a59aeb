import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { SubgraphContext } from '../kit/subgraph';
import { CustomerLoaders, toCustomer } from './customer.loaders';
import { Customer } from './customer.type';

type Context = SubgraphContext<CustomerLoaders>;

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: 'A customer by hub id; null when there is none.' })
  async customer(@Arg('id', () => ID) id: string, @Ctx() { loaders }: Context): Promise<Customer | null> {
    const row = await loaders.customer.load(id);
    return row ? toCustomer(row) : null;
  }
}

/** Resolves `Customer` references from other subgraphs, one query per `_entities` batch. */
export async function resolveCustomerReference(reference: { id: string }, { loaders }: Context): Promise<Customer | null> {
  const row = await loaders.customer.load(reference.id);
  return row ? toCustomer(row) : null;
}
