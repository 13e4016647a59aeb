// The journal's SQL (issue 5): writing touchpoints and feed cursors, reading a customer's history
// (through the active links, so it follows every link, merge, split or unlink), and the analysts'
// list and counts. Every statement is fixed text with parameters: filters and groupings are
// switched on and off by parameters, never by building SQL.
import { Queryable } from '../../kit/database';
import type { FeedPosition, Touchpoint, TouchpointKey } from '../../kit/touchpoints';
import { MAX_AGGREGATE_ROWS } from '../../kit/pagination';

/** The columns of a journal entry as the readers select them. */
export interface TouchpointRow {
  id: string;
  occurred_at: Date;
  /** occurred_at with microseconds, for cursors. */
  occurred_key: string;
  channel: string;
  reason: string;
  role: string;
  place_kind: string | null;
  place_code: string | null;
  summary: string;
  amount_minor: string | null;
  currency: string | null;
  record_type: string;
  record_key: string;
}

export interface HistoryRow extends TouchpointRow {
  customer_id: string;
}

export interface InteractionRow extends TouchpointRow {
  customer_id: string | null;
}

const ENTRY_COLUMNS = `t.id::text AS id, t.occurred_at,
  to_char(t.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_key,
  t.channel, t.reason, t.role, t.place_kind, t.place_code, t.summary, t.amount_minor::text AS amount_minor,
  t.currency::text AS currency, t.record_type, t.record_key`;

export async function loadFeedPosition(db: Queryable, feed: string): Promise<FeedPosition | null> {
  const [row] = await db.query<{ position: FeedPosition }>('SELECT position FROM touchpoint_feed_cursor WHERE feed = $1', [feed]);
  return row?.position ?? null;
}

/**
 * Stores a batch and the feed's new position in ONE statement (so all or nothing): the batch goes
 * in through unnest(); a touchpoint already there with the same content is left alone (a re-read
 * adds and changes nothing), one whose record changed since (an order turned `returned`: same
 * source key, new reason) is updated in place; withdrawn keys (touchpoints that turned out not to
 * have happened) are deleted. Returns how many entries were new, updated and removed.
 */
export async function insertBatch(
  db: Queryable,
  feed: string,
  batch: readonly Touchpoint[],
  next: FeedPosition | null,
  withdrawn: readonly TouchpointKey[] = [],
): Promise<{ inserted: number; updated: number; removed: number }> {
  // One row per source key (the latest wins): ON CONFLICT cannot touch a row twice in a statement,
  // and a key both given and withdrawn in one batch is withdrawn (the feed's later word).
  const keyOf = (t: TouchpointKey): string => `${t.sourceSystem}\u0000${t.sourceKind}\u0000${t.sourceKey}`;
  const gone = new Map(withdrawn.map((k) => [keyOf(k), k]));
  const byKey = new Map<string, Touchpoint>();
  for (const t of batch) if (!gone.has(keyOf(t))) byKey.set(keyOf(t), t);
  const touchpoints = [...byKey.values()];
  const removals = [...gone.values()];
  const column = <T>(pick: (t: Touchpoint) => T): T[] => touchpoints.map(pick);
  const [row] = await db.query<{ inserted: number; updated: number; removed: number }>(
    `WITH batch AS (
       INSERT INTO touchpoint (source_system, source_kind, source_key, occurred_at, channel, reason, role, place_kind, place_code,
                               summary, amount_minor, currency, record_type, record_key, identity_system, identity_key)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
       ON CONFLICT (source_system, source_kind, source_key) DO UPDATE SET
         occurred_at = EXCLUDED.occurred_at, channel = EXCLUDED.channel, reason = EXCLUDED.reason, role = EXCLUDED.role,
         place_kind = EXCLUDED.place_kind, place_code = EXCLUDED.place_code, summary = EXCLUDED.summary,
         amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency, record_type = EXCLUDED.record_type,
         record_key = EXCLUDED.record_key, identity_system = EXCLUDED.identity_system, identity_key = EXCLUDED.identity_key
       WHERE (touchpoint.occurred_at, touchpoint.channel, touchpoint.reason, touchpoint.role, touchpoint.place_kind,
              touchpoint.place_code, touchpoint.summary, touchpoint.amount_minor, touchpoint.currency, touchpoint.record_type,
              touchpoint.record_key, touchpoint.identity_system, touchpoint.identity_key)
             IS DISTINCT FROM
             (EXCLUDED.occurred_at, EXCLUDED.channel, EXCLUDED.reason, EXCLUDED.role, EXCLUDED.place_kind,
              EXCLUDED.place_code, EXCLUDED.summary, EXCLUDED.amount_minor, EXCLUDED.currency, EXCLUDED.record_type,
              EXCLUDED.record_key, EXCLUDED.identity_system, EXCLUDED.identity_key)
       RETURNING (xmax = 0) AS inserted
     ), moved AS (
       INSERT INTO touchpoint_feed_cursor (feed, position, updated_at)
       SELECT $17, $18::jsonb, now() WHERE $18::jsonb IS NOT NULL
       ON CONFLICT (feed) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at
       RETURNING 1
     ), removed AS (
       DELETE FROM touchpoint t
        USING unnest($19::text[], $20::text[], $21::text[]) AS w(source_system, source_kind, source_key)
        WHERE (t.source_system, t.source_kind, t.source_key) = (w.source_system, w.source_kind, w.source_key)
       RETURNING 1
     )
     SELECT (SELECT count(*) FILTER (WHERE inserted) FROM batch)::int AS inserted,
            (SELECT count(*) FILTER (WHERE NOT inserted) FROM batch)::int AS updated,
            (SELECT count(*) FROM removed)::int AS removed`,
    [
      column((t) => t.sourceSystem),
      column((t) => t.sourceKind),
      column((t) => t.sourceKey),
      column((t) => t.occurredAt.toISOString()),
      column((t) => t.channel),
      column((t) => t.reason),
      column((t) => t.role),
      column((t) => t.placeKind),
      column((t) => t.placeCode),
      column((t) => t.summary),
      column((t) => (t.amountMinor === null ? null : String(t.amountMinor))),
      column((t) => t.currency),
      column((t) => t.recordType),
      column((t) => t.recordKey),
      column((t) => t.identity?.system ?? null),
      column((t) => t.identity?.localKey ?? null),
      feed,
      next === null ? null : JSON.stringify(next),
      removals.map((k) => k.sourceSystem),
      removals.map((k) => k.sourceKind),
      removals.map((k) => k.sourceKey),
    ],
  );
  return row;
}

/** What narrows a list of entries; null: not narrowed. */
export interface EntryCriteria {
  channels: string[] | null;
  reasons: string[] | null;
  roles: string[] | null;
  since: Date | null;
  until: Date | null;
}

/** The page after `after` (occurred_at with microseconds, id), newest first. */
export interface PagePosition {
  afterInstant: string | null;
  afterId: string | null;
  limit: number;
}

/**
 * A page of each customer's history, newest first, in one statement for any number of customers:
 * each customer's active links joined to the entries of those identity records, at most `limit`
 * per customer (a LATERAL … LIMIT per customer: it stops at the page instead of ranking every
 * entry, and uses touchpoint_by_identity).
 */
export function historyOf(db: Queryable, customerIds: readonly string[], criteria: EntryCriteria, page: PagePosition): Promise<HistoryRow[]> {
  return db.query<HistoryRow>(
    `SELECT c.id::text AS customer_id, e.*
       FROM unnest($1::uuid[]) AS c(id)
      CROSS JOIN LATERAL (
        SELECT ${ENTRY_COLUMNS}
          FROM identity_link l
          JOIN touchpoint t ON t.identity_system = l.system AND t.identity_key = l.local_key
         WHERE l.customer_id = c.id AND l.unlinked_at IS NULL
           AND ($2::text[] IS NULL OR t.channel = ANY($2))
           AND ($3::text[] IS NULL OR t.reason = ANY($3))
           AND ($4::text[] IS NULL OR t.role = ANY($4))
           AND ($5::timestamptz IS NULL OR t.occurred_at >= $5)
           AND ($6::timestamptz IS NULL OR t.occurred_at < $6)
           AND ($7::timestamptz IS NULL OR (t.occurred_at, t.id) < ($7::timestamptz, $8::bigint))
         ORDER BY t.occurred_at DESC, t.id DESC
         LIMIT $9
      ) e
      ORDER BY c.id, e.occurred_at DESC, e.id::bigint DESC`,
    [customerIds, criteria.channels, criteria.reasons, criteria.roles, criteria.since, criteria.until, page.afterInstant, page.afterId, page.limit],
  );
}

/**
 * How many entries each customer's history holds under the criteria, in one statement for any
 * number of customers: cheap, since a customer's entries are found through their links
 * (touchpoint_by_identity) and are tens to hundreds, not the journal.
 */
export function historyCountsOf(db: Queryable, customerIds: readonly string[], criteria: EntryCriteria): Promise<{ customer_id: string; total: number }[]> {
  return db.query<{ customer_id: string; total: number }>(
    `SELECT c.id::text AS customer_id, count(t.id)::int AS total
       FROM unnest($1::uuid[]) AS c(id)
       LEFT JOIN identity_link l ON l.customer_id = c.id AND l.unlinked_at IS NULL
       LEFT JOIN touchpoint t ON t.identity_system = l.system AND t.identity_key = l.local_key
            AND ($2::text[] IS NULL OR t.channel = ANY($2))
            AND ($3::text[] IS NULL OR t.reason = ANY($3))
            AND ($4::text[] IS NULL OR t.role = ANY($4))
            AND ($5::timestamptz IS NULL OR t.occurred_at >= $5)
            AND ($6::timestamptz IS NULL OR t.occurred_at < $6)
      GROUP BY c.id`,
    [customerIds, criteria.channels, criteria.reasons, criteria.roles, criteria.since, criteria.until],
  );
}

export interface InteractionCriteria extends EntryCriteria {
  storeCode: string | null;
  customerId: string | null;
  /** Only entries of these record types (Call, Ticket …); null: all. */
  recordTypes: string[] | null;
}

/** Criteria on an entry `t`, except the customer ($1–$6, and the record types at `$recordTypes`). */
const entryWhere = (recordTypes: number): string => `($1::text[] IS NULL OR t.channel = ANY($1))
   AND ($2::text[] IS NULL OR t.reason = ANY($2))
   AND ($3::text[] IS NULL OR t.role = ANY($3))
   AND ($4::timestamptz IS NULL OR t.occurred_at >= $4)
   AND ($5::timestamptz IS NULL OR t.occurred_at < $5)
   AND ($6::text IS NULL OR (t.place_kind = 'STORE' AND t.place_code = $6))
   AND ($${recordTypes}::text[] IS NULL OR t.record_type = ANY($${recordTypes}))`;

const entryParams = (c: InteractionCriteria): unknown[] => [c.channels, c.reasons, c.roles, c.since, c.until, c.storeCode];

/**
 * Entries across customers, newest first; the customer only as the hub id (null: nobody yet).
 * Narrowed to one customer, the page starts from that customer's links (touchpoint_by_identity),
 * not from the whole journal filtered entry by entry: two statements, one chosen per request.
 */
export function interactionsPage(db: Queryable, criteria: InteractionCriteria, page: PagePosition): Promise<InteractionRow[]> {
  const params = [...entryParams(criteria), page.afterInstant, page.afterId, page.limit];
  if (criteria.customerId !== null) {
    return db.query<InteractionRow>(
      `SELECT ${ENTRY_COLUMNS}, l.customer_id::text AS customer_id
         FROM identity_link l
         JOIN touchpoint t ON t.identity_system = l.system AND t.identity_key = l.local_key
        WHERE l.customer_id = $10 AND l.unlinked_at IS NULL
          AND ${entryWhere(11)}
          AND ($7::timestamptz IS NULL OR (t.occurred_at, t.id) < ($7::timestamptz, $8::bigint))
        ORDER BY t.occurred_at DESC, t.id DESC
        LIMIT $9`,
      [...params, criteria.customerId, criteria.recordTypes],
    );
  }
  return db.query<InteractionRow>(
    `SELECT ${ENTRY_COLUMNS}, l.customer_id::text AS customer_id
       FROM touchpoint t
       LEFT JOIN identity_link l ON l.system = t.identity_system AND l.local_key = t.identity_key AND l.unlinked_at IS NULL
      WHERE ${entryWhere(10)}
        AND ($7::timestamptz IS NULL OR (t.occurred_at, t.id) < ($7::timestamptz, $8::bigint))
      ORDER BY t.occurred_at DESC, t.id DESC
      LIMIT $9`,
    [...params, criteria.recordTypes],
  );
}

export interface CountGrouping {
  channel: boolean;
  reason: boolean;
  role: boolean;
  store: boolean;
  /** day, week or month (Paris calendar); null: not by period. */
  period: 'day' | 'week' | 'month' | null;
  recordType: boolean;
}

export interface CountRow {
  channel: string | null;
  reason: string | null;
  role: string | null;
  store_code: string | null;
  period: string | null;
  record_type: string | null;
  count: number;
}

/** The grouped columns of a count row ($7–$12 choose them; a group not chosen is NULL). */
const COUNT_GROUPS = `CASE WHEN $7 THEN e.channel END AS channel,
            CASE WHEN $8 THEN e.reason END AS reason,
            CASE WHEN $9 THEN e.role END AS role,
            CASE WHEN $10 THEN e.store_code END AS store_code,
            to_char(date_trunc($11::text, e.day::timestamp), 'YYYY-MM-DD') AS period,
            CASE WHEN $12 THEN e.record_type END AS record_type`;

/** An entry `t` as a count row's input: its Paris day and store, counted once. */
const ENTRY_AS_COUNT = `(t.occurred_at AT TIME ZONE 'Europe/Paris')::date AS day, t.channel, t.reason, t.role,
       CASE WHEN t.place_kind = 'STORE' THEN t.place_code END AS store_code, t.record_type, 1::bigint AS entries`;

/** One more group than a count may answer is read, to tell the caller it had too many (kit MAX_AGGREGATE_ROWS). */
export const MAX_COUNT_ROWS = MAX_AGGREGATE_ROWS;
const COUNT_ORDER = `GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(e.entries) > 0
      ORDER BY 5 NULLS FIRST, 1 NULLS FIRST, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST, 6 NULLS FIRST
      LIMIT ${MAX_COUNT_ROWS + 1}`;

/**
 * Counts of entries by the chosen groups (a group not chosen is NULL in every row), periods on
 * the Paris calendar.
 *
 * Across customers, whole Paris days of the range come from touchpoint_daily (kept by triggers,
 * migration 007) and only the partial days at its edges from the journal, on its time index: a
 * count over the whole journal reads the daily table, not millions of entries, and is exact to
 * the microsecond of `since` / `until`. Narrowed to one customer, the count reads that customer's
 * entries through their links (the daily table has no customers).
 */
export function interactionCounts(db: Queryable, criteria: InteractionCriteria, groups: CountGrouping): Promise<CountRow[]> {
  const params = [...entryParams(criteria), groups.channel, groups.reason, groups.role, groups.store, groups.period, groups.recordType, criteria.recordTypes];
  if (criteria.customerId !== null) {
    return db.query<CountRow>(
      `SELECT ${COUNT_GROUPS}, sum(e.entries)::int AS count
         FROM (SELECT ${ENTRY_AS_COUNT}
                 FROM identity_link l
                 JOIN touchpoint t ON t.identity_system = l.system AND t.identity_key = l.local_key
                WHERE l.customer_id = $14 AND l.unlinked_at IS NULL AND ${entryWhere(13)}) e
        ${COUNT_ORDER}`,
      [...params, criteria.customerId],
    );
  }
  // The daily table knows no record types: by record type, the journal itself is counted (on its
  // time index, so a bounded range stays cheap; the cost limit prices an unbounded one).
  if (criteria.recordTypes !== null || groups.recordType) {
    return db.query<CountRow>(
      `SELECT ${COUNT_GROUPS}, sum(e.entries)::int AS count
         FROM (SELECT ${ENTRY_AS_COUNT} FROM touchpoint t WHERE ${entryWhere(13)}) e
        ${COUNT_ORDER}`,
      params,
    );
  }
  // first_day: the first Paris day wholly inside the range; end_day: the first day not wholly
  // inside it. With no whole day (a range within one day), the journal counts the whole range.
  return db.query<CountRow>(
    `WITH bounds AS (
       SELECT $4::timestamptz AS since, $5::timestamptz AS until,
              CASE WHEN $4::timestamptz IS NOT NULL THEN ($4::timestamptz AT TIME ZONE 'Europe/Paris')::date
                   + CASE WHEN ($4::timestamptz AT TIME ZONE 'Europe/Paris')::time = '00:00' THEN 0 ELSE 1 END END AS first_day,
              CASE WHEN $5::timestamptz IS NOT NULL THEN ($5::timestamptz AT TIME ZONE 'Europe/Paris')::date END AS end_day
     ), span AS (
       SELECT since, until, first_day, end_day,
              (first_day IS NULL OR end_day IS NULL OR first_day < end_day) AS whole_days,
              first_day::timestamp AT TIME ZONE 'Europe/Paris' AS first_instant,
              end_day::timestamp AT TIME ZONE 'Europe/Paris' AS end_instant
         FROM bounds
     ), edges AS (
       -- Before the first whole day (or the whole range when it has none), and after the last.
       SELECT since AS low, CASE WHEN whole_days THEN first_instant ELSE until END AS high FROM span WHERE since IS NOT NULL
       UNION ALL
       SELECT end_instant, until FROM span WHERE whole_days AND until IS NOT NULL
     )
     SELECT ${COUNT_GROUPS}, sum(e.entries)::int AS count
       FROM (SELECT d.day, d.channel, d.reason, d.role, d.store_code, NULL::text AS record_type, d.entries
               FROM touchpoint_daily d, span s
              WHERE s.whole_days
                AND (s.first_day IS NULL OR d.day >= s.first_day)
                AND (s.end_day IS NULL OR d.day < s.end_day)
                AND ($1::text[] IS NULL OR d.channel = ANY($1))
                AND ($2::text[] IS NULL OR d.reason = ANY($2))
                AND ($3::text[] IS NULL OR d.role = ANY($3))
                AND ($6::text IS NULL OR d.store_code = $6)
             UNION ALL
             SELECT ${ENTRY_AS_COUNT}
               FROM edges g
               JOIN touchpoint t ON t.occurred_at >= g.low AND t.occurred_at < g.high
              WHERE ${entryWhere(13)}) e
      ${COUNT_ORDER}`,
    params,
  );
}
