// The shared history in the graph (issue 5): Customer.history, and the analysts' interactions and
// interactionCounts. A customer's history is read through the active links at query time, so it
// follows every link, merge, split or unlink at once.
import { recordStubs } from './record-stubs';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Channel, Money, Reason, TouchpointRole } from '../../../schema/common';
import { CURSOR_PART, decodeCursor, encodeCursor, pageInfoOf } from '../../kit/cursor';
import { Database } from '../../kit/database';
import { BadUserInputError } from '../../kit/errors';
import { ownerPageLoader } from '../../kit/loaders';
import { pageSize } from '../../kit/pagination';
import { SubgraphContext } from '../../kit/subgraph';
import { CustomerLoaders } from '../customer.loaders';
import { isCustomerId } from '../customers.repo';
import { Customer } from '../customer.type';
import {
  CountGrouping,
  EntryCriteria,
  historyCountsOf,
  historyOf,
  HistoryRow,
  interactionCounts,
  InteractionCriteria,
  MAX_COUNT_ROWS,
  interactionsPage,
  PagePosition,
  TouchpointRow,
} from './journal.repo';
import {
  HistoryEdge,
  HistoryEntry,
  Interaction,
  InteractionConnection,
  InteractionCount,
  InteractionEdge,
  InteractionFilter,
  InteractionGroup,
  JournalEntryFields,
  Store,
  TouchpointConnection,
  TouchpointPlace,
  TouchpointPlaceKind,
} from './journal.type';

/** Per-request journal loaders: the histories of any number of customers, one statement per batch
 * (and per distinct set of arguments: a query asks every customer for the same page). */
export function createJournalLoaders(db: Database) {
  return {
    history: ownerPageLoader(
      (owners, args: { criteria: EntryCriteria; page: PagePosition }) => {
        const ids = owners.filter(isCustomerId);
        return ids.length ? historyOf(db, ids, args.criteria, args.page) : Promise.resolve([] as HistoryRow[]);
      },
      (row) => row.customer_id,
    ),
    // Keyed like the pages (owner and criteria): one count statement per batch of customers.
    historyCount: ownerPageLoader(
      (owners, criteria: EntryCriteria) => {
        const ids = owners.filter(isCustomerId);
        return ids.length ? historyCountsOf(db, ids, criteria) : Promise.resolve([]);
      },
      (row) => row.customer_id,
    ),
  };
}

export type JournalLoaders = ReturnType<typeof createJournalLoaders>;

type Context = SubgraphContext<CustomerLoaders & JournalLoaders>;

const ENTRY_CURSOR = [CURSOR_PART.instant, CURSOR_PART.id] as const;

function pageOf(first: number | null | undefined, after: string | null | undefined): PagePosition {
  const size = pageSize(first);
  const cursor = decodeCursor(after, ENTRY_CURSOR);
  // One more than the page: whether another page follows.
  return { afterInstant: cursor?.[0] ?? null, afterId: cursor?.[1] ?? null, limit: size + 1 };
}

function criteriaOf(args: {
  channels?: Channel[] | null;
  reasons?: Reason[] | null;
  roles?: TouchpointRole[] | null;
  since?: Date | null;
  until?: Date | null;
}): EntryCriteria {
  const list = <T>(values: T[] | null | undefined): T[] | null => (values && values.length ? [...values].sort() : null);
  return {
    channels: list(args.channels),
    reasons: list(args.reasons),
    roles: list(args.roles),
    since: args.since ?? null,
    until: args.until ?? null,
  };
}

function fill<T extends JournalEntryFields>(entry: T, row: TouchpointRow): T {
  const place =
    row.place_kind === null
      ? null
      : Object.assign(new TouchpointPlace(), {
          kind: row.place_kind as TouchpointPlaceKind,
          code: row.place_code,
          store: row.place_kind === 'STORE' && row.place_code ? Object.assign(new Store(), { code: row.place_code }) : null,
        });
  return Object.assign(entry, {
    id: row.id,
    occurredAt: row.occurred_at,
    channel: row.channel as Channel,
    reason: row.reason as Reason,
    role: row.role as TouchpointRole,
    place,
    summary: row.summary,
    amount: row.amount_minor === null ? null : Money.ofMinor(Number(row.amount_minor), row.currency ?? 'EUR'),
    recordType: row.record_type,
    recordKey: row.record_key,
  });
}

export function toHistoryEntry(row: TouchpointRow): HistoryEntry {
  const stub = recordStubs().get(row.record_type);
  return Object.assign(fill(new HistoryEntry(), row), { record: stub ? stub.of(row.record_key) : null });
}

const cursorOf = (row: TouchpointRow): string => encodeCursor([row.occurred_key, row.id]);

@Resolver(() => Customer)
export class HistoryResolver {
  @FieldResolver(() => TouchpointConnection, { nullable: true,
    description:
      'Every touchpoint of this customer across channels — receipts, orders, carts, searches, reviews, calls, tickets, ' +
      'messages, coupons … — newest first, a page at a time (`first` at most 100, 20 when not given). It follows the ' +
      'links: an entry of a legacy record appears as soon as that record is linked to this customer.',
  })
  async history(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: at most 100, 20 when not given.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | null,
    @Arg('channels', () => [Channel], { nullable: true, description: 'Only these channels.' }) channels: Channel[] | null,
    @Arg('reasons', () => [Reason], { nullable: true, description: 'Only these reasons.' }) reasons: Reason[] | null,
    @Arg('roles', () => [TouchpointRole], { nullable: true, description: 'Only these roles.' }) roles: TouchpointRole[] | null,
    @Arg('since', () => Date, { nullable: true, description: 'Only from this instant (included).' }) since: Date | null,
    @Arg('until', () => Date, { nullable: true, description: 'Only before this instant (excluded).' }) until: Date | null,
  ): Promise<TouchpointConnection> {
    const page = pageOf(first, after);
    const size = page.limit - 1;
    const criteria = criteriaOf({ channels, reasons, roles, since, until });
    const rows = size === 0 ? [] : await loaders.history.load({ owner: customer.id, args: { criteria, page } });
    const shown = rows.slice(0, size);
    const edges = shown.map((row) => Object.assign(new HistoryEdge(), { node: toHistoryEntry(row), cursor: cursorOf(row) }));
    return Object.assign(new TouchpointConnection(), {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: pageInfoOf(rows.length > size, edges.length ? edges[edges.length - 1].cursor : null),
      countEntries: async () => (await loaders.historyCount.load({ owner: customer.id, args: criteria }))[0]?.total ?? 0,
    });
  }
}

@Resolver(() => TouchpointConnection)
export class HistoryCountResolver {
  @FieldResolver(() => Int, {
    description: 'How many entries the history holds under the same filters (every page together). Counted only when asked.',
  })
  async totalCount(@Root() connection: TouchpointConnection): Promise<number> {
    return connection.countEntries();
  }
}

const CUSTOMER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function interactionCriteriaOf(filter: InteractionFilter | null): InteractionCriteria {
  const customerId = filter?.customerId ?? null;
  if (customerId !== null && !CUSTOMER_ID.test(customerId)) throw new BadUserInputError('"customerId" is not a customer id (a UUID)', 'filter.customerId');
  const storeCode = filter?.storeCode?.trim() || null;
  return { ...criteriaOf(filter ?? {}), storeCode, customerId, recordTypes: recordTypesOf(filter?.recordTypes) };
}

function recordTypesOf(types: string[] | null | undefined): string[] | null {
  if (!types || types.length === 0) return null;
  // The record types an entry can have: those the channels declare.
  const known = recordStubs();
  const unknown = types.filter((type) => !known.has(type));
  if (unknown.length) {
    throw new BadUserInputError(`Unknown record type ${unknown.map((t) => `"${t}"`).join(', ')}: one of ${[...known.keys()].join(', ')}`, 'filter.recordTypes');
  }
  return [...new Set(types)].sort();
}

function groupingOf(groupBy: InteractionGroup[]): CountGrouping {
  const periods = groupBy.filter((g) => g === InteractionGroup.DAY || g === InteractionGroup.WEEK || g === InteractionGroup.MONTH);
  if (new Set(periods).size > 1) throw new BadUserInputError('"groupBy" takes at most one of DAY, WEEK, MONTH', 'groupBy');
  return {
    channel: groupBy.includes(InteractionGroup.CHANNEL),
    reason: groupBy.includes(InteractionGroup.REASON),
    role: groupBy.includes(InteractionGroup.ROLE),
    store: groupBy.includes(InteractionGroup.STORE),
    period: periods.length ? (periods[0].toLowerCase() as 'day' | 'week' | 'month') : null,
    recordType: groupBy.includes(InteractionGroup.RECORD_TYPE),
  };
}

@Resolver()
export class InteractionResolver {
  @Query(() => InteractionConnection, { nullable: true,
    description:
      'Touchpoints across customers, for analysts, newest first (`first` at most 100, 20 when not given): no personal ' +
      'data, the customer only as the hub id.',
  })
  async interactions(
    @Arg('filter', () => InteractionFilter, { nullable: true, description: 'Which interactions; all when not given.' }) filter: InteractionFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: at most 100, 20 when not given.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | null,
    @Ctx() { db }: Context,
  ): Promise<InteractionConnection> {
    const criteria = interactionCriteriaOf(filter);
    const page = pageOf(first, after);
    const size = page.limit - 1;
    const rows = size === 0 ? [] : await interactionsPage(db, criteria, page);
    const shown = rows.slice(0, size);
    const edges = shown.map((row) =>
      Object.assign(new InteractionEdge(), { node: Object.assign(fill(new Interaction(), row), { customerId: row.customer_id }), cursor: cursorOf(row) }),
    );
    return Object.assign(new InteractionConnection(), {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: pageInfoOf(rows.length > size, edges.length ? edges[edges.length - 1].cursor : null),
    });
  }

  @Query(() => [InteractionCount], { nullable: true,
    description:
      'How many interactions, grouped by channel, reason, role, store and/or a period (day, week or month, Paris ' +
      'calendar), for the explorer. A field not grouped by is null in every row.',
  })
  async interactionCounts(
    @Arg('filter', () => InteractionFilter, { nullable: true, description: 'Which interactions; all when not given.' }) filter: InteractionFilter | null,
    @Arg('groupBy', () => [InteractionGroup], { description: 'What to group by (none: one row, the total).' }) groupBy: InteractionGroup[],
    @Ctx() { db }: Context,
  ): Promise<InteractionCount[]> {
    const rows = await interactionCounts(db, interactionCriteriaOf(filter), groupingOf(groupBy));
    if (rows.length > MAX_COUNT_ROWS) {
      throw new BadUserInputError(`These counts have more than ${MAX_COUNT_ROWS.toLocaleString('en-US')} groups: narrow the range or group by less`, 'groupBy');
    }
    return rows.map((row) =>
      Object.assign(new InteractionCount(), {
        channel: row.channel as Channel | null,
        reason: row.reason as Reason | null,
        role: row.role as TouchpointRole | null,
        storeCode: row.store_code,
        period: row.period,
        recordType: row.record_type,
        count: row.count,
      }),
    );
  }
}
