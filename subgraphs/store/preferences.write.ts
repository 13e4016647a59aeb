// A customer's SMS offers opt-in written on their loyalty cards (issue 15 item 2), as the till
// application writes a card: `OPT_SMS` `O` (agrees to SMS offers) or `N`, and `DATE_MAJ` stamped
// in Paris wall-clock time `YYYYMMDDHHMMSS`. A closed card (`STATUT = 'R'`) is no live contact:
// not written (counted as not held). Conflict rule and receipt: kit/contact-details.ts.
import type { Database } from '../kit/database';
import { ContactTally, decideField, RowUpdate } from '../kit/contact-details';
import { optInField, PreferenceWriter } from '../kit/preferences';
import { lockCard, updateCard } from './card.write';

const OFFERS_SMS = optInField('offers', 'sms');

export const writeStorePreferences: PreferenceWriter = {
  holds: [OFFERS_SMS],
  async write(db: Database, records, change, requestedAt) {
    const tally = new ContactTally('preferencesUpdated');
    const optIn = change.optIns?.find((candidate) => optInField(candidate.purpose, candidate.medium) === OFFERS_SMS);
    return db.withTransaction(async (tx) => {
      for (const record of records) {
        tally.records += 1;
        if (!optIn) continue;
        const card = await lockCard<{ OPT_SMS: string; STATUT: string }>(tx, record.localKey, '"OPT_SMS", "STATUT"');
        if (!card) continue;
        tally.found += 1;
        if (card.STATUT?.trim() === 'R') {
          tally.add(OFFERS_SMS, 'notHeld');
          continue;
        }
        const flag = card.OPT_SMS?.trim().toUpperCase();
        const current = flag === 'O' ? 'true' : flag === 'N' ? 'false' : (card.OPT_SMS ?? null);
        const old = record.old[OFFERS_SMS];
        const outcome = decideField(current, old === undefined ? [] : [old], String(optIn.granted), card.changed_at, requestedAt);
        tally.add(OFFERS_SMS, outcome);
        if (outcome !== 'written') continue;
        const update = new RowUpdate(card.NUM_CARTE);
        update.assign('"OPT_SMS"', optIn.granted ? 'O' : 'N');
        await updateCard(tx, update);
        tally.rowsUpdated += 1;
      }
      return tally.receipt({ CARTE_FIDELITE: { updated: tally.rowsUpdated, found: tally.found } });
    });
  },
};
