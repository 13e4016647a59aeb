// A customer's new contact details written on their web accounts (issue 15 item 2), as the web
// shop writes them: customers.email (lower case) and customers.phone in the shop's international
// spelling (`+33 6 12 34 56 78`), the account's default address row(s) (line1, line2, postcode,
// city, country; a billing default address added when the account has none), and updated_at
// stamped in UTC without a zone, so the hub's identity pass re-reads the account. A soft-deleted
// account is left as it is. Conflict rule and receipt: kit/contact-details.ts. One transaction.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Database } from '../kit/database';
import { ContactTally, ContactWriter, decideField, RowUpdate } from '../kit/contact-details';
import { isInvalid, normaliseEmail, normalisePhone } from '../kit/identity/normalise';
import { addressKey } from '../kit/identity/address';
import { lockAccount, updateAccount } from './account.write';

export function shopPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

export const writeEcommerceContactDetails: ContactWriter = async (db: Database, records, change, requestedAt) => {
  const tally = new ContactTally();
  let addressesUpdated = 0;
  let addressesAdded = 0;
  return db.withTransaction(async (tx) => {
    for (const record of records) {
      tally.records += 1;
      const account = await lockAccount<{ email: string | null; phone: string | null }>(tx, record.localKey, 'email, phone');
      if (!account) continue;
      tally.found += 1;
      const update = new RowUpdate(account.id);
      if (change.email !== undefined) {
        const current = normaliseEmail(account.email);
        const outcome = decideField(isInvalid(current) ? account.email : current.value, record.old.emails, change.email, account.changed_at, requestedAt);
        tally.add('email', outcome);
        if (outcome === 'written') update.assign('email', change.email);
      }
      if (change.phone !== undefined) {
        const current = normalisePhone(account.phone);
        const outcome = decideField(isInvalid(current) ? account.phone : current.e164, record.old.phones, change.phone.e164, account.changed_at, requestedAt);
        tally.add('phone', outcome);
        if (outcome === 'written') update.assign('phone', shopPhone(change.phone.e164));
      }
      let addressWritten = false;
      if (change.address !== undefined) {
        const address = change.address;
        const defaults = await tx.query<{ id: number; line1: string; line2: string | null; postcode: string; city: string; country: string }>(
          'SELECT id, line1, line2, postcode, city, country FROM addresses WHERE customer_id = $1 AND is_default ORDER BY id FOR UPDATE',
          [account.id],
        );
        const target = addressKey(address.line1, address.postcode);
        const same = (row: (typeof defaults)[number]) =>
          addressKey(row.line1, row.postcode) === target && (row.line2 ?? '') === (address.line2 ?? '') && row.city === address.city && row.country.trim() === address.country;
        // The shop's address rows carry no stamp of their own: the account's is theirs.
        const current = defaults.length === 0 ? null : defaults.every(same) ? target : addressKey(defaults[0].line1, defaults[0].postcode);
        const outcome = defaults.length > 0 && defaults.every(same) ? 'alreadyApplied' : decideField(current, record.old.address, target, account.changed_at, requestedAt);
        tally.add('address', outcome);
        if (outcome === 'written') {
          addressWritten = true;
          const values = [address.line1.slice(0, 120), address.line2?.slice(0, 120) ?? null, address.postcode.slice(0, 10), address.city.slice(0, 60), address.country];
          if (defaults.length > 0) {
            addressesUpdated += (
              await tx.query('UPDATE addresses SET line1 = $2, line2 = $3, postcode = $4, city = $5, country = $6 WHERE id = ANY($1::int[]) RETURNING 1', [
                defaults.map((row) => row.id),
                ...values,
              ])
            ).length;
          } else {
            await tx.query(`INSERT INTO addresses (customer_id, kind, line1, line2, postcode, city, country, is_default) VALUES ($1, 'billing', $2, $3, $4, $5, $6, true)`, [
              account.id,
              ...values,
            ]);
            addressesAdded += 1;
          }
        }
      }
      if (update.empty && !addressWritten) continue;
      await updateAccount(tx, update);
      tally.rowsUpdated += 1;
    }
    return tally.receipt({
      customers: { updated: tally.rowsUpdated, found: tally.found },
      addresses: { updated: addressesUpdated, added: addressesAdded },
    });
  });
};
