// The ecommerce system's touchpoint feeds (issue 5): its legacy tables read incrementally, as
// normalised touchpoints for the hub's journal. See subgraphs/kit/touchpoints.ts.
//
// Two kinds of feed, one statement per read:
// - Growing id (searches, reviews: rows written once): position `{ after: "<id>" }`. It stops
//   before the first row written by a transaction not older than one still running in the
//   ecommerce database at the read (kit/feed-settling.ts: a lower id may still commit): a read
//   gives the rows before it, not that row nor those after, and says it is waiting; a later read
//   gives them once settled. A long open write transaction in that database holds the position
//   while it runs (limits stated there).
// - Change date (orders, carts: rows that change): position `{ at: "<updated_at UTC text>", id }`,
//   read `(updated_at, id) > (at, id) ORDER BY updated_at, id`. Overlap: a row changed less than
//   SETTLE_SECONDS ago by the database clock is returned (freshness) but the position does not move
//   past it, so it is read again on the next calls until it has settled: a transaction that wrote
//   an earlier updated_at but commits late is still seen. Only a full batch (`limit` rows) moves
//   the position past unsettled rows, so a burst cannot stall the feed. Re-reads carry the same
//   (kind, key): the journal's unique key makes them harmless, and an upsert there keeps the
//   latest reason (an order turned `returned` keeps its key and changes reason). A batch shorter
//   than `limit` means the feed has caught up.
// Timestamps are UTC without a zone: read as exact text (web-time.ts), microseconds kept.
// Cost: order_items and cart_items have no index on their order / cart (legacy tables are not
// altered), so summaries do not count articles: a read never scans them. orders and carts have no
// index on updated_at: each read scans the table once (top-N sort), whatever `limit`.
import type { Database } from '../kit/database';
import { ABANDONED_AFTER_DAYS } from './cart.type';
import { settledRead, unsettledSql } from '../kit/feed-settling';
import type { FeedPosition, Touchpoint, TouchpointFeed } from '../kit/touchpoints';
import { instant, utcText } from './web-time';

/** How long a changed row is re-read before the position moves past it. */
export const SETTLE_SECONDS = 10;

const UTC_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function invalid(): never {
  throw new Error('ecommerce feed: position is not one this feed gave');
}

function afterId(since: FeedPosition | null): string | null {
  const value = since?.after;
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (!/^\d{1,19}$/.test(text)) invalid();
  return text;
}

interface ChangeKey {
  at: string;
  id: number;
}

function afterChange(since: FeedPosition | null): ChangeKey | null {
  if (!since || since.at === null || since.at === undefined) return null;
  const at = String(since.at);
  const id = Number(since.id);
  if (!UTC_TEXT.test(at) || !Number.isInteger(id)) invalid();
  return { at, id };
}

/** `2024-01-02T03:04:05.123456Z` as a `timestamp` literal PostgreSQL reads without zone shift. */
function timestampLiteral(at: string): string {
  return at.replace('T', ' ').replace(/Z$/, '');
}

interface ChangedRow {
  id: number;
  changed_at: string;
  /** The database clock minus SETTLE_SECONDS, same text form: rows changed before it have settled. */
  settled_before: string;
}

/** Change-date SQL parameters: $1 at, $2 id, $3 limit, $4 settle seconds. */
function changeParams(since: FeedPosition | null, limit: number): unknown[] {
  const key = afterChange(since);
  return [key ? timestampLiteral(key.at) : null, key?.id ?? null, limit, SETTLE_SECONDS];
}

const SETTLED_BEFORE = `${utcText("(now() AT TIME ZONE 'UTC') - make_interval(secs => $4::int)")} AS settled_before`;

/** The position after a change-date batch (see the header). */
function nextChange(rows: readonly ChangedRow[], since: FeedPosition | null, limit: number): FeedPosition | null {
  const last = rows.length >= limit ? rows.at(-1) : rows.filter((row) => row.changed_at < row.settled_before).at(-1);
  return last ? { at: last.changed_at, id: last.id } : since;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function webIdentity(customerId: number | null): Touchpoint['identity'] {
  return customerId === null ? null : { system: 'ecommerce', localKey: String(customerId) };
}

interface OrderRow extends ChangedRow {
  reference: string;
  customer_id: number;
  status: string;
  amount_minor: string;
  currency: string;
  placed_at: string;
}

/** Reason and role of an order by its status: the latest status wins (the journal upserts). */
function orderWhy(status: string): { reason: string; role: string } {
  switch (status) {
    case 'returned':
      return { reason: 'RETURN', role: 'AFTER_SALES' };
    case 'cancelled':
      return { reason: 'CANCELLATION', role: 'AFTER_SALES' };
    default:
      return { reason: 'PURCHASE', role: 'SELL' };
  }
}

/**
 * orders by (updated_at, id): one touchpoint per order (kind `order`, key orders.id) at its
 * placed_at, re-emitted whenever the order changes. Reason and role by status: `returned` →
 * RETURN / AFTER_SALES, `cancelled` → CANCELLATION / AFTER_SALES, any other (pending, paid, shipped,
 * delivered, unknown codes) → PURCHASE / SELL. Amount: total_amount in cents (exact), its currency.
 * Record: `Order` by reference (the Order entity's key). Place: WEB (no code).
 */
export const ordersFeed: TouchpointFeed = {
  name: 'ecommerce.orders',
  system: 'ecommerce',
  async read(db: Database, since: FeedPosition | null, limit: number) {
    const rows = await db.query<OrderRow>(
      `SELECT o.id, ${utcText('o.updated_at')} AS changed_at, ${SETTLED_BEFORE},
              o.reference, o.customer_id, lower(btrim(o.status)) AS status,
              round(o.total_amount * 100)::bigint::text AS amount_minor, upper(btrim(o.currency)) AS currency,
              ${utcText('o.placed_at')} AS placed_at
         FROM orders o
        WHERE $1::timestamp IS NULL OR (o.updated_at, o.id) > ($1::timestamp, $2::int)
        ORDER BY o.updated_at, o.id
        LIMIT $3`,
      changeParams(since, limit),
    );
    const touchpoints = rows.map((row): Touchpoint => ({
      sourceSystem: 'ecommerce',
      sourceKind: 'order',
      sourceKey: String(row.id),
      occurredAt: instant(row.placed_at),
      channel: 'WEB',
      ...orderWhy(row.status),
      placeKind: 'WEB',
      placeCode: null,
      summary: `Order ${row.reference.trim()}, ${row.status}`,
      amountMinor: Number(row.amount_minor),
      currency: row.currency || null,
      recordType: 'Order',
      recordKey: row.reference.trim(),
      identity: webIdentity(row.customer_id),
    }));
    return { touchpoints, next: nextChange(rows, since, limit) };
  },
};

interface CartRow extends ChangedRow {
  customer_id: number;
  converted: boolean;
  /** changed_at is before this: an unconverted cart untouched that long is abandoned. */
  abandoned_before: string;
}

/** The same rule as the subgraph's `Cart.abandoned` (cart.type.ts): one definition of abandoned. */
export const ABANDONED_AFTER_SECONDS = ABANDONED_AFTER_DAYS * 86_400;

/**
 * Abandoned carts, by (updated_at, id), every cart read: kind `cart`, key carts.id, at updated_at
 * (its last change), reason CART, role SELL, record `Cart`/id.
 * - Not ordered and untouched for ABANDONED_AFTER_SECONDS: an abandoned-cart touchpoint.
 * - Ordered (converted_order_id set): withdrawn, so an entry given while it looked abandoned leaves
 *   the journal (the order is its own touchpoint). Converting a cart changes updated_at, so the
 *   conversion is read like any change.
 * - Not ordered and touched more recently: not abandoned YET. Nothing is given and the position
 *   stops before it, so it is read again until it is either abandoned or ordered. Rows after it are
 *   still given (withdrawals, idempotent) but the position waits: even a full batch does not pass a
 *   cart that may still become abandoned (so more than `limit` carts touched within that time would
 *   hold the feed until the oldest ages; at 100,000 people a day brings a few hundred).
 */
export const cartsFeed: TouchpointFeed = {
  name: 'ecommerce.carts',
  system: 'ecommerce',
  async read(db: Database, since: FeedPosition | null, limit: number) {
    const rows = await db.query<CartRow>(
      `SELECT c.id, ${utcText('c.updated_at')} AS changed_at, ${SETTLED_BEFORE}, c.customer_id,
              c.converted_order_id IS NOT NULL AS converted,
              ${utcText("(now() AT TIME ZONE 'UTC') - make_interval(secs => $5::int)")} AS abandoned_before
         FROM carts c
        WHERE $1::timestamp IS NULL OR (c.updated_at, c.id) > ($1::timestamp, $2::int)
        ORDER BY c.updated_at, c.id
        LIMIT $3`,
      [...changeParams(since, limit), ABANDONED_AFTER_SECONDS],
    );
    const abandoned = (row: CartRow): boolean => !row.converted && row.changed_at < row.abandoned_before;
    const touchpoints = rows.filter(abandoned).map((row): Touchpoint => ({
      sourceSystem: 'ecommerce',
      sourceKind: 'cart',
      sourceKey: String(row.id),
      occurredAt: instant(row.changed_at),
      channel: 'WEB',
      reason: 'CART',
      role: 'SELL',
      placeKind: 'WEB',
      placeCode: null,
      summary: 'Cart not ordered',
      amountMinor: null,
      currency: null,
      recordType: 'Cart',
      recordKey: String(row.id),
      identity: webIdentity(row.customer_id),
    }));
    const withdrawn = rows.filter((row) => row.converted).map((row) => ({ sourceSystem: 'ecommerce' as const, sourceKind: 'cart', sourceKey: String(row.id) }));
    // The position passes the rows before the first cart that may still be abandoned, with the
    // change-date rule for the ordered ones among them (a full batch passes unsettled ones).
    const pending = rows.findIndex((row) => !row.converted && !abandoned(row));
    const decided = pending < 0 ? rows : rows.slice(0, pending);
    const next = pending < 0 ? nextChange(decided, since, limit) : nextChange(decided, since, Number.POSITIVE_INFINITY);
    return { touchpoints, withdrawn, next };
  },
};

interface SearchRow {
  id: string;
  customer_id: number | null;
  searched_at: string;
  words: number;
  unsettled: boolean;
}

/**
 * searches by growing id: kind `search`, reason SEARCH, role INFORMATION, record `Search`/id.
 * Identity: the signed-in web account, null for an anonymous search. The summary never quotes the
 * query (people type names, e-mails, order numbers): only its number of words.
 */
export const searchesFeed: TouchpointFeed = {
  name: 'ecommerce.searches',
  system: 'ecommerce',
  async read(db: Database, since: FeedPosition | null, limit: number) {
    const rows = await db.query<SearchRow>(
      `SELECT s.id::text AS id, s.customer_id, ${utcText('s.searched_at')} AS searched_at,
              coalesce(array_length(regexp_split_to_array(btrim(s.query), '\\s+'), 1), 0) AS words,
              ${unsettledSql('s')} AS unsettled
         FROM searches s
        WHERE $1::bigint IS NULL OR s.id > $1::bigint
        ORDER BY s.id
        LIMIT $2`,
      [afterId(since), limit],
    );
    const { rows: settled, next, waiting } = settledRead(rows, since);
    const touchpoints = settled.map((row): Touchpoint => ({
      sourceSystem: 'ecommerce',
      sourceKind: 'search',
      sourceKey: row.id,
      occurredAt: instant(row.searched_at),
      channel: 'WEB',
      reason: 'SEARCH',
      role: 'INFORMATION',
      placeKind: 'WEB',
      placeCode: null,
      summary: `Search, ${plural(row.words, 'word')}`,
      amountMinor: null,
      currency: null,
      recordType: 'Search',
      recordKey: row.id,
      identity: webIdentity(row.customer_id),
    }));
    return { touchpoints, next, waiting };
  },
};

interface ReviewRow {
  id: number;
  customer_id: number;
  created_at: string;
  rating: number;
  sku: string;
  published: boolean;
  unsettled: boolean;
}

/**
 * reviews by growing id: kind `review`, reason REVIEW, role INFORMATION, record `Review`/id, at
 * created_at. The summary gives the rating and the article code, never the title or the text.
 */
export const reviewsFeed: TouchpointFeed = {
  name: 'ecommerce.reviews',
  system: 'ecommerce',
  async read(db: Database, since: FeedPosition | null, limit: number) {
    const rows = await db.query<ReviewRow>(
      `SELECT r.id, r.customer_id, ${utcText('r.created_at')} AS created_at, r.rating, r.sku, r.published,
              ${unsettledSql('r')} AS unsettled
         FROM reviews r
        WHERE $1::bigint IS NULL OR r.id > $1::bigint
        ORDER BY r.id
        LIMIT $2`,
      [afterId(since), limit],
    );
    const { rows: settled, next, waiting } = settledRead(rows, since);
    const touchpoints = settled.map((row): Touchpoint => ({
      sourceSystem: 'ecommerce',
      sourceKind: 'review',
      sourceKey: String(row.id),
      occurredAt: instant(row.created_at),
      channel: 'WEB',
      reason: 'REVIEW',
      role: 'INFORMATION',
      placeKind: 'WEB',
      placeCode: null,
      summary: `Review ${row.rating}/5 of ${row.sku.trim()}${row.published ? '' : ' (not published)'}`,
      amountMinor: null,
      currency: null,
      recordType: 'Review',
      recordKey: String(row.id),
      identity: webIdentity(row.customer_id),
    }));
    return { touchpoints, next, waiting };
  },
};

export const ecommerceFeeds: TouchpointFeed[] = [ordersFeed, cartsFeed, searchesFeed, reviewsFeed];
