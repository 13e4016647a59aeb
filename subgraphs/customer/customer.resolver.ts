import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { LinkedRecords } from '../../schema/common';
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

  @FieldResolver(() => LinkedRecords)
  async linkedRecords(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<LinkedRecords> {
    const links = await loaders.activeLinks.load(customer.id);
    const keys = (system: string): string[] => links.filter((link) => link.system === system).map((link) => link.local_key);
    return Object.assign(new LinkedRecords(), {
      loyaltyCards: keys('store'),
      webAccounts: keys('ecommerce'),
      callcentreContacts: keys('callcentre'),
      marketingContacts: keys('marketing'),
    });
  }
}

/** Resolves `Customer` references from other subgraphs, one query per `_entities` batch. */
export async function resolveCustomerReference(reference: { id: string }, { loaders }: Context): Promise<Customer | null> {
  const row = await loaders.customer.load(reference.id);
  return row ? toCustomer(row) : null;
}
