import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { SubgraphContext } from '../kit/subgraph';
import { Call } from './call.type';
import { CallcentreLoaders, toCall } from './callcentre.loaders';

type Context = SubgraphContext<CallcentreLoaders>;

@Resolver(() => Call)
export class CallResolver {
  @Query(() => Call, { nullable: true, description: 'A call by id; null when there is none.' })
  async call(@Arg('id', () => ID) id: string, @Ctx() { loaders }: Context): Promise<Call | null> {
    const row = await loaders.call.load(id);
    return row ? toCall(row) : null;
  }
}

export async function resolveCallReference(reference: { id: string }, { loaders }: Context): Promise<Call | null> {
  const row = await loaders.call.load(String(reference.id));
  return row ? toCall(row) : null;
}
