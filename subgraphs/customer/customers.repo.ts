import { Queryable } from '../kit/database';

export interface CustomerRow {
  id: string;
  created_at: Date;
}

/**
 * A customer row read with whether its processing is restricted now (privacy/restriction.ts) and
 * its links in force (system and local key, in that order), for the hub's customer loader.
 */
export interface CustomerRowWithRestriction extends CustomerRow {
  restricted: boolean;
  links: { system: string; local_key: string }[];
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
 * `customersByIds`, the restriction in force and the links in force, in one statement: the hub's
 * customer loader uses it so that neither the restriction check nor the links (which every
 * channel's fields of a customer require) cost a round trip of their own after the row
 * (privacy/restriction.ts, customer.loaders.ts).
 */
export async function customersWithRestrictionByIds(db: Queryable, ids: readonly string[]): Promise<CustomerRowWithRestriction[]> {
  const valid = ids.filter(isCustomerId);
  if (valid.length === 0) return [];
  return db.query<CustomerRowWithRestriction>(
    `SELECT c.id, c.created_at,
            EXISTS (SELECT 1 FROM privacy_restriction r WHERE r.customer_id = c.id AND r.restricted) AS restricted,
            COALESCE((SELECT json_agg(json_build_object('system', l.system, 'local_key', l.local_key) ORDER BY l.system, l.local_key)
                        FROM identity_link l WHERE l.customer_id = c.id AND l.unlinked_at IS NULL), '[]'::json) AS links
       FROM customer c WHERE c.id = ANY($1::uuid[])`,
    [valid],
  );
}
