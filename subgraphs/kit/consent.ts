// The shared vocabulary of consent (issue 11 item 1): what a channel's consent extractor returns,
// and what the hub stages (customer/consent/stage.ts) and computes the consent in force from
// (customer/consent/in-force.sql.ts). Each channel reads its own legacy system's explicit
// decisions (`<channel>/consent.extract.ts`) and maps them into these rows; the hub names no
// channel. A channel whose system records no consent declares no extractor.
import type { StagingReader } from './sliced-read';

/** What a consent is given or refused for. */
export const PURPOSES = ['newsletter', 'offers', 'profiling', 'partners'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** How a person may be contacted. (The campaign tool's PUSH is no contact medium of the graph.) */
export const CONTACT_MEDIA = ['email', 'sms', 'post', 'phone'] as const;
export type ContactMedium = (typeof CONTACT_MEDIA)[number];

/**
 * One explicit decision, as a legacy system recorded it. Never personal data: the record's key,
 * codes and a date. Absent decisions are absent rows: the hub reads "never asked" as not granted.
 */
export interface ConsentDecision {
  /** The legacy system (kit/databases.ts LegacySystem, as identity_link.system names it). */
  system: string;
  /** The identity record the decision belongs to, exactly as identity_link.local_key names it. */
  localKey: string;
  purpose: Purpose;
  medium: ContactMedium;
  granted: boolean;
  /** When the decision was made (or the bound the system gives for it: see each extractor), ISO UTC. */
  decidedAt: string;
  /** Where it was collected, a short code (`WEB_FORM`, `OPT_SMS`, …): no personal data. */
  source: string;
  /** The legacy row it was read from (a consent row's id, or the record's own key), for tracing. */
  sourceRef: string;
}

/**
 * Reads the explicit decisions of one legacy system: all of them, or those of some slices of its
 * records (kit/sliced-read.ts; the hub replaces what it staged for what was read). A flag on an
 * identity record (web shop newsletter, store OPT_SMS) has no history, so no change date says what
 * moved: the slices' digests do. Declared with `slicedRead`.
 */
export type ConsentExtractor = StagingReader<ConsentDecision>;

export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}

export function isContactMedium(value: string): value is ContactMedium {
  return (CONTACT_MEDIA as readonly string[]).includes(value);
}

/** Counts of rows an extractor read but could not map, by reason (logged; never the rows themselves). */
export type SkippedCounts = Record<string, number>;

export function countSkipped(skipped: SkippedCounts, reason: string): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}
