// The hub's typed staging rows: what a channel's identity extractor returns (STYLE 2, issue 10).
// Each channel reads its own legacy system's identity-bearing records (`<channel>/identity.extract.ts`,
// declared as `identityRecords` in its definition) and normalises them into these rows; the hub
// (customer/identity/resolve.ts) stages them and takes every decision in SQL. Normalisation runs in
// Node only because libphonenumber-js does.
//
// Only identities are read: loyalty cards, web accounts, call-centre contacts, marketing contacts.
// Receipts, orders and calls are not identities: a receipt without a card and a call without a
// contact belong to nobody, and resolution never invents an owner for them.
import { addressKey } from './identity/address';
import {
  isInvalid,
  looseEmailKey,
  nameKey,
  normaliseCard,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normalisePostcode,
  splitFullName,
} from './identity/normalise';
import type { Database } from './database';
import type { LegacySystem } from './databases';

/**
 * `email_loose`: the provider-specific weaker key of an e-mail (normalise.ts looseEmailKey), staged
 * beside the e-mail itself; it supports a link another rule makes, never makes one (rules.ts).
 */
export type IdentifierKind =
  | 'email'
  | 'email_loose'
  | 'phone'
  | 'card'
  | 'ecommerce_account'
  | 'callcentre_contact'
  | 'marketing_contact'
  | 'address';

export interface StagedIdentifier {
  kind: IdentifierKind;
  value: string;
  /** holder: the record's own; reference: a pointer to another system's record. */
  role: 'holder' | 'reference';
  /** False for a phone number that is possible but in no range assigned today: kept, as a signal. */
  valid?: boolean;
}

export interface StagedRecord {
  system: LegacySystem;
  localKey: string;
  givenName: string | null;
  familyName: string | null;
  /** The name as the record writes it (spaces collapsed), for display; null when empty. */
  givenNameDisplay: string | null;
  familyNameDisplay: string | null;
  nameKey: string | null;
  /** `first|last` readings of the name (see identity_record.name_readings). */
  nameReadings: string[];
  birthDate: string | null;
  postcode: string | null;
  /** The family account the record belongs to, when its system has family accounts (a household's evidence): the holder's own key or another's. */
  familyAccount: string | null;
  status: 'active' | 'closed' | 'deleted';
  /** Codes of values present but unusable (never the values themselves). */
  ignored: string[];
  /** The record's own last change in its system, ISO UTC (provenance of the golden record); null if unknown. */
  sourceChangedAt: string | null;
  identifiers: StagedIdentifier[];
}

/** A value as written, spaces collapsed; null when blank. */
export function displayOf(raw: string | null | undefined): string | null {
  return (raw ?? '').trim().replace(/\s+/gu, ' ') || null;
}

/** A name field as one word, the way normalise.ts compares fields: `Jean-Pierre` → `jeanpierre`. */
export function field(raw: string | null | undefined): string {
  return normaliseName(raw).join('');
}

/**
 * The (first name, surname) readings of a name, as `first|last`. Separate fields give one; a
 * one-field full name (call centre) gives one when its surname is marked by capitals, and otherwise
 * every split in both orders, as normalise.ts `namesCompatible` reads it. Stored as an array so that
 * SQL can test compatibility of any two records at once (`a && b`: they share a reading).
 */
export function nameReadings(name: string | { first: string | null | undefined; last: string | null | undefined }): string[] {
  if (typeof name !== 'string') {
    const first = field(name.first);
    const last = field(name.last);
    return first && last ? [`${first}|${last}`] : [];
  }
  const split = splitFullName(name);
  if (isInvalid(split)) return [];
  if (split.surnameMarked) return nameReadings({ first: split.first, last: split.last });
  const words = name.trim().split(/\s+/u).filter((word) => field(word) !== '');
  const readings = new Set<string>();
  for (let i = 1; i < words.length; i += 1) {
    const before = field(words.slice(0, i).join(' '));
    const after = field(words.slice(i).join(' '));
    readings.add(`${before}|${after}`).add(`${after}|${before}`);
  }
  return [...readings].sort();
}

/** Builds one staged record: each identifier normalised once, an unusable value recorded by its code. */
export class RecordBuilder {
  readonly record: StagedRecord;
  private readonly seen = new Set<string>();

  constructor(system: LegacySystem, localKey: string) {
    this.record = {
      system,
      localKey,
      givenName: null,
      familyName: null,
      givenNameDisplay: null,
      familyNameDisplay: null,
      nameKey: null,
      nameReadings: [],
      birthDate: null,
      postcode: null,
      familyAccount: null,
      status: 'active',
      ignored: [],
      sourceChangedAt: null,
      identifiers: [],
    };
  }

  names(given: string | null | undefined, family: string | null | undefined): this {
    this.record.givenName = normaliseName(given).join(' ') || null;
    this.record.familyName = normaliseName(family).join(' ') || null;
    this.record.givenNameDisplay = displayOf(given);
    this.record.familyNameDisplay = displayOf(family);
    this.record.nameKey = nameKey(given, family);
    this.record.nameReadings = nameReadings({ first: given, last: family });
    return this;
  }

  /** A one-field name (`DUPONT Marie` or `Marie Dupont`): readings in both orders unless marked. */
  fullName(full: string | null | undefined): this {
    const split = splitFullName(full);
    if (isInvalid(split)) {
      if ((full ?? '').trim() !== '') this.ignore('full_name_unsplittable');
      return this;
    }
    this.names(split.first, split.last);
    this.record.nameReadings = nameReadings(full ?? '');
    return this;
  }

  add(kind: IdentifierKind, value: string | null | undefined, role: 'holder' | 'reference' = 'holder', valid = true): this {
    if (!value) return this;
    const key = `${kind}\u0000${value}\u0000${role}`;
    if (this.seen.has(key)) return this;
    this.seen.add(key);
    this.record.identifiers.push(valid ? { kind, value, role } : { kind, value, role, valid });
    return this;
  }

  email(raw: string | null | undefined): this {
    if (raw === null || raw === undefined || raw.trim() === '') return this;
    const email = normaliseEmail(raw);
    if (isInvalid(email)) return this.ignore('email_invalid');
    return this.add('email', email.value).add('email_loose', looseEmailKey(email.value));
  }

  phone(raw: string | null | undefined): this {
    if (raw === null || raw === undefined || raw.trim() === '') return this;
    const phone = normalisePhone(raw);
    // An impossible number is not guessed: it links nothing. A possible number outside today's
    // ranges is kept, flagged (valid = false), and noted among the record's codes.
    if (isInvalid(phone)) return this.ignore('phone_invalid');
    if (!phone.valid) this.ignore('phone_unassigned_range');
    return this.add('phone', phone.e164, 'holder', phone.valid);
  }

  card(raw: string | null | undefined, role: 'holder' | 'reference', ignoredCode: string): this {
    if (raw === null || raw === undefined || raw.trim() === '') return this;
    const card = normaliseCard(raw);
    // A wrong check digit means the number was mistyped: it could be anyone's card, so it links nothing.
    if (isInvalid(card)) return this.ignore(ignoredCode);
    return this.add('card', card.value, role);
  }

  address(line: string | null | undefined, postcode: string | null | undefined): this {
    return this.add('address', addressKey(line, postcodeOf(postcode)));
  }

  ignore(code: string): this {
    if (!this.record.ignored.includes(code)) this.record.ignored.push(code);
    return this;
  }
}

export function postcodeOf(raw: string | null | undefined): string | null {
  const postcode = normalisePostcode(raw);
  return isInvalid(postcode) ? null : postcode.value;
}

/** Epoch seconds (number or numeric text) to ISO UTC; null when absent or not a number. */
export function epochIso(epoch: number | string | null | undefined): string | null {
  if (epoch === null || epoch === undefined || epoch === '') return null;
  const ms = Number(epoch) * 1000;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** `DDMMYYYY` (store) or `YYYY-MM-DD` to ISO; unknown (`00000000`) or impossible dates to null. */
export function isoDate(raw: string | null | undefined, format: 'DDMMYYYY' | 'ISO'): string | null {
  if (!raw) return null;
  const text = raw.trim();
  const match = format === 'DDMMYYYY' ? /^(\d{2})(\d{2})(\d{4})$/.exec(text) : /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return null;
  const [year, month, day] = format === 'DDMMYYYY' ? [match[3], match[2], match[1]] : [match[1], match[2], match[3]];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  if (Number(year) < 1900) return null;
  return `${year}-${month}-${day}`;
}

/**
 * Where a system's incremental reading stands, kept in the hub (identity_cursor): the latest change
 * stamp seen and, where the system has one, the highest growing key. Stamps are the system's own:
 * `DATE_MAJ` text for the store (Paris wall-clock), epoch seconds for the others.
 */
export interface Cursor {
  changed: string | null;
  id: number | null;
}

export interface Extraction {
  records: StagedRecord[];
  cursor: Cursor;
}

/** Reads every identity record, or (with `since`) those changed or created since the cursor. */
export type Extractor = (db: Database, since?: Cursor) => Promise<Extraction>;

/**
 * Changes are read again for a while after the cursor: a transaction that began before the last
 * read may commit later with an earlier stamp. Reading a record twice is harmless (resolution is
 * idempotent). (The store's wall-clock stamps need longer: store/identity.extract.ts.)
 */
export const OVERLAP_SECONDS = 300;

export function maxOf(values: Iterable<string | number | null>, start: Cursor[keyof Cursor]): string | null {
  let best = start === null ? null : String(start);
  for (const value of values) {
    if (value === null) continue;
    const text = String(value);
    if (best === null || (typeof value === 'number' ? value > Number(best) : text > best)) best = text;
  }
  return best;
}

/** `YYYYMMDDHHMMSS` minus some minutes, computed on the digits as a naive wall-clock time. */
export function wallClockMinus(stamp: string, minutes: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return '00000000000000';
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - minutes * 60_000;
  return new Date(t).toISOString().replace(/[-T:]/g, '').slice(0, 14);
}
