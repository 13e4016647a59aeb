// Loyalty cards and their points ledger. NUM_CARTE is char(13): compared as char, trimmed on read.
import { Queryable } from '../kit/database';
import { ReadModelKeys, readModelCondition } from '../kit/read-model';
import { joinedStore, StoreRow } from './stores.repo';

export interface LoyaltyRow {
  card: string;
  status: string;
  family: string | null;
  issued: string;
  issuing_store: string;
  points: number;
  expiring_30: number;
  expiring_60: number;
  /** The issuing store, read in the same statement (null when MAG_CREATION is not in MAGASIN). */
  store_row: StoreRow | null;
}

/**
 * Cards with their points balance and expiring points, in one statement for any number of cards.
 * Expiry rule (documented on LoyaltyAccount): the card's spent and expired points (negative
 * movements) use up its earned points (positive movements) in order of expiry date — `YYYYMMDD`
 * text sorts like the date, so no parsing can fail — earned points without a date last; what is
 * left of an earned movement expires on its date. Windows end today + 30 / + 60 in Paris.
 */
export function loyaltyByCards(db: Queryable, cards: readonly string[], readModel?: ReadModelKeys): Promise<LoyaltyRow[]> {
  // READ_MODEL=store.MOUVEMENT_POINTS (kit/read-model.ts): the cards' movements named by the hub's
  // copy of (NUM_CARTE, ID_MVT), plus those above its high water, by primary key; still on their card.
  const byReadModel = readModel ? readModelCondition('m', 'ID_MVT', readModel, 2) : null;
  return db.query<LoyaltyRow>(
    `WITH ledger AS (
       SELECT m."NUM_CARTE" AS card, m."ID_MVT" AS id, m."POINTS" AS points,
              CASE WHEN m."DATE_EXPIRATION" ~ '^[0-9]{8}$' THEN m."DATE_EXPIRATION"::text END AS expires
         FROM "MOUVEMENT_POINTS" m
        WHERE m."NUM_CARTE" = ANY($1::char(13)[])${byReadModel ? ` AND ${byReadModel.sql}` : ''}
     ), totals AS (
       SELECT card, sum(points) AS balance, COALESCE(sum(-points) FILTER (WHERE points < 0), 0) AS used
         FROM ledger GROUP BY card
     ), earned AS (
       SELECT card, expires, points,
              sum(points) OVER (PARTITION BY card ORDER BY expires NULLS LAST, id) AS running
         FROM ledger WHERE points > 0
     ), horizon AS (
       SELECT to_char((now() AT TIME ZONE 'Europe/Paris')::date + 30, 'YYYYMMDD') AS d30,
              to_char((now() AT TIME ZONE 'Europe/Paris')::date + 60, 'YYYYMMDD') AS d60
     ), expiring AS (
       SELECT e.card,
              sum(greatest(0, least(e.points, e.running - t.used))) FILTER (WHERE e.expires <= h.d30) AS within_30,
              sum(greatest(0, least(e.points, e.running - t.used))) FILTER (WHERE e.expires <= h.d60) AS within_60
         FROM earned e JOIN totals t USING (card) CROSS JOIN horizon h
        GROUP BY e.card
     )
     SELECT c."NUM_CARTE" AS card, c."STATUT" AS status, c."NUM_FOYER" AS family,
            c."DATE_CREATION" AS issued, c."MAG_CREATION" AS issuing_store,
            COALESCE(t.balance, 0)::int AS points,
            COALESCE(x.within_30, 0)::int AS expiring_30,
            COALESCE(x.within_60, 0)::int AS expiring_60,
            ${joinedStore('s')}
       FROM "CARTE_FIDELITE" c
       LEFT JOIN "MAGASIN" s ON s."CODE_MAG" = c."MAG_CREATION"
       LEFT JOIN totals t ON t.card = c."NUM_CARTE"
       LEFT JOIN expiring x ON x.card = c."NUM_CARTE"
      WHERE c."NUM_CARTE" = ANY($1::char(13)[])`,
    [cards, ...(byReadModel?.params ?? [])],
  );
}

export interface FamilyCardRow {
  family: string;
  card: string;
  status: string;
}

/** Every card of each family account (NUM_FOYER), the family's first card included, in one statement. */
export function cardsOfFamilies(db: Queryable, families: readonly string[]): Promise<FamilyCardRow[]> {
  return db.query<FamilyCardRow>(
    `SELECT f.id AS family, c."NUM_CARTE" AS card, c."STATUT" AS status
       FROM unnest($1::text[]) AS f(id)
       JOIN "CARTE_FIDELITE" c ON c."NUM_FOYER" = f.id::char(13) OR c."NUM_CARTE" = f.id::char(13)
      ORDER BY f.id, c."NUM_CARTE"`,
    [families],
  );
}

export interface MovementRow {
  id: string;
  card: string;
  date: string;
  points: number;
  motive: string;
  expires: string | null;
  receipt: string | null;
}

/** Points movements by id (ID_MVT, canonical text), for the history's records: one statement per batch. */
export function movementsByIds(db: Queryable, ids: readonly string[]): Promise<MovementRow[]> {
  return db.query<MovementRow>(
    `SELECT m."ID_MVT"::text AS id, m."NUM_CARTE" AS card, m."DATE_MVT" AS date, m."POINTS" AS points, m."MOTIF" AS motive,
            m."DATE_EXPIRATION" AS expires, m."NUM_TICKET"::text AS receipt
       FROM "MOUVEMENT_POINTS" m WHERE m."ID_MVT" = ANY($1::bigint[])`,
    [ids],
  );
}
