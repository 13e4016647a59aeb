// Calls (table calls) read-through. The agent's free-text notes are never selected with the call:
// only the notes query reads them, when a client asks for `notes` (access rules will restrict it).
import { Queryable } from '../kit/database';
import { ReadModelKeys, readModelCondition } from '../kit/read-model';
import { ContactPairs } from './per-customer';

export interface CallRow {
  call_id: string;
  contact_id: string | null;
  ani: string;
  direction: string;
  queue: string;
  agent_id: string;
  start_epoch: string;
  duration_s: number;
  reason_code: string;
  outcome: string;
  /** The first `CMD-0001234` the notes quote (extracted in SQL, so that the notes stay in the database). */
  quoted_order: string | null;
}

// `\y` is a word boundary in PostgreSQL's regular expressions: `CMD-00012345` quotes no reference.
const CALL_COLUMNS = `c.call_id::text AS call_id, c.contact_id::text AS contact_id, c.ani, c.direction, c.queue, c.agent_id,
       c.start_epoch::text AS start_epoch, c.duration_s, c.reason_code, c.outcome,
       substring(c.notes FROM '\\yCMD-[0-9]{7}\\y') AS quoted_order`;

export function callsByIds(db: Queryable, ids: readonly string[]): Promise<CallRow[]> {
  return db.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls c WHERE c.call_id = ANY($1::bigint[])`, [ids]);
}

export interface CallNotesRow {
  call_id: string;
  notes: string;
}

export function notesOfCalls(db: Queryable, ids: readonly string[]): Promise<CallNotesRow[]> {
  return db.query<CallNotesRow>('SELECT call_id::text AS call_id, notes FROM calls WHERE call_id = ANY($1::bigint[])', [ids]);
}

export interface PagedCallRow extends CallRow {
  i: number;
}

/**
 * Each customer's calls, newest first (start time, then id), after their `after` position,
 * `limit + 1` of them (the extra one says whether a next page exists).
 */
export function callPages(
  db: Queryable,
  pairs: ContactPairs & { afterEpoch: (string | null)[]; afterId: (string | null)[]; limit: number[] },
  readModel?: ReadModelKeys,
): Promise<PagedCallRow[]> {
  // READ_MODEL=callcentre.calls (kit/read-model.ts): the contacts' calls named by the hub's copy of
  // (contact_id, call_id), plus those above its high water, by primary key; still joined on the contact.
  const byReadModel = readModel ? readModelCondition('c', 'call_id', readModel, 6) : null;
  return db.query<PagedCallRow>(
    `SELECT p.i, p.call_id, p.contact_id, p.ani, p.direction, p.queue, p.agent_id, p.start_epoch, p.duration_s,
            p.reason_code, p.outcome, p.quoted_order
       FROM (SELECT k.i, k.lim, ${CALL_COLUMNS},
                    row_number() OVER (PARTITION BY k.i ORDER BY c.start_epoch DESC, c.call_id DESC) AS rn
               FROM unnest($1::int[], $2::int[], $3::bigint[], $4::bigint[], $5::int[]) AS k(i, contact, after_epoch, after_id, lim)
               JOIN calls c ON c.contact_id = k.contact
                           AND (k.after_epoch IS NULL OR (c.start_epoch, c.call_id) < (k.after_epoch, k.after_id))${byReadModel ? ` AND ${byReadModel.sql}` : ''}) p
      WHERE p.rn <= p.lim + 1
      ORDER BY p.i, p.rn`,
    [pairs.request, pairs.record, pairs.afterEpoch, pairs.afterId, pairs.limit, ...(byReadModel?.params ?? [])],
  );
}
