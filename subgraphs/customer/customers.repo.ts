import { Queryable } from '../kit/database';

export interface CustomerRow {
  id: string;
  created_at: Date;
}

/** A customer row read with whether its processing is restricted now (privacy/restriction.ts). */
export interface CustomerRowWithRestriction extends CustomerRow {
  restricted: boolean;
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

/**
 * `customersByIds` and the restriction in force, in one statement: the hub's customer loader uses
 * it so that the restriction check costs no round trip of its own (privacy/restriction.ts).
 */
export async function customersWithRestrictionByIds(db: Queryable, ids: readonly string[]): Promise<CustomerRowWithRestriction[]> {
  const valid = ids.filter(isCustomerId);
  if (valid.length === 0) return [];
  return db.query<CustomerRowWithRestriction>(
    `SELECT c.id, c.created_at, EXISTS (SELECT 1 FROM privacy_restriction r WHERE r.customer_id = c.id AND r.restricted) AS restricted
       FROM customer c WHERE c.id = ANY($1::uuid[])`,
    [valid],
  );
}
