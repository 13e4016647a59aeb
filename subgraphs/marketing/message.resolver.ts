import { SubgraphContext } from '../kit/subgraph';
import { MarketingLoaders, toMessage } from './marketing.loaders';
import { Message } from './message.type';

type Context = SubgraphContext<MarketingLoaders>;

/** Messages are referenced by the shared history (`Message` by id); unknown ids are null. */
export async function resolveMessageReference(reference: { id: string }, { loaders }: Context): Promise<Message | null> {
  const row = await loaders.message.load(String(reference.id));
  return row ? toMessage(row) : null;
}
