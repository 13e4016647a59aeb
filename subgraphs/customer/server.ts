// The customer hub: owns `Customer`, the links from every legacy identifier, the golden record,
// and the shared history (journal/: Customer.history, interactions, interactionCounts).
import { SubgraphDefinition } from '../kit/subgraph';
import { AccessLogLoaders, AccessLogResolver, createAccessLogLoaders, CustomerAccessLogResolver } from './access-log.resolver';
import { CustomerConsentResolver } from './consent/consent.resolver';
import { customerPolicy } from './customer.policy';
import { CrossChannelResolver } from './journal/cross-channel';
import { createCustomerLoaders, CustomerLoaders } from './customer.loaders';
import { CustomerResolver, resolveCustomerReference } from './customer.resolver';
import { IdentityDecisionResolver } from './identity-decision.resolver';
import { createJournalLoaders, HistoryResolver, InteractionResolver, JournalLoaders } from './journal/journal.resolver';

export const customerSubgraph: SubgraphDefinition<CustomerLoaders & JournalLoaders & AccessLogLoaders> = {
  name: 'customer',
  database: 'customer',
  resolvers: [CustomerResolver, IdentityDecisionResolver, HistoryResolver, InteractionResolver, AccessLogResolver, CustomerAccessLogResolver, CrossChannelResolver, CustomerConsentResolver],
  policy: customerPolicy,
  references: { Customer: resolveCustomerReference },
  createLoaders: (db) => ({ ...createCustomerLoaders(db), ...createJournalLoaders(db), ...createAccessLogLoaders(db) }),
};
