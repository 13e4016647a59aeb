import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { SubgraphContext } from '../kit/subgraph';
import { Call } from './call.type';
import { CallcentreLoaders } from './callcentre.loaders';
import { toCall } from './callcentre.mappers';
import { callId } from './keys';

type Context = SubgraphContext<CallcentreLoaders>;

async function loadCall(id: string, loaders: CallcentreLoaders): Promise<Call | null> {
  const canonical = callId(id);
  if (canonical === null) return null;
  const row = await loaders.call.load(canonical);
  return row ? toCall(row) : null;
}

@Resolver(() => Call)
export class CallResolver {
  @Query(() => Call, { nullable: true, description: 'A call by id (calls.call_id); null when there is none.' })
  async call(@Arg('id', () => ID, { description: 'The call id (calls.call_id).' }) id: string, @Ctx() { loaders }: Context): Promise<Call | null> {
    return loadCall(id, loaders);
  }

  // A field of its own, read by a statement of its own: the notes leave the call-centre database
  // only when a client selects them, so that access rules (marketing users may not read calls'
  // notes, DESIGN "Callers and access") can be enforced on this one field.
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'What the agent wrote about the call (calls.notes): free text that may hold personal details. Kept apart from ' +
      'the other fields and read only when selected, because access to it depends on the caller\'s role: marketing ' +
      'users may not read calls\' notes (enforced once access rules are in place; then null with a FORBIDDEN error).',
  })
  async notes(@Root() call: Call, @Ctx() { loaders }: Context): Promise<string | null> {
    const row = await loaders.notes.load(call.id);
    return row ? row.notes : null;
  }
}

/** Other subgraphs point at calls (e.g. the shared history): one query per `_entities` batch. */
export async function resolveCallReference(reference: { id: string }, { loaders }: Context): Promise<Call | null> {
  return loadCall(String(reference.id), loaders);
}
