// The web shop, read-through from ecommerce_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { ecommerceIdentityRecords } from './identity.extract';
import { ecommerceFeeds } from './touchpoints.feed';
import { CartResolver } from './cart.resolver';
import { EcommerceCustomerResolver, resolveCustomerReference } from './customer.resolver';
import { Customer } from './customer.type';
import { createEcommerceLoaders, EcommerceLoaders } from './ecommerce.loaders';
import { OrderResolver, resolveOrderReference } from './order.resolver';
import { resolveCartReference, resolveReviewReference, resolveSearchReference } from './record-references';
import { ecommercePolicy } from './ecommerce.policy';

export const ecommerceSubgraph: SubgraphDefinition<EcommerceLoaders> = {
  name: 'ecommerce',
  database: 'ecommerce',
  resolvers: [OrderResolver, CartResolver, EcommerceCustomerResolver],
  policy: ecommercePolicy,
  orphanedTypes: [Customer],
  references: {
    Order: resolveOrderReference,
    Customer: resolveCustomerReference,
    Cart: resolveCartReference,
    Review: resolveReviewReference,
    Search: resolveSearchReference,
  },
  createLoaders: createEcommerceLoaders,
  identityRecords: ecommerceIdentityRecords,
  touchpointFeeds: ecommerceFeeds,
};
