// The records each legacy system holds about a person, spelled the way that system spells them:
// the till in capitals without accents, the web shop as the customer typed it, the call centre as
// the CTI captured it, marketing normalised. The same person is recognisable in all four, by design.
import { REFERENCE_DAY, WINDOW_START_DAY, daysFromCivil, dayOf, frenchCompactDate, fromParis, startOfDay } from './calendar';
import { storeFor } from './catalogue';
import { capitalisedEmail, fakeBcrypt, formatPhone, plain, PhoneStyle, uuidFrom } from './identifiers';
import { Account, Card, Contact, MkContact, Person } from './model';
import { ageOf, LAST_ACTIVE_DAY } from './people';
import { Rng, weighted } from './random';

/** When each system went live: nothing in it is older. */
export const SYSTEM_START = {
  store: daysFromCivil(2003, 3, 1),
  web: daysFromCivil(2012, 6, 1),
  callcentre: daysFromCivil(2008, 1, 1),
  marketing: daysFromCivil(2015, 3, 1),
};

/** Dates of the past bulk imports into marketing (they set `external_ref`). */
export const IMPORT_DAYS = [daysFromCivil(2016, 2, 8), daysFromCivil(2019, 9, 16), daysFromCivil(2023, 1, 9), daysFromCivil(2025, 4, 14)];

/** A day in the person's customer life, no earlier than the system; early days likelier. */
export function creationDay(person: Person, systemStart: number, rng: Rng, notBefore = 0): number {
  const lo = Math.min(person.until, Math.max(person.since, systemStart, notBefore));
  return lo + Math.floor(rng.float() ** 1.6 * (person.until - lo + 1));
}

/** An instant on that day between two Paris wall-clock hours. */
export function instantOn(day: number, rng: Rng, fromHour: number, toHour: number): number {
  return fromParis(startOfDay(day) + Math.floor((fromHour + rng.float() * (toHour - fromHour)) * 3600));
}

/** First day a record can show activity in the generated 3 years. */
export function activeFrom(createdDay: number): number {
  return Math.max(createdDay, WINDOW_START_DAY);
}

// ---------------------------------------------------------------- spellings

const STORE_PHONE = weighted<PhoneStyle>([['spaced', 40], ['dotted', 15], ['compact', 35], ['e164', 10]]);
const WEB_PHONE = weighted<PhoneStyle>([['intlSpaced', 35], ['spaced', 35], ['compact', 18], ['e164', 7], ['dashed', 5]]);

export function storePhone(national: string, rng: Rng): string {
  return formatPhone(national, rng.choose(STORE_PHONE));
}

export function webPhone(national: string, rng: Rng): string {
  return formatPhone(national, rng.choose(WEB_PHONE));
}

export function contactPhone(national: string, rng: Rng): string {
  return formatPhone(national, rng.chance(0.7) ? 'compact' : 'e164');
}

/** Surnames at the till: capitals, accents usually dropped (`LEFEVRE`). */
function storeNom(last: string, rng: Rng): string {
  return (rng.chance(0.75) ? plain(last) : last).toUpperCase();
}

/** First names at the till: any case, compound names sometimes without their hyphen. */
function storePrenom(first: string, rng: Rng): string {
  let name = rng.chance(0.15) ? plain(first) : first;
  if (name.includes('-') && rng.chance(0.3)) name = name.replace('-', ' ');
  const x = rng.float();
  if (x < 0.6) return name;
  if (x < 0.9) return name.toUpperCase();
  return name.toLowerCase();
}

/** E-mails typed at the till or by the customer: case varies, stray spaces happen. */
export function typedEmail(email: string, rng: Rng, capitals: number): string {
  const x = rng.float();
  let typed = email;
  if (x < capitals) typed = capitalisedEmail(email);
  else if (x < capitals + 0.04) typed = email.toUpperCase();
  const y = rng.float();
  if (y < 0.05) return ` ${typed} `;
  if (y < 0.08) return `${typed} `;
  return typed;
}

function civility(person: Person, rng: Rng): string {
  if (rng.chance(0.04)) return '';
  if (person.sex === 'M') return 'M';
  return ageOf(person) < 30 && rng.chance(0.35) ? 'MLLE' : 'MME';
}

function storeAddress(person: Person, rng: Rng): string {
  const line = person.line2 && rng.chance(0.4) ? `${person.street} ${person.line2}` : person.street;
  return (rng.chance(0.7) ? plain(line).toUpperCase() : line).slice(0, 80);
}

function webNames(person: Person, rng: Rng): [string, string] {
  const x = rng.float();
  if (x < 0.8) return [person.first, person.last];
  if (x < 0.88) return [person.first.toLowerCase(), person.last.toLowerCase()];
  if (x < 0.94) return [person.first, person.last.toUpperCase()];
  return [person.first.toUpperCase(), person.last.toUpperCase()];
}

/** Agents type `DUPONT Marie` or `Marie Dupont`, whichever comes first to them. */
function fullName(person: Person, rng: Rng): string {
  const last = rng.chance(0.5) ? plain(person.last) : person.last;
  return rng.chance(0.5) ? `${last.toUpperCase()} ${person.first}` : `${person.first} ${person.last}`;
}

/** The number someone gives first: their mobile, else their landline. */
export function mainPhone(person: Person): string | null {
  return person.mobile ?? person.landline;
}

// ---------------------------------------------------------------- records

export interface CardOptions {
  created?: number;
  closed?: number | null;
  /** National number to print on the card (a couple's shared landline); default: the main phone. */
  phone?: string | null;
}

export function addCard(person: Person, rng: Rng, options: CardOptions = {}): Card {
  const created = options.created ?? creationDay(person, SYSTEM_START.store, rng);
  const phone = options.phone !== undefined ? options.phone : mainPhone(person);
  const card: Card = {
    person,
    num: '',
    created,
    store: storeFor(person.town, created),
    closed: options.closed ?? null,
    head: null,
    civility: civility(person, rng),
    nom: storeNom(person.last, rng),
    prenom: storePrenom(person.first, rng),
    tel: phone ? storePhone(phone, rng) : '',
    email: person.email && rng.chance(0.45) ? typedEmail(person.email, rng, 0.1) : null,
    adr1: storeAddress(person, rng),
    birth: rng.chance(0.8) ? frenchCompactDate(person.birthDay) : '00000000',
    optSms: !!person.mobile && rng.chance(0.4),
    updatedWall: 0,
  };
  // Tills write e-mails in capitals about a third of the time.
  if (card.email && rng.chance(0.3)) card.email = card.email.toUpperCase();
  person.cards.push(card);
  return card;
}

/** Closes a card on that day; with `replace`, the holder gets a new card the same day. */
export function closeCard(card: Card, day: number, rng: Rng, replace: boolean): Card | null {
  card.closed = day;
  if (!replace || day >= LAST_ACTIVE_DAY) return null;
  const fresh = addCard(card.person, rng, { created: day, phone: undefined });
  // A replacement keeps the holder's details as the till had them.
  Object.assign(fresh, { civility: card.civility, nom: card.nom, prenom: card.prenom, tel: card.tel, adr1: card.adr1 });
  fresh.email = card.email ?? fresh.email;
  // NUM_FOYER is the family account's number: it stays what it was.
  fresh.head = card.head;
  return fresh;
}

export interface AccountOptions {
  createdDay?: number;
  email?: string;
  /** Force this national number as the account's phone (null: none). */
  phone?: string | null;
}

export function addAccount(person: Person, rng: Rng, options: AccountOptions = {}): Account {
  const day = options.createdDay ?? creationDay(person, SYSTEM_START.web, rng);
  const email = options.email ?? person.email;
  if (!email) throw new Error('a web account needs an e-mail address');
  const phone = options.phone !== undefined ? options.phone : rng.chance(0.88) ? mainPhone(person) : null;
  const [firstName, lastName] = webNames(person, rng);
  const account: Account = {
    person,
    id: 0,
    created: instantOn(day, rng, 7, 23.5),
    updated: 0,
    deleted: null,
    lastDay: person.until,
    email: typedEmail(email, rng, 0.22),
    passwordHash: fakeBcrypt(rng),
    firstName,
    lastName,
    phone: phone ? webPhone(phone, rng) : null,
    birthDay: rng.chance(0.6) ? person.birthDay : null,
    loyaltyCard: null,
    typedCard: null,
    mistypedCard: false,
    preferredStore: rng.chance(0.45) ? storeFor(person.town, day).code : null,
    newsletter: rng.chance(0.9) ? person.likesNews : !person.likesNews,
  };
  person.accounts.push(account);
  return account;
}

export function deleteAccount(account: Account, day: number, rng: Rng): void {
  const created = dayOf(account.created);
  const when = Math.max(created, Math.min(day, LAST_ACTIVE_DAY));
  account.deleted = Math.max(account.created + 60, instantOn(when, rng, 8, 22));
  account.lastDay = dayOf(account.deleted);
}

export function setContact(person: Person, rng: Rng, phone?: string): Contact {
  const day = creationDay(person, SYSTEM_START.callcentre, rng);
  const number = phone ?? (person.mobile && rng.chance(0.85) ? person.mobile : mainPhone(person));
  if (!number) throw new Error('a call-centre contact needs a phone number');
  const other = number === person.mobile ? person.landline : person.mobile;
  const contact: Contact = {
    person,
    id: 0,
    created: instantOn(day, rng, 8, 20),
    updated: 0,
    phone: contactPhone(number, rng),
    altPhone: other && rng.chance(0.45) ? contactPhone(other, rng) : null,
    email: person.email && rng.chance(0.35) ? (rng.chance(0.8) ? person.email : capitalisedEmail(person.email)) : null,
    fullName: fullName(person, rng),
    postcode: rng.chance(0.8) ? person.postcode : null,
    language: person.language,
    vip: rng.chance(0.03),
  };
  person.contact = contact;
  return contact;
}

export interface MkOptions {
  source: MkContact['source'];
  createdDay?: number;
}

/** A marketing contact; null when the person can be reached neither by e-mail nor by mobile. */
export function setMk(person: Person, rng: Rng, options: MkOptions): MkContact | null {
  if (!person.email && !person.mobile) return null;
  const day = options.createdDay ?? creationDay(person, SYSTEM_START.marketing, rng);
  const email = person.email;
  const named = !email || rng.chance(0.92);
  const contact: MkContact = {
    person,
    uuid: uuidFrom(rng),
    created: instantOn(Math.min(day, REFERENCE_DAY - 1), rng, 6, 23),
    updated: 0,
    email,
    mobile: person.mobile && (!email || rng.chance(0.65)) ? formatPhone(person.mobile, 'e164') : null,
    firstName: named ? person.first : null,
    lastName: named ? person.last : null,
    postcode: rng.chance(0.7) ? person.postcode : null,
    country: rng.chance(0.95) ? 'FR' : null,
    source: options.source,
    externalRef: null,
  };
  person.mk = contact;
  return contact;
}

/** The first past import after a record existed: when a contact with `external_ref` appeared. */
export function importDayAfter(day: number, until: number): number | null {
  return IMPORT_DAYS.find((importDay) => importDay >= day && importDay <= until) ?? null;
}
