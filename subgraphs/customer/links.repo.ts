import { Queryable } from '../kit/database';

export interface ActiveLinkRow {
  customer_id: string;
  system: string;
  local_key: string;
}

/** The links in force (not undone) of each customer, in one statement for any number of customers. */
export function activeLinksOf(db: Queryable, customerIds: readonly string[]): Promise<ActiveLinkRow[]> {
  return db.query<ActiveLinkRow>(
    `SELECT customer_id::text AS customer_id, system, local_key
       FROM identity_link
      WHERE customer_id = ANY($1::uuid[]) AND unlinked_at IS NULL
      ORDER BY customer_id, system, local_key`,
    [customerIds],
  );
}
