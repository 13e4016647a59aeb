import { Queryable } from '../kit/database';

export interface OrderRow {
  id: number;
  reference: string;
  status: string;
  total_amount: string;
  currency: string;
  placed_at: string;
}

export function ordersByReferences(db: Queryable, references: readonly string[]): Promise<OrderRow[]> {
  // placed_at is a UTC timestamp without zone: read it as text and mark it UTC ourselves, so the
  // reading does not depend on the session's time zone.
  return db.query<OrderRow>(
    `SELECT id, reference, status, total_amount::text AS total_amount, currency,
            to_char(placed_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS placed_at
       FROM orders WHERE reference = ANY($1::text[])`,
    [references],
  );
}
