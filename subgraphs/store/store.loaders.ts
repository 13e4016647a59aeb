import DataLoader from 'dataloader';
import { Money } from '../../schema/common';
import { Database } from '../kit/database';
import { int8Key } from '../kit/keys';
import { groupLoader, rowLoader } from '../kit/loaders';
import { receiptCursor } from './cursor';
import { cardsOfFamilies, loyaltyByCards, LoyaltyRow, MovementRow, movementsByIds } from './loyalty.repo';
import { LoyaltyMovement } from './loyalty-movement.type';
import { CardStatus, LoyaltyAccount } from './loyalty.type';
import { parisInstant, isoDate } from '../kit/paris-time';
import {
  BasketRow,
  CustomerCards,
  favouriteStores,
  FavouriteStoreRow,
  linesOfReceipts,
  LineRow,
  PagedReceiptRow,
  receiptPages,
  ReceiptRow,
  receiptsByIds,
  usualBaskets,
} from './receipts.repo';
import { BasketArticle, FavouriteStore, PaymentMode, Receipt, ReceiptConnection, ReceiptLine, ReceiptType } from './receipt.type';
import { Store } from './store.type';
import { StoreRow, storesByCodes } from './stores.repo';
import { connectionOf } from '../kit/connection';
import type { Principal } from '../kit/access/principal';
import { NO_READ_MODELS, ReadModelKeys, ReadModelReader } from '../kit/read-model';

export function toStore(row: StoreRow): Store {
  return Object.assign(new Store(), {
    code: row.CODE_MAG.trim(),
    name: row.LIBELLE,
    city: row.VILLE,
    postcode: row.CP.trim(),
    latitude: Number(row.LAT),
    longitude: Number(row.LON),
    open: row.OUVERT === 'O',
    openCode: row.OUVERT.trim(),
    distanceKm: row.distance_km === undefined ? null : Number(row.distance_km),
  });
}

const CARD_STATUS: Record<string, CardStatus> = { A: CardStatus.ACTIVE, R: CardStatus.CLOSED };

export function toLoyaltyAccount(row: LoyaltyRow): LoyaltyAccount {
  return Object.assign(new LoyaltyAccount(), {
    cardNumber: row.card.trim(),
    active: row.status === 'A',
    status: CARD_STATUS[row.status.trim()] ?? null,
    statusCode: row.status.trim(),
    pointsBalance: row.points,
    pointsExpiringWithin30Days: row.expiring_30,
    pointsExpiringWithin60Days: row.expiring_60,
    issuedOn: isoDate(row.issued),
    issuingStoreCode: row.issuing_store.trim(),
    familyId: row.family?.trim() || null,
  });
}

const RECEIPT_TYPE: Record<string, ReceiptType> = { V: ReceiptType.SALE, R: ReceiptType.RETURN };
const PAYMENT_MODE: Record<string, PaymentMode> = {
  CB: PaymentMode.CARD,
  ES: PaymentMode.CASH,
  CH: PaymentMode.CHEQUE,
  BA: PaymentMode.GIFT_CARD,
};

export function toReceipt(row: ReceiptRow): Receipt {
  return Object.assign(new Receipt(), {
    id: row.id,
    occurredAt: parisInstant(row.date, row.time),
    type: RECEIPT_TYPE[row.type.trim()] ?? null,
    typeCode: row.type.trim(),
    total: Money.ofMinor(row.amount),
    paymentMode: PAYMENT_MODE[row.payment.trim()] ?? null,
    paymentModeCode: row.payment.trim(),
    storeCode: row.store.trim(),
    till: row.till,
    cardNumber: row.card?.trim() || null,
  });
}

export function toReceiptLine(row: LineRow): ReceiptLine {
  return Object.assign(new ReceiptLine(), {
    lineNumber: row.line,
    ean: row.ean.trim(),
    label: row.label,
    quantity: row.quantity,
    unitPrice: Money.ofMinor(row.unit_price),
    lineTotal: Money.ofMinor(row.quantity * row.unit_price),
  });
}

/** A customer's list request: their linked cards and the field's arguments (already validated). */
export interface CustomerListKey {
  cards: readonly string[];
  limit: number;
  /** NUM_TICKET of the `after` cursor (receipts only). */
  after?: string | null;
}

/**
 * A loader of one list per customer: the whole batch (whatever its length, whatever each key's
 * arguments) is one statement, whose rows carry the key's batch index `i`.
 */
function perCustomerLoader<R extends { i: number }>(
  fetch: (pairs: CustomerCards & { after: (string | null)[]; limit: number[] }) => Promise<R[]>,
): DataLoader<CustomerListKey, R[], string> {
  return new DataLoader<CustomerListKey, R[], string>(
    async (keys) => {
      const pairs = { index: [] as number[], card: [] as string[], after: [] as (string | null)[], limit: [] as number[] };
      keys.forEach((key, i) => {
        for (const card of new Set(key.cards)) {
          pairs.index.push(i);
          pairs.card.push(card);
          pairs.after.push(key.after ?? null);
          pairs.limit.push(key.limit);
        }
      });
      const groups = new Map<number, R[]>();
      if (pairs.card.length > 0) {
        for (const row of await fetch(pairs)) {
          const group = groups.get(row.i);
          if (group) group.push(row);
          else groups.set(row.i, [row]);
        }
      }
      return keys.map((_, i) => groups.get(i) ?? []);
    },
    { cacheKeyFn: (key) => JSON.stringify([[...key.cards].sort(), key.limit, key.after ?? null]) },
  );
}

export function toReceiptConnection(rows: readonly PagedReceiptRow[], limit: number): ReceiptConnection {
  return Object.assign(new ReceiptConnection(), connectionOf(rows, limit, toReceipt, (row) => receiptCursor(row.id)));
}

export function toFavouriteStore(row: FavouriteStoreRow): FavouriteStore {
  return Object.assign(new FavouriteStore(), {
    store: null,
    storeCode: row.store.trim(),
    receiptCount: row.receipts,
    lastVisitAt: parisInstant(row.last_date, row.last_time),
  });
}

export function toBasketArticle(row: BasketRow): BasketArticle {
  return Object.assign(new BasketArticle(), {
    ean: row.ean.trim(),
    label: row.label,
    receiptCount: row.receipts,
    totalQuantity: row.quantity,
    lastBoughtAt: parisInstant(row.last_date, row.last_time),
  });
}

/** Receipt numbers are bigint: anything else is no receipt (null), never a database error. */
export function isReceiptId(id: string): boolean {
  return /^\d+$/.test(id) && int8Key(id) !== null;
}

export function createStoreLoaders(db: Database, _principal?: Principal, readModels: ReadModelReader = NO_READ_MODELS) {
  // READ_MODEL=store.TICKET (kit/read-model.ts): the batch's receipts found through the hub's copy
  // of TICKET's (card, receipt) keys — one statement there, then one here by NUM_TICKET.
  const receiptKeys = async (cards: readonly string[]): Promise<ReadModelKeys | undefined> =>
    readModels.covers('store', 'TICKET') ? readModels.keysFor('store', 'TICKET', cards) : undefined;
  // READ_MODEL=store.MOUVEMENT_POINTS: likewise for the points ledger of the batch's cards.
  const movementKeys = async (cards: readonly string[]): Promise<ReadModelKeys | undefined> =>
    readModels.covers('store', 'MOUVEMENT_POINTS') ? readModels.keysFor('store', 'MOUVEMENT_POINTS', cards) : undefined;
  const store = rowLoader((codes: readonly string[]) => storesByCodes(db, codes), (row) => row.CODE_MAG.trim());
  // Receipts, cards and favourite stores read their store in the same statement (LEFT JOIN): the
  // store loader is primed with it, so `store { … }` below them costs no statement at any depth.
  const withStores = async <R extends { store_row: StoreRow | null }>(rows: Promise<R[]>, codeOf: (row: R) => string): Promise<R[]> => {
    for (const row of await rows) store.prime(codeOf(row).trim(), row.store_row);
    return rows;
  };
  return {
    store,
    loyalty: rowLoader(
      async (cards: readonly string[]) => withStores(loyaltyByCards(db, cards, await movementKeys(cards)), (row) => row.issuing_store),
      (row) => row.card.trim(),
    ),
    family: groupLoader((families: readonly string[]) => cardsOfFamilies(db, families), (row) => row.family),
    receipt: rowLoader(
      (ids: readonly string[]) => withStores(receiptsByIds(db, ids.filter(isReceiptId)), (row) => row.store),
      (row) => row.id,
    ),
    lines: groupLoader((ids: readonly string[]) => linesOfReceipts(db, ids), (row) => row.receipt),
    /** Points movements by canonical id (the history's records). */
    movement: rowLoader((ids: readonly string[]) => movementsByIds(db, ids), (row) => row.id),
    receiptPages: perCustomerLoader(async (pairs) => withStores(receiptPages(db, pairs, await receiptKeys(pairs.card)), (row) => row.store)),
    favouriteStores: perCustomerLoader(async (pairs) => withStores(favouriteStores(db, pairs, await receiptKeys(pairs.card)), (row) => row.store)),
    usualBasket: perCustomerLoader(async (pairs) => usualBaskets(db, pairs, await receiptKeys(pairs.card))),
  };
}

export type StoreLoaders = ReturnType<typeof createStoreLoaders>;

export function toLoyaltyMovement(row: MovementRow): LoyaltyMovement {
  return Object.assign(new LoyaltyMovement(), {
    id: row.id,
    cardNumber: row.card.trim(),
    occurredOn: isoDate(row.date),
    points: row.points,
    reasonCode: row.motive.trim(),
    expiresOn: isoDate(row.expires),
    receiptId: row.receipt,
  });
}
