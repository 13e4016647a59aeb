import { Queryable } from '../kit/database';
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

/** Each customer's `limits[idx]` latest signed-in searches, in one statement. */
export function searchPages(db: Queryable, limits: readonly number[], pairs: AccountPairs): Promise<SearchRow[]> {
  return db.query<SearchRow>(
    `SELECT * FROM (
       SELECT a.idx, s.id, s.customer_id, s.query, ${utcText('s.searched_at')} AS searched_at,
              r.lim, row_number() OVER (PARTITION BY a.idx ORDER BY s.searched_at DESC, s.id DESC) AS rn
         FROM unnest($1::int[], $2::int[]) AS a(idx, account_id)
         JOIN unnest($3::int[]) WITH ORDINALITY AS r(lim, n) ON r.n = a.idx + 1
         JOIN searches s ON s.customer_id = a.account_id
     ) page
     WHERE rn <= lim
     ORDER BY idx, rn`,
    [pairs.idx, pairs.account, limits],
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
