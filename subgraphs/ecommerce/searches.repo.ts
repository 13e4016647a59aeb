import { Queryable } from '../kit/database';
import { BigSortKey, timestampParam } from './cursor';
import { AccountPairs } from './per-customer';
import { utcText } from './web-time';

export interface SearchRow {
  idx: number;
  /** bigserial: text, as the driver gives bigint. */
  id: string;
  customer_id: number;
  query: string;
  searched_at: string;
}

export interface SearchPageRequest {
  limit: number;
  /** The last search of the previous page (latest first), or null for the first page. */
  after: BigSortKey | null;
}

/**
 * Each customer's page of signed-in searches, latest first: `limit + 1` rows from after the cursor
 * (the extra one says whether another page follows), every customer of the batch in one statement.
 */
export function searchPages(db: Queryable, requests: readonly SearchPageRequest[], pairs: AccountPairs): Promise<SearchRow[]> {
  return db.query<SearchRow>(
    `WITH request AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::timestamp[], $4::bigint[]) AS r(idx, lim, after_at, after_id)
     )
     SELECT * FROM (
       SELECT a.idx, s.id::text AS id, s.customer_id, s.query, ${utcText('s.searched_at')} AS searched_at,
              r.lim, row_number() OVER (PARTITION BY a.idx ORDER BY s.searched_at DESC, s.id DESC) AS rn
         FROM unnest($5::int[], $6::int[]) AS a(idx, account_id)
         JOIN request r ON r.idx = a.idx
         JOIN searches s ON s.customer_id = a.account_id
        WHERE r.after_at IS NULL OR (s.searched_at, s.id) < (r.after_at, r.after_id)
     ) page
     WHERE rn <= lim + 1
     ORDER BY idx, rn`,
    [
      requests.map((_, idx) => idx),
      requests.map((request) => request.limit),
      requests.map((request) => timestampParam(request.after)),
      requests.map((request) => request.after?.id ?? null),
      pairs.request,
      pairs.record,
    ],
  );
}

/** Searches by id, for the history's records (one statement per batch). */
export function searchesByIds(db: Queryable, ids: readonly string[]): Promise<SearchRow[]> {
  return db.query<SearchRow>(
    `SELECT 0 AS idx, s.id::text AS id, s.customer_id, s.query, ${utcText('s.searched_at')} AS searched_at
       FROM searches s WHERE s.id = ANY($1::bigint[])`,
    [ids],
  );
}
