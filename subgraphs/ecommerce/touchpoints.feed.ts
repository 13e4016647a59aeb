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
// Both kinds are built by kit/feeds.ts, which states their rules.
// Timestamps are UTC without a zone: read as exact text (kit/utc-text.ts), microseconds kept.
// Cost: order_items and cart_items have no index on their order / cart (legacy tables are not
// altered), so summaries do not count articles: a read never scans them. orders and carts have no
// index on updated_at: each read scans the table once (top-N sort), whatever `limit`.
import { ABANDONED_AFTER_DAYS } from './cart.type';
import { changeDateFeed, FeedEntry, growingKeyFeed } from '../kit/feeds';
import type { TouchpointFeed } from '../kit/touchpoints';
import { utcTextOfTimestamptz, utcTextOfUtcTimestamp as utcText } from '../kit/utc-text';
import { instant } from './web-time';

/** How long a changed row is re-read before the position moves past it. */
export const SETTLE_SECONDS = 10;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The web account as identity_link names it; null for an anonymous row. */
function webAccount(customerId: number | null): string | null {
  return customerId === null ? null : String(customerId);
}

interface OrderRow {
  id: number;
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
export const ordersFeed: TouchpointFeed = changeDateFeed<OrderRow>({
  name: 'ecommerce.orders',
  system: 'ecommerce',
  settleSeconds: SETTLE_SECONDS,
  changedAt: { column: 'o.updated_at', type: 'utc timestamp' },
  key: { column: 'o.id', name: 'id', type: 'int' },
  columns: `o.id, o.reference, o.customer_id, lower(btrim(o.status)) AS status,
              round(o.total_amount * 100)::bigint::text AS amount_minor, upper(btrim(o.currency)) AS currency,
              ${utcText('o.placed_at')} AS placed_at`,
  from: 'orders o',
  entryOf: (row): FeedEntry => ({
    sourceKind: 'order',
    sourceKey: String(row.id),
    occurredAt: instant(row.placed_at),
    channel: 'WEB',
    ...orderWhy(row.status),
    placeKind: 'WEB',
    summary: `Order ${row.reference.trim()}, ${row.status}`,
    amountMinor: Number(row.amount_minor),
    currency: row.currency || null,
    recordType: 'Order',
    recordKey: row.reference.trim(),
    identityKey: webAccount(row.customer_id),
  }),
});

interface CartRow {
  id: number;
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
export const cartsFeed: TouchpointFeed = changeDateFeed<CartRow>({
  name: 'ecommerce.carts',
  system: 'ecommerce',
  settleSeconds: SETTLE_SECONDS,
  changedAt: { column: 'c.updated_at', type: 'utc timestamp' },
  key: { column: 'c.id', name: 'id', type: 'int' },
  columns: `c.id, c.customer_id, c.converted_order_id IS NOT NULL AS converted,
              ${utcTextOfTimestamptz('now() - make_interval(secs => $5::int)')} AS abandoned_before`,
  from: 'carts c',
  params: [ABANDONED_AFTER_SECONDS],
  entryOf: (row): FeedEntry | null =>
    row.converted || row.changed_at >= row.abandoned_before
      ? null
      : {
          sourceKind: 'cart',
          sourceKey: String(row.id),
          occurredAt: instant(row.changed_at),
          channel: 'WEB',
          reason: 'CART',
          role: 'SELL',
          placeKind: 'WEB',
          summary: 'Cart not ordered',
          recordType: 'Cart',
          recordKey: String(row.id),
          identityKey: webAccount(row.customer_id),
        },
  withdrawnOf: (row) => (row.converted ? { sourceKind: 'cart', sourceKey: String(row.id) } : null),
  undecided: (row) => !row.converted && row.changed_at >= row.abandoned_before,
});

interface SearchRow {
  id: string;
  customer_id: number | null;
  searched_at: string;
  words: number;
}

/**
 * searches by growing id: kind `search`, reason SEARCH, role INFORMATION, record `Search`/id.
 * Identity: the signed-in web account, null for an anonymous search. The summary never quotes the
 * query (people type names, e-mails, order numbers): only its number of words.
 */
export const searchesFeed: TouchpointFeed = growingKeyFeed<SearchRow>({
  name: 'ecommerce.searches',
  system: 'ecommerce',
  alias: 's',
  key: 'id',
  columns: `s.id::text AS id, s.customer_id, ${utcText('s.searched_at')} AS searched_at,
              coalesce(array_length(regexp_split_to_array(btrim(s.query), '\\s+'), 1), 0) AS words`,
  from: 'searches s',
  entryOf: (row): FeedEntry => ({
    sourceKind: 'search',
    sourceKey: row.id,
    occurredAt: instant(row.searched_at),
    channel: 'WEB',
    reason: 'SEARCH',
    role: 'INFORMATION',
    placeKind: 'WEB',
    summary: `Search, ${plural(row.words, 'word')}`,
    recordType: 'Search',
    recordKey: row.id,
    identityKey: webAccount(row.customer_id),
  }),
});

interface ReviewRow {
  id: number;
  customer_id: number;
  created_at: string;
  rating: number;
  sku: string;
  published: boolean;
}

/**
 * reviews by growing id: kind `review`, reason REVIEW, role INFORMATION, record `Review`/id, at
 * created_at. The summary gives the rating and the article code, never the title or the text.
 */
export const reviewsFeed: TouchpointFeed = growingKeyFeed<ReviewRow>({
  name: 'ecommerce.reviews',
  system: 'ecommerce',
  alias: 'r',
  key: 'id',
  columns: `r.id, r.customer_id, ${utcText('r.created_at')} AS created_at, r.rating, r.sku, r.published`,
  from: 'reviews r',
  entryOf: (row): FeedEntry => ({
    sourceKind: 'review',
    sourceKey: String(row.id),
    occurredAt: instant(row.created_at),
    channel: 'WEB',
    reason: 'REVIEW',
    role: 'INFORMATION',
    placeKind: 'WEB',
    summary: `Review ${row.rating}/5 of ${row.sku.trim()}${row.published ? '' : ' (not published)'}`,
    recordType: 'Review',
    recordKey: String(row.id),
    identityKey: webAccount(row.customer_id),
  }),
});

export const ecommerceFeeds: TouchpointFeed[] = [ordersFeed, cartsFeed, searchesFeed, reviewsFeed];
