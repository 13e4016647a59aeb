// The store's identity records (loyalty cards) as the hub's staging rows (kit/identity-records.ts).
import type { Database } from '../kit/database';
import { Cursor, Extraction, Extractor, isoDate, maxOf, postcodeOf, RecordBuilder, wallClockMinus } from '../kit/identity-records';
import { parisInstant } from '../kit/paris-time';

/** The store's stamps are wall-clock local time, which repeats an hour in autumn: read again for longer. */
const STORE_OVERLAP_MINUTES = 65;

interface CardRow {
  num_carte: string;
  nom: string;
  prenom: string;
  tel: string;
  email: string | null;
  adr1: string;
  cp: string;
  date_nais: string;
  num_foyer: string | null;
  statut: string;
  date_maj: string;
}

const CARD_COLUMNS = `"NUM_CARTE" AS num_carte, "NOM" AS nom, "PRENOM" AS prenom, "TEL" AS tel, "EMAIL" AS email,
  "ADR1" AS adr1, "CP" AS cp, "DATE_NAIS" AS date_nais, "NUM_FOYER" AS num_foyer, "STATUT" AS statut, "DATE_MAJ" AS date_maj`;

export const storeIdentityRecords: Extractor = async function extractStore(db: Database, since?: Cursor): Promise<Extraction> {
  let rows: CardRow[];
  if (since?.changed) {
    // The till stamps every change (DATE_MAJ); a new card also carries its creation day.
    const from = wallClockMinus(since.changed, STORE_OVERLAP_MINUTES);
    rows = await db.query<CardRow>(
      `SELECT ${CARD_COLUMNS} FROM "CARTE_FIDELITE" WHERE "DATE_MAJ" >= $1 OR "DATE_CREATION" >= $2`,
      [from, from.slice(0, 8)],
    );
  } else {
    rows = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM "CARTE_FIDELITE"`);
  }
  const records = rows.map((row) => {
    const key = row.num_carte.trim();
    const builder = new RecordBuilder('store', key)
      .names(row.prenom, row.nom)
      .card(key, 'holder', 'card_invalid')
      .phone(row.tel)
      .email(row.email)
      .address(row.adr1, row.cp);
    const record = builder.record;
    record.birthDate = isoDate(row.date_nais, 'DDMMYYYY');
    record.postcode = postcodeOf(row.cp);
    record.familyAccount = row.num_foyer?.trim() || null;
    record.status = row.statut?.trim() === 'R' ? 'closed' : 'active';
    // DATE_MAJ is Paris wall-clock text `YYYYMMDDHHMMSS`.
    const stamp = row.date_maj?.trim() ?? '';
    record.sourceChangedAt = parisInstant(stamp.slice(0, 8), stamp.slice(8))?.toISOString() ?? null;
    return record;
  });
  const stamps = rows.map((row) => (/^\d{14}$/.test(row.date_maj) ? row.date_maj : null));
  return { records, cursor: { changed: maxOf(stamps, since?.changed ?? null), id: null } };
};
