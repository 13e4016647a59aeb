// A customer's preferences written on their web accounts (issue 15 item 2), as the web shop writes
// them: `customers.preferred_store` (a store code, char(4)) and `customers.newsletter` (the
// newsletter by e-mail: true or false), with `updated_at` stamped in UTC without a zone. A
// soft-deleted account is left as it is. Conflict rule and receipt: kit/contact-details.ts.
import type { Database } from '../kit/database';
import { ContactTally, decideField } from '../kit/contact-details';
import { optInField, PreferenceWriter } from '../kit/preferences';

const NEWSLETTER = optInField('newsletter', 'email');

export const writeEcommercePreferences: PreferenceWriter = {
  holds: ['favouriteStore', NEWSLETTER],
  async write(db: Database, records, change, requestedAt) {
    const tally = new ContactTally('preferencesUpdated');
    const newsletter = change.optIns?.find((optIn) => optInField(optIn.purpose, optIn.medium) === NEWSLETTER);
    return db.withTransaction(async (tx) => {
      for (const record of records) {
        tally.records += 1;
        if (!/^\d{1,10}$/.test(record.localKey.trim())) continue;
        const [account] = await tx.query<{ id: number; store: string | null; newsletter: boolean; changed_at: Date | null; deleted: boolean }>(
          `SELECT id, upper(trim(preferred_store)) AS store, newsletter, updated_at AT TIME ZONE 'UTC' AS changed_at, deleted_at IS NOT NULL AS deleted
             FROM customers WHERE id = $1 FOR UPDATE`,
          [Number(record.localKey)],
        );
        if (!account || account.deleted) continue;
        tally.found += 1;
        const set: string[] = [];
        const params: unknown[] = [account.id];
        const assign = (column: string, value: unknown) => {
          params.push(value);
          set.push(`${column} = $${params.length}`);
        };
        const olds = (field: string) => (record.old[field] === undefined ? [] : [record.old[field]]);
        if (change.favouriteStore !== undefined) {
          const outcome = decideField(account.store || null, olds('favouriteStore'), change.favouriteStore, account.changed_at, requestedAt);
          tally.add('favouriteStore', outcome);
          if (outcome === 'written') assign('preferred_store', change.favouriteStore);
        }
        if (newsletter) {
          const outcome = decideField(String(account.newsletter), olds(NEWSLETTER), String(newsletter.granted), account.changed_at, requestedAt);
          tally.add(NEWSLETTER, outcome);
          if (outcome === 'written') assign('newsletter', newsletter.granted);
        }
        if (set.length === 0) continue;
        await tx.query(`UPDATE customers SET ${set.join(', ')}, updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1`, params);
        tally.rowsUpdated += 1;
      }
      return tally.receipt({ customers: { updated: tally.rowsUpdated, found: tally.found } });
    });
  },
};
