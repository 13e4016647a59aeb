// The hub's two need rules at their thresholds (README "Anticipated needs"), without a database.
import { NeedKind } from '../../kit/needs';
import type { ConsentInForceRow } from '../consent/consent.repo';
import { ArticlePurchasesInput, consentLapseNeeds, replenishmentNeeds } from './rules';

const NOW = new Date('2026-06-15T10:00:00Z');

function bought(system: string, ean: string, days: string[]): ArticlePurchasesInput {
  return {
    ean,
    label: `article ${ean}`,
    purchases: days.map((day, n) => ({ day, quantity: 1, record: { system, recordType: 'Receipt', key: `${ean}-${n}`, at: new Date(`${day}T09:00:00Z`) } })),
  };
}

describe('replenishment', () => {
  const due = (days: string[]) => replenishmentNeeds([[bought('store', 'A', days)]], NOW);
  const dueOn = (days: string[]) => due(days).map((need) => need.dueAt.toISOString());

  it('is due on the last purchase day plus the median gap (midnight in Paris), announced from 7 days ahead', () => {
    // Gaps 10, 30, 10: the median, 10, ignores the one missed purchase; due 20 June, 5 days ahead.
    expect(dueOn(['2026-04-21', '2026-05-01', '2026-05-31', '2026-06-10'])).toEqual(['2026-06-19T22:00:00.000Z']);
    // Gaps 10, 30, 13: median 13, due 25 June, 10 days ahead: not yet.
    expect(due(['2026-04-20', '2026-04-30', '2026-05-30', '2026-06-12'])).toEqual([]);
    expect(due(['2026-05-11', '2026-05-25', '2026-06-08'])).toHaveLength(1); // due 22 June: 7 days ahead
    expect(due(['2026-05-12', '2026-05-26', '2026-06-09'])).toEqual([]); // due 23 June: 8 days ahead
  });

  it('stops once overdue by more than half the interval; needs three purchase days and an interval of 7 to 120 days', () => {
    expect(due(['2026-03-09', '2026-04-06', '2026-05-04'])).toHaveLength(1); // every 28 days, due 1 June: 14 days late
    expect(due(['2026-03-08', '2026-04-05', '2026-05-03'])).toEqual([]); // due 31 May: 15 days late, the habit changed
    expect(due(['2026-06-01', '2026-06-14'])).toEqual([]); // two days only
    expect(due(['2026-06-12', '2026-06-13', '2026-06-14'])).toEqual([]); // daily
    expect(due(['2025-06-20', '2025-10-20', '2026-02-19'])).toEqual([]); // every 122 days: not a basket habit
  });

  it('merges one article across channels, a day bought in both counted once', () => {
    const needs = replenishmentNeeds(
      [[bought('store', 'T', ['2026-04-20', '2026-05-18'])], [bought('ecommerce', 'T', ['2026-05-04', '2026-05-18', '2026-06-01'])]],
      NOW,
    );
    expect(needs).toHaveLength(1);
    expect(needs[0].reason).toBe(
      'article T (EAN T) was bought on 4 days in the last 12 months (in store and on the web), about every 14 days; last on 2026-06-01, so due around 2026-06-15.',
    );
    expect(needs[0].evidence.map((e) => e.system)).toEqual(['ecommerce', 'store', 'ecommerce']);
  });
});

describe('consent lapse', () => {
  const row = (purpose: string, medium: string, granted: boolean, at: string): ConsentInForceRow =>
    ({ customer_id: 'c', purpose, medium, granted, decided_at: new Date(at), system: 'marketing', local_key: 'k', source: 'WEB_FORM', source_ref: `${purpose}-${medium}` }) as ConsentInForceRow;

  it('raises a grant 36 months old, or reaching it within 60 days, one need per purpose; never a refusal', () => {
    const needs = consentLapseNeeds(
      [
        row('offers', 'email', true, '2023-08-13T10:00:00Z'), // lapses 2026-08-13: 59 days ahead
        row('offers', 'sms', true, '2023-08-20T10:00:00Z'), // lapses 2026-08-20: 66 days ahead, not yet
        row('newsletter', 'email', true, '2023-01-01T10:00:00Z'), // lapsed
        row('partners', 'email', false, '2020-01-01T10:00:00Z'), // a refusal
      ],
      NOW,
    );
    expect(needs.map((n) => [n.kind, n.key, n.dueAt.toISOString(), n.evidence.length])).toEqual([
      [NeedKind.CONSENT_LAPSING, 'consent:offers', '2026-08-13T10:00:00.000Z', 1],
      [NeedKind.CONSENT_LAPSING, 'consent:newsletter', '2026-01-01T10:00:00.000Z', 1],
    ]);
  });
});
