// The hub's own need rules (issue 15 item 3): replenishment, from the purchases every channel gives
// (an article bought in store and on the web is one article), and consent about to lapse, from the
// consent in force the hub owns. Pure functions of their inputs and "now", so tests can state them.
import { addDays, parisDay } from '../../kit/clock';
import { NeedKind } from '../../kit/needs';
import type { Purpose, ContactMedium } from '../../kit/consent';
import type { ConsentInForceRow } from '../consent/consent.repo';

/** A need as the hub handles it before mapping it to the schema (also what channels send, parsed). */
export interface Need {
  kind: NeedKind;
  key: string;
  dueAt: Date;
  reason: string;
  action: string;
  evidence: EvidenceRef[];
}

export interface EvidenceRef {
  system: string;
  recordType: string;
  key: string;
  at: Date | null;
}

/** One channel's purchases of one article, as the representation carries them. */
export interface ArticlePurchasesInput {
  ean: string;
  label: string | null;
  purchases: { day: string; quantity: number; record: EvidenceRef }[];
}

/** Replenishment thresholds (README "Anticipated needs"). */
export const REPLENISHMENT = {
  /** Purchases this far back count (the channels read this window). */
  windowDays: 365,
  /** An article is part of the usual basket when bought on at least this many distinct days. */
  minPurchaseDays: 3,
  /** The usual interval (median of the gaps between purchase days) must lie in this range. */
  minIntervalDays: 7,
  maxIntervalDays: 120,
  /** Announced this many days before it is due … */
  noticeDays: 7,
  /** … and still while overdue by less than this share of the interval (after that, the habit changed). */
  overdueShare: 0.5,
} as const;

const DAY_MS = 86_400_000;
const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const SYSTEM_WORDS: Record<string, string> = { store: 'in store', ecommerce: 'on the web' };

/**
 * Articles due for replenishment: the purchase days of one EAN across channels (one day counted
 * once), at least `minPurchaseDays` of them in the window, the median gap between consecutive days
 * as the usual interval; due on the last day plus that interval; raised from `noticeDays` before
 * until overdue by `overdueShare` of the interval. Evidence: the last three purchases.
 */
export function replenishmentNeeds(channels: readonly ArticlePurchasesInput[][], at: Date): Need[] {
  const today = parisDay(at);
  const from = parisDay(addDays(at, -REPLENISHMENT.windowDays));
  const byEan = new Map<string, { label: string | null; labelDay: string; days: Map<string, EvidenceRef> }>();
  for (const articles of channels) {
    for (const article of articles) {
      let merged = byEan.get(article.ean);
      if (!merged) byEan.set(article.ean, (merged = { label: article.label, labelDay: '', days: new Map() }));
      for (const purchase of article.purchases) {
        if (purchase.day < from || purchase.day > today) continue;
        const known = merged.days.get(purchase.day);
        if (!known || (purchase.record.at ?? 0) > (known.at ?? 0)) merged.days.set(purchase.day, purchase.record);
        if (purchase.day >= merged.labelDay && article.label) Object.assign(merged, { label: article.label, labelDay: purchase.day });
      }
    }
  }
  const needs: Need[] = [];
  for (const [ean, { label, days }] of byEan) {
    const sorted = [...days.keys()].sort();
    if (sorted.length < REPLENISHMENT.minPurchaseDays) continue;
    const gaps = sorted.slice(1).map((day, i) => Math.round((dayMs(day) - dayMs(sorted[i])) / DAY_MS));
    const interval = Math.round(median(gaps));
    if (interval < REPLENISHMENT.minIntervalDays || interval > REPLENISHMENT.maxIntervalDays) continue;
    const last = sorted[sorted.length - 1];
    const due = new Date(dayMs(last) + interval * DAY_MS).toISOString().slice(0, 10);
    const lead = (dayMs(due) - dayMs(today)) / DAY_MS;
    if (lead > REPLENISHMENT.noticeDays || -lead > interval * REPLENISHMENT.overdueShare) continue;
    const recent = sorted.slice(-3).reverse().map((day) => days.get(day)!);
    const where = [...new Set([...days.values()].map((record) => SYSTEM_WORDS[record.system] ?? record.system))].join(' and ');
    const name = label?.trim() || `article ${ean}`;
    needs.push({
      kind: NeedKind.REPLENISHMENT_DUE,
      key: `ean:${ean}`,
      dueAt: parisMidnight(due),
      reason:
        `${name} (EAN ${ean}) was bought on ${sorted.length} days in the last 12 months (${where}), about every ${interval} days; ` +
        `last on ${last}, so due around ${due}.`,
      action: `Suggest ${name} again: add it to the basket or remind the customer around ${due}.`,
      evidence: recent,
    });
  }
  return needs;
}

/** Consent thresholds (README "Anticipated needs"). */
export const CONSENT_LAPSE = {
  /** A grant is taken to lapse this many months after it was given … */
  months: 36,
  /** … and announced this many days before. */
  noticeDays: 60,
} as const;

function plusMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

const PURPOSE_WORDS: Record<Purpose, string> = { newsletter: 'the newsletter', offers: 'offers', profiling: 'profiling', partners: 'partners’ offers' };
const MEDIUM_WORDS: Record<ContactMedium, string> = { email: 'e-mail', sms: 'SMS', post: 'post', phone: 'phone' };

/**
 * Consents about to lapse: each grant in force given `months` ago or more, or reaching that age
 * within `noticeDays`; one need per purpose (its media together), due when the oldest lapses.
 * Refusals never lapse (nobody is asked again after saying no).
 */
export function consentLapseNeeds(rows: readonly ConsentInForceRow[], at: Date): Need[] {
  const horizon = addDays(at, CONSENT_LAPSE.noticeDays);
  const byPurpose = new Map<Purpose, { row: ConsentInForceRow; lapse: Date }[]>();
  for (const row of rows) {
    if (!row.granted) continue;
    const lapse = plusMonths(new Date(row.decided_at), CONSENT_LAPSE.months);
    if (lapse > horizon) continue;
    byPurpose.set(row.purpose, [...(byPurpose.get(row.purpose) ?? []), { row, lapse }]);
  }
  return [...byPurpose].map(([purpose, grants]) => {
    grants.sort((a, b) => a.lapse.getTime() - b.lapse.getTime() || a.row.medium.localeCompare(b.row.medium));
    const first = grants[0];
    const media = [...new Set(grants.map(({ row }) => MEDIUM_WORDS[row.medium]))].join(', ');
    const given = parisDay(new Date(first.row.decided_at));
    const lapsed = first.lapse <= at;
    return {
      kind: NeedKind.CONSENT_LAPSING,
      key: `consent:${purpose}`,
      dueAt: first.lapse,
      reason:
        `Consent to ${PURPOSE_WORDS[purpose]} by ${media} was given on ${given} and ${lapsed ? 'lapsed' : 'lapses'} on ${parisDay(first.lapse)} ` +
        `(${CONSENT_LAPSE.months} months).`,
      action: `Ask the customer whether they still want ${PURPOSE_WORDS[purpose]} by ${media}, and record their answer.`,
      evidence: grants.map(({ row }) => ({ system: row.system, recordType: 'ConsentDecision', key: row.source_ref, at: new Date(row.decided_at) })),
    };
  });
}

/** Midnight in Paris at the start of a `YYYY-MM-DD` day. */
function parisMidnight(day: string): Date {
  // Paris is UTC+1 or UTC+2: try both, keep the one that reads as midnight there.
  for (const offset of [1, 2]) {
    const candidate = new Date(dayMs(day) - offset * 3_600_000);
    if (parisDay(candidate) === day && parisDay(new Date(candidate.getTime() - 1)) !== day) return candidate;
  }
  return new Date(dayMs(day));
}
