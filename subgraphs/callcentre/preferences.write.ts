// A customer's preferred language written on their call-centre contacts (issue 15 item 2), as the
// CTI tool stores it: `contacts.language`, two lower-case letters, and `updated_epoch` stamped in
// epoch seconds. The callback hours are not written: a callbacks row is a request to be called,
// which agents act on, not a preference to overwrite. Conflict rule and receipt: kit/contact-details.ts.
import type { Database } from '../kit/database';
import { ContactTally, decideField } from '../kit/contact-details';
import type { PreferenceWriter } from '../kit/preferences';

export const writeCallcentrePreferences: PreferenceWriter = {
  holds: ['language'],
  async write(db: Database, records, change, requestedAt) {
    const tally = new ContactTally('preferencesUpdated');
    return db.withTransaction(async (tx) => {
      for (const record of records) {
        tally.records += 1;
        if (change.language === undefined || !/^\d{1,10}$/.test(record.localKey.trim())) continue;
        const [contact] = await tx.query<{ contact_id: number; language: string | null; changed_at: Date }>(
          'SELECT contact_id, lower(trim(language)) AS language, to_timestamp(updated_epoch) AS changed_at FROM contacts WHERE contact_id = $1 FOR UPDATE',
          [Number(record.localKey)],
        );
        if (!contact) continue;
        tally.found += 1;
        const old = record.old.language;
        const outcome = decideField(contact.language, old === undefined ? [] : [old], change.language, contact.changed_at, requestedAt);
        tally.add('language', outcome);
        if (outcome !== 'written') continue;
        await tx.query('UPDATE contacts SET language = $2, updated_epoch = extract(epoch FROM now())::bigint WHERE contact_id = $1', [contact.contact_id, change.language]);
        tally.rowsUpdated += 1;
      }
      return tally.receipt({ contacts: { updated: tally.rowsUpdated, found: tally.found } });
    });
  },
};
