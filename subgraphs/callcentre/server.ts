// The call centre (telephony and tickets), read-through from callcentre_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { callcentreIdentityRecords } from './identity.extract';
import { callcentreFeeds } from './touchpoints.feed';
import { CallResolver, resolveCallReference } from './call.resolver';
import { resolveCallbackReference } from './callback.resolver';
import { CallcentreLoaders, createCallcentreLoaders } from './callcentre.loaders';
import { CallcentreCustomerResolver, resolveCustomerReference } from './customer.resolver';
import { Customer } from './customer.type';
import { Order } from './order.type';
import { resolveTicketReference, TicketResolver } from './ticket.resolver';
import { callcentrePolicy } from './callcentre.policy';

export const callcentreSubgraph: SubgraphDefinition<CallcentreLoaders> = {
  name: 'callcentre',
  database: 'callcentre',
  resolvers: [CallResolver, TicketResolver, CallcentreCustomerResolver],
  policy: callcentrePolicy,
  orphanedTypes: [Customer, Order],
  references: {
    Call: resolveCallReference,
    Ticket: resolveTicketReference,
    CallbackWindow: resolveCallbackReference,
    Customer: resolveCustomerReference,
  },
  createLoaders: createCallcentreLoaders,
  identityRecords: callcentreIdentityRecords,
  touchpointFeeds: callcentreFeeds,
};
