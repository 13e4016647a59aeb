// One page of a table's rows per request, newest first, for many requests at once: each request is
// a set of contacts with its own page size and cursor, and the whole batch is ONE statement
// (window function over the requests), whatever the number of customers or their arguments
// (kit/loaders.ts `perCustomerLoader` makes the pairs and groups the rows).
import { Queryable } from '../kit/database';
import { RecordPairs } from '../kit/loaders';
import { utcTextOfTimestamptz } from '../kit/utc-text';
import { SortKey } from './cursor';

export interface PageRequest {
  /** The customer's marketing contacts (valid UUIDs, lower case). */
  contacts: readonly string[];
  /** Rows wanted; one more is read to tell whether there is a next page. */
  limit: number;
  after: SortKey | null;
}

/** Which table and sort key a paged read uses. Every value is a constant of this module's callers. */
export interface PagedTable {
  table: string;
  /** Columns selected, as SQL over alias `t`. */
  columns: string;
  /** timestamptz column of the sort key (descending). */
  instant: string;
  /** Tie-breaking unique column (descending) and the cast its cursor text needs. */
  id: string;
  idCast: 'bigint' | 'text';
  /** Further joins on `t` (e.g. the campaign of each row), or ''. */
  joins: string;
}

export type PagedRow<R> = R & { k: number; sort_at: string; sort_id: string };

/**
 * The rows of every request's page, tagged with the request's index `k` (kit/loaders.ts
 * `perCustomerLoader` groups them): one statement for the batch.
 */
export function pagesByContacts<R>(
  db: Queryable,
  spec: PagedTable,
  requests: readonly PageRequest[],
  pairs: RecordPairs<string>,
): Promise<PagedRow<R>[]> {
  const id = spec.idCast === 'text' ? `t.${spec.id} COLLATE "C"` : `t.${spec.id}`;
  return db.query<PagedRow<R>>(
    `WITH wanted AS (
       SELECT DISTINCT w.k, w.contact_uuid FROM unnest($1::int[], $2::uuid[]) AS w (k, contact_uuid)
     ), page AS (
       SELECT * FROM unnest($3::int[], $4::int[], $5::timestamptz[], $6::text[]) AS p (k, lim, after_at, after_id)
     ), ranked AS (
       SELECT p.k, p.lim, ${spec.columns},
              ${utcTextOfTimestamptz(`t.${spec.instant}`)} AS sort_at, t.${spec.id}::text AS sort_id,
              row_number() OVER (PARTITION BY p.k ORDER BY t.${spec.instant} DESC, ${id} DESC) AS rn
         FROM page p
         JOIN wanted w ON w.k = p.k
         JOIN ${spec.table} t ON t.contact_uuid = w.contact_uuid
         ${spec.joins}
        WHERE p.after_at IS NULL OR (t.${spec.instant}, ${id}) < (p.after_at, p.after_id::${spec.idCast})
     )
     SELECT * FROM ranked WHERE rn <= lim + 1 ORDER BY k, rn`,
    [
      pairs.request,
      pairs.record,
      requests.map((_, k) => k),
      requests.map((request) => request.limit),
      requests.map((request) => request.after?.at ?? null),
      requests.map((request) => request.after?.id ?? null),
    ],
  );
}
