// Receipts (TICKET, LIGNE_TICKET) read-through. Lists per customer take the customers of a batch
// at once: each customer is a batch index `i` with its cards (and its own page arguments), and a
// window function partitioned by `i` pages, ranks or limits each customer in the one statement.
import { Queryable } from '../kit/database';
import { joinedStore, StoreRow } from './stores.repo';
import { ReadModelKeys, readModelCondition } from '../kit/read-model';

/**
 * Where the hub's read model of TICKET stands in for its card index (kit/read-model.ts, READ_MODEL=
 * store.TICKET): the receipts of the batch's cards are those the read model names plus those above
 * its high water, found by NUM_TICKET (the primary key), still joined on their current card. Without
 * it (the default) the join on the card uses the declared index (indexes.ts).
 */
function byReadModel(keys: ReadModelKeys | undefined, firstParameter: number): { sql: string; params: unknown[] } {
  if (!keys) return { sql: '', params: [] };
  const condition = readModelCondition('t', 'NUM_TICKET', keys, firstParameter);
  return { sql: ` AND ${condition.sql}`, params: condition.params };
}

export interface ReceiptRow {
  id: string;
  store: string;
  date: string;
  time: string;
  till: number;
  card: string | null;
  amount: number;
  payment: string;
  type: string;
  /** The receipt's store, read in the same statement (null when its code is not in MAGASIN). */
  store_row: StoreRow | null;
}

const RECEIPT_COLUMNS = `t."NUM_TICKET"::text AS id, t."CODE_MAG" AS store, t."DATE_TICKET" AS date, t."HEURE_TICKET" AS time,
       t."NUM_CAISSE" AS till, t."NUM_CARTE" AS card, t."MONTANT_TTC_CTS" AS amount, t."MODE_PAIEMENT" AS payment, t."TYPE" AS type,
       ${joinedStore('m')}`;

export function receiptsByIds(db: Queryable, ids: readonly string[]): Promise<ReceiptRow[]> {
  return db.query<ReceiptRow>(`SELECT ${RECEIPT_COLUMNS} FROM "TICKET" t LEFT JOIN "MAGASIN" m ON m."CODE_MAG" = t."CODE_MAG" WHERE t."NUM_TICKET" = ANY($1::bigint[])`, [ids]);
}

export interface LineRow {
  receipt: string;
  line: number;
  ean: string;
  label: string;
  quantity: number;
  unit_price: number;
}

export function linesOfReceipts(db: Queryable, ids: readonly string[]): Promise<LineRow[]> {
  return db.query<LineRow>(
    `SELECT l."NUM_TICKET"::text AS receipt, l."NUM_LIGNE" AS line, l."EAN" AS ean, l."LIBELLE_ART" AS label,
            l."QTE" AS quantity, l."PU_TTC_CTS" AS unit_price
       FROM "LIGNE_TICKET" l WHERE l."NUM_TICKET" = ANY($1::bigint[])
      ORDER BY l."NUM_TICKET", l."NUM_LIGNE"`,
    [ids],
  );
}

/** One (customer index, card) pair per card of each customer of the batch, with that customer's arguments. */
export interface CustomerCards {
  index: number[];
  card: string[];
}

export interface PagedReceiptRow extends ReceiptRow {
  i: number;
}

/**
 * Each customer's receipts newest first (NUM_TICKET grows with time), older than their `after`
 * receipt, `limit + 1` of them (the extra one says whether a next page exists).
 */
export function receiptPages(
  db: Queryable,
  pairs: CustomerCards & { after: (string | null)[]; limit: number[] },
  readModel?: ReadModelKeys,
): Promise<PagedReceiptRow[]> {
  const rm = byReadModel(readModel, 5);
  return db.query<PagedReceiptRow>(
    `SELECT p.i, p.id, p.store, p.date, p.time, p.till, p.card, p.amount, p.payment, p.type, p.store_row
       FROM (SELECT k.i, k.lim, ${RECEIPT_COLUMNS},
                    row_number() OVER (PARTITION BY k.i ORDER BY t."NUM_TICKET" DESC) AS rn
               FROM unnest($1::int[], $2::text[], $3::bigint[], $4::int[]) AS k(i, card, after, lim)
               JOIN "TICKET" t ON t."NUM_CARTE" = k.card::char(13) AND (k.after IS NULL OR t."NUM_TICKET" < k.after)${rm.sql}
               LEFT JOIN "MAGASIN" m ON m."CODE_MAG" = t."CODE_MAG") p
      WHERE p.rn <= p.lim + 1
      ORDER BY p.i, p.rn`,
    [pairs.index, pairs.card, pairs.after, pairs.limit, ...rm.params],
  );
}

export interface FavouriteStoreRow {
  i: number;
  store: string;
  receipts: number;
  last_date: string;
  last_time: string;
  store_row: StoreRow | null;
}

/** Each customer's stores by number of receipts (then the most recent visit, then code), `limit` of them. */
export function favouriteStores(db: Queryable, pairs: CustomerCards & { limit: number[] }, readModel?: ReadModelKeys): Promise<FavouriteStoreRow[]> {
  const rm = byReadModel(readModel, 4);
  return db.query<FavouriteStoreRow>(
    `SELECT s.i, s.store, s.receipts, l."DATE_TICKET" AS last_date, l."HEURE_TICKET" AS last_time, ${joinedStore('m')}
       FROM (SELECT k.i, k.lim, t."CODE_MAG" AS store, count(*)::int AS receipts, max(t."NUM_TICKET") AS last_receipt,
                    row_number() OVER (PARTITION BY k.i ORDER BY count(*) DESC, max(t."NUM_TICKET") DESC, t."CODE_MAG") AS rn
               FROM unnest($1::int[], $2::text[], $3::int[]) AS k(i, card, lim)
               JOIN "TICKET" t ON t."NUM_CARTE" = k.card::char(13)${rm.sql}
              GROUP BY k.i, k.lim, t."CODE_MAG") s
       JOIN "TICKET" l ON l."NUM_TICKET" = s.last_receipt
       LEFT JOIN "MAGASIN" m ON m."CODE_MAG" = s.store
      WHERE s.rn <= s.lim
      ORDER BY s.i, s.rn`,
    [pairs.index, pairs.card, pairs.limit, ...rm.params],
  );
}

export interface BasketRow {
  i: number;
  ean: string;
  label: string;
  receipts: number;
  quantity: number;
  last_date: string;
  last_time: string;
}

/**
 * Each customer's most often bought articles: sale receipts only (returns excluded, and lines with
 * a quantity of zero or less), ranked by number of receipts, then total quantity, then EAN.
 */
export function usualBaskets(db: Queryable, pairs: CustomerCards & { limit: number[] }, readModel?: ReadModelKeys): Promise<BasketRow[]> {
  const rm = byReadModel(readModel, 4);
  return db.query<BasketRow>(
    `SELECT b.i, b.ean, b.label, b.receipts, b.quantity, l."DATE_TICKET" AS last_date, l."HEURE_TICKET" AS last_time
       FROM (SELECT k.i, k.lim, li."EAN" AS ean,
                    (array_agg(li."LIBELLE_ART" ORDER BY li."NUM_TICKET" DESC, li."NUM_LIGNE"))[1] AS label,
                    count(DISTINCT li."NUM_TICKET")::int AS receipts, sum(li."QTE")::int AS quantity,
                    max(li."NUM_TICKET") AS last_receipt,
                    row_number() OVER (PARTITION BY k.i
                                       ORDER BY count(DISTINCT li."NUM_TICKET") DESC, sum(li."QTE") DESC, li."EAN") AS rn
               FROM unnest($1::int[], $2::text[], $3::int[]) AS k(i, card, lim)
               JOIN "TICKET" t ON t."NUM_CARTE" = k.card::char(13) AND t."TYPE" <> 'R'${rm.sql}
               JOIN "LIGNE_TICKET" li ON li."NUM_TICKET" = t."NUM_TICKET" AND li."QTE" > 0
              GROUP BY k.i, k.lim, li."EAN") b
       JOIN "TICKET" l ON l."NUM_TICKET" = b.last_receipt
      WHERE b.rn <= b.lim
      ORDER BY b.i, b.rn`,
    [pairs.index, pairs.card, pairs.limit, ...rm.params],
  );
}
