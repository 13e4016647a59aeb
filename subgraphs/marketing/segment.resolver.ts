import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { connectionOf } from '../kit/connection';
import { decodeCursor as decodeParts, encodeCursor as encodeParts } from '../kit/cursor';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { MarketingLoaders, toSegment } from './marketing.loaders';
import { AudienceExclusions, Segment, SegmentAudience, SegmentConnection } from './segment.type';
import { ConsentPurpose, MarketingChannel } from './marketing.enums';
import { listSegments, SEGMENT_ID } from './segments.repo';

type Context = SubgraphContext<MarketingLoaders>;

@Resolver(() => Segment)
export class SegmentResolver {
  @Query(() => Segment, { nullable: true, description: 'A segment by id; null when there is none.' })
  async segment(@Arg('id', () => ID, { description: 'Segment id (mk_segment.segment_id).' }) id: string, @Ctx() { loaders }: Context): Promise<Segment | null> {
    const row = await loaders.segment.load(id.trim());
    return row ? toSegment(row) : null;
  }

  @Query(() => SegmentConnection, { nullable: true, description: 'Segments ordered by id, a page at a time (default 20, at most 100).' })
  async segments(
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | null,
    @Ctx() { db }: Context,
  ): Promise<SegmentConnection> {
    const limit = pageSize(first);
    const afterId = decodeParts(after, [SEGMENT_ID])?.[0] ?? null;
    const rows = await listSegments(db, limit + 1, afterId);
    return Object.assign(new SegmentConnection(), connectionOf(rows, limit, toSegment, (row) => encodeParts([row.segment_id])));
  }

  @FieldResolver(() => SegmentAudience, {
    description:
      'The members who may be contacted on `channel` for `purpose` (consent enforced at read): how many, and how many ' +
      'were left out and why. Consent is read from the campaign tool’s own history (each contact’s latest decision for ' +
      'that purpose and channel); see README “Consent enforced at read”.',
  })
  async audience(
    @Root() segment: Segment,
    @Arg('purpose', () => ConsentPurpose, { description: 'What the contact would be for.' }) purpose: ConsentPurpose,
    @Arg('channel', () => MarketingChannel, { description: 'How the contact would be made.' }) channel: MarketingChannel,
    @Ctx() { loaders }: Context,
  ): Promise<SegmentAudience> {
    const row = await loaders.audience.load({ segmentId: segment.id, channel, purpose });
    return Object.assign(new SegmentAudience(), {
      purpose,
      channel,
      members: row.members,
      reachable: row.reachable,
      excluded: Object.assign(new AudienceExclusions(), { count: row.refused + row.never_asked, refused: row.refused, neverAsked: row.never_asked }),
    });
  }

  @FieldResolver(() => Int, { description: 'How many marketing contacts it holds (contacts, not customers: a customer may have several), before consent (see `audience`).' })
  async memberCount(@Root() segment: Segment, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.segmentMemberCount.load(segment.id))?.members ?? 0;
  }
}

export async function resolveSegmentReference(reference: { id: string }, { loaders }: Context): Promise<Segment | null> {
  const row = await loaders.segment.load(String(reference.id));
  return row ? toSegment(row) : null;
}
