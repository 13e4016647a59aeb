// A customer's new contact details written on their campaign contacts (issue 15 item 2), as the
// campaign tool stores them: email lower-cased with email_sha256 (hex SHA-256 of it) beside it,
// mobile_e164 (a mobile only: the tool sends SMS; a landline is not held here), postcode and
// country, and updated_at stamped, so the hub's identity pass re-reads the contact.
// Conflict rule and receipt: kit/contact-details.ts. One transaction.
import { createHash } from 'node:crypto';
import type { Database } from '../kit/database';
import { ContactTally, ContactWriter, decideField, RowUpdate } from '../kit/contact-details';
import { isInvalid, normaliseEmail, normalisePhone, normalisePostcode } from '../kit/identity/normalise';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const writeMarketingContactDetails: ContactWriter = async (db: Database, records, change, requestedAt) => {
  const tally = new ContactTally();
  return db.withTransaction(async (tx) => {
    for (const record of records) {
      tally.records += 1;
      const key = record.localKey.trim().toLowerCase();
      if (!UUID.test(key)) continue;
      const [contact] = await tx.query<{ email: string | null; mobile_e164: string | null; postcode: string | null; country: string | null; changed_at: Date }>(
        'SELECT email, mobile_e164, postcode, country, updated_at AS changed_at FROM mk_contact WHERE contact_uuid = $1::uuid FOR UPDATE',
        [key],
      );
      if (!contact) continue;
      tally.found += 1;
      const update = new RowUpdate(key);
      if (change.email !== undefined) {
        const current = normaliseEmail(contact.email);
        const outcome = decideField(isInvalid(current) ? contact.email : current.value, record.old.emails, change.email, contact.changed_at, requestedAt);
        tally.add('email', outcome);
        if (outcome === 'written') {
          update.assign('email', change.email);
          update.assign('email_sha256', createHash('sha256').update(change.email).digest('hex'));
        }
      }
      if (change.phone !== undefined) {
        if (!change.phone.mobile) tally.add('mobile', 'notHeld');
        else {
          const current = normalisePhone(contact.mobile_e164);
          const outcome = decideField(isInvalid(current) ? contact.mobile_e164 : current.e164, record.old.phones, change.phone.e164, contact.changed_at, requestedAt);
          tally.add('mobile', outcome);
          if (outcome === 'written') update.assign('mobile_e164', change.phone.e164);
        }
      }
      if (change.address !== undefined) {
        const current = normalisePostcode(contact.postcode);
        const currentValue = isInvalid(current) ? contact.postcode : current.value;
        const outcome =
          currentValue === change.address.postcode && (contact.country ?? '').trim() !== change.address.country
            ? 'written'
            : decideField(currentValue, record.old.postcode, change.address.postcode, contact.changed_at, requestedAt);
        tally.add('postcode', outcome);
        if (outcome === 'written') {
          update.assign('postcode', change.address.postcode.slice(0, 10));
          update.assign('country', change.address.country);
        }
      }
      if (update.empty) continue;
      await tx.query(`UPDATE mk_contact SET ${update.setList('updated_at = now()')} WHERE contact_uuid = $1::uuid`, update.params);
      tally.rowsUpdated += 1;
    }
    return tally.receipt({ mk_contact: { updated: tally.rowsUpdated, found: tally.found } });
  });
};
