// A customer's new contact details written on their loyalty cards (issue 15 item 2), as the till
// application writes a card: EMAIL as typed (we give it lower case), TEL in the French national
// spelling cashiers use (`06 12 34 56 78`; a foreign number in E.164), ADR1/CP/VILLE (CP is
// char(5): a postcode that is not five digits is not held here), and DATE_MAJ stamped in Paris
// wall-clock time `YYYYMMDDHHMMSS`, so the hub's identity pass re-reads the card.
// Conflict rule and receipt: kit/contact-details.ts. One transaction; a card is locked while read.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Database } from '../kit/database';
import { ContactTally, ContactWriter, decideField } from '../kit/contact-details';
import { isInvalid, normaliseEmail, normalisePhone } from '../kit/identity/normalise';
import { addressKey } from '../kit/identity/address';

interface Card {
  NUM_CARTE: string;
  EMAIL: string | null;
  TEL: string;
  ADR1: string;
  CP: string;
  VILLE: string;
  changed_at: Date | null;
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
      const [card] = await tx.query<Card>(
        `SELECT "NUM_CARTE", "EMAIL", "TEL", "ADR1", "CP", "VILLE",
                CASE WHEN "DATE_MAJ" ~ '^[0-9]{14}$'
                     THEN to_timestamp("DATE_MAJ", 'YYYYMMDDHH24MISS')::timestamp AT TIME ZONE 'Europe/Paris' END AS changed_at
           FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = $1 FOR UPDATE`,
        [record.localKey.trim()],
      );
      if (!card) continue;
      tally.found += 1;
      const set: string[] = [];
      const params: unknown[] = [card.NUM_CARTE];
      const assign = (column: string, value: string | null) => {
        params.push(value);
        set.push(`"${column}" = $${params.length}`);
      };
      if (change.email !== undefined) {
        const current = normaliseEmail(card.EMAIL);
        const outcome = decideField(isInvalid(current) ? card.EMAIL : current.value, record.old.emails, change.email, card.changed_at, requestedAt);
        tally.add('email', outcome);
        if (outcome === 'written') assign('EMAIL', change.email);
      }
      if (change.phone !== undefined) {
        const current = normalisePhone(card.TEL);
        const outcome = decideField(isInvalid(current) ? card.TEL : current.e164, record.old.phones, change.phone.e164, card.changed_at, requestedAt);
        tally.add('phone', outcome);
        if (outcome === 'written') assign('TEL', tillPhone(change.phone.e164));
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
            assign('ADR1', line.slice(0, 80));
            assign('CP', address.postcode);
            assign('VILLE', address.city.toUpperCase().slice(0, 40));
          }
        }
      }
      if (set.length === 0) continue;
      await tx.query(
        `UPDATE "CARTE_FIDELITE" SET ${set.join(', ')}, "DATE_MAJ" = to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYYMMDDHH24MISS')
          WHERE "NUM_CARTE" = $1`,
        params,
      );
      tally.rowsUpdated += 1;
    }
    return tally.receipt({ CARTE_FIDELITE: { updated: tally.rowsUpdated, found: tally.found } });
  });
};
