// The store's contribution to Customer.anticipatedNeeds (kit/needs.ts): loyalty points about to
// expire, and the articles bought in store for replenishment. Read from store_legacy at request
// time through the card index (cg_ticket_num_carte_num_ticket, cg_mouvement_points_num_carte), one
// statement per kind for a whole batch of customers; where READ_MODEL turns on the hub's copy of
// TICKET or MOUVEMENT_POINTS (kit/read-model.ts), one more statement to the hub per kind and batch
// names the rows by primary key, as the receipts and loyalty lists do.
import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { CONSENT_FIELDS, consentFactsOf } from '../kit/access/consent-check';
import { OWN_RECORDS, ownKeys } from '../kit/channel-customer';
import { addDays, now, parisDay } from '../kit/clock';
import { Queryable } from '../kit/database';
import { NO_READ_MODELS, ReadModelKeys, readModelCondition, ReadModelReader } from '../kit/read-model';
import { perCustomerLoader, RecordPairs } from '../kit/loaders';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ArticlePurchases, ChannelNeeds, NeedKind, needsFieldDescription, needsFieldOf, needSignal, NeedSignal, recordRef, servableKinds } from '../kit/needs';
import { isoDate, parisInstant } from '../kit/paris-time';
import { SubgraphContext } from '../kit/subgraph';
import { Customer } from './customer.type';

const SYSTEM = 'store';
/** Points expiring within this many days (the card's own `pointsExpiringWithin30Days` window). */
export const POINTS_NOTICE_DAYS = 30;
/** Purchases this far back feed replenishment (the hub's rule: subgraphs/customer/needs/replenishment.ts). */
export const PURCHASE_WINDOW_DAYS = 365;

const compact = (day: string): string => day.replace(/-/g, '');

export interface ExpiringPointsRow {
  i: number;
  card: string;
  movement: string;
  movement_date: string;
  expires: string;
  remaining: number;
}

/**
 * What is left of each earned movement of active cards whose expiry date falls in [from, to]
 * (`YYYYMMDD`). The rule of Customer.loyalty (loyalty.repo.ts): spent and expired points use up
 * earned points in order of expiry date; what is left of an earned movement expires on its date.
 */
export function expiringPoints(db: Queryable, pairs: RecordPairs<string>, from: string, to: string, readModel?: ReadModelKeys): Promise<ExpiringPointsRow[]> {
  const rm = readModel ? readModelCondition('m', 'ID_MVT', readModel, 5) : null;
  return db.query<ExpiringPointsRow>(
    `WITH ledger AS (
       SELECT p.i, m."NUM_CARTE" AS card, m."ID_MVT" AS id, m."DATE_MVT" AS movement_date, m."POINTS" AS points,
              CASE WHEN m."DATE_EXPIRATION" ~ '^[0-9]{8}$' THEN m."DATE_EXPIRATION"::text END AS expires
         FROM unnest($1::int[], $2::text[]) AS p(i, card)
         JOIN "MOUVEMENT_POINTS" m ON m."NUM_CARTE" = p.card::char(13)${rm ? ` AND ${rm.sql}` : ''}
     ), used AS (
       SELECT i, card, COALESCE(sum(-points) FILTER (WHERE points < 0), 0) AS used FROM ledger GROUP BY i, card
     ), earned AS (
       SELECT i, card, id, movement_date, expires, points,
              sum(points) OVER (PARTITION BY i, card ORDER BY expires NULLS LAST, id) AS running
         FROM ledger WHERE points > 0
     )
     SELECT e.i, trim(e.card) AS card, e.id::text AS movement, e.movement_date, e.expires,
            greatest(0, least(e.points, e.running - u.used))::int AS remaining
       FROM earned e
       JOIN used u ON u.i = e.i AND u.card = e.card
       JOIN "CARTE_FIDELITE" c ON c."NUM_CARTE" = e.card
      WHERE c."STATUT" = 'A' AND e.expires >= $3 AND e.expires <= $4 AND e.running - u.used > 0
      ORDER BY e.i, e.card, e.expires, e.id`,
    [pairs.request, pairs.record, from, to, ...(rm?.params ?? [])],
  );
}

export interface StorePurchaseRow {
  i: number;
  ean: string;
  label: string;
  day: string;
  quantity: number;
  receipt: string;
  time: string;
}

/** Articles bought on sale receipts (returns and zero lines excluded) per day in [from, to] (`YYYYMMDD`). */
export function storePurchases(db: Queryable, pairs: RecordPairs<string>, from: string, to: string, readModel?: ReadModelKeys): Promise<StorePurchaseRow[]> {
  const rm = readModel ? readModelCondition('t', 'NUM_TICKET', readModel, 5) : null;
  return db.query<StorePurchaseRow>(
    `SELECT p.i, trim(l."EAN") AS ean, (array_agg(l."LIBELLE_ART" ORDER BY t."NUM_TICKET" DESC))[1] AS label,
            t."DATE_TICKET" AS day, sum(l."QTE")::int AS quantity,
            max(t."NUM_TICKET")::text AS receipt, (array_agg(t."HEURE_TICKET" ORDER BY t."NUM_TICKET" DESC))[1] AS time
       FROM unnest($1::int[], $2::text[]) AS p(i, card)
       JOIN "TICKET" t ON t."NUM_CARTE" = p.card::char(13)${rm ? ` AND ${rm.sql}` : ''}
       JOIN "LIGNE_TICKET" l ON l."NUM_TICKET" = t."NUM_TICKET"
      WHERE t."TYPE" = 'V' AND l."QTE" > 0 AND t."DATE_TICKET" >= $3 AND t."DATE_TICKET" <= $4
      GROUP BY p.i, l."EAN", t."DATE_TICKET"
      ORDER BY p.i, 2, t."DATE_TICKET" DESC`,
    [pairs.request, pairs.record, from, to, ...(rm?.params ?? [])],
  );
}

interface CardsKey {
  cards: readonly string[];
}

/** Per-request loaders: one statement per kind for a whole batch, "now" read once per batch. */
export function createStoreNeedsLoaders(db: Queryable, readModels: ReadModelReader = NO_READ_MODELS) {
  const keysOf = async (table: string, cards: readonly string[]): Promise<ReadModelKeys | undefined> =>
    readModels.covers('store', table) ? readModels.keysFor('store', table, cards) : undefined;
  return {
    expiringPoints: perCustomerLoader(
      (key: CardsKey) => key.cards,
      async (_keys, pairs) => {
        const today = parisDay(now());
        const to = compact(parisDay(addDays(new Date(`${today}T12:00:00Z`), POINTS_NOTICE_DAYS)));
        return expiringPoints(db, pairs, compact(today), to, await keysOf('MOUVEMENT_POINTS', pairs.record));
      },
      (row: ExpiringPointsRow) => row.i,
    ),
    storePurchases: perCustomerLoader(
      (key: CardsKey) => key.cards,
      async (_keys, pairs) => {
        const today = parisDay(now());
        const from = compact(parisDay(addDays(new Date(`${today}T12:00:00Z`), -PURCHASE_WINDOW_DAYS)));
        return storePurchases(db, pairs, from, compact(today), await keysOf('TICKET', pairs.record));
      },
      (row: StorePurchaseRow) => row.i,
    ),
  };
}

export type StoreNeedsLoaders = ReturnType<typeof createStoreNeedsLoaders>;

/** One need per card: its points expiring in the window, due on the first expiry date. */
export function toPointsNeeds(rows: readonly ExpiringPointsRow[]): NeedSignal[] {
  const byCard = new Map<string, ExpiringPointsRow[]>();
  for (const row of rows) if (row.remaining > 0) byCard.set(row.card, [...(byCard.get(row.card) ?? []), row]);
  return [...byCard].map(([card, movements]) => {
    const points = movements.reduce((sum, row) => sum + row.remaining, 0);
    const first = isoDate(movements[0].expires)!;
    const last = isoDate(movements[movements.length - 1].expires)!;
    const when = first === last ? `on ${first}` : `between ${first} and ${last}`;
    return needSignal(
      NeedKind.LOYALTY_POINTS_EXPIRING,
      `${SYSTEM}:${card}:${movements[0].expires}`,
      parisInstant(movements[0].expires, '000000')!,
      `${points} loyalty points on the card ending ${card.slice(-4)} expire ${when}.`,
      `Suggest using the points before ${first}: a purchase in store, or converting them into a voucher.`,
      [
        recordRef(SYSTEM, 'LoyaltyAccount', card),
        ...movements.map((row) => recordRef(SYSTEM, 'LoyaltyMovement', row.movement, parisInstant(row.movement_date, '000000'))),
      ],
    );
  });
}

/** The days each article was bought, newest first. */
export function toStorePurchases(rows: readonly StorePurchaseRow[]): ArticlePurchases[] {
  const byEan = new Map<string, ArticlePurchases>();
  for (const row of rows) {
    let article = byEan.get(row.ean);
    if (!article) byEan.set(row.ean, (article = { ean: row.ean, label: row.label, purchases: [] }));
    const day = isoDate(row.day);
    if (!day) continue;
    article.purchases.push({ day, quantity: row.quantity, record: recordRef(SYSTEM, 'Receipt', row.receipt, parisInstant(row.day, row.time)) });
  }
  return [...byEan.values()].filter((article) => article.purchases.length > 0);
}

type Context = SubgraphContext<StoreNeedsLoaders>;

@Resolver(() => Customer)
export class StoreNeedsResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: needsFieldDescription('the needs the store’s records show (points expiring) and the articles bought in store'),
  })
  @Directive('@inaccessible')
  @Directive(`@requires(fields: "${OWN_RECORDS} ${CONSENT_FIELDS}")`)
  async storeNeeds(@Root() customer: Customer, @Ctx() { loaders, principal }: Context): Promise<ChannelNeeds> {
    const kinds = servableKinds(principal, customer, SYSTEM, consentFactsOf(customer));
    const cards = ownKeys(customer, SYSTEM);
    const [points, purchases] = await Promise.all([
      kinds.has(NeedKind.LOYALTY_POINTS_EXPIRING) ? loaders.expiringPoints.load({ cards }) : [],
      kinds.has(NeedKind.REPLENISHMENT_DUE) ? loaders.storePurchases.load({ cards }) : [],
    ]);
    return { needs: toPointsNeeds(points), purchases: toStorePurchases(purchases) };
  }
}

/** The declaration in the store's definition. */
export const storeNeeds = { field: needsFieldOf(SYSTEM) };
