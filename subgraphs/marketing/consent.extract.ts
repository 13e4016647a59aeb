// The campaign tool's consent decisions as the hub's staging rows (kit/consent.ts). mk_consent is
// already a history: every row is one explicit decision of one contact, for one channel and one
// purpose, at an exact instant (`at`). Every row is mapped; the hub keeps the latest per contact.
// A code the graph does not know (the PUSH channel, a purpose added by the tool's team) is skipped
// and counted, never guessed: a decision for an unknown purpose cannot be enforced anyway.
import { ConsentDecision, ConsentExtractor, ContactMedium, countSkipped, Purpose, SkippedCounts } from '../kit/consent';
import { slicedRead } from '../kit/sliced-read';

const MEDIUM: Record<string, ContactMedium> = { EMAIL: 'email', SMS: 'sms', POST: 'post', PHONE: 'phone' };
const PURPOSE: Record<string, Purpose> = { NEWSLETTER: 'newsletter', OFFERS: 'offers', PROFILING: 'profiling', PARTNERS: 'partners' };

export interface MarketingConsentRow {
  id: string;
  contact_uuid: string;
  channel: string;
  purpose: string;
  granted: boolean;
  /** `at` as ISO UTC text with microseconds: a JavaScript Date would drop them and tie two decisions. */
  at: string;
  source: string;
}

/** Maps mk_consent rows; what cannot be mapped is counted by reason (the code, never a person). */
export function mapMarketingConsents(rows: readonly MarketingConsentRow[]): { decisions: ConsentDecision[]; skipped: SkippedCounts } {
  const decisions: ConsentDecision[] = [];
  const skipped: SkippedCounts = {};
  for (const row of rows) {
    const channel = row.channel.trim().toUpperCase();
    const purpose = row.purpose.trim().toUpperCase();
    const medium = Object.prototype.hasOwnProperty.call(MEDIUM, channel) ? MEDIUM[channel] : undefined;
    const mapped = Object.prototype.hasOwnProperty.call(PURPOSE, purpose) ? PURPOSE[purpose] : undefined;
    if (!medium) {
      countSkipped(skipped, `channel:${channel.slice(0, 12)}`);
      continue;
    }
    if (!mapped) {
      countSkipped(skipped, `purpose:${purpose.slice(0, 12)}`);
      continue;
    }
    decisions.push({
      system: 'marketing',
      // identity.extract.ts keys a contact by its UUID's text.
      localKey: row.contact_uuid,
      purpose: mapped,
      medium,
      granted: row.granted,
      decidedAt: row.at,
      source: row.source.trim().toUpperCase() || 'UNKNOWN',
      sourceRef: row.id,
    });
  }
  return { decisions, skipped };
}

/** Every mk_consent row, sliced by contact (kit/sliced-read.ts): a new decision re-reads its contact's slice only. */
export const marketingConsentDecisions: ConsentExtractor = slicedRead<MarketingConsentRow, ConsentDecision>({
  system: 'marketing',
  tables: ['mk_consent'],
  sql: `SELECT id::text AS id, contact_uuid::text AS contact_uuid, channel, purpose, granted,
               to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, source
          FROM mk_consent`,
  key: 'contact_uuid',
  // The rows as stored (no date formatting): 2.8 s at 2 M rows, against 5.1 s for the answer's.
  digestFrom: { sql: 'SELECT * FROM mk_consent', key: 'contact_uuid' },
  map: (rows) => {
    const { decisions, skipped } = mapMarketingConsents(rows);
    return { rows: decisions, skipped };
  },
  skippedMessage: 'consent rows with codes the graph does not know, skipped',
});
