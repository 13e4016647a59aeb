import { Queryable } from '../kit/database';
import { AccountPairs } from './per-customer';
import { utcText } from './web-time';

export interface ReviewRow {
  idx: number;
  id: number;
  customer_id: number;
  sku: string;
  rating: number;
  title: string;
  body: string;
  created_at: string;
  published: boolean;
}

/** Each customer's `limits[idx]` newest reviews, in one statement. */
export function reviewPages(db: Queryable, limits: readonly number[], pairs: AccountPairs): Promise<ReviewRow[]> {
  return db.query<ReviewRow>(
    `SELECT * FROM (
       SELECT a.idx, v.id, v.customer_id, v.sku, v.rating, v.title, v.body, ${utcText('v.created_at')} AS created_at, v.published,
              r.lim, row_number() OVER (PARTITION BY a.idx ORDER BY v.created_at DESC, v.id DESC) AS rn
         FROM unnest($1::int[], $2::int[]) AS a(idx, account_id)
         JOIN unnest($3::int[]) WITH ORDINALITY AS r(lim, n) ON r.n = a.idx + 1
         JOIN reviews v ON v.customer_id = a.account_id
     ) page
     WHERE rn <= lim
     ORDER BY idx, rn`,
    [pairs.idx, pairs.account, limits],
  );
}

/** Reviews by id, for the history's records (one statement per batch). */
export function reviewsByIds(db: Queryable, ids: readonly number[]): Promise<ReviewRow[]> {
  return db.query<ReviewRow>(
    `SELECT 0 AS idx, v.id, v.customer_id, v.sku, v.rating, v.title, v.body, ${utcText('v.created_at')} AS created_at, v.published
       FROM reviews v WHERE v.id = ANY($1::int[])`,
    [ids],
  );
}
