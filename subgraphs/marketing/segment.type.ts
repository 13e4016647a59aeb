import { PageInfo } from '../../schema/common';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

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
