// Customers by cross-channel conditions, for analysts, in one request: "bought in store and online
// in a period", "complained and left a cart". Each condition is a kind of touchpoint (channels,
// reasons, roles, record types); a customer matches when, in the period, they have at least one
// touchpoint of every condition, on any of their linked records. Hub ids only (pseudonymous): no
// personal data; one statement per page, whatever the number of conditions.
import { Arg, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Channel, PageInfo, Reason, TouchpointRole } from '../../../schema/common';
import { connectionOf } from '../../kit/connection';
import { decodeCursor, encodeCursor } from '../../kit/cursor';
import { Queryable } from '../../kit/database';
import { BadUserInputError } from '../../kit/errors';
import { pageSize } from '../../kit/pagination';
import { SubgraphContext } from '../../kit/subgraph';
import { recordStubs } from './record-stubs';

@InputType({ description: 'A kind of touchpoint: every field given must match (a list: any of its values).' })
export class TouchpointCondition {
  @Field(() => [Channel], { nullable: true, description: 'Where: any of these channels.' })
  channels?: Channel[] | null;

  @Field(() => [Reason], { nullable: true, description: 'Why: any of these reasons.' })
  reasons?: Reason[] | null;

  @Field(() => [TouchpointRole], { nullable: true, description: 'Any of these roles.' })
  roles?: TouchpointRole[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these record types (Receipt, Order, Call, Ticket, Cart …).' })
  recordTypes?: string[] | null;
}

@ObjectType({ description: 'A customer matching every condition: the hub id only.' })
export class CustomerMatch {
  @Field(() => ID, { description: 'The hub id of the customer (pseudonymous).' })
  customerId!: string;

  @Field(() => Int, { description: 'How many of their touchpoints in the period matched a condition.' })
  touchpoints!: number;
}

@ObjectType({ description: 'A customer match and its cursor.' })
export class CustomerMatchEdge {
  @Field(() => CustomerMatch, { description: 'The match.' })
  node!: CustomerMatch;

  @Field(() => String, { description: 'Pass it as `after` for the matches that follow.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of customers matching cross-channel conditions, by hub id.' })
export class CustomerMatchConnection {
  @Field(() => [CustomerMatchEdge], { description: 'The matches of this page, each with its cursor.' })
  edges!: CustomerMatchEdge[];

  @Field(() => [CustomerMatch], { description: 'The matches of this page.' })
  nodes!: CustomerMatch[];

  @Field(() => PageInfo, { description: 'Whether more matches follow.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many customers match in all (every page).' })
  totalCount!: number;
}

const MAX_CONDITIONS = 5;
const CUSTOMER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface MatchRow {
  customer_id: string;
  touchpoints: number;
  total: number;
}

/**
 * One statement: the period's touchpoints of linked records, each tagged with the conditions it
 * meets (`unnest` of the conditions as parallel arrays of text lists joined by '|'), grouped by
 * customer, kept when every condition was met.
 */
function matchingCustomers(
  db: Queryable,
  conditions: { channels: string | null; reasons: string | null; roles: string | null; recordTypes: string | null }[],
  window: { since: Date | null; until: Date | null },
  after: string | null,
  limit: number,
): Promise<MatchRow[]> {
  return db.query<MatchRow>(
    `WITH cond AS (
       SELECT n, string_to_array(c, '|') AS channels, string_to_array(r, '|') AS reasons,
              string_to_array(o, '|') AS roles, string_to_array(k, '|') AS record_types
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(c, r, o, k, n)
     ), hits AS (
       SELECT l.customer_id, t.id, cond.n
         FROM touchpoint t
         JOIN identity_link l ON l.system = t.identity_system AND l.local_key = t.identity_key AND l.unlinked_at IS NULL
         JOIN cond ON (cond.channels IS NULL OR t.channel = ANY(cond.channels))
                  AND (cond.reasons IS NULL OR t.reason = ANY(cond.reasons))
                  AND (cond.roles IS NULL OR t.role = ANY(cond.roles))
                  AND (cond.record_types IS NULL OR t.record_type = ANY(cond.record_types))
        WHERE ($5::timestamptz IS NULL OR t.occurred_at >= $5) AND ($6::timestamptz IS NULL OR t.occurred_at < $6)
     ), matched AS (
       SELECT customer_id, count(DISTINCT id)::int AS touchpoints
         FROM hits GROUP BY customer_id
       HAVING count(DISTINCT n) = (SELECT count(*) FROM cond)
     )
     SELECT customer_id::text AS customer_id, touchpoints, (SELECT count(*) FROM matched)::int AS total
       FROM matched
      WHERE $7::uuid IS NULL OR customer_id > $7::uuid
      ORDER BY customer_id
      LIMIT $8`,
    [
      conditions.map((c) => c.channels),
      conditions.map((c) => c.reasons),
      conditions.map((c) => c.roles),
      conditions.map((c) => c.recordTypes),
      window.since,
      window.until,
      after,
      limit,
    ],
  );
}

@Resolver()
export class CrossChannelResolver {
  @Query(() => CustomerMatchConnection, {
    nullable: true,
    description:
      'Customers who, in the period, had at least one touchpoint of EVERY condition (up to 5), by hub id — e.g. bought ' +
      'in store and online: [{ channels: [STORE], reasons: [PURCHASE] }, { channels: [WEB], reasons: [PURCHASE] }]; ' +
      'complained and left a cart: [{ reasons: [COMPLAINT] }, { reasons: [CART] }]. For analysts: no personal data.',
  })
  async customersMatching(
    @Arg('conditions', () => [TouchpointCondition], { description: 'Every one must be met (1 to 5).' }) conditions: TouchpointCondition[],
    @Arg('since', () => Date, { nullable: true, description: 'Only touchpoints from this instant (included).' }) since: Date | null,
    @Arg('until', () => Date, { nullable: true, description: 'Only touchpoints before this instant (excluded).' }) until: Date | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: at most 100, 20 when not given.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | null,
    @Ctx() { db }: SubgraphContext<unknown>,
  ): Promise<CustomerMatchConnection> {
    if (conditions.length === 0 || conditions.length > MAX_CONDITIONS) {
      throw new BadUserInputError(`"conditions" takes 1 to ${MAX_CONDITIONS} conditions`, 'conditions');
    }
    const list = (values: string[] | null | undefined): string | null => (values && values.length ? values.join('|') : null);
    const spec = conditions.map((c, i) => {
      const unknown = (c.recordTypes ?? []).filter((type) => !recordStubs().has(type));
      if (unknown.length) throw new BadUserInputError(`Unknown record type ${unknown.join(', ')}: one of ${[...recordStubs().keys()].join(', ')}`, `conditions.${i}.recordTypes`);
      return { channels: list(c.channels), reasons: list(c.reasons), roles: list(c.roles), recordTypes: list(c.recordTypes) };
    });
    const limit = pageSize(first);
    const afterId = decodeCursor(after, [CUSTOMER_ID])?.[0] ?? null;
    const rows = limit === 0 ? [] : await matchingCustomers(db, spec, { since, until }, afterId, limit + 1);
    const page = connectionOf(
      rows,
      limit,
      (row) => Object.assign(new CustomerMatch(), { customerId: row.customer_id, touchpoints: row.touchpoints }),
      (row) => encodeCursor([row.customer_id]),
    );
    return Object.assign(new CustomerMatchConnection(), page, { totalCount: rows[0]?.total ?? 0 });
  }
}

