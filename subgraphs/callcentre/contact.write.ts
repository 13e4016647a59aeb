// A customer's new contact details written on their call-centre contacts (issue 15 item 2), as the
// CTI tool captures them: email, phone in its compact spelling (`0612345678` for a French number,
// E.164 otherwise: the ANI it matches callers by), postcode (the only part of an address it holds),
// and updated_epoch stamped in epoch seconds, so the hub's identity pass re-reads the contact.
// Conflict rule and receipt: kit/contact-details.ts. One transaction.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Database } from '../kit/database';
import { ContactTally, ContactWriter, decideField, RowUpdate } from '../kit/contact-details';
import { isInvalid, normaliseEmail, normalisePhone, normalisePostcode } from '../kit/identity/normalise';

export function ctiPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed && parsed.country === 'FR' ? `0${parsed.nationalNumber}` : e164;
}

export const writeCallcentreContactDetails: ContactWriter = async (db: Database, records, change, requestedAt) => {
  const tally = new ContactTally();
  return db.withTransaction(async (tx) => {
    for (const record of records) {
      tally.records += 1;
      if (!/^\d{1,10}$/.test(record.localKey.trim())) continue;
      const [contact] = await tx.query<{ contact_id: number; email: string | null; phone: string; postcode: string | null; changed_at: Date }>(
        'SELECT contact_id, email, phone, postcode, to_timestamp(updated_epoch) AS changed_at FROM contacts WHERE contact_id = $1 FOR UPDATE',
        [Number(record.localKey)],
      );
      if (!contact) continue;
      tally.found += 1;
      const update = new RowUpdate(contact.contact_id);
      if (change.email !== undefined) {
        const current = normaliseEmail(contact.email);
        const outcome = decideField(isInvalid(current) ? contact.email : current.value, record.old.emails, change.email, contact.changed_at, requestedAt);
        tally.add('email', outcome);
        if (outcome === 'written') update.assign('email', change.email.slice(0, 120));
      }
      if (change.phone !== undefined) {
        const current = normalisePhone(contact.phone);
        const outcome = decideField(isInvalid(current) ? contact.phone : current.e164, record.old.phones, change.phone.e164, contact.changed_at, requestedAt);
        tally.add('phone', outcome);
        if (outcome === 'written') update.assign('phone', ctiPhone(change.phone.e164));
      }
      if (change.address !== undefined) {
        const current = normalisePostcode(contact.postcode);
        const outcome = decideField(isInvalid(current) ? contact.postcode : current.value, record.old.postcode, change.address.postcode, contact.changed_at, requestedAt);
        tally.add('postcode', outcome);
        if (outcome === 'written') update.assign('postcode', change.address.postcode.slice(0, 10));
      }
      if (update.empty) continue;
      await tx.query(`UPDATE contacts SET ${update.setList('updated_epoch = extract(epoch FROM now())::bigint')} WHERE contact_id = $1`, update.params);
      tally.rowsUpdated += 1;
    }
    return tally.receipt({ contacts: { updated: tally.rowsUpdated, found: tally.found } });
  });
};
