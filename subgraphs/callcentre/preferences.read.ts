// What the call centre holds that is a preference (issue 15 item 1), for the hub to stage
// (kit/preferences.ts): a contact's `language` (the language agents speak to them in), and the
// hours of their latest callback request (`callbacks.window_start`–`window_end`: when the customer
// asked to be called, Paris wall-clock). Both declared by the customer.
// Dates: the language has no date of its own, so it is dated by the contact's last change
// (`updated_epoch`, epoch seconds): a bound, the latest moment it can have been stated. A callback's
// hours are dated by its request (`requested_epoch`). A language that is not two letters is skipped.
import { slicedRead } from '../kit/sliced-read';
import type { LegacyPreference, PreferenceReader } from '../kit/preferences';

interface CallcentrePreferenceRow {
  preference: 'language' | 'contactHours';
  local_key: string;
  value: string;
  stated_at: Date;
  source: string;
  source_ref: string;
}

/** Every contact's language and latest callback hours, sliced by contact (kit/sliced-read.ts). */
export const readCallcentrePreferences: PreferenceReader = slicedRead<CallcentrePreferenceRow, LegacyPreference>({
  system: 'callcentre',
  tables: ['contacts', 'callbacks'],
  sql: `SELECT 'language' AS preference, contact_id::text AS local_key, lower(trim(language)) AS value,
            to_timestamp(updated_epoch) AS stated_at, 'contacts.language' AS source, contact_id::text AS source_ref
       FROM contacts WHERE lower(trim(language)) ~ '^[a-z]{2}$'
     UNION ALL
     SELECT * FROM (
       SELECT DISTINCT ON (contact_id) 'contactHours', contact_id::text,
              to_char(window_start, 'HH24:MI') || '-' || to_char(window_end, 'HH24:MI'),
              to_timestamp(requested_epoch), 'callbacks.window', id::text
         FROM callbacks WHERE contact_id IS NOT NULL AND window_start IS NOT NULL AND window_end IS NOT NULL
        ORDER BY contact_id, requested_epoch DESC, id DESC) latest`,
  key: 'local_key',
  map: (rows) => ({
    rows: rows.map((row) => ({
      system: 'callcentre',
      localKey: row.local_key,
      preference: row.preference,
      scope: '',
      value: row.value,
      statedAt: row.stated_at.toISOString(),
      basis: 'declared',
      source: row.source,
      sourceRef: row.source_ref,
    })),
  }),
});
