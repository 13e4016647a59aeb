// The customer hub: owns `Customer`, the links from every legacy identifier, the golden record,
// and the shared history (journal/: Customer.history, interactions, interactionCounts).
import { SubgraphDefinition } from '../kit/subgraph';
import { AccessLogLoaders, AccessLogResolver, createAccessLogLoaders, CustomerAccessLogResolver } from './access-log.resolver';
import { CustomerConsentResolver } from './consent/consent.resolver';
import { customerPolicy } from './customer.policy';
import { CrossChannelResolver } from './journal/cross-channel';
import { createCustomerLoaders, CustomerLoaders } from './customer.loaders';
import { CustomerResolver, resolveCustomerReference } from './customer.resolver';
import { ExportResolver } from './export/export.resolver';
import { IdentityDecisionResolver } from './identity-decision.resolver';
import { PrivacyResolver } from './privacy/privacy.resolver';
import { ContactDetailsResolver } from './contact/contact.resolver';
import { createPreferenceLoaders, CustomerPreferencesResolver, PreferenceLoaders, PreferencesOptInsResolver, PreferencesResolver } from './preferences/preferences.resolver';
import { hideRestricted } from './privacy/restriction';
import { RecognitionResolver } from './recognition/recognition.resolver';
import { ReviewResolver } from './identity/review.resolver';
import { createJournalLoaders, HistoryCountResolver, HistoryResolver, InteractionResolver, JournalLoaders } from './journal/journal.resolver';
import { recordStubPolicy, recordStubs } from './journal/record-stubs';
import { createSuggestionLoaders, SuggestionLoaders } from './suggested-channel/suggested-channel.loaders';
import { SuggestedChannelResolver } from './suggested-channel/suggested-channel.resolver';
import { anticipatedNeedsResolver, needsPolicy } from './needs/needs.resolver';

export const customerSubgraph: SubgraphDefinition<CustomerLoaders & JournalLoaders & AccessLogLoaders & SuggestionLoaders & PreferenceLoaders> = {
  name: 'customer',
  database: 'customer',
  // Read when the schema is built: Customer.anticipatedNeeds @requires the needs fields the registry's channels declare.
  get resolvers() {
    return [CustomerResolver, IdentityDecisionResolver, HistoryResolver, HistoryCountResolver, InteractionResolver, AccessLogResolver, CustomerAccessLogResolver, CrossChannelResolver, CustomerConsentResolver, ExportResolver, RecognitionResolver, PrivacyResolver, ReviewResolver, ContactDetailsResolver, SuggestedChannelResolver, CustomerPreferencesResolver, PreferencesOptInsResolver, PreferencesResolver, anticipatedNeedsResolver()] as [Function, ...Function[]];
  },
  // Read when the schema is built: the record stubs' keys are classed by the channels that declare them.
  get policy() {
    return { ...customerPolicy, ...recordStubPolicy(), ...needsPolicy(customerPolicy) };
  },
  // The record stubs the history's union holds, made before type-graphql builds the schema (it reads
  // its metadata then): read here, at build time, from the registry.
  get orphanedTypes() {
    return [...recordStubs().values()].map((stub) => stub.entity);
  },
  references: { Customer: resolveCustomerReference },
  // A customer whose processing is restricted is hidden from every role but the privacy officer
  // (privacy/restriction.ts): the customer loader answers null, every per-customer loader nothing.
  createLoaders: (db, principal) =>
    hideRestricted(db, principal, { ...createCustomerLoaders(db), ...createJournalLoaders(db), ...createAccessLogLoaders(db), ...createSuggestionLoaders(db), ...createPreferenceLoaders(db) }, { customer: null }, {
      // The customer row is read with its restriction: one statement for both, not two in a row.
      customer: (row) => (row as { restricted?: boolean } | null)?.restricted,
    }),
};
