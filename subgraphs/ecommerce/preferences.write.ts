// A customer's preferences written on their web accounts (issue 15 item 2), as the web shop writes
// them: `customers.preferred_store` (a store code, char(4)) and `customers.newsletter` (the
// newsletter by e-mail: true or false), with `updated_at` stamped in UTC without a zone. A
// soft-deleted account is left as it is. Conflict rule and receipt: kit/contact-details.ts.
import type { Database } from '../kit/database';
import { ContactTally, decideField, RowUpdate } from '../kit/contact-details';
import { optInField, PreferenceWriter } from '../kit/preferences';
import { lockAccount, updateAccount } from './account.write';

const NEWSLETTER = optInField('newsletter', 'email');

export const writeEcommercePreferences: PreferenceWriter = {
  holds: ['favouriteStore', NEWSLETTER],
  async write(db: Database, records, change, requestedAt) {
    const tally = new ContactTally('preferencesUpdated');
    const newsletter = change.optIns?.find((optIn) => optInField(optIn.purpose, optIn.medium) === NEWSLETTER);
    return db.withTransaction(async (tx) => {
      for (const record of records) {
        tally.records += 1;
        const account = await lockAccount<{ store: string | null; newsletter: boolean }>(tx, record.localKey, 'upper(trim(preferred_store)) AS store, newsletter');
        if (!account) continue;
        tally.found += 1;
        const update = new RowUpdate(account.id);
        const olds = (field: string) => (record.old[field] === undefined ? [] : [record.old[field]]);
        if (change.favouriteStore !== undefined) {
          const outcome = decideField(account.store || null, olds('favouriteStore'), change.favouriteStore, account.changed_at, requestedAt);
          tally.add('favouriteStore', outcome);
          if (outcome === 'written') update.assign('preferred_store', change.favouriteStore);
        }
        if (newsletter) {
          const outcome = decideField(String(account.newsletter), olds(NEWSLETTER), String(newsletter.granted), account.changed_at, requestedAt);
          tally.add(NEWSLETTER, outcome);
          if (outcome === 'written') update.assign('newsletter', newsletter.granted);
        }
        if (update.empty) continue;
        await updateAccount(tx, update);
        tally.rowsUpdated += 1;
      }
      return tally.receipt({ customers: { updated: tally.rowsUpdated, found: tally.found } });
    });
  },
};
