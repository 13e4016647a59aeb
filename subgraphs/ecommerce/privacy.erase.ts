// Erasure in the web shop (issue 11 item 5), as the shop deletes an account at its holder's
// request: the account row stays soft-deleted (`deleted_at`, as the shop deletes) because orders
// point at it and accounting keeps orders — their reference, status, totals, dates and lines are
// unchanged — but it holds nothing of the person: e-mail and password emptied (no sign-in
// possible), names blanked, phone, birth date and typed loyalty card removed, newsletter off.
// Postal addresses are blanked in place (orders name them by id), saved payment cards and searches
// (free text typed by the person) deleted, review titles and bodies blanked and unpublished
// (the rating stays, counted in the product's average). Carts and their items hold no personal data
// and stay with the account.
//
// Idempotent: every statement only touches rows still holding something (a re-run touches nothing
// and says so). One transaction.
import type { Database } from '../kit/database';
import type { Json, RecordEraser } from '../kit/privacy';

export const eraseEcommerceRecords: RecordEraser = async (db: Database, localKeys: readonly string[]) => {
  const ids = [...new Set(localKeys.map((key) => key.trim()).filter((key) => /^\d{1,9}$/.test(key)).map(Number))];
  return db.withTransaction(async (tx) => {
    const count = async (sql: string): Promise<number> => (await tx.query(sql, [ids])).length;
    const accounts = await count(
      `UPDATE customers
          SET email = '', password_hash = '', first_name = '', last_name = '', phone = NULL, birth_date = NULL,
              loyalty_card = NULL, preferred_store = NULL, newsletter = false,
              deleted_at = coalesce(deleted_at, now() AT TIME ZONE 'UTC'), updated_at = now() AT TIME ZONE 'UTC'
        WHERE id = ANY($1::int[])
          AND (email <> '' OR password_hash <> '' OR first_name <> '' OR last_name <> '' OR phone IS NOT NULL
               OR birth_date IS NOT NULL OR loyalty_card IS NOT NULL OR preferred_store IS NOT NULL OR newsletter
               OR deleted_at IS NULL)
        RETURNING 1`,
    );
    const addresses = await count(
      `UPDATE addresses SET line1 = '', line2 = '', postcode = '', city = ''
        WHERE customer_id = ANY($1::int[]) AND (line1 <> '' OR line2 <> '' OR postcode <> '' OR city <> '')
        RETURNING 1`,
    );
    const reviews = await count(
      `UPDATE reviews SET title = '', body = '', published = false
        WHERE customer_id = ANY($1::int[]) AND (title <> '' OR body <> '' OR published)
        RETURNING 1`,
    );
    const searches = await count('DELETE FROM searches WHERE customer_id = ANY($1::int[]) RETURNING 1');
    const paymentMethods = await count('DELETE FROM payment_methods WHERE customer_id = ANY($1::int[]) RETURNING 1');
    const [kept] = await tx.query<{ found: number; orders: number; carts: number }>(
      `SELECT (SELECT count(*) FROM customers WHERE id = ANY($1::int[]))::int AS found,
              (SELECT count(*) FROM orders WHERE customer_id = ANY($1::int[]))::int AS orders,
              (SELECT count(*) FROM carts WHERE customer_id = ANY($1::int[]))::int AS carts`,
      [ids],
    );
    const touched = accounts + addresses + reviews + searches + paymentMethods;
    const receipt: { [key: string]: Json } = {
      action: 'anonymised',
      records: ids.length,
      alreadyErased: touched === 0 && kept.found > 0,
      tables: {
        customers: { anonymised: accounts, found: kept.found },
        addresses: { anonymised: addresses },
        reviews: { anonymised: reviews },
        searches: { deleted: searches },
        payment_methods: { deleted: paymentMethods },
        orders: { kept: kept.orders },
        carts: { kept: kept.carts },
      },
      kept: 'orders (reference, status, totals, dates, lines) and carts, on a soft-deleted account that names nobody',
    };
    return receipt;
  });
};
