// What the store system holds that is a preference (issue 15 item 1), for the hub to stage
// (kit/preferences.ts): the store a card's receipts come from most (derived, not declared: the tills
// record purchases, not a choice), by the rule `Customer.favouriteStores` uses (receipts.repo.ts:
// most receipts, then the most recent visit, then the code), dated by the latest receipt in that
// store (`DATE_TICKET` + `HEURE_TICKET`, Paris wall-clock). The card's `OPT_SMS` is an opt-in: read
// as a consent decision (consent.extract.ts). A row whose date is unreadable is skipped.
import { AppendOnlyDigest, slicedRead } from '../kit/sliced-read';
import type { LegacyPreference, PreferenceReader } from '../kit/preferences';
import { parisInstant } from '../kit/paris-time';

interface FavouriteStoreRow {
  card: string;
  store: string;
  last_receipt: string;
  last_date: string;
  last_time: string;
}

/** The rows a card's favourite store depends on: its receipts, only ever added, by NUM_TICKET. */
export const FAVOURITE_STORE_RECEIPTS: AppendOnlyDigest = {
  table: '"TICKET"',
  where: 'r."NUM_CARTE" IS NOT NULL',
  position: 'r."NUM_TICKET"',
  key: 'trim(r."NUM_CARTE")',
  row: '(trim(r."NUM_CARTE"), r."CODE_MAG", r."NUM_TICKET", r."DATE_TICKET", r."HEURE_TICKET")',
  wholeEveryMs: 10 * 60_000,
};

/** Every card's favourite store, sliced by card (kit/sliced-read.ts): a new receipt re-reads its card's slice only. */
export const readStorePreferences: PreferenceReader = slicedRead<FavouriteStoreRow, LegacyPreference>({
  system: 'store',
  tables: ['TICKET'],
  sql: `SELECT trim(s.card) AS card, trim(s.store) AS store, s.last_receipt::text AS last_receipt,
               l."DATE_TICKET" AS last_date, l."HEURE_TICKET" AS last_time
          FROM (SELECT "NUM_CARTE" AS card, "CODE_MAG" AS store, max("NUM_TICKET") AS last_receipt,
                       row_number() OVER (PARTITION BY "NUM_CARTE" ORDER BY count(*) DESC, max("NUM_TICKET") DESC, "CODE_MAG") AS rn
                  FROM "TICKET" WHERE "NUM_CARTE" IS NOT NULL
                 GROUP BY "NUM_CARTE", "CODE_MAG") s
          JOIN "TICKET" l ON l."NUM_TICKET" = s.last_receipt
         WHERE s.rn = 1`,
  key: 'card',
  // A card's answer depends on its receipts only, and receipts are only ever added, numbered in
  // order (NUM_TICKET): a pass digests the receipts written since the last one (an index range scan
  // on the primary key), not the 7 M of them (4.4 s at 1,000,000 people, every 30 s while the tills
  // write); the whole every 10 minutes (a corrected receipt shows then).
  appendOnly: FAVOURITE_STORE_RECEIPTS,
  map: (rows) => {
    const preferences: LegacyPreference[] = [];
    for (const row of rows) {
      const at = parisInstant(row.last_date, row.last_time);
      if (!at || row.card === '' || row.store === '') continue;
      preferences.push({
        system: 'store',
        localKey: row.card,
        preference: 'favouriteStore',
        scope: '',
        value: row.store,
        statedAt: at.toISOString(),
        basis: 'derived',
        source: 'TICKET.CODE_MAG',
        sourceRef: row.last_receipt,
      });
    }
    return { rows: preferences };
  },
});
