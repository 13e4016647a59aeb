// The call centre (telephony and tickets), read-through from callcentre_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { CallResolver, resolveCallReference } from './call.resolver';
import { CallcentreLoaders, createCallcentreLoaders } from './callcentre.loaders';

export const callcentreSubgraph: SubgraphDefinition<CallcentreLoaders> = {
  name: 'callcentre',
  database: 'callcentre',
  resolvers: [CallResolver],
  references: { Call: resolveCallReference },
  createLoaders: createCallcentreLoaders,
};
