import { Database } from '../kit/database';
import { rowLoader } from '../kit/loaders';
import { Call } from './call.type';
import { CallRow, callsByIds } from './calls.repo';

export function toCall(row: CallRow): Call {
  return Object.assign(new Call(), {
    id: row.call_id,
    direction: row.direction === 'I' ? 'INBOUND' : 'OUTBOUND',
    queue: row.queue,
    reasonCode: row.reason_code,
    startedAt: new Date(Number(row.start_epoch) * 1000),
    durationSeconds: row.duration_s,
  });
}

export function createCallcentreLoaders(db: Database) {
  return {
    call: rowLoader((ids: readonly string[]) => callsByIds(db, ids), (row) => row.call_id),
  };
}

export type CallcentreLoaders = ReturnType<typeof createCallcentreLoaders>;
