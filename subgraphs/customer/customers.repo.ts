import { Queryable } from '../kit/database';

export interface CustomerRow {
  id: string;
  created_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isCustomerId(value: string): boolean {
  return UUID.test(value);
}

export async function customersByIds(db: Queryable, ids: readonly string[]): Promise<CustomerRow[]> {
  // A malformed id cannot match: filter it out rather than let PostgreSQL reject the whole batch.
  const valid = ids.filter(isCustomerId);
  if (valid.length === 0) return [];
  return db.query<CustomerRow>('SELECT id, created_at FROM customer WHERE id = ANY($1::uuid[])', [valid]);
}
