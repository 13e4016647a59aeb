// Every subgraph, in one list (STYLE 2): composition, the gateway, the one-process start and the
// tests loop over it. A fifth channel is added here and nowhere else.
import { callcentreSubgraph } from './callcentre/server';
import { customerSubgraph } from './customer/server';
import { ecommerceSubgraph } from './ecommerce/server';
import { SubgraphDefinition } from './kit/subgraph';
import { marketingSubgraph } from './marketing/server';
import { storeSubgraph } from './store/server';

export const SUBGRAPHS: readonly SubgraphDefinition<any>[] = [
  customerSubgraph,
  storeSubgraph,
  ecommerceSubgraph,
  callcentreSubgraph,
  marketingSubgraph,
];
