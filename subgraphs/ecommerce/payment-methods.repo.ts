import { Queryable } from '../kit/database';
import { AccountPairs } from './per-customer';

export interface PaymentMethodRow {
  idx: number;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
}

/**
 * Each customer's saved cards, latest saved first, at most `limit` per customer, in one statement.
 * Only what may be shown is read: no id, no token, no date.
 */
export function paymentMethodLists(db: Queryable, pairs: AccountPairs, limit: number): Promise<PaymentMethodRow[]> {
  return db.query<PaymentMethodRow>(
    `SELECT idx, brand, last4, exp_month, exp_year FROM (
       SELECT a.idx, p.brand, p.last4, p.exp_month, p.exp_year,
              row_number() OVER (PARTITION BY a.idx ORDER BY p.created_at DESC, p.id DESC) AS rn
         FROM unnest($1::int[], $2::int[]) AS a(idx, account_id)
         JOIN payment_methods p ON p.customer_id = a.account_id
     ) page
     WHERE rn <= $3
     ORDER BY idx, rn`,
    [pairs.request, pairs.record, limit],
  );
}
