import { PageInfo } from '../../schema/common';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ConsentPurpose, MarketingChannel } from './marketing.enums';

@ObjectType({ description: 'A named group of contacts built by a rule of the campaign tool (marketing system, table mk_segment).' })
@Directive('@key(fields: "id")')
export class Segment {
  @Field(() => ID, { description: 'Segment id (mk_segment.segment_id).' })
  id!: string;

  @Field(() => String, { description: 'Segment name.' })
  name!: string;

  @Field(() => String, { description: "The campaign tool's rule that selects its members, as written there." })
  ruleText!: string;

  // memberCount is a field resolver (read only when asked for).
}

@ObjectType({ description: "A customer's membership of a segment." })
export class SegmentMembership {
  @Field(() => Segment, { description: 'The segment.' })
  segment!: Segment;

  @Field(() => Date, { description: "When the customer (the first of their marketing contacts) was added to it." })
  addedAt!: Date;

  @Field(() => [ID], { description: 'Which of the customer\'s marketing contacts are members (mk_contact.contact_uuid).' })
  contactIds!: string[];
}

@ObjectType({ description: 'A segment and the cursor that points just after it.' })
export class SegmentEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` to read the segments that follow this one.' })
  cursor!: string;

  @Field(() => Segment, { description: 'The segment.' })
  node!: Segment;
}

@ObjectType({ description: 'A page of segments, by id.' })
export class SegmentConnection {
  @Field(() => [SegmentEdge], { description: 'The segments of this page, each with its cursor.' })
  edges!: SegmentEdge[];

  @Field(() => [Segment], { description: 'The segments of this page (the same as edges.node).' })
  nodes!: Segment[];

  @Field(() => PageInfo, { description: 'Whether more segments follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'The members of a segment an audience leaves out for want of consent, and why.' })
export class AudienceExclusions {
  @Field(() => Int, { description: 'How many marketing contacts are left out (`refused + neverAsked`).' })
  count!: number;

  @Field(() => Int, { description: 'Left out because their latest decision for this purpose on this channel is a refusal (or a withdrawal).' })
  refused!: number;

  @Field(() => Int, { description: 'Left out because they never decided for this purpose on this channel: not granted.' })
  neverAsked!: number;
}

@ObjectType({
  description:
    'The members of a segment who may be contacted on a channel for a purpose: those whose consent allows it, by the ' +
    'campaign tool’s own consent history (README “Consent enforced at read”), and how many were left out and why.',
})
export class SegmentAudience {
  @Field(() => ConsentPurpose, { description: 'The purpose asked for.' })
  purpose!: ConsentPurpose;

  @Field(() => MarketingChannel, { description: 'The channel asked for.' })
  channel!: MarketingChannel;

  @Field(() => Int, { description: 'Members of the segment (marketing contacts), before consent.' })
  members!: number;

  @Field(() => Int, { description: 'Members who may be contacted: their latest decision for this purpose on this channel is a grant.' })
  reachable!: number;

  @Field(() => AudienceExclusions, { description: 'Members left out for want of consent: how many, and why.' })
  excluded!: AudienceExclusions;
}
