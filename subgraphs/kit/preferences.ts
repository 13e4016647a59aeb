// A customer's preferences (issue 15 items 1-2): what a channel's legacy system holds that is a
// preference, read for the hub (`preferences`, a PreferenceReader) and written through from the
// hub (`writePreferences`, a PreferenceWriter). The hub stages what the readers answer
// (customer/preferences/stage.ts), merges it with the statements made through the graph
// (preference_statement) and names no channel: each channel declares what it holds.
//
// Opt-ins are not read here: they are consent decisions (kit/consent.ts), and Customer.preferences
// shows the consent in force. They are written here, though: a change of opt-in is a preference
// change, written into every system that records that purpose × medium.
//
// A writer follows the contact writers' contract (kit/contact-details.ts): idempotent (target
// values; a re-run says alreadyApplied), one transaction of its database, a field its own
// application changed after the request to a value that is neither the hub's snapshot nor the new
// one is not written (conflict, in the receipt), receipts with field names and counts only.
import type { Database } from './database';
import type { Json } from './privacy';
import type { StagingReader } from './sliced-read';
import type { ContactMedium, Purpose } from './consent';

/** The preferences the graph knows. `contactChannel` and `contactHours` are also stated through the graph. */
export const PREFERENCES = ['language', 'favouriteStore', 'contactHours', 'contactChannel'] as const;
export type PreferenceName = (typeof PREFERENCES)[number];

/** Declared: the customer said so. Derived: the system infers it (the store most receipts are from). */
export type PreferenceBasis = 'declared' | 'derived';

/**
 * One preference as a legacy record holds it. Values: language `"fr"` (ISO 639-1, lower case);
 * favouriteStore `"P001"` (store code); contactHours `"18:00-20:00"` (Paris wall-clock, HH:MM).
 */
export interface LegacyPreference {
  /** The legacy system (as identity_link.system names it). */
  system: string;
  /** The record, exactly as identity_link.local_key names it. */
  localKey: string;
  preference: PreferenceName;
  /** What it is preferred for, '' when it depends on nothing. */
  scope: string;
  value: string;
  /** When it was stated (or the system's bound for it, see each reader), ISO UTC. */
  statedAt: string;
  basis: PreferenceBasis;
  /** Where it is held, `table.column` (`contacts.language`): no personal data. */
  source: string;
  /** The legacy row it was read from (a callback's id, or the record's own key), for tracing. */
  sourceRef: string;
}

/** Reads the preferences one legacy system holds: all, or some slices of its records (kit/sliced-read.ts, `slicedRead`). */
export type PreferenceReader = StagingReader<LegacyPreference>;

/** A change of preferences, validated and normalised by the hub. */
export interface PreferenceChange {
  /** ISO 639-1, lower case. */
  language?: string;
  /** A store code (`MAGASIN.CODE_MAG`), upper case. */
  favouriteStore?: string;
  /** HH:MM-HH:MM. */
  contactHours?: string;
  /** Per task (TouchpointRole value), the Channel value preferred. Held by the hub only today. */
  contactChannels?: { task: string; channel: string }[];
  /** Opt-ins and opt-outs, per purpose × medium. */
  optIns?: { purpose: Purpose; medium: ContactMedium; granted: boolean }[];
  /** Where the customer said it: their own space (web), a store's staff, the call centre. A system recording where consent was collected says so. */
  collectedVia?: 'web' | 'store' | 'call';
}

/** The code of an opt-in field: `optIn:newsletter:email`. */
export function optInField(purpose: string, medium: string): string {
  return `optIn:${purpose}:${medium}`;
}

/** The fields a change touches, as writers declare what they hold: `language`, `optIn:offers:sms` … */
export function changedFields(change: PreferenceChange): string[] {
  const fields: string[] = [];
  if (change.language !== undefined) fields.push('language');
  if (change.favouriteStore !== undefined) fields.push('favouriteStore');
  if (change.contactHours !== undefined) fields.push('contactHours');
  if (change.contactChannels?.length) fields.push('contactChannel');
  for (const optIn of change.optIns ?? []) fields.push(optInField(optIn.purpose, optIn.medium));
  return fields;
}

/** What the hub knew of one record when the change was asked: per field code, its value (opt-ins `true`/`false`), or absent. */
export interface PreferenceRecord {
  localKey: string;
  old: Record<string, string>;
}

export type PreferenceWriteFunction = (
  db: Database,
  records: readonly PreferenceRecord[],
  change: PreferenceChange,
  requestedAt: Date,
) => Promise<{ [key: string]: Json }>;

export interface PreferenceWriter {
  /**
   * The field codes the system holds (`language`, `favouriteStore`, `optIn:newsletter:email`;
   * `optIn:*` for every opt-in): a change gets a step in this system only when it touches one.
   */
  holds: readonly string[];
  write: PreferenceWriteFunction;
}

/** Whether a writer holds a field code. */
export function holdsField(writer: Pick<PreferenceWriter, 'holds'>, field: string): boolean {
  return writer.holds.includes(field) || (field.startsWith('optIn:') && writer.holds.includes('optIn:*'));
}
