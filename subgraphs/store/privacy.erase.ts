// Erasure in the store system (issue 11 item 5), as the till application closes a card at its
// holder's request: the card stays (receipts and the points ledger name it, and accounting keeps
// receipts ten years) but says nothing of its holder any more — civility, names, phone, e-mail,
// street, postcode, city and birth date blanked (`00000000` is the till's "unknown" birth date),
// family account left (NUM_FOYER), SMS offers refused, card closed (`R`), DATE_MAJ stamped in Paris
// time as the till does. Receipts (TICKET, LIGNE_TICKET) and points (MOUVEMENT_POINTS) are kept as
// they are, totals and dates unchanged: they point at a card that no longer names anybody.
//
// Idempotent: only a card still holding something is updated, so a re-run (after a crash between
// this commit and the hub's receipt) touches nothing and says so. One transaction.
import type { Database } from '../kit/database';
import type { Json, RecordEraser } from '../kit/privacy';

export const eraseStoreRecords: RecordEraser = async (db: Database, localKeys: readonly string[]) => {
  const cards = [...new Set(localKeys.map((key) => key.trim()))];
  return db.withTransaction(async (tx) => {
    const erased = await tx.query(
      `UPDATE "CARTE_FIDELITE"
          SET "CIVILITE" = '', "NOM" = '', "PRENOM" = '', "TEL" = '', "EMAIL" = NULL, "ADR1" = '', "CP" = '',
              "VILLE" = '', "DATE_NAIS" = '00000000', "NUM_FOYER" = NULL, "OPT_SMS" = 'N', "STATUT" = 'R',
              "DATE_MAJ" = to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYYMMDDHH24MISS')
        WHERE "NUM_CARTE" = ANY($1::text[])
          AND ("CIVILITE" <> '' OR "NOM" <> '' OR "PRENOM" <> '' OR "TEL" <> '' OR "EMAIL" IS NOT NULL OR "ADR1" <> ''
               OR trim("CP") <> '' OR "VILLE" <> '' OR "DATE_NAIS" <> '00000000' OR "NUM_FOYER" IS NOT NULL
               OR "OPT_SMS" <> 'N' OR "STATUT" <> 'R')
        RETURNING 1`,
      [cards],
    );
    const [kept] = await tx.query<{ cards: number; receipts: number; movements: number }>(
      `SELECT (SELECT count(*) FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = ANY($1::text[]))::int AS cards,
              (SELECT count(*) FROM "TICKET" WHERE "NUM_CARTE" = ANY($1::text[]))::int AS receipts,
              (SELECT count(*) FROM "MOUVEMENT_POINTS" WHERE "NUM_CARTE" = ANY($1::text[]))::int AS movements`,
      [cards],
    );
    const receipt: { [key: string]: Json } = {
      action: 'anonymised',
      records: cards.length,
      alreadyErased: erased.length === 0 && kept.cards > 0,
      tables: {
        CARTE_FIDELITE: { anonymised: erased.length, found: kept.cards },
        TICKET: { kept: kept.receipts },
        MOUVEMENT_POINTS: { kept: kept.movements },
      },
      kept: 'receipts, receipt lines and points movements with their amounts and dates, on a closed card that names nobody',
    };
    return receipt;
  });
};
