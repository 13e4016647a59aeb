// Loyalty cards and their points ledger. NUM_CARTE is char(13): compared as char, trimmed on read.
import { Queryable } from '../kit/database';

export interface LoyaltyRow {
  card: string;
  status: string;
  points: number;
}

/** Cards with their points balance, in one statement for any number of cards. */
export function loyaltyByCards(db: Queryable, cards: readonly string[]): Promise<LoyaltyRow[]> {
  return db.query<LoyaltyRow>(
    `SELECT c."NUM_CARTE" AS card, c."STATUT" AS status,
            COALESCE((SELECT sum(m."POINTS") FROM "MOUVEMENT_POINTS" m WHERE m."NUM_CARTE" = c."NUM_CARTE"), 0)::int AS points
       FROM "CARTE_FIDELITE" c
      WHERE c."NUM_CARTE" = ANY($1::char(13)[])`,
    [cards],
  );
}
