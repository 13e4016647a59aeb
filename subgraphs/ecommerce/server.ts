// The web shop, read-through from ecommerce_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { besideSource } from '../kit/databases';
import { ecommerceConsentDecisions } from './consent.extract';
import { positiveIntegerKey } from '../kit/keys';
import { Cart } from './cart.type';
import { Order } from './order.type';
import { Review } from './review.type';
import { Search } from './search.type';

import { ecommerceIdentityRecords } from './identity.extract';
import { ecommerceFeeds } from './touchpoints.feed';
import { ecommerceIndexes } from './indexes';
import { CartResolver } from './cart.resolver';
import { EcommerceCustomerResolver, resolveCustomerReference } from './customer.resolver';
import { Customer } from './customer.type';
import { createEcommerceLoaders, EcommerceLoaders } from './ecommerce.loaders';
import { OrderResolver, resolveOrderReference } from './order.resolver';
import { resolveCartReference, resolveReviewReference, resolveSearchReference } from './record-references';
import { ecommercePolicy } from './ecommerce.policy';
import { ecommerceExportRecords } from './privacy.export';
import { eraseEcommerceRecords } from './privacy.erase';
import { writeEcommerceContactDetails } from './contact.write';
import { writeEcommercePreferences } from './preferences.write';
import { readEcommercePreferences } from './preferences.read';
import { ecommerceContactChannels } from './contact-channel';
import { createEcommerceNeedsLoaders, EcommerceNeedsLoaders, EcommerceNeedsResolver, ecommerceNeeds } from './needs';

export const ecommerceSubgraph: SubgraphDefinition<EcommerceLoaders & EcommerceNeedsLoaders> = {
  name: 'ecommerce',
  database: 'ecommerce',
  resolvers: [OrderResolver, CartResolver, EcommerceCustomerResolver, EcommerceNeedsResolver],
  policy: ecommercePolicy,
  orphanedTypes: [Customer],
  references: {
    Order: resolveOrderReference,
    Customer: resolveCustomerReference,
    Cart: resolveCartReference,
    Review: resolveReviewReference,
    Search: resolveSearchReference,
  },
  createLoaders: (db, principal, readModels) => ({ ...createEcommerceLoaders(db, principal, readModels), ...createEcommerceNeedsLoaders(db, readModels) }),
  identityRecords: ecommerceIdentityRecords,
  eraseRecords: eraseEcommerceRecords,
  writeContactDetails: writeEcommerceContactDetails,
  writePreferences: writeEcommercePreferences,
  preferences: readEcommercePreferences,
  contactChannels: ecommerceContactChannels,
  exportRecords: ecommerceExportRecords,
  consentDecisions: ecommerceConsentDecisions,
  touchpointFeeds: ecommerceFeeds,
  indexes: ecommerceIndexes,
  anticipatedNeeds: ecommerceNeeds,
  legacy: { description: 'ecommerce_legacy: the web shop (2012).', ddlFile: besideSource(__dirname, 'legacy.sql') },
  recordKey: {
    identifierKind: 'WEB_ACCOUNT',
    description: 'A web shop account id (customers.id).',
    parse: (text) => positiveIntegerKey(text, 'a web account id is a positive whole number'),
  },
  recordTypes: [
    { entity: Order, key: 'reference', keyClass: 'activity' },
    { entity: Cart, key: 'id', keyClass: 'activity' },
    { entity: Review, key: 'id', keyClass: 'activity' },
    { entity: Search, key: 'id', keyClass: 'activity' },
  ],
};
