// The independent data set's world: homes first, then the people living in them, then the
// situations that make identity hard, drawn as populations of their own (shared family mailboxes,
// couples on one landline, namesakes, recycled mobiles, people whose records share nothing but a
// name, a birth date and an address, numbers from unassigned ranges, overseas numbers…).
//
// Unlike the first generator (person by person, with a "unit" per special case and per-row random
// streams), this world is drawn home by home from one sequential random stream, and a person's
// records are decided by the channels they enrol in over the years (records.ts renders them).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { Rng, streamId, Weighted, weighted } from '../random';
import { CHILD_NAMES, FAMILY_NAMES, GIVEN_NAMES, GivenName, MAIL_DOMAINS, STREET_KINDS, STREET_NAMES, Town, TOWNS } from './lexicon';
import { mailboxWord, PhoneNumber, unaccented } from './spelling';

/** The population labels written into `person.cases`, so that the score's `byCase` shows each. */
export const INDEPENDENT_CASES = [
  'ordinary',
  'couple-landline',
  'family-mailbox',
  'namesake',
  'recycled-mobile',
  'typo',
  'no-shared-identifier',
  'nameless',
  'unassigned-range',
  'overseas',
  'phone-spellings',
  'two-cards',
  'two-web-accounts',
] as const;
export type IndependentCase = (typeof INDEPENDENT_CASES)[number];

/** Days counted from 2006-01-01; the data set's "today" is DAY_TODAY. */
export const EPOCH_2006 = Date.UTC(2006, 0, 1) / 1000;
export const DAY_TODAY = Math.floor((Date.UTC(2025, 4, 15) / 1000 - EPOCH_2006) / 86_400);

export interface Home {
  readonly id: number;
  readonly town: Town;
  readonly number: number;
  readonly streetKind: readonly [string, readonly string[]];
  readonly streetName: string;
  /** `Bât B`, `Apt 12`, or ''. */
  readonly complement: string;
  readonly landline: PhoneNumber | null;
  /** One e-mail the whole family reads (`famille.girard@…`), or null. */
  readonly mailbox: string | null;
  /** Truth household id when two or more people live here, else null. */
  readonly household: number | null;
}

export interface Birth {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface Person {
  readonly id: number;
  readonly home: Home;
  readonly sex: 'F' | 'M';
  readonly child: boolean;
  given: string;
  family: string;
  readonly birth: Birth;
  /** The mobile held today, or null. */
  mobile: PhoneNumber | null;
  /** A mobile held until `until` (day), then given back to the operator and recycled. */
  formerMobile: { phone: PhoneNumber; until: number } | null;
  /** The recycled number reached this person on that day (they hold it since). */
  mobileSince: number;
  /** Personal e-mail, or null (an account may make one up: records.ts). */
  email: string | null;
  /** First day this person dealt with the brand. */
  since: number;
  readonly cases: Set<IndependentCase>;
  /** Special handling in records.ts. */
  plan: 'ordinary' | 'no-shared-identifier';
  /** Which record (by order of creation) carries a typing slip, and where; null for none. */
  slip: null | { field: 'given' | 'family' | 'email'; record: number };
}

export interface Population {
  readonly seed: number;
  readonly people: Person[];
  readonly homes: Home[];
  readonly rng: Rng;
  /** Every number handed out, so that no two people share one by accident. */
  readonly numbers: Set<string>;
  readonly emails: Set<string>;
}

// Proportions of this world, chosen for it (not copied from the first generator).
const HOME_KINDS: Weighted<'single' | 'couple' | 'family' | 'single-parent'> = weighted([
  ['single', 38],
  ['couple', 30],
  ['family', 24],
  ['single-parent', 8],
]);
const SHARE_FAMILY_NAME = 0.6;
const LANDLINE = { single: 0.2, shared: 0.6 };
const MAILBOX = { couple: 0.22, family: 0.55 };
const MOBILE_ADULT = 0.9;
const EMAIL_ADULT = 0.78;
const NAMESAKE = 0.035;
const UNASSIGNED = 0.03;
const RECYCLED_PAIRS = 0.02;
const NO_SHARED = 0.035;
const TYPO = 0.07;

const givenTable = weighted(GIVEN_NAMES.map((g) => [g, g.weight] as const));
const childTable = weighted(CHILD_NAMES.map((g) => [g, g.weight] as const));
const familyTable = weighted(FAMILY_NAMES.map((f) => [f.name, f.weight] as const));
const townTable = weighted(TOWNS.map((t) => [t, t.weight] as const));
const domainTable = weighted(MAIL_DOMAINS);

const key = (phone: PhoneNumber): string => `${phone.country}:${phone.subscriber}`;

function isValidNumber(phone: PhoneNumber): boolean {
  return parsePhoneNumberFromString(`+${phone.country}${phone.subscriber}`)?.isValid() === true;
}

/** A fresh number nobody holds, valid in its plan (metropolitan mobile or landline, or overseas). */
export function freshNumber(pop: Population, town: Town, kind: 'mobile' | 'landline'): PhoneNumber {
  const { rng } = pop;
  for (;;) {
    let phone: PhoneNumber;
    if (town.overseas) {
      const prefix = kind === 'mobile' ? rng.pick(town.overseas.mobilePrefixes) : town.overseas.callingCode;
      phone = { country: town.overseas.callingCode, subscriber: prefix + rng.digits(6) };
    } else if (kind === 'mobile') {
      phone = { country: '33', subscriber: (rng.chance(0.7) ? '6' : '7') + rng.digits(8) };
    } else {
      const region = town.postcode.startsWith('75') ? '1' : /^(33|24|16|86|79|17|87|31|64)/.test(town.postcode) ? '5' : '2';
      phone = { country: '33', subscriber: region + rng.digits(8) };
    }
    if (!pop.numbers.has(key(phone)) && isValidNumber(phone)) {
      pop.numbers.add(key(phone));
      return phone;
    }
  }
}

/**
 * A mobile written like any other (ten digits, 06/07) in a range no operator holds today: the
 * numbering plan's gaps (07 00–07 29, 06 39). Well-formed, so a clerk accepts it; not valid.
 */
function unassignedMobile(pop: Population): PhoneNumber {
  const { rng } = pop;
  for (;;) {
    const subscriber = rng.chance(0.75) ? `70${rng.digits(7)}`.replace(/^70/, `7${rng.int(0, 2)}`) : `639${rng.digits(6)}`;
    const phone: PhoneNumber = { country: '33', subscriber };
    if (subscriber.length === 9 && !pop.numbers.has(key(phone)) && !isValidNumber(phone)) {
      pop.numbers.add(key(phone));
      return phone;
    }
  }
}

function birthOf(rng: Rng, fromYear: number, toYear: number): Birth {
  return { year: rng.int(fromYear, toYear), month: rng.int(1, 12), day: rng.int(1, 28) };
}

const LOCAL_PARTS: readonly ((g: string, f: string, y: number, rng: Rng) => string)[] = [
  (g, f) => `${g}.${f}`,
  (g, f) => `${g[0]}${f}`,
  (g, f, y) => `${g}${f}${String(y).slice(2)}`,
  (g, f) => `${f}.${g}`,
  (g, f, _y, rng) => `${g}_${f}${rng.int(1, 99)}`,
  (g, _f, y) => `${g}${y}`,
  (g, f) => `${g}-${f}`,
  (g, f, _y, rng) => `${f}${g[0]}${rng.int(10, 999)}`,
];

/** A personal e-mail nobody else uses. */
export function freshEmail(pop: Population, given: string, family: string, birthYear: number): string {
  const { rng } = pop;
  const g = mailboxWord(given.split('-')[0]);
  const f = mailboxWord(family);
  for (let attempt = 0; ; attempt += 1) {
    const local = rng.pick(LOCAL_PARTS)(g, f, birthYear, rng) + (attempt > 2 ? String(rng.int(1, 9999)) : '');
    const email = `${local}@${rng.choose(domainTable)}`;
    if (!pop.emails.has(email)) {
      pop.emails.add(email);
      return email;
    }
  }
}

function familyMailbox(pop: Population, family: string, partnerFamily: string): string {
  const { rng } = pop;
  const f = mailboxWord(family);
  const options = [`famille.${f}`, `les${f}`, `${f}.${mailboxWord(partnerFamily)}`, `maison${f}`, `${f}family`];
  for (;;) {
    const email = `${rng.pick(options)}${rng.chance(0.3) ? rng.int(1, 99) : ''}@${rng.choose(domainTable)}`;
    if (!pop.emails.has(email)) {
      pop.emails.add(email);
      return email;
    }
  }
}

function makePerson(pop: Population, home: Home, name: GivenName, family: string, birth: Birth, child: boolean): Person {
  const { rng } = pop;
  const adultish = DAY_TODAY / 365 + 2006 - birth.year >= 13;
  const person: Person = {
    id: pop.people.length + 1,
    home,
    sex: name.sex,
    child,
    given: name.name,
    family,
    birth,
    mobile: adultish && rng.chance(child ? 0.7 : MOBILE_ADULT) ? freshNumber(pop, home.town, 'mobile') : null,
    formerMobile: null,
    mobileSince: 0,
    email: null,
    since: rng.int(0, DAY_TODAY - 30),
    cases: new Set(),
    plan: 'ordinary',
    slip: null,
  };
  if (adultish && rng.chance(child ? 0.5 : EMAIL_ADULT)) person.email = freshEmail(pop, person.given, family, birth.year);
  if (home.town.overseas) person.cases.add('overseas');
  pop.people.push(person);
  return person;
}

function makeHome(pop: Population, kind: 'single' | 'couple' | 'family' | 'single-parent', family: string, partnerFamily: string): Home {
  const { rng } = pop;
  const town = rng.choose(townTable);
  const shared = kind !== 'single';
  const home: Home = {
    id: pop.homes.length + 1,
    town,
    number: rng.chance(0.9) ? rng.int(1, 180) : rng.int(181, 420),
    streetKind: rng.pick(STREET_KINDS),
    streetName: rng.pick(STREET_NAMES),
    complement: rng.chance(0.2) ? rng.pick([`Bât ${'ABCD'[rng.int(0, 3)]}`, `Apt ${rng.int(1, 40)}`, `Rés. les Pins`, `Esc. ${rng.int(1, 4)}`]) : '',
    landline: rng.chance(shared ? LANDLINE.shared : LANDLINE.single) ? freshNumber(pop, town, 'landline') : null,
    mailbox:
      (kind === 'couple' && rng.chance(MAILBOX.couple)) || ((kind === 'family' || kind === 'single-parent') && rng.chance(MAILBOX.family))
        ? familyMailbox(pop, family, partnerFamily)
        : null,
    household: shared ? pop.homes.length + 1 : null,
  };
  pop.homes.push(home);
  return home;
}

function adultName(rng: Rng, sex?: 'F' | 'M'): GivenName {
  for (;;) {
    const name = rng.choose(givenTable);
    if (!sex || name.sex === sex) return name;
  }
}

/** Homes and their people, `count` people exactly (the last home may be smaller than drawn). */
function populate(pop: Population, count: number): void {
  const { rng } = pop;
  const adults: Person[] = [];
  while (pop.people.length < count) {
    const room = count - pop.people.length;
    let kind = rng.choose(HOME_KINDS);
    if (room < 3 && (kind === 'family' || kind === 'single-parent')) kind = room === 2 ? 'couple' : 'single';
    if (room < 2) kind = 'single';
    const family = rng.choose(familyTable);
    // A namesake: somebody already in the world, same given and family name, another person.
    if (kind === 'single' && adults.length > 20 && rng.chance(NAMESAKE * 2)) {
      const twin = rng.pick(adults);
      if (!twin.cases.has('namesake')) {
        const home = makeHome(pop, 'single', twin.family, twin.family);
        const sameTown = rng.chance(0.35);
        const placed: Home = sameTown ? { ...home, town: twin.home.town } : home;
        pop.homes[pop.homes.length - 1] = placed;
        const person = makePerson(pop, placed, { name: twin.given, sex: twin.sex, weight: 1 }, twin.family, birthOf(rng, 1945, 2002), false);
        person.cases.add('namesake');
        twin.cases.add('namesake');
        adults.push(person);
        continue;
      }
    }
    const partnerFamily = rng.chance(SHARE_FAMILY_NAME) ? family : rng.choose(familyTable);
    const home = makeHome(pop, kind, family, partnerFamily);
    const first = adultName(rng);
    const firstBirth = birthOf(rng, 1942, 2003);
    adults.push(makePerson(pop, home, first, family, firstBirth, false));
    if (kind === 'couple' || kind === 'family') {
      const partnerName = adultName(rng, rng.chance(0.9) ? (first.sex === 'F' ? 'M' : 'F') : first.sex);
      const partnerBirth = birthOf(rng, Math.max(1940, firstBirth.year - 8), Math.min(2003, firstBirth.year + 8));
      adults.push(makePerson(pop, home, partnerName, partnerFamily, partnerBirth, false));
    }
    if (kind === 'family' || kind === 'single-parent') {
      const children = Math.min(rng.int(1, 3), count - pop.people.length);
      // Parents do not give two of their children one first name, nor a parent's: drawn again until new.
      const taken = new Set([first.name, ...adults.filter((adult) => adult.home === home).map((adult) => adult.given)]);
      for (let i = 0; i < children; i += 1) {
        const year = Math.max(firstBirth.year + 19, rng.int(1996, 2012));
        let name = rng.choose(childTable);
        for (let tries = 0; taken.has(name.name) && tries < 20; tries += 1) name = rng.choose(childTable);
        taken.add(name.name);
        makePerson(pop, home, name, family, birthOf(rng, year, year), true);
      }
    }
  }
}

/** Adults to draw special populations from: at most one special role each, so cases stay readable. */
function drawAdults(pop: Population, share: number, accept: (p: Person) => boolean): Person[] {
  const { rng } = pop;
  const wanted = Math.max(1, Math.round(pop.people.length * share));
  const pool = rng.shuffle(pop.people.filter((p) => !p.child && accept(p)));
  return pool.slice(0, wanted);
}

const plain = (p: Person): boolean =>
  !p.home.town.overseas && p.plan === 'ordinary' && !p.cases.has('namesake') && !p.cases.has('recycled-mobile') && !p.cases.has('unassigned-range');

function specialise(pop: Population): void {
  const { rng } = pop;
  // Numbers from unassigned ranges, used on every record as any number would be.
  for (const p of drawAdults(pop, UNASSIGNED, (q) => plain(q) && q.mobile !== null)) {
    pop.numbers.delete(key(p.mobile!));
    p.mobile = unassignedMobile(pop);
    p.cases.add('unassigned-range');
  }
  // Recycled mobiles: the first holder gave the number back years ago and has a new one; the
  // operator gave it to a stranger, who uses it on their records since.
  const holders = drawAdults(pop, RECYCLED_PAIRS * 2, (q) => plain(q) && q.mobile !== null);
  for (let i = 0; i + 1 < holders.length; i += 2) {
    const [before, after] = [holders[i], holders[i + 1]];
    if (before.home === after.home) continue;
    const until = rng.int(1500, DAY_TODAY - 1500);
    pop.numbers.delete(key(after.mobile!));
    before.formerMobile = { phone: before.mobile!, until };
    before.since = Math.min(before.since, until - rng.int(200, 1200));
    before.mobile = freshNumber(pop, before.home.town, 'mobile');
    after.mobile = before.formerMobile.phone;
    after.mobileSince = until + rng.int(200, 800);
    after.since = Math.max(after.since, after.mobileSince);
    before.cases.add('recycled-mobile');
    after.cases.add('recycled-mobile');
  }
  // People whose records share no identifier: a card with an old number and no e-mail, a web
  // account with another e-mail and no number; only the name, birth date and address agree.
  for (const p of drawAdults(pop, NO_SHARED, plain)) {
    p.plan = 'no-shared-identifier';
    p.cases.add('no-shared-identifier');
  }
  // Typing slips, in one record of the person (records.ts picks which).
  for (const p of drawAdults(pop, TYPO, (q) => q.plan === 'ordinary')) {
    p.slip = { field: rng.pick(['given', 'family', 'email', 'email'] as const), record: rng.int(0, 3) };
  }
}

export function buildPopulation(seed: number, count: number): Population {
  const pop: Population = {
    seed,
    people: [],
    homes: [],
    rng: new Rng(seed, streamId('independent-world')),
    numbers: new Set(),
    emails: new Set(),
  };
  populate(pop, count);
  specialise(pop);
  return pop;
}

/** The canonical street line: `12 rue des Tilleuls`. */
export function streetLine(home: Home): string {
  return `${home.number} ${home.streetKind[0]} ${home.streetName}`;
}

export { unaccented };
