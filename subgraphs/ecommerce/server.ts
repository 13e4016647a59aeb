// The web shop, read-through from ecommerce_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { createEcommerceLoaders, EcommerceLoaders } from './ecommerce.loaders';
import { OrderResolver, resolveOrderReference } from './order.resolver';

export const ecommerceSubgraph: SubgraphDefinition<EcommerceLoaders> = {
  name: 'ecommerce',
  database: 'ecommerce',
  resolvers: [OrderResolver],
  references: { Order: resolveOrderReference },
  createLoaders: createEcommerceLoaders,
};
