// A customer's new contact details written on their loyalty cards (issue 15 item 2), as the till
// application writes a card: EMAIL as typed (we give it lower case), TEL in the French national
// spelling cashiers use (`06 12 34 56 78`; a foreign number in E.164), ADR1/CP/VILLE (CP is
// char(5): a postcode that is not five digits is not held here), and DATE_MAJ stamped in Paris
// wall-clock time `YYYYMMDDHHMMSS`, so the hub's identity pass re-reads the card.
// Conflict rule and receipt: kit/contact-details.ts. One transaction; a card is locked while read.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Database } from '../kit/database';
import { ContactTally, ContactWriter, decideField, RowUpdate } from '../kit/contact-details';
import { isInvalid, normaliseEmail, normalisePhone } from '../kit/identity/normalise';
import { addressKey } from '../kit/identity/address';
import { lockCard, updateCard } from './card.write';

interface Card {
  EMAIL: string | null;
  TEL: string;
  ADR1: string;
  CP: string;
  VILLE: string;
}

export function tillPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed && parsed.country === 'FR' ? parsed.formatNational() : e164;
}

export const writeStoreContactDetails: ContactWriter = async (db: Database, records, change, requestedAt) => {
  const tally = new ContactTally();
  return db.withTransaction(async (tx) => {
    for (const record of records) {
      tally.records += 1;
      const card = await lockCard<Card>(tx, record.localKey, '"EMAIL", "TEL", "ADR1", "CP", "VILLE"');
      if (!card) continue;
      tally.found += 1;
      const update = new RowUpdate(card.NUM_CARTE);
      if (change.email !== undefined) {
        const current = normaliseEmail(card.EMAIL);
        const outcome = decideField(isInvalid(current) ? card.EMAIL : current.value, record.old.emails, change.email, card.changed_at, requestedAt);
        tally.add('email', outcome);
        if (outcome === 'written') update.assign('"EMAIL"', change.email);
      }
      if (change.phone !== undefined) {
        const current = normalisePhone(card.TEL);
        const outcome = decideField(isInvalid(current) ? card.TEL : current.e164, record.old.phones, change.phone.e164, card.changed_at, requestedAt);
        tally.add('phone', outcome);
        if (outcome === 'written') update.assign('"TEL"', tillPhone(change.phone.e164));
      }
      if (change.address !== undefined) {
        const address = change.address;
        if (!/^\d{5}$/.test(address.postcode) || address.country !== 'FR') tally.add('address', 'notHeld');
        else {
          // The till has one street line: line2 follows it when it fits.
          const joined = [address.line1, address.line2].filter(Boolean).join(', ');
          const line = joined.length <= 80 ? joined : address.line1;
          const current = addressKey(card.ADR1, card.CP);
          const outcome = decideField(current, record.old.address, addressKey(line, address.postcode), card.changed_at, requestedAt);
          tally.add('address', outcome);
          if (outcome === 'written') {
            update.assign('"ADR1"', line.slice(0, 80));
            update.assign('"CP"', address.postcode);
            update.assign('"VILLE"', address.city.toUpperCase().slice(0, 40));
          }
        }
      }
      if (update.empty) continue;
      await updateCard(tx, update);
      tally.rowsUpdated += 1;
    }
    return tally.receipt({ CARTE_FIDELITE: { updated: tally.rowsUpdated, found: tally.found } });
  });
};
