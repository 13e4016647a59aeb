// Reading the identity-bearing records of the four legacy systems and normalising them into the
// rows the hub's staging tables take. This is the only part of resolution that runs in Node, and
// only because normalisation does (libphonenumber-js); every decision is then taken in SQL.
//
// Only identities are read: loyalty cards, web accounts, call-centre contacts, marketing contacts.
// Receipts, orders and calls are not identities: a receipt without a card and a call without a
// contact belong to nobody, and resolution never invents an owner for them.
import { Database } from '../../kit/database';
import { LegacySystem } from '../../kit/databases';
import { parisInstant } from '../../kit/paris-time';
import { addressKey } from './address';
import {
  isInvalid,
  nameKey,
  normaliseCard,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normalisePostcode,
  parseExternalRef,
  splitFullName,
} from './normalise';

export type IdentifierKind = 'email' | 'phone' | 'card' | 'ecommerce_account' | 'callcentre_contact' | 'marketing_contact' | 'address';

export interface StagedIdentifier {
  kind: IdentifierKind;
  value: string;
  /** holder: the record's own; reference: a pointer to another system's record. */
  role: 'holder' | 'reference';
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
  familyAccount: string | null;
  status: 'active' | 'closed' | 'deleted';
  /** Codes of values present but unusable (never the values themselves). */
  ignored: string[];
  /** The record's own last change in its system, ISO UTC (provenance of the golden record); null if unknown. */
  sourceChangedAt: string | null;
  identifiers: StagedIdentifier[];
}

/** A value as written, spaces collapsed; null when blank. */
function displayOf(raw: string | null | undefined): string | null {
  return (raw ?? '').trim().replace(/\s+/gu, ' ') || null;
}

/** A name field as one word, the way normalise.ts compares fields: `Jean-Pierre` → `jeanpierre`. */
function field(raw: string | null | undefined): string {
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

class RecordBuilder {
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

  add(kind: IdentifierKind, value: string | null | undefined, role: 'holder' | 'reference' = 'holder'): this {
    if (!value) return this;
    const key = `${kind}\u0000${value}\u0000${role}`;
    if (this.seen.has(key)) return this;
    this.seen.add(key);
    this.record.identifiers.push({ kind, value, role });
    return this;
  }

  email(raw: string | null | undefined): this {
    if (raw === null || raw === undefined || raw.trim() === '') return this;
    const email = normaliseEmail(raw);
    if (isInvalid(email)) return this.ignore('email_invalid');
    return this.add('email', email.value);
  }

  phone(raw: string | null | undefined): this {
    if (raw === null || raw === undefined || raw.trim() === '') return this;
    const phone = normalisePhone(raw);
    // An invalid number is kept as invalid, not guessed: it links nothing.
    if (isInvalid(phone)) return this.ignore('phone_invalid');
    return this.add('phone', phone.e164);
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

function postcodeOf(raw: string | null | undefined): string | null {
  const postcode = normalisePostcode(raw);
  return isInvalid(postcode) ? null : postcode.value;
}

/** Epoch seconds (number or numeric text) to ISO UTC; null when absent or not a number. */
function epochIso(epoch: number | string | null | undefined): string | null {
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
 * idempotent). The store's stamps are wall-clock local time, which repeats an hour in autumn.
 */
const OVERLAP_SECONDS = 300;
const STORE_OVERLAP_MINUTES = 65;

function maxOf(values: Iterable<string | number | null>, start: Cursor[keyof Cursor]): string | null {
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

interface CardRow {
  num_carte: string;
  nom: string;
  prenom: string;
  tel: string;
  email: string | null;
  adr1: string;
  cp: string;
  date_nais: string;
  num_foyer: string | null;
  statut: string;
  date_maj: string;
}

const CARD_COLUMNS = `"NUM_CARTE" AS num_carte, "NOM" AS nom, "PRENOM" AS prenom, "TEL" AS tel, "EMAIL" AS email,
  "ADR1" AS adr1, "CP" AS cp, "DATE_NAIS" AS date_nais, "NUM_FOYER" AS num_foyer, "STATUT" AS statut, "DATE_MAJ" AS date_maj`;

async function extractStore(db: Database, since?: Cursor): Promise<Extraction> {
  let rows: CardRow[];
  if (since?.changed) {
    // The till stamps every change (DATE_MAJ); a new card also carries its creation day.
    const from = wallClockMinus(since.changed, STORE_OVERLAP_MINUTES);
    rows = await db.query<CardRow>(
      `SELECT ${CARD_COLUMNS} FROM "CARTE_FIDELITE" WHERE "DATE_MAJ" >= $1 OR "DATE_CREATION" >= $2`,
      [from, from.slice(0, 8)],
    );
  } else {
    rows = await db.query<CardRow>(`SELECT ${CARD_COLUMNS} FROM "CARTE_FIDELITE"`);
  }
  const records = rows.map((row) => {
    const key = row.num_carte.trim();
    const builder = new RecordBuilder('store', key)
      .names(row.prenom, row.nom)
      .card(key, 'holder', 'card_invalid')
      .phone(row.tel)
      .email(row.email)
      .address(row.adr1, row.cp);
    const record = builder.record;
    record.birthDate = isoDate(row.date_nais, 'DDMMYYYY');
    record.postcode = postcodeOf(row.cp);
    record.familyAccount = row.num_foyer?.trim() || null;
    record.status = row.statut?.trim() === 'R' ? 'closed' : 'active';
    // DATE_MAJ is Paris wall-clock text `YYYYMMDDHHMMSS`.
    const stamp = row.date_maj?.trim() ?? '';
    record.sourceChangedAt = parisInstant(stamp.slice(0, 8), stamp.slice(8))?.toISOString() ?? null;
    return record;
  });
  const stamps = rows.map((row) => (/^\d{14}$/.test(row.date_maj) ? row.date_maj : null));
  return { records, cursor: { changed: maxOf(stamps, since?.changed ?? null), id: null } };
}

interface WebRow {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  birth_date: string | null;
  loyalty_card: string | null;
  deleted: boolean;
  changed: number;
}

interface AddressRow {
  customer_id: number;
  line1: string;
  postcode: string;
}

// Dates as text: pg would turn a `date` into a local-midnight Date and shift it across zones.
const WEB_COLUMNS = `id, email, first_name, last_name, phone, birth_date::text AS birth_date, loyalty_card,
  deleted_at IS NOT NULL AS deleted, extract(epoch FROM updated_at)::float8 AS changed`;

async function extractEcommerce(db: Database, since?: Cursor): Promise<Extraction> {
  let rows: WebRow[];
  let addresses: AddressRow[];
  if (since?.changed || since?.id) {
    // updated_at holds UTC without a zone; a new account also has the next id.
    rows = await db.query<WebRow>(
      `SELECT ${WEB_COLUMNS} FROM customers
        WHERE updated_at >= (to_timestamp($1::float8) AT TIME ZONE 'UTC') OR id > $2`,
      [Number(since.changed ?? 0) - OVERLAP_SECONDS, since.id ?? 0],
    );
    addresses = await db.query<AddressRow>(
      'SELECT customer_id, line1, postcode FROM addresses WHERE customer_id = ANY ($1::int[]) ORDER BY customer_id, id',
      [rows.map((row) => row.id)],
    );
  } else {
    rows = await db.query<WebRow>(`SELECT ${WEB_COLUMNS} FROM customers`);
    addresses = await db.query<AddressRow>('SELECT customer_id, line1, postcode FROM addresses ORDER BY customer_id, id');
  }
  const byCustomer = new Map<number, AddressRow[]>();
  for (const address of addresses) {
    const list = byCustomer.get(address.customer_id);
    if (list) list.push(address);
    else byCustomer.set(address.customer_id, [address]);
  }
  const records = rows.map((row) => {
    const key = String(row.id);
    const builder = new RecordBuilder('ecommerce', key)
      .names(row.first_name, row.last_name)
      .add('ecommerce_account', key)
      .email(row.email)
      .phone(row.phone)
      .card(row.loyalty_card, 'reference', 'loyalty_card_invalid');
    const own = byCustomer.get(row.id) ?? [];
    for (const address of own) builder.address(address.line1, address.postcode);
    const record = builder.record;
    record.birthDate = isoDate(row.birth_date, 'ISO');
    record.postcode = own.length > 0 ? postcodeOf(own[0].postcode) : null;
    record.status = row.deleted ? 'deleted' : 'active';
    record.sourceChangedAt = epochIso(row.changed);
    return record;
  });
  const cursor = {
    changed: maxOf(rows.map((row) => row.changed), since?.changed ?? null),
    id: Number(maxOf(rows.map((row) => row.id), since?.id ?? null)) || null,
  };
  return { records, cursor };
}

interface ContactRow {
  contact_id: number;
  phone: string;
  alt_phone: string | null;
  email: string | null;
  full_name: string;
  postcode: string | null;
  changed: string;
}

const CONTACT_COLUMNS = 'contact_id, phone, alt_phone, email, full_name, postcode, updated_epoch AS changed';

async function extractCallcentre(db: Database, since?: Cursor): Promise<Extraction> {
  const rows =
    since?.changed || since?.id
      ? await db.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE updated_epoch >= $1 OR contact_id > $2`, [
          Number(since.changed ?? 0) - OVERLAP_SECONDS,
          since.id ?? 0,
        ])
      : await db.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts`);
  const records = rows.map((row) => {
    const key = String(row.contact_id);
    // `DUPONT Marie` or `Marie Dupont`: unless capitals mark the surname, both readings are kept.
    const record = new RecordBuilder('callcentre', key)
      .fullName(row.full_name)
      .add('callcentre_contact', key)
      .phone(row.phone)
      .phone(row.alt_phone)
      .email(row.email).record;
    record.postcode = postcodeOf(row.postcode);
    record.sourceChangedAt = epochIso(row.changed);
    return record;
  });
  const cursor = {
    changed: maxOf(rows.map((row) => Number(row.changed)), since?.changed ?? null),
    id: Number(maxOf(rows.map((row) => row.contact_id), since?.id ?? null)) || null,
  };
  return { records, cursor };
}

interface MarketingRow {
  contact_uuid: string;
  email: string | null;
  mobile_e164: string | null;
  first_name: string | null;
  last_name: string | null;
  postcode: string | null;
  external_ref: string | null;
  changed: number;
}

const MARKETING_COLUMNS = `contact_uuid::text AS contact_uuid, email, mobile_e164, first_name, last_name, postcode, external_ref,
  extract(epoch FROM updated_at)::float8 AS changed`;

async function extractMarketing(db: Database, since?: Cursor): Promise<Extraction> {
  // UUIDs do not grow: the change stamp alone says what is new.
  const rows = since?.changed
    ? await db.query<MarketingRow>(`SELECT ${MARKETING_COLUMNS} FROM mk_contact WHERE updated_at >= to_timestamp($1::float8)`, [
        Number(since.changed) - OVERLAP_SECONDS,
      ])
    : await db.query<MarketingRow>(`SELECT ${MARKETING_COLUMNS} FROM mk_contact`);
  const records = rows.map((row) => {
    const key = row.contact_uuid;
    const builder = new RecordBuilder('marketing', key)
      .names(row.first_name, row.last_name)
      .add('marketing_contact', key)
      .email(row.email)
      .phone(row.mobile_e164);
    if (row.external_ref !== null && row.external_ref.trim() !== '') {
      const ref = parseExternalRef(row.external_ref);
      if (isInvalid(ref)) builder.ignore('external_ref_invalid');
      else if (ref.system === 'ecommerce') builder.add('ecommerce_account', ref.customerId, 'reference');
      else builder.add('card', ref.card, 'reference');
    }
    const record = builder.record;
    record.postcode = postcodeOf(row.postcode);
    record.sourceChangedAt = epochIso(row.changed);
    return record;
  });
  return { records, cursor: { changed: maxOf(rows.map((row) => row.changed), since?.changed ?? null), id: null } };
}

export const EXTRACTORS: Record<LegacySystem, Extractor> = {
  store: extractStore,
  ecommerce: extractEcommerce,
  callcentre: extractCallcentre,
  marketing: extractMarketing,
};
