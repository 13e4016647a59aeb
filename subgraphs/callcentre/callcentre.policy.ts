// Who may read each field of the call-centre subgraph: a data class per field (kit/access/policy.ts
// says which role may read which class). The subgraph does not build while a field is missing here.
import { classify, SubgraphPolicy } from '../kit/access/policy';

export const callcentrePolicy: SubgraphPolicy = {
  Query: { call: 'lookup', ticket: 'lookup' },
  Order: { reference: 'activity' },
  Customer: {
    id: 'structure',
    linkedRecords: 'internal',
    // For Customer.anticipatedNeeds (needs.ts): hidden from clients; the hub decides each need.
    callcentreNeeds: 'internal',
    ...classify('activity', 'calls', 'tickets', 'openTickets', 'callbackWindows'),
  },
  LinkedRecords: classify('internal', 'records'),
  LinkedRecord: classify('internal', 'system', 'localKey'),
  CallConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  CallEdge: classify('structure', 'cursor', 'node'),
  TicketConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  TicketEdge: classify('structure', 'cursor', 'node'),
  CallbackWindowConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  CallbackWindowEdge: classify('structure', 'cursor', 'node'),
  Call: {
    ...classify(
      'activity',
      'id',
      'direction',
      'directionCode',
      'queue',
      'queueCode',
      'reason',
      'reasonCode',
      'outcome',
      'outcomeCode',
      'startedAt',
      'durationSeconds',
      'agentId',
      'contactId',
    ),
    ...classify('contact', 'callingNumber', 'callingNumberAsCaptured'),
    // The notes may quote anybody's order: not the caller's to follow, nor marketing's.
    quotedOrder: 'crossReference',
    notes: 'notes',
  },
  PageInfo: classify('structure', 'hasNextPage', 'endCursor'),
  Ticket: {
    ...classify(
      'activity',
      'id',
      'status',
      'statusCode',
      'category',
      'categoryCode',
      'subject',
      'priority',
      'priorityLevel',
      'satisfaction',
      'openedAt',
      'closedAt',
      'contactId',
      'events',
    ),
    order: 'crossReference',
  },
  TicketEvent: { ...classify('activity', 'id', 'at', 'kind', 'kindCode', 'author'), body: 'notes' },
  CallbackWindow: classify('activity', 'id', 'requestedAt', 'windowStart', 'windowEnd', 'done', 'contactId'),
};
