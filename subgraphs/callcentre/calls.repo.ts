import { Queryable } from '../kit/database';

export interface CallRow {
  call_id: string;
  direction: string;
  queue: string;
  reason_code: string;
  start_epoch: string;
  duration_s: number;
}

const CALL_ID = /^\d{1,18}$/;

export function callsByIds(db: Queryable, ids: readonly string[]): Promise<CallRow[]> {
  const valid = ids.filter((id) => CALL_ID.test(id));
  if (valid.length === 0) return Promise.resolve([]);
  // Notes are free text that may hold personal data: never selected where not asked for.
  return db.query<CallRow>(
    `SELECT call_id::text AS call_id, direction, queue, reason_code, start_epoch::text AS start_epoch, duration_s
       FROM calls WHERE call_id = ANY($1::bigint[])`,
    [valid],
  );
}
