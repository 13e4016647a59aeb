// The store system (tills and loyalty cards), read-through from store_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { besideSource } from '../kit/databases';
import { storeConsentDecisions } from './consent.extract';
import { isInvalid, normaliseCard } from '../kit/identity/normalise';
import { Receipt } from './receipt.type';
import { storeIdentityRecords } from './identity.extract';
import { storeFeeds } from './touchpoints.feed';
import { storeIndexes } from './indexes';
import { resolveCustomerReference, StoreCustomerResolver } from './customer.resolver';
import { Customer } from './customer.type';
import { LoyaltyMovement } from './loyalty-movement.type';
import { LoyaltyAccountResolver, resolveLoyaltyMovementReference } from './loyalty.resolver';
import { FavouriteStoreResolver, ReceiptResolver, resolveReceiptReference } from './receipt.resolver';
import { createStoreLoaders, StoreLoaders } from './store.loaders';
import { resolveStoreReference, StoreResolver } from './store.resolver';
import { storePolicy } from './store.policy';
import { storeExportRecords } from './privacy.export';
import { eraseStoreRecords } from './privacy.erase';
import { writeStoreContactDetails } from './contact.write';
import { writeStorePreferences } from './preferences.write';
import { readStorePreferences } from './preferences.read';
import { storeContactChannels } from './contact-channel';
import { createStoreNeedsLoaders, StoreNeedsLoaders, StoreNeedsResolver, storeNeeds } from './needs';

export const storeSubgraph: SubgraphDefinition<StoreLoaders & StoreNeedsLoaders> = {
  name: 'store',
  database: 'store',
  resolvers: [StoreResolver, StoreCustomerResolver, LoyaltyAccountResolver, ReceiptResolver, FavouriteStoreResolver, StoreNeedsResolver],
  policy: storePolicy,
  // LoyaltyMovement is only reached by key (the shared history's records).
  orphanedTypes: [Customer, LoyaltyMovement],
  references: {
    Store: resolveStoreReference,
    Customer: resolveCustomerReference,
    Receipt: resolveReceiptReference,
    LoyaltyMovement: resolveLoyaltyMovementReference,
  },
  createLoaders: (db, principal, readModels) => ({ ...createStoreLoaders(db, principal, readModels), ...createStoreNeedsLoaders(db, readModels) }),
  identityRecords: storeIdentityRecords,
  eraseRecords: eraseStoreRecords,
  writeContactDetails: writeStoreContactDetails,
  writePreferences: writeStorePreferences,
  preferences: readStorePreferences,
  contactChannels: storeContactChannels,
  exportRecords: storeExportRecords,
  consentDecisions: storeConsentDecisions,
  touchpointFeeds: storeFeeds,
  indexes: storeIndexes,
  anticipatedNeeds: storeNeeds,
  legacy: { description: 'store_legacy: tills and loyalty cards (2003).', ddlFile: besideSource(__dirname, 'legacy.sql') },
  recordKey: {
    identifierKind: 'LOYALTY_CARD',
    description: 'A loyalty card number (EAN-13), with or without spaces.',
    parse(text) {
      const card = normaliseCard(text);
      return isInvalid(card) ? { invalid: card.invalid } : { localKey: card.value };
    },
  },
  recordTypes: [
    { entity: Receipt, key: 'id', keyClass: 'activity' },
    { entity: LoyaltyMovement, key: 'id', keyClass: 'activity' },
  ],
};
