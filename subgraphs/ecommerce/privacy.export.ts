// The web shop's part of a customer's export (kit/privacy.ts): every row ecommerce_legacy holds
// about the given web accounts — the account, its addresses, its saved payment cards (tokenised:
// brand, last four digits and expiry, as stored), its orders and their items, its carts and their
// items, its reviews and its searches — as the shop stores them (timestamps UTC without a zone,
// euros). Soft-deleted accounts are exported too: the shop still holds them. One statement whatever
// the number of accounts or rows (PostgreSQL aggregates each table to JSON, columns in their order).
//
// Not exported: `password_hash` (it never leaves this system; it is no information about the
// person, and a hash handed out can be attacked offline); searches made while signed out
// (customer_id null: the shop cannot tell whose they are).
import type { Database } from '../kit/database';
import type { Json, RecordExporter } from '../kit/privacy';

const ACCOUNT = /^\d{1,9}$/;

const EXPORT = `
  WITH account AS (SELECT * FROM customers WHERE id = ANY($1::int[])),
       ord AS (SELECT * FROM orders WHERE customer_id = ANY($1::int[])),
       cart AS (SELECT * FROM carts WHERE customer_id = ANY($1::int[]))
  SELECT
    (SELECT coalesce(json_agg(to_jsonb(a) - 'password_hash' ORDER BY a.id), '[]') FROM account a) AS customers,
    (SELECT coalesce(json_agg(d ORDER BY d.id), '[]') FROM addresses d WHERE d.customer_id = ANY($1::int[])) AS addresses,
    (SELECT coalesce(json_agg(p ORDER BY p.id), '[]') FROM payment_methods p WHERE p.customer_id = ANY($1::int[])) AS payment_methods,
    (SELECT coalesce(json_agg(o ORDER BY o.id), '[]') FROM ord o) AS orders,
    (SELECT coalesce(json_agg(i ORDER BY i.order_id, i.id), '[]') FROM order_items i WHERE i.order_id IN (SELECT id FROM ord)) AS order_items,
    (SELECT coalesce(json_agg(c ORDER BY c.id), '[]') FROM cart c) AS carts,
    (SELECT coalesce(json_agg(i ORDER BY i.cart_id, i.sku, i.name), '[]') FROM cart_items i WHERE i.cart_id IN (SELECT id FROM cart)) AS cart_items,
    (SELECT coalesce(json_agg(r ORDER BY r.id), '[]') FROM reviews r WHERE r.customer_id = ANY($1::int[])) AS reviews,
    (SELECT coalesce(json_agg(s ORDER BY s.id), '[]') FROM searches s WHERE s.customer_id = ANY($1::int[])) AS searches`;

export const ecommerceExportRecords: RecordExporter = async (db: Database, localKeys) => {
  // A key that is no account number names no row here.
  const accounts = [...new Set(localKeys.map((key) => key.trim()))].filter((key) => ACCOUNT.test(key)).map(Number);
  const [tables] = await db.query<{ [table: string]: Json }>(EXPORT, [accounts]);
  return {
    tables,
    withheld: [{ table: 'customers', column: 'password_hash', why: 'a credential, never handed out' }],
  };
};
