// Staging the consent decisions of the three systems that keep them (marketing, the web shop, the
// store) from a test graph's databases, as the hub's consent watcher does: tests that write
// decisions into the legacy databases stage them before reading.
import { stageConsent } from '../../subgraphs/customer/consent/stage';
import { ecommerceConsentDecisions } from '../../subgraphs/ecommerce/consent.extract';
import { marketingConsentDecisions } from '../../subgraphs/marketing/consent.extract';
import { storeConsentDecisions } from '../../subgraphs/store/consent.extract';
import type { TestGraph } from './test-graph';

export const stageTestConsent = (graph: TestGraph) =>
  stageConsent(graph.database('customer'), [
    { system: 'marketing', db: graph.database('marketing'), extract: marketingConsentDecisions },
    { system: 'ecommerce', db: graph.database('ecommerce'), extract: ecommerceConsentDecisions },
    { system: 'store', db: graph.database('store'), extract: storeConsentDecisions },
  ]);
