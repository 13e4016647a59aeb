// The store system's consent decisions as the hub's staging rows (kit/consent.ts): a loyalty card's
// `OPT_SMS` is its holder's decision on offers by SMS (`O` agrees to SMS offers, `N` not; legacy
// README). The till keeps no history of the flag and no date of its own, so its date is a bound:
// - a refusal (`N`) is dated `DATE_MAJ`, the card's last change (Paris wall-clock): the latest
//   moment it can have been made;
// - a grant (`O`) is dated `DATE_CREATION`, the day the card was issued (Paris midnight): the
//   earliest. `DATE_MAJ` moves with any change of the card (an address, a phone), and a stale `O`
//   freshened by such a change would outrank an SMS opt-out recorded elsewhere in between; consent
//   has to be shown, not presumed, so a grant counts only from when it is sure to have existed.
// A closed card's (`STATUT = 'R'`) grant is skipped and counted (a closed card is no live
// contact); its refusal still counts. Any other OPT_SMS value is skipped and counted, never guessed.
import { ConsentDecision, ConsentExtractor, countSkipped, SkippedCounts } from '../kit/consent';
import { slicedRead } from '../kit/sliced-read';
import { parisInstant } from '../kit/paris-time';

export interface CardConsentRow {
  num_carte: string;
  opt_sms: string;
  statut: string;
  date_creation: string;
  date_maj: string;
}

/** The flag's source code: no personal data, says which column the decision is. */
export const OPT_SMS = 'OPT_SMS';

function dayStart(date: string): Date | null {
  return parisInstant(date.trim(), '000000');
}

function stampOf(stamp: string): Date | null {
  const text = stamp.trim();
  return parisInstant(text.slice(0, 8), text.slice(8));
}

export function mapCardConsents(rows: readonly CardConsentRow[]): { decisions: ConsentDecision[]; skipped: SkippedCounts } {
  const decisions: ConsentDecision[] = [];
  const skipped: SkippedCounts = {};
  for (const row of rows) {
    const flag = (row.opt_sms ?? '').trim().toUpperCase();
    if (flag !== 'O' && flag !== 'N') {
      countSkipped(skipped, 'opt_sms_unknown');
      continue;
    }
    const granted = flag === 'O';
    if (granted && row.statut?.trim() === 'R') {
      countSkipped(skipped, 'grant_of_closed_card');
      continue;
    }
    // A refusal with an unreadable DATE_MAJ falls back to the issue day: still a refusal.
    const at = granted ? dayStart(row.date_creation) : (stampOf(row.date_maj) ?? dayStart(row.date_creation));
    if (!at) {
      countSkipped(skipped, 'no_date');
      continue;
    }
    const key = row.num_carte.trim();
    decisions.push({
      system: 'store',
      // identity.extract.ts keys a card by its trimmed NUM_CARTE.
      localKey: key,
      purpose: 'offers',
      medium: 'sms',
      granted,
      decidedAt: at.toISOString(),
      source: OPT_SMS,
      sourceRef: key,
    });
  }
  return { decisions, skipped };
}

/** Every card's flag, sliced by card (kit/sliced-read.ts): a changed card re-reads its slice only. */
export const storeConsentDecisions: ConsentExtractor = slicedRead<CardConsentRow, ConsentDecision>({
  system: 'store',
  tables: ['CARTE_FIDELITE'],
  sql: `SELECT "NUM_CARTE" AS num_carte, "OPT_SMS" AS opt_sms, "STATUT" AS statut, "DATE_CREATION" AS date_creation, "DATE_MAJ" AS date_maj
          FROM "CARTE_FIDELITE"`,
  key: 'num_carte',
  map: (rows) => {
    const { decisions, skipped } = mapCardConsents(rows);
    return { rows: decisions, skipped };
  },
  skippedMessage: 'card SMS flags skipped',
});
