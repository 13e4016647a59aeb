// The store's part of a customer's export (kit/privacy.ts): every row store_legacy holds about the
// given loyalty cards — the card itself, its points ledger, its receipts and their lines — as the
// till system stores it (upper-case columns, text dates, cents). One statement whatever the number
// of cards, receipts or lines: the tables are aggregated to JSON by PostgreSQL (json keeps the
// columns in their order and every value as stored).
//
// Not exported: another card's rows, even of the same family account ("carte famille"). The family
// account's number (NUM_FOYER) is the number of its first card; when that card is not one of the
// customer's own, it is somebody else's card number: it is withheld, and the card says it belongs
// to a family account as a member.
import type { Database } from '../kit/database';
import type { Json, RecordExporter } from '../kit/privacy';

const CARD = /^\d{13}$/;

const EXPORT = `
  WITH card AS (SELECT * FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = ANY($1::char(13)[])),
       receipt AS (SELECT * FROM "TICKET" WHERE "NUM_CARTE" = ANY($1::char(13)[]))
  SELECT
    (SELECT coalesce(json_agg(c ORDER BY c."NUM_CARTE"), '[]') FROM card c) AS "CARTE_FIDELITE",
    (SELECT coalesce(json_agg(m ORDER BY m."ID_MVT"), '[]')
       FROM "MOUVEMENT_POINTS" m WHERE m."NUM_CARTE" = ANY($1::char(13)[])) AS "MOUVEMENT_POINTS",
    (SELECT coalesce(json_agg(t ORDER BY t."NUM_TICKET"), '[]') FROM receipt t) AS "TICKET",
    (SELECT coalesce(json_agg(l ORDER BY l."NUM_TICKET", l."NUM_LIGNE"), '[]')
       FROM "LIGNE_TICKET" l WHERE l."NUM_TICKET" IN (SELECT "NUM_TICKET" FROM receipt)) AS "LIGNE_TICKET"`;

type Row = { [column: string]: Json };

export const storeExportRecords: RecordExporter = async (db: Database, localKeys) => {
  // A key that is no card number names no row here (char(13) would pad or refuse it).
  const cards = [...new Set(localKeys.map((key) => key.trim()))].filter((key) => CARD.test(key));
  const [tables] = await db.query<{ [table: string]: Row[] }>(EXPORT, [cards]);
  const withheld: string[] = [];
  for (const card of tables.CARTE_FIDELITE) {
    const family = typeof card.NUM_FOYER === 'string' ? card.NUM_FOYER.trim() : null;
    if (family === null || family === '') continue;
    if (cards.includes(family)) {
      card.FAMILY_ACCOUNT_ROLE = 'holder';
    } else {
      card.NUM_FOYER = null;
      card.FAMILY_ACCOUNT_ROLE = 'member';
      if (!withheld.includes('NUM_FOYER')) withheld.push('NUM_FOYER');
    }
  }
  return {
    tables: tables as unknown as Json,
    withheld: withheld.map((column) => ({
      table: 'CARTE_FIDELITE',
      column,
      why: 'the family account number is its first card, another person’s card number',
    })),
  };
};
