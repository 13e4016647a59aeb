// What the web shop holds that is a preference (issue 15 item 1), for the hub to stage
// (kit/preferences.ts): the account's `preferred_store`, a store code the customer chose (declared).
// The newsletter flag is an opt-in: read as a consent decision (consent.extract.ts).
// Date: the column has no date of its own, so it is dated by the account's last change
// (`updated_at`, UTC without a zone): a bound, the latest moment it can have been chosen.
// A soft-deleted account's choice is skipped (no live contact).
import { slicedRead } from '../kit/sliced-read';
import type { LegacyPreference, PreferenceReader } from '../kit/preferences';

const UTC_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/** Every account's chosen store, sliced by account (kit/sliced-read.ts). */
export const readEcommercePreferences: PreferenceReader = slicedRead<{ id: number; store: string; updated: string }, LegacyPreference>({
  system: 'ecommerce',
  tables: ['customers'],
  sql: `SELECT id, upper(trim(preferred_store)) AS store, to_char(updated_at, ${UTC_TEXT}) AS updated
          FROM customers WHERE deleted_at IS NULL AND trim(coalesce(preferred_store, '')) <> ''`,
  key: 'id',
  map: (rows) => ({
    rows: rows.map((row) => ({
      system: 'ecommerce',
      localKey: String(row.id),
      preference: 'favouriteStore',
      scope: '',
      value: row.store,
      statedAt: row.updated,
      basis: 'declared',
      source: 'customers.preferred_store',
      sourceRef: String(row.id),
    })),
  }),
});
