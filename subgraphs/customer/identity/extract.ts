// Reading the identity-bearing records of the four legacy systems and normalising them into the
// rows the hub's staging tables take. This is the only part of resolution that runs in Node, and
// only because normalisation does (libphonenumber-js); every decision is then taken in SQL.
//
// Only identities are read: loyalty cards, web accounts, call-centre contacts, marketing contacts.
// Receipts, orders and calls are not identities: a receipt without a card and a call without a
// contact belong to nobody, and resolution never invents an owner for them.
import { Database } from '../../kit/database';
import { LegacySystem } from '../../kit/databases';
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
  nameKey: string | null;
  /** `first|last` readings of the name (see identity_record.name_readings). */
  nameReadings: string[];
  birthDate: string | null;
  postcode: string | null;
  familyAccount: string | null;
  status: 'active' | 'closed' | 'deleted';
  /** Codes of values present but unusable (never the values themselves). */
  ignored: string[];
  identifiers: StagedIdentifier[];
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
      nameKey: null,
      nameReadings: [],
      birthDate: null,
      postcode: null,
      familyAccount: null,
      status: 'active',
      ignored: [],
      identifiers: [],
    };
  }

  names(given: string | null | undefined, family: string | null | undefined): this {
    this.record.givenName = normaliseName(given).join(' ') || null;
    this.record.familyName = normaliseName(family).join(' ') || null;
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
}

async function extractStore(db: Database): Promise<StagedRecord[]> {
  const rows = await db.query<CardRow>(
    `SELECT "NUM_CARTE" AS num_carte, "NOM" AS nom, "PRENOM" AS prenom, "TEL" AS tel, "EMAIL" AS email,
            "ADR1" AS adr1, "CP" AS cp, "DATE_NAIS" AS date_nais, "NUM_FOYER" AS num_foyer, "STATUT" AS statut
       FROM "CARTE_FIDELITE"`,
  );
  return rows.map((row) => {
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
    return record;
  });
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
}

interface AddressRow {
  customer_id: number;
  line1: string;
  postcode: string;
}

async function extractEcommerce(db: Database): Promise<StagedRecord[]> {
  // Dates as text: pg would turn a `date` into a local-midnight Date and shift it across zones.
  const rows = await db.query<WebRow>(
    `SELECT id, email, first_name, last_name, phone, birth_date::text AS birth_date, loyalty_card,
            deleted_at IS NOT NULL AS deleted
       FROM customers`,
  );
  const addresses = await db.query<AddressRow>('SELECT customer_id, line1, postcode FROM addresses ORDER BY customer_id, id');
  const byCustomer = new Map<number, AddressRow[]>();
  for (const address of addresses) {
    const list = byCustomer.get(address.customer_id);
    if (list) list.push(address);
    else byCustomer.set(address.customer_id, [address]);
  }
  return rows.map((row) => {
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
    return record;
  });
}

interface ContactRow {
  contact_id: number;
  phone: string;
  alt_phone: string | null;
  email: string | null;
  full_name: string;
  postcode: string | null;
}

async function extractCallcentre(db: Database): Promise<StagedRecord[]> {
  const rows = await db.query<ContactRow>('SELECT contact_id, phone, alt_phone, email, full_name, postcode FROM contacts');
  return rows.map((row) => {
    const key = String(row.contact_id);
    // `DUPONT Marie` or `Marie Dupont`: unless capitals mark the surname, both readings are kept.
    const record = new RecordBuilder('callcentre', key)
      .fullName(row.full_name)
      .add('callcentre_contact', key)
      .phone(row.phone)
      .phone(row.alt_phone)
      .email(row.email).record;
    record.postcode = postcodeOf(row.postcode);
    return record;
  });
}

interface MarketingRow {
  contact_uuid: string;
  email: string | null;
  mobile_e164: string | null;
  first_name: string | null;
  last_name: string | null;
  postcode: string | null;
  external_ref: string | null;
}

async function extractMarketing(db: Database): Promise<StagedRecord[]> {
  const rows = await db.query<MarketingRow>(
    'SELECT contact_uuid::text AS contact_uuid, email, mobile_e164, first_name, last_name, postcode, external_ref FROM mk_contact',
  );
  return rows.map((row) => {
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
    return record;
  });
}

export const EXTRACTORS: Record<LegacySystem, (db: Database) => Promise<StagedRecord[]>> = {
  store: extractStore,
  ecommerce: extractEcommerce,
  callcentre: extractCallcentre,
  marketing: extractMarketing,
};
