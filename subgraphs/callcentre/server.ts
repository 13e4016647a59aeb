// The call centre (telephony and tickets), read-through from callcentre_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { besideSource } from '../kit/databases';
import { positiveIntegerKey } from '../kit/keys';
import { Call } from './call.type';
import { CallbackWindow } from './callback.type';
import { Ticket } from './ticket.type';

import { callcentreIdentityRecords } from './identity.extract';
import { callcentreFeeds } from './touchpoints.feed';
import { callcentreIndexes } from './indexes';
import { CallResolver, resolveCallReference } from './call.resolver';
import { resolveCallbackReference } from './callback.resolver';
import { CallcentreLoaders, createCallcentreLoaders } from './callcentre.loaders';
import { CallcentreCustomerResolver, resolveCustomerReference } from './customer.resolver';
import { Customer } from './customer.type';
import { Order } from './order.type';
import { resolveTicketReference, TicketResolver } from './ticket.resolver';
import { callcentrePolicy } from './callcentre.policy';
import { callcentreExportRecords } from './privacy.export';
import { eraseCallcentreRecords } from './privacy.erase';
import { writeCallcentreContactDetails } from './contact.write';
import { writeCallcentrePreferences } from './preferences.write';
import { readCallcentrePreferences } from './preferences.read';
import { callcentreContactChannels } from './contact-channel';
import { CallcentreNeedsLoaders, CallcentreNeedsResolver, callcentreNeeds, createCallcentreNeedsLoaders } from './needs';

export const callcentreSubgraph: SubgraphDefinition<CallcentreLoaders & CallcentreNeedsLoaders> = {
  name: 'callcentre',
  database: 'callcentre',
  resolvers: [CallResolver, TicketResolver, CallcentreCustomerResolver, CallcentreNeedsResolver],
  policy: callcentrePolicy,
  orphanedTypes: [Customer, Order],
  references: {
    Call: resolveCallReference,
    Ticket: resolveTicketReference,
    CallbackWindow: resolveCallbackReference,
    Customer: resolveCustomerReference,
  },
  createLoaders: (db, principal, readModels) => ({ ...createCallcentreLoaders(db, principal, readModels), ...createCallcentreNeedsLoaders(db, readModels) }),
  identityRecords: callcentreIdentityRecords,
  eraseRecords: eraseCallcentreRecords,
  writeContactDetails: writeCallcentreContactDetails,
  writePreferences: writeCallcentrePreferences,
  preferences: readCallcentrePreferences,
  contactChannels: callcentreContactChannels,
  exportRecords: callcentreExportRecords,
  touchpointFeeds: callcentreFeeds,
  indexes: callcentreIndexes,
  anticipatedNeeds: callcentreNeeds,
  legacy: { description: 'callcentre_legacy: telephony and tickets (2008).', ddlFile: besideSource(__dirname, 'legacy.sql') },
  recordKey: {
    identifierKind: 'CALLCENTRE_CONTACT',
    description: 'A call-centre contact id (contacts.contact_id).',
    parse: (text) => positiveIntegerKey(text, 'a call-centre contact id is a positive whole number'),
  },
  recordTypes: [
    { entity: Call, key: 'id', keyClass: 'activity' },
    { entity: Ticket, key: 'id', keyClass: 'activity' },
    { entity: CallbackWindow, key: 'id', keyClass: 'activity' },
  ],
};
