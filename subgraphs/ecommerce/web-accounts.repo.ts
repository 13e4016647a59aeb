// Web accounts. password_hash (and every personal column the graph does not show) is never selected.
import { Queryable } from '../kit/database';
import { utcText } from './web-time';

export interface WebAccountRow {
  id: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export function webAccountsByIds(db: Queryable, ids: readonly number[]): Promise<WebAccountRow[]> {
  return db.query<WebAccountRow>(
    `SELECT id, ${utcText('created_at')} AS created_at, ${utcText('updated_at')} AS updated_at, ${utcText('deleted_at')} AS deleted_at
       FROM customers WHERE id = ANY($1::int[])`,
    [ids],
  );
}
