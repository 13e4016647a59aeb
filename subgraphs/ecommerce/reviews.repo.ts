import { Queryable } from '../kit/database';
import { SortKey, timestampParam } from './cursor';
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

export interface ReviewPageRequest {
  limit: number;
  /** The last review of the previous page (newest first), or null for the first page. */
  after: SortKey | null;
}

/**
 * Each customer's page of reviews, newest first: `limit + 1` rows from after the cursor (the extra
 * one says whether another page follows), every customer of the batch in one statement.
 */
export function reviewPages(db: Queryable, requests: readonly ReviewPageRequest[], pairs: AccountPairs): Promise<ReviewRow[]> {
  return db.query<ReviewRow>(
    `WITH request AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::timestamp[], $4::int[]) AS r(idx, lim, after_at, after_id)
     )
     SELECT * FROM (
       SELECT a.idx, v.id, v.customer_id, v.sku, v.rating, v.title, v.body, ${utcText('v.created_at')} AS created_at, v.published,
              r.lim, row_number() OVER (PARTITION BY a.idx ORDER BY v.created_at DESC, v.id DESC) AS rn
         FROM unnest($5::int[], $6::int[]) AS a(idx, account_id)
         JOIN request r ON r.idx = a.idx
         JOIN reviews v ON v.customer_id = a.account_id
        WHERE r.after_at IS NULL OR (v.created_at, v.id) < (r.after_at, r.after_id)
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

/** Reviews by id, for the history's records (one statement per batch). */
export function reviewsByIds(db: Queryable, ids: readonly number[]): Promise<ReviewRow[]> {
  return db.query<ReviewRow>(
    `SELECT 0 AS idx, v.id, v.customer_id, v.sku, v.rating, v.title, v.body, ${utcText('v.created_at')} AS created_at, v.published
       FROM reviews v WHERE v.id = ANY($1::int[])`,
    [ids],
  );
}
