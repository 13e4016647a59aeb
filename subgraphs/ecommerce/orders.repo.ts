// Orders and their lines. Every read is one statement for the whole batch of keys.
import { Queryable } from '../kit/database';
import { ReadModelKeys, readModelCondition } from '../kit/read-model';
import { SortKey, timestampParam } from './cursor';
import { AccountPairs } from './per-customer';
import { utcText } from './web-time';

export interface OrderRow {
  id: number;
  reference: string;
  customer_id: number;
  status: string;
  /** numeric(10,2) as PostgreSQL prints it: exact, no float. */
  total_amount: string;
  currency: string;
  /** Exact UTC text (see web-time.ts). */
  placed_at: string;
  updated_at: string;
  shipping_address_id: number | null;
  click_and_collect_store: string | null;
}

const ORDER_COLUMNS = `o.id, o.reference, o.customer_id, o.status, o.total_amount::text AS total_amount, o.currency,
       ${utcText('o.placed_at')} AS placed_at, ${utcText('o.updated_at')} AS updated_at,
       o.shipping_address_id, o.click_and_collect_store`;

export function ordersByReferences(db: Queryable, references: readonly string[]): Promise<OrderRow[]> {
  return db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.reference = ANY($1::text[]) ORDER BY o.id`, [references]);
}

export interface OrderPageRequest {
  /** Rows wanted; one more is read to know whether a next page exists. */
  limit: number;
  after: SortKey | null;
  /** A legacy status code to keep; '' keeps codes outside `knownStatuses`; null keeps all. */
  status: string | null;
}

export interface OrderPageRow extends OrderRow {
  idx: number;
}

/**
 * A page of orders, newest placed first, for every request of a batch at once: each request
 * (a customer's accounts and arguments) gets at most `limit + 1` rows after its cursor.
 */
export function orderPages(
  db: Queryable,
  requests: readonly OrderPageRequest[],
  pairs: AccountPairs,
  knownStatuses: readonly string[],
  readModel?: ReadModelKeys,
): Promise<OrderPageRow[]> {
  // READ_MODEL=ecommerce.orders (kit/read-model.ts): the accounts' orders named by the hub's copy of
  // (customer_id, id), plus those above its high water, by primary key; still joined on the account.
  const byReadModel = readModel ? readModelCondition('o', 'id', readModel, 9) : null;
  return db.query<OrderPageRow>(
    `WITH request AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::timestamp[], $5::int[]) AS r(idx, lim, status, after_at, after_id)
     ), account AS (
       SELECT * FROM unnest($6::int[], $7::int[]) AS a(idx, account_id)
     )
     SELECT * FROM (
       SELECT a.idx, ${ORDER_COLUMNS}, r.lim,
              row_number() OVER (PARTITION BY a.idx ORDER BY o.placed_at DESC, o.id DESC) AS rn
         FROM account a
         JOIN request r ON r.idx = a.idx
         JOIN orders o ON o.customer_id = a.account_id
        WHERE (r.status IS NULL
               OR lower(btrim(o.status)) = r.status
               OR (r.status = '' AND lower(btrim(o.status)) <> ALL($8::text[])))
          AND (r.after_at IS NULL OR (o.placed_at, o.id) < (r.after_at, r.after_id))${byReadModel ? ` AND ${byReadModel.sql}` : ''}
     ) page
     WHERE rn <= lim + 1
     ORDER BY idx, rn`,
    [
      requests.map((_, idx) => idx),
      requests.map((request) => request.limit),
      requests.map((request) => request.status),
      requests.map((request) => timestampParam(request.after)),
      requests.map((request) => request.after?.id ?? null),
      pairs.request,
      pairs.record,
      knownStatuses,
      ...(byReadModel?.params ?? []),
    ],
  );
}

export interface OrderItemRow {
  order_id: number;
  sku: string;
  ean: string;
  name: string;
  quantity: number;
  unit_price: string;
}

export function orderItemsByOrders(db: Queryable, orderIds: readonly number[]): Promise<OrderItemRow[]> {
  return db.query<OrderItemRow>(
    `SELECT order_id, sku, ean, name, quantity, unit_price::text AS unit_price
       FROM order_items WHERE order_id = ANY($1::int[]) ORDER BY order_id, id`,
    [orderIds],
  );
}
