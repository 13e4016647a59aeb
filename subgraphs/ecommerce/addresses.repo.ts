import { Queryable } from '../kit/database';
import { AccountPairs } from './per-customer';

export interface AddressRow {
  id: number;
  customer_id: number;
  kind: string;
  line1: string;
  line2: string;
  postcode: string;
  city: string;
  country: string;
  is_default: boolean;
}

const ADDRESS_COLUMNS = 'd.id, d.customer_id, d.kind, d.line1, d.line2, d.postcode, d.city, d.country, d.is_default';

export function addressesByIds(db: Queryable, ids: readonly number[]): Promise<AddressRow[]> {
  return db.query<AddressRow>(`SELECT ${ADDRESS_COLUMNS} FROM addresses d WHERE d.id = ANY($1::int[])`, [ids]);
}

/** Each customer's saved addresses, defaults first, at most `limit` per customer, in one statement. */
export function addressLists(db: Queryable, pairs: AccountPairs, limit: number): Promise<(AddressRow & { idx: number })[]> {
  return db.query<AddressRow & { idx: number }>(
    `SELECT * FROM (
       SELECT a.idx, ${ADDRESS_COLUMNS},
              row_number() OVER (PARTITION BY a.idx ORDER BY d.is_default DESC, d.kind, d.id) AS rn
         FROM unnest($1::int[], $2::int[]) AS a(idx, account_id)
         JOIN addresses d ON d.customer_id = a.account_id
     ) page
     WHERE rn <= $3
     ORDER BY idx, rn`,
    [pairs.request, pairs.record, limit],
  );
}
