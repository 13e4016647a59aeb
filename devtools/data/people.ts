// Who the generated people are: names, home, phones, e-mail, and when they deal with the brand.
// Uniqueness is enforced here (a mobile, landline or e-mail belongs to one person unless a case
// says otherwise), because an accidental shared identifier would be a false link waiting to happen.
import { REFERENCE_DAY, WINDOW_START_DAY, daysFromCivil } from './calendar';
import { emailWord, nameKey } from './identifiers';
import { Person, UnitKind } from './model';
import { EMAIL_DOMAINS, FIRST_NAMES, LANGUAGES, OLD_EMAIL_DOMAINS, STREETS, ADDRESS_COMPLEMENTS, SURNAME_TABLE, TOWN_TABLE, Town } from './names';
import { Rng } from './random';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Real people hold numbers in assigned ranges: a made-up number outside them (07 00…, or 0639 and
 * 069x, which belong to overseas departments) is one the hub rightly refuses to read, and would
 * only measure the generator's mistakes. Checked with libphonenumber-js itself, not with the
 * project's own normaliser, so the test data stays independent of the code it tests.
 */
function isMetropolitan(number: string, type: 'MOBILE' | 'FIXED_LINE'): boolean {
  const parsed = parsePhoneNumberFromString(number, 'FR');
  return parsed !== undefined && parsed.country === 'FR' && parsed.isValid() && parsed.getType() === type;
}

const EARLIEST_CUSTOMER_DAY = daysFromCivil(2006, 1, 1);
const LAST_ACTIVE_DAY = REFERENCE_DAY - 1;
/** Nobody holds a card or an account before 16. */
const ADULT_DAYS = Math.round(16 * 365.25);

/** What must stay unique across people while they are created. */
export class Registry {
  readonly phones = new Set<string>();
  readonly emails = new Set<string>();
  private readonly nameTowns = new Set<string>();

  claimNameTown(first: string, last: string, postcode: string): boolean {
    const key = `${nameKey(first, last)}|${postcode}`;
    if (this.nameTowns.has(key)) return false;
    this.nameTowns.add(key);
    return true;
  }

  newMobile(rng: Rng, young: boolean): string {
    for (;;) {
      const number = `0${young && rng.chance(0.5) ? 7 : 6}${rng.digits(8)}`;
      if (!this.phones.has(number) && isMetropolitan(number, 'MOBILE')) {
        this.phones.add(number);
        return number;
      }
    }
  }

  newLandline(rng: Rng, town: Town): string {
    for (;;) {
      const number = `${town.areaCode}${rng.int(1, 9)}${rng.digits(7)}`;
      if (!this.phones.has(number) && isMetropolitan(number, 'FIXED_LINE')) {
        this.phones.add(number);
        return number;
      }
    }
  }

  newEmail(rng: Rng, first: string, last: string, birthYear: number, domain?: string): string {
    const f = emailWord(first);
    const l = emailWord(last);
    for (let attempt = 0; ; attempt += 1) {
      const local = emailLocalPart(rng, f, l, birthYear, attempt);
      const email = `${local}@${domain ?? rng.choose(EMAIL_DOMAINS)}`;
      if (!this.emails.has(email)) {
        this.emails.add(email);
        return email;
      }
    }
  }
}

function emailLocalPart(rng: Rng, f: string, l: string, birthYear: number, attempt: number): string {
  const yy = String(birthYear % 100).padStart(2, '0');
  const base = (() => {
    const x = rng.float();
    if (x < 0.4) return `${f}.${l}`;
    if (x < 0.5) return `${f}${l}`;
    if (x < 0.6) return `${f[0]}.${l}`;
    if (x < 0.72) return `${f}.${l}${yy}`;
    if (x < 0.78) return `${l}.${f}`;
    if (x < 0.84) return `${f}_${l}`;
    if (x < 0.94) return `${f[0]}${l}${rng.int(1, 99)}`;
    return `${f}${rng.int(1, 999)}`;
  })();
  return attempt < 3 ? base : `${base}${rng.int(2, 9999)}`;
}

export interface PersonOptions {
  sex?: 'F' | 'M';
  ageRange?: [number, number];
  first?: string;
  last?: string;
  /** Share a home (couple, family): same town, postcode, street. */
  home?: Person;
  /** Live anywhere but in this town (namesakes, recycled numbers). */
  notTown?: Town;
  /** A first or last name this person must not have (couples, families, recycled numbers). */
  notFirst?: string;
  notLast?: string;
  noEmail?: boolean;
  noMobile?: boolean;
  landline?: boolean;
}

export function makePerson(id: number, unit: UnitKind, rng: Rng, registry: Registry, options: PersonOptions = {}): Person {
  const sex = options.sex ?? (rng.chance(0.52) ? 'F' : 'M');
  const [minAge, maxAge] = options.ageRange ?? [18, 92];
  const age = Math.min(maxAge, Math.max(minAge, Math.round(rng.normal(47, 16))));
  const birthDay = REFERENCE_DAY - Math.round(age * 365.25) - rng.int(0, 364);
  const birthYear = 1970 + Math.floor(birthDay / 365.25);
  const young = birthYear >= 1975 ? !rng.chance(0.1) : rng.chance(0.1);

  const home = options.home;
  const drawTown = (): Town => {
    let drawn = rng.choose(TOWN_TABLE);
    while (options.notTown && drawn === options.notTown) drawn = rng.choose(TOWN_TABLE);
    return drawn;
  };
  let town = home?.town ?? drawTown();
  let postcode = home?.postcode ?? rng.pick(town.postcodes);

  const drawFirst = (): string => rng.choose(FIRST_NAMES[sex][young ? 'younger' : 'older']);
  let last = options.last ?? rng.choose(SURNAME_TABLE);
  while (options.notLast && nameKey(last) === nameKey(options.notLast)) last = rng.choose(SURNAME_TABLE);
  let first = options.first ?? drawFirst();
  while (options.notFirst && nameKey(first) === nameKey(options.notFirst)) first = drawFirst();
  // Two people of one name in one postcode would be genuinely ambiguous: keep that to nobody.
  // A forced name (namesakes) moves house instead; anybody else gets another first name.
  for (let attempt = 0; !registry.claimNameTown(first, last, postcode) && attempt < 50; attempt += 1) {
    if (options.first && !home) {
      town = drawTown();
      postcode = rng.pick(town.postcodes);
    } else {
      first = rng.choose(FIRST_NAMES[sex][rng.chance(0.5) ? 'younger' : 'older']);
      while (options.notFirst && nameKey(first) === nameKey(options.notFirst)) first = drawFirst();
    }
  }

  let hasMobile = !options.noMobile && rng.chance(age < 75 ? 0.95 : 0.65);
  let hasLandline = options.landline ?? (!hasMobile || rng.chance(age > 55 ? 0.55 : 0.18));
  // Everybody can be reached somehow: the shops ask for a number when they issue a card.
  if (!hasMobile && !hasLandline) {
    if (options.noMobile) hasLandline = true;
    else hasMobile = true;
  }
  const hasEmail = !options.noEmail && rng.chance(age < 70 ? 0.93 : 0.55);
  const { since, until } = customerPeriod(rng, birthDay + ADULT_DAYS);

  return {
    id,
    household: null,
    cases: new Set(),
    unit,
    sex,
    first,
    last,
    birthDay,
    town,
    postcode,
    street: home?.street ?? `${rng.int(1, 140)}${rng.chance(0.04) ? ' bis' : ''} ${rng.pick(STREETS)}`,
    line2: home?.line2 ?? (rng.chance(0.15) ? rng.pick(ADDRESS_COMPLEMENTS) : ''),
    mobile: hasMobile ? registry.newMobile(rng, young) : null,
    landline: hasLandline ? (home?.landline ?? registry.newLandline(rng, town)) : null,
    email: hasEmail ? registry.newEmail(rng, first, last, birthYear) : null,
    oldEmail: null,
    language: rng.choose(LANGUAGES),
    since,
    until,
    storeRate: Math.exp(rng.normal(Math.log(3), 0.8)),
    webRate: Math.exp(rng.normal(Math.log(1.1), 0.8)),
    likesNews: rng.chance(0.6),
    cards: [],
    accounts: [],
    contact: null,
    mk: null,
  };
}

/** Most customers predate the 3-year window; about one in ten stops dealing with the brand. */
function customerPeriod(rng: Rng, adult: number): { since: number; until: number } {
  const drawn = rng.chance(0.55) ? rng.int(EARLIEST_CUSTOMER_DAY, WINDOW_START_DAY) : rng.int(WINDOW_START_DAY, LAST_ACTIVE_DAY - 20);
  const since = Math.min(LAST_ACTIVE_DAY - 20, Math.max(drawn, adult));
  const earliestEnd = Math.min(LAST_ACTIVE_DAY, Math.max(since, WINDOW_START_DAY) + 30);
  const until = rng.chance(0.1) ? rng.int(earliestEnd, LAST_ACTIVE_DAY) : LAST_ACTIVE_DAY;
  return { since, until: Math.max(since, until) };
}

export function oldEmailFor(person: Person, rng: Rng, registry: Registry): string {
  const birthYear = 1970 + Math.floor(person.birthDay / 365.25);
  return registry.newEmail(rng, person.first, person.last, birthYear, rng.pick(OLD_EMAIL_DOMAINS));
}

/** Age in whole years on the reference day. */
export function ageOf(person: Person): number {
  return Math.floor((REFERENCE_DAY - person.birthDay) / 365.25);
}

export { ADULT_DAYS, EARLIEST_CUSTOMER_DAY, LAST_ACTIVE_DAY };
