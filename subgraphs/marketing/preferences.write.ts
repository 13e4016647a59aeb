// A customer's opt-ins written on their campaign contacts (issue 15 item 2), the campaign tool's
// way: consent is a history, so a change is a NEW `mk_consent` row (contact_uuid, channel `EMAIL`
// `SMS` `POST` `PHONE`, purpose `NEWSLETTER` `OFFERS` `PROFILING` `PARTNERS`, granted, at = now,
// source `WEB_FORM` when the customer said it in their space, `STORE_TABLET` in a store, `CALL` to
// the call centre); no row is ever updated. The latest row for a contact × channel × purpose is the
// decision in force: equal to the new one, nothing is written (a re-run after a crash finds its own
// row: alreadyApplied); a different decision recorded after the request, not the hub's snapshot,
// is a conflict and left in force. Receipt: kit/contact-details.ts (field `optIn:<purpose>:<medium>`).
import type { Database } from '../kit/database';
import { ContactTally, decideField } from '../kit/contact-details';
import { optInField, PreferenceWriter } from '../kit/preferences';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SOURCE = { web: 'WEB_FORM', store: 'STORE_TABLET', call: 'CALL' } as const;

export const writeMarketingPreferences: PreferenceWriter = {
  holds: ['optIn:*'],
  async write(db: Database, records, change, requestedAt) {
    const tally = new ContactTally('preferencesUpdated');
    const optIns = change.optIns ?? [];
    let inserted = 0;
    return db.withTransaction(async (tx) => {
      for (const record of records) {
        tally.records += 1;
        const key = record.localKey.trim().toLowerCase();
        if (optIns.length === 0 || !UUID.test(key)) continue;
        // The contact row locked: two writers of one contact's history wait for each other.
        const [contact] = await tx.query<{ contact_uuid: string }>('SELECT contact_uuid::text FROM mk_contact WHERE contact_uuid = $1::uuid FOR UPDATE', [key]);
        if (!contact) continue;
        tally.found += 1;
        const latest = await tx.query<{ channel: string; purpose: string; granted: boolean; at: Date }>(
          `SELECT DISTINCT ON (channel, purpose) channel, purpose, granted, at
             FROM mk_consent WHERE contact_uuid = $1::uuid AND channel = ANY($2::text[]) AND purpose = ANY($3::text[])
            ORDER BY channel, purpose, at DESC, id DESC`,
          [key, optIns.map((o) => o.medium.toUpperCase()), optIns.map((o) => o.purpose.toUpperCase())],
        );
        for (const optIn of optIns) {
          const field = optInField(optIn.purpose, optIn.medium);
          const row = latest.find((candidate) => candidate.channel === optIn.medium.toUpperCase() && candidate.purpose === optIn.purpose.toUpperCase());
          const old = record.old[field];
          const outcome = decideField(row ? String(row.granted) : null, old === undefined ? [] : [old], String(optIn.granted), row?.at ?? null, requestedAt);
          tally.add(field, outcome);
          if (outcome !== 'written') continue;
          await tx.query(
            'INSERT INTO mk_consent (contact_uuid, channel, purpose, granted, at, source) VALUES ($1::uuid, $2, $3, $4, now(), $5)',
            [key, optIn.medium.toUpperCase(), optIn.purpose.toUpperCase(), optIn.granted, SOURCE[change.collectedVia ?? 'web']],
          );
          inserted += 1;
        }
      }
      tally.rowsUpdated = inserted;
      return tally.receipt({ mk_consent: { inserted, contacts: tally.found } });
    });
  },
};
