// A customer's contact details changed once, written into every legacy system that holds them
// (issue 15 item 2, "tell us once"). The hub validates and normalises the change (e-mail trimmed
// and lower-cased, phone in E.164 with its kind, address lines trimmed) and submits it to its
// outbox, one step per system holding a record of the customer; each channel declares
// `writeContactDetails` in its definition and writes the change in its system's own format and
// codes, as its own application would, stamping the row's change stamp (so that the hub's
// incremental identity pass re-reads it and the links follow).
//
// Contract for a writer (run by the outbox: kit/privacy.ts's rules apply):
// - idempotent: it sets target values; a re-run finds them set and says `alreadyApplied`;
// - one transaction of its database;
// - a field of a record changed by the system's own application after the request was made
//   (its change stamp later than `requestedAt`) to a value that is neither the old one (the hub's
//   snapshot, normalised) nor the new one is NOT written: the receipt reports a conflict;
// - the receipt holds no personal data: tables, field names and counts only.
import type { Database } from './database';
import type { Json } from './privacy';

export interface AddressChange {
  line1: string;
  line2?: string | null;
  /** As given, spaces removed; a French postcode is five digits. */
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2, upper case; FR when not given. */
  country: string;
}

export interface ContactChange {
  /** Trimmed, lower case (normalise.ts normaliseEmail). */
  email?: string;
  /** E.164, and whether it is a mobile (marketing holds mobiles only). */
  phone?: { e164: string; mobile: boolean };
  address?: AddressChange;
}

/** What the hub knew of a record's contact details when the change was asked (normalised). */
export interface ContactSnapshot {
  /** The record's e-mails (normalised) as the hub last read them. */
  emails: string[];
  /** Its phones, E.164. */
  phones: string[];
  /** kit/identity/address.ts addressKey(line, postcode); null when the hub keeps none (it keeps no address per record today). */
  address: string | null;
  postcode: string | null;
}

export interface ContactRecord {
  /** The record's key as identity_link holds it. */
  localKey: string;
  old: ContactSnapshot;
}

export type ContactField = 'email' | 'phone' | 'address';

export type ContactWriter = (
  db: Database,
  records: readonly ContactRecord[],
  change: ContactChange,
  requestedAt: Date,
) => Promise<{ [key: string]: Json }>;

/** What a writer decides for one field of one record. */
export type FieldOutcome = 'written' | 'alreadyApplied' | 'conflict' | 'notHeld';

/**
 * The rule for one field: the current value equal to the new one is already applied; a value that
 * differs from the old and the new one, changed by the system after the request, is a conflict;
 * anything else is written (the request is the later word).
 */
export function decideField(
  current: string | null,
  old: string | null | readonly string[],
  target: string | null,
  changedAt: Date | null,
  requestedAt: Date,
): FieldOutcome {
  if (current === target) return 'alreadyApplied';
  const olds: readonly (string | null)[] = Array.isArray(old) ? old : [old as string | null];
  const wasOld = olds.includes(current) || (current === null && olds.length === 0);
  if (changedAt && changedAt.getTime() > requestedAt.getTime() && !wasOld) return 'conflict';
  return 'written';
}

/**
 * One legacy row's UPDATE, built field by field as the writers decide (contact details and
 * preferences, every channel): the row's key is $1, each assigned value the next parameter.
 */
export class RowUpdate {
  readonly params: unknown[];
  private readonly set: string[] = [];

  constructor(key: unknown) {
    this.params = [key];
  }

  /** `column` as the legacy schema spells it in SQL (quoted where its case needs it). */
  assign(column: string, value: unknown): void {
    this.params.push(value);
    this.set.push(`${column} = $${this.params.length}`);
  }

  get empty(): boolean {
    return this.set.length === 0;
  }

  /** The SET list: the assignments, then the system's own stamp(s) of a change. */
  setList(...stamps: string[]): string {
    return [...this.set, ...stamps].join(', ');
  }
}

/** Counts per field and outcome, for a receipt (contact details; preferences use it too, kit/preferences.ts). */
export class ContactTally {
  private readonly counts: Record<string, Record<FieldOutcome, number>> = {};
  records = 0;
  rowsUpdated = 0;
  found = 0;

  /** `action`: what the receipt says was done. */
  constructor(private readonly action = 'contactUpdated') {}

  add(field: string, outcome: FieldOutcome): void {
    const counts = (this.counts[field] ??= { written: 0, alreadyApplied: 0, conflict: 0, notHeld: 0 });
    counts[outcome] += 1;
  }

  receipt(tables: { [table: string]: Json }): { [key: string]: Json } {
    const fields: { [key: string]: Json } = {};
    let conflicts = 0;
    let written = 0;
    for (const [field, counts] of Object.entries(this.counts)) {
      fields[field] = { ...counts };
      conflicts += counts.conflict;
      written += counts.written;
    }
    return {
      action: this.action,
      records: this.records,
      found: this.found,
      alreadyApplied: written === 0 && conflicts === 0 && this.found > 0,
      conflict: conflicts > 0,
      conflicts,
      fields,
      tables,
    };
  }
}
