// Open carts and their articles.
import { Queryable } from '../kit/database';
import { AccountPairs } from './per-customer';
import { utcText } from './web-time';

export interface CartRow {
  idx: number;
  id: number;
  customer_id: number;
  created_at: string;
  updated_at: string;
  abandoned: boolean;
}

/**
 * Each customer's current cart: the most recently changed cart of their live accounts that was not
 * turned into an order (a deleted account's cart can no longer be resumed). `abandoned` is decided
 * by the database clock, in UTC like the column.
 */
export function currentCarts(db: Queryable, pairs: AccountPairs, abandonedAfterDays: number): Promise<CartRow[]> {
  return db.query<CartRow>(
    `SELECT DISTINCT ON (a.idx)
            a.idx, c.id, c.customer_id, ${utcText('c.created_at')} AS created_at, ${utcText('c.updated_at')} AS updated_at,
            c.updated_at < (now() AT TIME ZONE 'UTC') - make_interval(days => $3::int) AS abandoned
       FROM unnest($1::int[], $2::int[]) AS a(idx, account_id)
       JOIN carts c ON c.customer_id = a.account_id
       JOIN customers w ON w.id = c.customer_id
      WHERE c.converted_order_id IS NULL AND w.deleted_at IS NULL
      ORDER BY a.idx, c.updated_at DESC, c.id DESC`,
    [pairs.request, pairs.record, abandonedAfterDays],
  );
}

export interface CartItemRow {
  cart_id: number;
  sku: string;
  ean: string;
  name: string;
  quantity: number;
  unit_price: string;
}

export function cartItemsByCarts(db: Queryable, cartIds: readonly number[]): Promise<CartItemRow[]> {
  // cart_items has no key of its own: the order of lines is by name, then article, to be stable.
  return db.query<CartItemRow>(
    `SELECT cart_id, sku, ean, name, quantity, unit_price::text AS unit_price
       FROM cart_items WHERE cart_id = ANY($1::int[]) ORDER BY cart_id, name, sku`,
    [cartIds],
  );
}

/** Carts by id, for the history's records (one statement per batch); an ordered cart is no Cart. */
export function cartsByIds(db: Queryable, ids: readonly number[], abandonedAfterDays: number): Promise<CartRow[]> {
  return db.query<CartRow>(
    `SELECT 0 AS idx, c.id, c.customer_id, ${utcText('c.created_at')} AS created_at, ${utcText('c.updated_at')} AS updated_at,
            c.updated_at < (now() AT TIME ZONE 'UTC') - make_interval(days => $2::int) AS abandoned
       FROM carts c
      WHERE c.id = ANY($1::int[]) AND c.converted_order_id IS NULL`,
    [ids, abandonedAfterDays],
  );
}
