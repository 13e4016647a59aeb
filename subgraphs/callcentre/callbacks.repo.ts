// Callback requests (table callbacks) read-through.
import { Queryable } from '../kit/database';
import { ContactPairs } from './per-customer';

export interface CallbackRow {
  i: number;
  id: string;
  contact_id: string;
  requested_epoch: string;
  window_start: string;
  window_end: string;
  done: boolean;
}

/**
 * Each customer's callback requests, newest requested first (then id), after their `after`
 * position, `limit + 1` of them (the extra one says whether a next page exists).
 */
export function callbackPages(
  db: Queryable,
  pairs: ContactPairs & { afterEpoch: (string | null)[]; afterId: (string | null)[]; limit: number[] },
): Promise<CallbackRow[]> {
  return db.query<CallbackRow>(
    `SELECT p.i, p.id, p.contact_id, p.requested_epoch, p.window_start, p.window_end, p.done
       FROM (SELECT k.i, k.lim, b.id::text AS id, b.contact_id::text AS contact_id, b.requested_epoch::text AS requested_epoch,
                    to_char(b.window_start, 'HH24:MI') AS window_start, to_char(b.window_end, 'HH24:MI') AS window_end, b.done,
                    row_number() OVER (PARTITION BY k.i ORDER BY b.requested_epoch DESC, b.id DESC) AS rn
               FROM unnest($1::int[], $2::int[], $3::bigint[], $4::bigint[], $5::int[]) AS k(i, contact, after_epoch, after_id, lim)
               JOIN callbacks b ON b.contact_id = k.contact
                               AND (k.after_id IS NULL OR (b.requested_epoch, b.id) < (k.after_epoch, k.after_id))) p
      WHERE p.rn <= p.lim + 1
      ORDER BY p.i, p.rn`,
    [pairs.request, pairs.record, pairs.afterEpoch, pairs.afterId, pairs.limit],
  );
}

/** Callback requests by id (canonical text), for the history's records: one statement per batch. */
export function callbacksByIds(db: Queryable, ids: readonly string[]): Promise<CallbackRow[]> {
  return db.query<CallbackRow>(
    `SELECT 0 AS i, b.id::text AS id, b.contact_id::text AS contact_id, b.requested_epoch::text AS requested_epoch,
            to_char(b.window_start, 'HH24:MI') AS window_start, to_char(b.window_end, 'HH24:MI') AS window_end, b.done
       FROM callbacks b WHERE b.id = ANY($1::int[])`,
    [ids],
  );
}
