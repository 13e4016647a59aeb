// The store system (tills and loyalty cards), read-through from store_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { createStoreLoaders, StoreLoaders } from './store.loaders';
import { resolveStoreReference, StoreResolver } from './store.resolver';

export const storeSubgraph: SubgraphDefinition<StoreLoaders> = {
  name: 'store',
  database: 'store',
  resolvers: [StoreResolver],
  references: { Store: resolveStoreReference },
  createLoaders: createStoreLoaders,
};
