// The customer hub: owns `Customer`, the links from every legacy identifier, the golden record.
import { SubgraphDefinition } from '../kit/subgraph';
import { createCustomerLoaders, CustomerLoaders } from './customer.loaders';
import { CustomerResolver, resolveCustomerReference } from './customer.resolver';
import { IdentityDecisionResolver } from './identity-decision.resolver';

export const customerSubgraph: SubgraphDefinition<CustomerLoaders> = {
  name: 'customer',
  database: 'customer',
  resolvers: [CustomerResolver, IdentityDecisionResolver],
  references: { Customer: resolveCustomerReference },
  createLoaders: createCustomerLoaders,
};
