// Every subgraph, in one list (STYLE 2): composition, the gateway, the one-process start, the
// workers and the tests read it through subgraphs/channels.ts. A new channel is one line here.
//
// A function, not a constant: the hub's own modules read the registry (its record stubs, its
// identifier kinds), so a program that loads a hub module first reaches this file while that
// module is still loading — a list built then would hold `undefined` for it. Called on first use,
// after every module has loaded, the list is whole.
import { callcentreSubgraph } from './callcentre/server';
import { customerSubgraph } from './customer/server';
import { ecommerceSubgraph } from './ecommerce/server';
import { SubgraphDefinition } from './kit/subgraph';
import { marketingSubgraph } from './marketing/server';
import { storeSubgraph } from './store/server';

export function subgraphDefinitions(): readonly SubgraphDefinition<any>[] {
  return [
    customerSubgraph,
    storeSubgraph,
    ecommerceSubgraph,
    callcentreSubgraph,
    marketingSubgraph,
  ];
}
