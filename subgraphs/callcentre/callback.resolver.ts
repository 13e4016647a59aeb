// Callback requests by key, for other subgraphs (the hub's shared history names them as a
// touchpoint's record): one statement per `_entities` batch, through the loader.
import { SubgraphContext } from '../kit/subgraph';
import { CallbackWindow } from './callback.type';
import { CallcentreLoaders } from './callcentre.loaders';
import { toCallbackWindow } from './callcentre.mappers';
import { callbackId } from './keys';

export async function resolveCallbackReference(reference: { id: string }, { loaders }: SubgraphContext<CallcentreLoaders>): Promise<CallbackWindow | null> {
  const id = callbackId(String(reference.id));
  const row = id === null ? null : await loaders.callback.load(id);
  return row ? toCallbackWindow(row) : null;
}
