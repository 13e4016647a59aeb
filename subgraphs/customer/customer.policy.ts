// Who may read each field of the customer hub: a data class per field (kit/access/policy.ts says
// which role may read which class). The subgraph does not build while a field is missing here.
import { classify, SubgraphPolicy } from '../kit/access/policy';

const ENTRY = ['id', 'occurredAt', 'channel', 'reason', 'role', 'place', 'summary', 'amount', 'recordType', 'recordKey'];

export const customerPolicy: SubgraphPolicy = {
  Query: {
    me: 'self',
    customer: 'directory',
    ...classify('lookup', 'customerByIdentifier', 'customers'),
    ...classify('analytics', 'interactions', 'interactionCounts', 'customersMatching'),
    accessLog: 'accessLog',
    // Erasure and restriction (privacy/): the privacy officer's, like the access log (no other role reaches it from the root).
    ...classify('accessLog', 'privacyRequests', 'privacyRequest'),
    ...classify('privacyRequest', 'exportRequest', 'exportDocument'),
    // The probabilistic tier's review queue (identity/review.resolver.ts): who may decide identities may read it.
    reviewQueue: 'identityDecision',
    // Tell us once (contact/): agents (and the privacy officer) follow any customer's update, a customer their own.
    contactUpdateRequest: 'contact',
    myContactUpdateRequest: 'self',
    // Preferences (preferences/): the same as contact details.
    preferenceUpdateRequest: 'contact',
    myPreferenceUpdateRequest: 'self',
  },
  Mutation: { decideReview: 'identityDecision', ...classify('identityDecision', 'linkIdentity', 'unlinkIdentity', 'mergeCustomers', 'splitCustomer', 'setRecognition'), requestExport: 'privacyRequest', setMyRecognition: 'self', ...classify('accessLog', 'requestErasure', 'restrictProcessing'), updateContactDetails: 'contact', updateMyContactDetails: 'self', updatePreferences: 'contact', updateMyPreferences: 'self' },
  Customer: {
    // Whoever may reach a customer may see which one it is: the id is pseudonymous, and a
    // customer can use another's id nowhere (no root field takes it from them).
    id: 'structure',
    linkedRecords: 'internal',
    ...classify('identity', 'createdAt', 'identities', 'systems'),
    household: 'household',
    goldenRecord: 'contact',
    history: 'activity',
    accessLog: 'accessLog',
    ...classify('consent', 'consents', 'consentFlags', 'profilingAllowed'),
    // How to reach them (language, hours, channels); each part classed below (a favourite store is profiling, opt-ins consent).
    preferences: 'contact',
    // What the channels @require to enforce consent (kit/access/consent-check.ts): hidden from clients.
    ...classify('internal', 'consentGrants', 'profilingConsent'),
    // The channel of the customer's choice (suggested-channel/): it shows their habits (the history's
    // counts), so it is activity: the customer (own), agents, the privacy officer; not marketing, not analysts.
    suggestedChannel: 'activity',
  },
  LinkedRecords: classify('internal', 'records'),
  LinkedRecord: classify('internal', 'system', 'localKey'),
  IdentityLink: classify('identity', 'system', 'localKey', 'rule', 'evidence', 'linkedAt', 'decidedBy', 'reason', 'status', 'missingSince'),
  Household: classify('household', 'id', 'createdAt', 'establishedBy', 'members'),
  // A member's customer is reachable; their data is then decided on that Customer (a customer
  // role sees the other members' roles, not their data).
  HouseholdMember: classify('household', 'customer', 'role', 'establishedBy', 'joinedAt'),
  GoldenRecord: classify('contact', 'names', 'emails', 'phones', 'postcodes', 'birthDates', 'conflicts'),
  SourcedName: classify('contact', 'given', 'family', 'givenAsWritten', 'familyAsWritten', 'source'),
  ValueSource: classify('contact', 'system', 'localKey', 'asOf'),
  SourcedValue: classify('contact', 'value', 'source'),
  TouchpointConnection: classify('structure', 'edges', 'nodes', 'pageInfo', 'totalCount'),
  HistoryEdge: classify('structure', 'node', 'cursor'),
  HistoryEntry: { ...classify('activity', ...ENTRY), record: 'activity' },
  // Where a touchpoint happened (a store, a queue, a campaign): no person in it.
  TouchpointPlace: classify('structure', 'kind', 'code', 'store'),
  Store: { code: 'public' },
  Money: classify('structure', 'amountMinor', 'currency', 'amount'),
  // The keys of the records the history points at are classed by the channels that declare them
  // (journal/record-stubs.ts recordStubPolicy, added by server.ts).
  ConsentInForce: classify('consent', 'purpose', 'channel', 'granted', 'state', 'decidedAt', 'sourceSystem', 'source', 'decidedByRecord'),
  ConsentRecordRef: classify('consent', 'system', 'localKey'),
  ConsentFlag: classify('consent', 'purpose', 'channel', 'granted'),
  PageInfo: classify('structure', 'hasNextPage', 'endCursor'),
  IdentifierMatch: classify('lookup', 'kind', 'normalisedValue', 'customer', 'candidates'),
  CustomerConnection: classify('structure', 'edges', 'nodes', 'pageInfo', 'count'),
  CustomerEdge: classify('structure', 'node', 'cursor'),
  InteractionConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  InteractionEdge: classify('structure', 'node', 'cursor'),
  Interaction: classify('analytics', ...ENTRY, 'customerId'),
  CustomerMatchConnection: classify('structure', 'edges', 'nodes', 'pageInfo', 'totalCount'),
  CustomerMatchEdge: classify('structure', 'node', 'cursor'),
  CustomerMatch: classify('analytics', 'customerId', 'touchpoints'),
  InteractionCount: classify('analytics', 'channel', 'reason', 'role', 'storeCode', 'period', 'recordType', 'count'),
  LinkIdentityResult: classify('identityDecision', 'decisionId', 'customer', 'previousCustomer'),
  UnlinkIdentityResult: classify('identityDecision', 'decisionId', 'customer', 'newCustomer'),
  MergeCustomersResult: classify('identityDecision', 'decisionId', 'target', 'source'),
  SplitCustomerResult: classify('identityDecision', 'decisionId', 'customer', 'newCustomer'),
  IdentityReviewConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  IdentityReviewEdge: classify('structure', 'node', 'cursor'),
  IdentityReviewItem: classify('identityDecision', 'id', 'records', 'weight', 'probability', 'priorWeight', 'fields', 'heldBecause', 'status', 'createdAt', 'decidedBy'),
  IdentityReviewRecord: classify('identityDecision', 'system', 'localKey', 'customer'),
  MatchFieldWeight: classify('identityDecision', 'field', 'level', 'weight'),
  DecideIdentityReviewResult: classify('identityDecision', 'decisionId', 'item', 'customer'),
  // The right not to be known (recognition/): the mutation decided who may act; the customers are then decided on Customer.
  RecognitionResult: { ...classify('structure', 'decisionId', 'recognised', 'records', 'linksClosed'), customer: 'pseudonymous' },
  AccessLogConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  AccessLogEdge: classify('structure', 'node', 'cursor'),
  // A customer's export (export/): reached only through the privacyRequest root fields, which check the requester.
  ExportRequest: classify('structure', 'id', 'customerId', 'status', 'requestedAt', 'expiresAt', 'sections'),
  ExportSection: classify('structure', 'system', 'status', 'attempts', 'lastError', 'nextAttemptAt', 'doneAt'),
  PrivacyRequest: classify('accessLog', 'id', 'kind', 'customerId', 'restricted', 'requestedBy', 'requestedAt', 'deadline', 'status', 'completedAt', 'reason', 'steps'),
  PrivacyRequestStep: classify('accessLog', 'system', 'status', 'attempts', 'lastError', 'lastAttemptAt', 'nextAttemptAt', 'doneAt', 'failedAt', 'receipt'),
  PrivacyRequestConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  PrivacyRequestEdge: classify('structure', 'node', 'cursor'),
  // A contact details update (contact/): reached only through its root fields, which decided who may act; no values in it.
  ContactUpdateRequest: classify('structure', 'id', 'customerId', 'fields', 'requestedBy', 'requestedAt', 'status', 'completedAt', 'conflicts', 'steps'),
  ContactUpdateStep: classify('structure', 'system', 'status', 'attempts', 'lastError', 'nextAttemptAt', 'doneAt', 'conflict', 'receipt'),
  // Preferences (preferences/): how to reach a customer is contact data; a favourite store is profiling; opt-ins are consent.
  Preferences: { ...classify('contact', 'language', 'contactHours', 'contactChannels'), favouriteStore: 'profiling', optIns: 'consent' },
  SourcedPreference: classify('contact', 'value', 'basis', 'statedAt', 'source', 'conflicts'),
  PreferenceStatement: classify('contact', 'value', 'basis', 'statedAt', 'source'),
  PreferenceSource: classify('contact', 'system', 'record', 'field', 'statedBy'),
  PreferredChannel: classify('contact', 'task', 'channel', 'preference'),
  PreferenceUpdateRequest: classify('structure', 'id', 'customerId', 'fields', 'requestedBy', 'requestedAt', 'status', 'completedAt', 'conflicts', 'steps'),
  PreferenceUpdateStep: classify('structure', 'system', 'status', 'attempts', 'lastError', 'nextAttemptAt', 'doneAt', 'conflict', 'receipt'),
  SuggestedChannel: classify('activity', 'task', 'channel', 'basis', 'reason', 'when', 'considered'),
  ChannelConsideration: classify('activity', 'channel', 'verdict', 'why', 'uses', 'usesForTask', 'lastUsedAt'),
  ContactWindow: classify('activity', 'opensAt', 'closesAt', 'hours'),
  AccessLogEntry: classify('accessLog', 'id', 'customerId', 'readAt', 'subject', 'role', 'purpose', 'dataClasses', 'subgraphs'),
};
