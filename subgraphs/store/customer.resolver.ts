import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { SubgraphContext } from '../kit/subgraph';
import { Customer } from './customer.type';
import { LoyaltyRow } from './loyalty.repo';
import { LoyaltyAccount } from './loyalty.type';
import { StoreLoaders, toLoyaltyAccount } from './store.loaders';

type Context = SubgraphContext<StoreLoaders>;

@Resolver(() => Customer)
export class StoreCustomerResolver {
  @FieldResolver(() => [LoyaltyAccount], { description: "The customer's loyalty cards, active ones first." })
  @Directive('@requires(fields: "linkedRecords { loyaltyCards }")')
  async loyaltyAccounts(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<LoyaltyAccount[]> {
    const rows = await loaders.loyalty.loadMany(customer.linkedRecords?.loyaltyCards ?? []);
    return rows
      .filter((row): row is LoyaltyRow => row !== null && !(row instanceof Error))
      .map(toLoyaltyAccount)
      .sort((a, b) => Number(b.active) - Number(a.active) || a.cardNumber.localeCompare(b.cardNumber));
  }
}

/** The gateway sends what @requires asked for; nothing to read here. */
export function resolveCustomerReference(reference: Customer): Customer {
  return Object.assign(new Customer(), reference);
}
