// The web shop's consent decisions as the hub's staging rows (kit/consent.ts): the account's
// `newsletter` flag is its holder's decision on the newsletter by e-mail (true: subscribed, false:
// not). The shop keeps no history of the flag, so its date is a bound, not the moment:
// - a refusal (false) is dated `updated_at`, the account's last change: the latest moment it can
//   have been made, so it is never taken for older than it is;
// - a grant (true) is dated `created_at`: the earliest moment. `updated_at` moves with any edit of
//   the account (an address, a phone), and a stale `true` freshened by such an edit would outrank
//   an unsubscription recorded elsewhere in between; consent has to be shown, not presumed, so a
//   grant counts only from when it is sure to have existed.
// Timestamps hold UTC without a zone (legacy README), read as UTC text to the microsecond.
// A soft-deleted account's grant is skipped and counted (a deleted account is no live contact);
// its refusal still counts.
import { ConsentDecision, ConsentExtractor, countSkipped, SkippedCounts } from '../kit/consent';
import { slicedRead } from '../kit/sliced-read';

export interface WebConsentRow {
  id: number;
  newsletter: boolean;
  created: string;
  updated: string;
  deleted: boolean;
}

/** The `newsletter` flag's source code: no personal data, says which column the decision is. */
export const NEWSLETTER_FLAG = 'NEWSLETTER_FLAG';

export function mapWebConsents(rows: readonly WebConsentRow[]): { decisions: ConsentDecision[]; skipped: SkippedCounts } {
  const decisions: ConsentDecision[] = [];
  const skipped: SkippedCounts = {};
  for (const row of rows) {
    if (row.newsletter && row.deleted) {
      countSkipped(skipped, 'grant_of_deleted_account');
      continue;
    }
    const key = String(row.id);
    decisions.push({
      system: 'ecommerce',
      // identity.extract.ts keys a web account by its id.
      localKey: key,
      purpose: 'newsletter',
      medium: 'email',
      granted: row.newsletter,
      decidedAt: row.newsletter ? row.created : row.updated,
      source: NEWSLETTER_FLAG,
      sourceRef: key,
    });
  }
  return { decisions, skipped };
}

const UTC_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/** Every account's flag, sliced by account (kit/sliced-read.ts): a changed account re-reads its slice only. */
export const ecommerceConsentDecisions: ConsentExtractor = slicedRead<WebConsentRow, ConsentDecision>({
  system: 'ecommerce',
  tables: ['customers'],
  sql: `SELECT id, newsletter, to_char(created_at, ${UTC_TEXT}) AS created, to_char(updated_at, ${UTC_TEXT}) AS updated,
               deleted_at IS NOT NULL AS deleted
          FROM customers`,
  key: 'id',
  map: (rows) => {
    const { decisions, skipped } = mapWebConsents(rows);
    return { rows: decisions, skipped };
  },
  skippedMessage: 'web newsletter flags skipped',
});
