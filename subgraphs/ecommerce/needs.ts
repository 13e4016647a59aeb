// The web shop's contribution to Customer.anticipatedNeeds (kit/needs.ts): saved payment cards
// about to end, abandoned carts, and the articles bought on the web for replenishment. Read from
// ecommerce_legacy at request time by web account (cg_payment_methods_customer_id,
// cg_carts_customer_id, cg_cart_items_cart_id, cg_orders_customer_id_placed_at,
// cg_order_items_order_id), one statement per kind for a whole batch of customers; purchases take one
// more to the hub per batch where READ_MODEL turns on its copy of orders (kit/read-model.ts).
import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { CONSENT_FIELDS, consentFactsOf } from '../kit/access/consent-check';
import { OWN_RECORDS, ownKeys } from '../kit/channel-customer';
import { addDays, now } from '../kit/clock';
import { Queryable } from '../kit/database';
import { NO_READ_MODELS, ReadModelKeys, readModelCondition, ReadModelReader } from '../kit/read-model';
import { perCustomerLoader, RecordPairs } from '../kit/loaders';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ArticlePurchases, ChannelNeeds, isoDay, NeedKind, needsFieldDescription, needsFieldOf, needSignal, NeedSignal, recordRef, servableKinds } from '../kit/needs';
import { SubgraphContext } from '../kit/subgraph';
import { ABANDONED_AFTER_DAYS } from './cart.type';
import { Customer } from './customer.type';
import { accountIds } from './per-customer';
import { utcText } from './web-time';

const SYSTEM = 'ecommerce';
/** A card is announced this many days before its last valid day … */
export const CARD_NOTICE_DAYS = 60;
/** … and still, once ended, for this many days (a saved card that no longer works). */
export const CARD_GRACE_DAYS = 30;
/** An abandoned cart older than this is no longer worth a reminder. */
export const CART_STALE_AFTER_DAYS = 30;
/** Orders this far back feed replenishment (same window as the store's). */
export const PURCHASE_WINDOW_DAYS = 365;
/** Orders that were bought: not pending, cancelled or returned. */
const BOUGHT = ['paid', 'shipped', 'delivered'];

/** A JS instant as a web `timestamp` parameter (UTC without a zone, like the columns). */
const timestamp = (instant: Date): string => instant.toISOString().replace('T', ' ').replace('Z', '');

export interface CardRow {
  idx: number;
  id: string;
  brand: string;
  exp_month: number;
  exp_year: number;
}

/** The saved cards of each customer's live web accounts (no number, no token: brand and validity). */
export function savedCards(db: Queryable, pairs: RecordPairs<number>): Promise<CardRow[]> {
  return db.query<CardRow>(
    `SELECT a.idx, p.id::text AS id, p.brand, p.exp_month, p.exp_year
       FROM unnest($1::int[], $2::int[]) AS a(idx, account_id)
       JOIN payment_methods p ON p.customer_id = a.account_id
       JOIN customers w ON w.id = p.customer_id AND w.deleted_at IS NULL
      ORDER BY a.idx, p.id`,
    [pairs.request, pairs.record],
  );
}

export interface AbandonedCartRow {
  idx: number;
  id: string;
  updated_at: string;
  articles: number;
  total: string;
}

/**
 * Carts of live accounts never ordered, last changed in [since, before) (UTC), with at least one
 * article: how many and their total.
 */
export function abandonedCarts(db: Queryable, pairs: RecordPairs<number>, since: Date, before: Date): Promise<AbandonedCartRow[]> {
  return db.query<AbandonedCartRow>(
    `SELECT a.idx, c.id::text AS id, ${utcText('c.updated_at')} AS updated_at,
            sum(i.quantity)::int AS articles, sum(i.quantity * i.unit_price)::numeric(12,2)::text AS total
       FROM unnest($1::int[], $2::int[]) AS a(idx, account_id)
       JOIN carts c ON c.customer_id = a.account_id
       JOIN customers w ON w.id = c.customer_id AND w.deleted_at IS NULL
       JOIN cart_items i ON i.cart_id = c.id
      WHERE c.converted_order_id IS NULL AND c.updated_at >= $3::timestamp AND c.updated_at < $4::timestamp
      GROUP BY a.idx, c.id, c.updated_at
     HAVING sum(i.quantity) > 0
      ORDER BY a.idx, c.updated_at DESC, c.id DESC`,
    [pairs.request, pairs.record, timestamp(since), timestamp(before)],
  );
}

export interface WebPurchaseRow {
  idx: number;
  ean: string;
  label: string;
  day: string;
  quantity: number;
  reference: string;
  placed_at: string;
}

/** Articles of bought orders placed in [since, until] (UTC), per Paris day. */
export function webPurchases(db: Queryable, pairs: RecordPairs<number>, since: Date, until: Date, readModel?: ReadModelKeys): Promise<WebPurchaseRow[]> {
  const rm = readModel ? readModelCondition('o', 'id', readModel, 6) : null;
  return db.query<WebPurchaseRow>(
    `SELECT a.idx, trim(i.ean) AS ean, (array_agg(i.name ORDER BY o.placed_at DESC, o.id DESC))[1] AS label,
            to_char((o.placed_at AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS day,
            sum(i.quantity)::int AS quantity,
            (array_agg(o.reference ORDER BY o.placed_at DESC, o.id DESC))[1] AS reference,
            ${utcText('max(o.placed_at)')} AS placed_at
       FROM unnest($1::int[], $2::int[]) AS a(idx, account_id)
       JOIN orders o ON o.customer_id = a.account_id${rm ? ` AND ${rm.sql}` : ''}
       JOIN order_items i ON i.order_id = o.id
      WHERE o.status = ANY($5::text[]) AND i.quantity > 0 AND o.placed_at >= $3::timestamp AND o.placed_at <= $4::timestamp
      GROUP BY a.idx, trim(i.ean), 4
      ORDER BY a.idx, 2, 4 DESC`,
    [pairs.request, pairs.record, timestamp(since), timestamp(until), BOUGHT, ...(rm?.params ?? [])],
  );
}

interface AccountsKey {
  accounts: readonly number[];
}

/** Per-request loaders: one statement per kind for a whole batch, "now" read once per batch. */
export function createEcommerceNeedsLoaders(db: Queryable, readModels: ReadModelReader = NO_READ_MODELS) {
  const loader = <R extends { idx: number }>(fetch: (pairs: RecordPairs<number>) => Promise<R[]>) =>
    perCustomerLoader((key: AccountsKey) => key.accounts, (_keys, pairs) => fetch(pairs), (row: R) => row.idx);
  return {
    savedCards: loader((pairs) => savedCards(db, pairs)),
    abandonedCarts: loader((pairs) => {
      const at = now();
      return abandonedCarts(db, pairs, addDays(at, -CART_STALE_AFTER_DAYS), addDays(at, -ABANDONED_AFTER_DAYS));
    }),
    webPurchases: loader(async (pairs) => {
      const at = now();
      const keys = readModels.covers('ecommerce', 'orders') ? await readModels.keysFor('ecommerce', 'orders', pairs.record.map(String)) : undefined;
      return webPurchases(db, pairs, addDays(at, -PURCHASE_WINDOW_DAYS), at, keys);
    }),
  };
}

export type EcommerceNeedsLoaders = ReturnType<typeof createEcommerceNeedsLoaders>;

/** The first instant a card no longer works: the first day of the month after its expiry month (UTC). */
export function cardEnd(card: { exp_month: number; exp_year: number }): Date | null {
  const { exp_month: month, exp_year: year } = card;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year) || year < 1970 || year > 2200) return null;
  return new Date(Date.UTC(year, month, 1));
}

/**
 * One need per saved card ending within CARD_NOTICE_DAYS (or ended within CARD_GRACE_DAYS) unless
 * another saved card of the customer works longer (it has been replaced).
 */
export function toCardNeeds(rows: readonly CardRow[], at: Date): NeedSignal[] {
  const ends = rows.map((row) => ({ row, end: cardEnd(row) }));
  const latest = Math.max(...ends.map(({ end }) => end?.getTime() ?? -Infinity));
  return ends
    .filter(({ end }) => end !== null && end.getTime() >= latest)
    .filter(({ end }) => end! <= addDays(at, CARD_NOTICE_DAYS) && end! > addDays(at, -CARD_GRACE_DAYS))
    .map(({ row, end }) => {
      const validity = `${String(row.exp_month).padStart(2, '0')}/${row.exp_year}`;
      const ended = end! <= at;
      return needSignal(
        NeedKind.PAYMENT_CARD_EXPIRING,
        `${SYSTEM}:${row.id}`,
        end!,
        ended
          ? `The ${row.brand.trim()} card saved on the web shop ended with ${validity}, and no other saved card works.`
          : `The ${row.brand.trim()} card saved on the web shop is valid until ${validity}, and no other saved card works longer.`,
        'Invite the customer to save their new card before their next web order.',
        [recordRef(SYSTEM, 'PaymentMethod', row.id)],
      );
    });
}

/** One need per abandoned cart, due from the moment it counts as abandoned. */
export function toCartNeeds(rows: readonly AbandonedCartRow[]): NeedSignal[] {
  return rows.map((row) => {
    const changed = new Date(row.updated_at);
    return needSignal(
      NeedKind.ABANDONED_CART,
      `${SYSTEM}:${row.id}`,
      addDays(changed, ABANDONED_AFTER_DAYS),
      `A web cart of ${row.articles} article${row.articles === 1 ? '' : 's'} (${row.total} EUR), last changed on ${isoDay(changed)}, was never ordered.`,
      'Remind the customer of their cart, or offer to complete the order with them.',
      [recordRef(SYSTEM, 'Cart', row.id, changed)],
    );
  });
}

export function toWebPurchases(rows: readonly WebPurchaseRow[]): ArticlePurchases[] {
  const byEan = new Map<string, ArticlePurchases>();
  for (const row of rows) {
    let article = byEan.get(row.ean);
    if (!article) byEan.set(row.ean, (article = { ean: row.ean, label: row.label, purchases: [] }));
    article.purchases.push({ day: row.day, quantity: row.quantity, record: recordRef(SYSTEM, 'Order', row.reference, new Date(row.placed_at)) });
  }
  return [...byEan.values()];
}

type Context = SubgraphContext<EcommerceNeedsLoaders>;

@Resolver(() => Customer)
export class EcommerceNeedsResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: needsFieldDescription('the needs the web shop’s records show (cards ending, abandoned carts) and the articles bought on the web'),
  })
  @Directive('@inaccessible')
  @Directive(`@requires(fields: "${OWN_RECORDS} ${CONSENT_FIELDS}")`)
  async ecommerceNeeds(@Root() customer: Customer, @Ctx() { loaders, principal }: Context): Promise<ChannelNeeds> {
    const kinds = servableKinds(principal, customer, SYSTEM, consentFactsOf(customer));
    const key = { accounts: accountIds(ownKeys(customer, SYSTEM)) };
    const at = now();
    const [cards, carts, purchases] = await Promise.all([
      kinds.has(NeedKind.PAYMENT_CARD_EXPIRING) ? loaders.savedCards.load(key) : [],
      kinds.has(NeedKind.ABANDONED_CART) ? loaders.abandonedCarts.load(key) : [],
      kinds.has(NeedKind.REPLENISHMENT_DUE) ? loaders.webPurchases.load(key) : [],
    ]);
    return { needs: [...toCardNeeds(cards, at), ...toCartNeeds(carts)], purchases: toWebPurchases(purchases) };
  }
}

/** The declaration in the web shop's definition. */
export const ecommerceNeeds = { field: needsFieldOf(SYSTEM) };
