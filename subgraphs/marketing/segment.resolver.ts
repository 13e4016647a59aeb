import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../kit/errors';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { MarketingLoaders, toSegment } from './marketing.loaders';
import { Segment } from './segment.type';
import { listSegments, SEGMENT_ID } from './segments.repo';

type Context = SubgraphContext<MarketingLoaders>;

@Resolver(() => Segment)
export class SegmentResolver {
  @Query(() => Segment, { nullable: true, description: 'A segment by id; null when there is none.' })
  async segment(@Arg('id', () => ID, { description: 'Segment id (mk_segment.segment_id).' }) id: string, @Ctx() { loaders }: Context): Promise<Segment | null> {
    const row = await loaders.segment.load(id.trim());
    return row ? toSegment(row) : null;
  }

  @Query(() => [Segment], { nullable: true, description: 'Segments ordered by id, `first` at a time (at most 100), after an id.' })
  async segments(
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => ID, { nullable: true, description: 'Only segments whose id is greater than this one.' }) after: string | null,
    @Ctx() { db }: Context,
  ): Promise<Segment[]> {
    const limit = pageSize(first);
    if (after !== null && !SEGMENT_ID.test(after.trim())) throw new BadUserInputError('"after" must be a segment id', 'after');
    return (await listSegments(db, limit, after?.trim() ?? null)).map(toSegment);
  }

  @FieldResolver(() => Int, { description: 'How many marketing contacts it holds (contacts, not customers: a customer may have several).' })
  async memberCount(@Root() segment: Segment, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.segmentMemberCount.load(segment.id))?.members ?? 0;
  }
}

export async function resolveSegmentReference(reference: { id: string }, { loaders }: Context): Promise<Segment | null> {
  const row = await loaders.segment.load(String(reference.id));
  return row ? toSegment(row) : null;
}
