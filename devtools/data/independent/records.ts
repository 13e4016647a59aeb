// Each person's records in the four systems, spelled by that system's habits. A person enrols in
// channels over the years (a card at a till, an account on the web, a call, a contest or a
// newsletter form); each enrolment becomes one record written with the contact details the person
// gave that day: the number they held then, their own e-mail or the family's, their name as that
// clerk or form writes it.
import { createHash } from 'node:crypto';
import { Rng } from '../random';
import { anyCase, e164, familyVariant, givenVariant, keyboardSlip, PhoneNumber, PhoneStyle, titleCase, typedEmail, unaccented, writePhone } from './spelling';
import { DAY_TODAY, EPOCH_2006, freshEmail, freshNumber, Home, IndependentCase, Person, Population, streetLine } from './population';
import { weighted, Weighted } from '../random';
import type { Town } from './lexicon';

export interface Shop {
  readonly code: string;
  readonly name: string;
  readonly town: Town;
  readonly lat: number;
  readonly lon: number;
  readonly open: boolean;
}

export interface CardRecord {
  readonly person: Person;
  readonly day: number;
  readonly shop: Shop;
  num: string;
  civilite: string;
  nom: string;
  prenom: string;
  tel: string;
  email: string | null;
  adr1: string;
  cp: string;
  ville: string;
  dateNais: string;
  /** The family account's first card, or null. */
  foyer: CardRecord | null;
  closed: boolean;
  optSms: boolean;
  changedDay: number;
  changedSecond: number;
}

export interface WebRecord {
  readonly person: Person;
  readonly day: number;
  readonly second: number;
  id: number;
  email: string;
  passwordHash: string;
  first: string;
  last: string;
  phone: string | null;
  birth: string | null;
  /** The card the person typed at checkout, rendered once card numbers exist. */
  typedCard: { card: CardRecord; wrongDigit: boolean } | null;
  preferredStore: string | null;
  newsletter: boolean;
  deletedDay: number | null;
  addresses: { kind: 'billing' | 'shipping'; line1: string; line2: string; postcode: string; city: string; isDefault: boolean }[];
}

export interface CallRecord {
  readonly person: Person;
  readonly day: number;
  readonly second: number;
  id: number;
  phone: string;
  altPhone: string | null;
  email: string | null;
  fullName: string;
  postcode: string | null;
  language: string;
  vip: boolean;
}

export interface MkRecord {
  readonly person: Person;
  readonly day: number;
  readonly second: number;
  uuid: string;
  email: string | null;
  mobile: string | null;
  first: string | null;
  last: string | null;
  postcode: string | null;
  source: 'WEB' | 'STORE' | 'EVENT' | 'IMPORT' | 'CONTEST';
  /** Filled once ids exist: an old import's reference to one of the same person's records. */
  refTo: { web: WebRecord } | { card: CardRecord } | null;
}

export interface Records {
  shops: Shop[];
  cards: CardRecord[];
  web: WebRecord[];
  calls: CallRecord[];
  mk: MkRecord[];
}

// ------------------------------------------------------------------ per-system habits

const CARD_PHONE: Weighted<PhoneStyle | ''> = weighted([
  ['national-spaced', 32],
  ['national-dotted', 14],
  ['national-packed', 22],
  ['e164', 8],
  ['e164-spaced', 6],
  ['zero-zero', 4],
  ['zero-zero-spaced', 4],
  ['', 10],
]);
const WEB_PHONE: Weighted<PhoneStyle> = weighted([
  ['e164-spaced', 30],
  ['national-spaced', 32],
  ['national-packed', 20],
  ['zero-zero', 8],
  ['zero-zero-spaced', 4],
  ['e164', 6],
]);
const CTI_PHONE: Weighted<PhoneStyle> = weighted([
  ['national-packed', 55],
  ['e164', 45],
]);
const LANGUAGES = weighted([
  ['fr', 93],
  ['en', 2],
  ['de', 1],
  ['es', 1],
  ['pt', 2],
  ['vi', 1],
] as const);
const MK_SOURCES = weighted([
  ['WEB', 40],
  ['STORE', 25],
  ['EVENT', 10],
  ['IMPORT', 15],
  ['CONTEST', 10],
] as const);

/** Channels an adult (or a child) enrols in: probability of at least one record there. */
const ENROL = {
  adult: { card: 0.6, web: 0.5, call: 0.22, mk: 0.38 },
  child: { card: 0.12, web: 0.3, call: 0.02, mk: 0.22 },
};
const SECOND_CARD = 0.06;
const SECOND_ACCOUNT = 0.05;
const CONTEST_ONLY_EMAIL = 0.08;
/** Of those, entries under an address made for contests: no evidence ties them to the person. */
const THROWAWAY_EMAIL = 0.1;
const GUEST_ACCOUNT = 0.05;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function dayParts(day: number): { y: number; m: number; d: number } {
  const date = new Date((EPOCH_2006 + day * 86_400) * 1000);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

export function compactDay(day: number): string {
  const { y, m, d } = dayParts(day);
  return `${y}${pad(m)}${pad(d)}`;
}

export function isoSecond(day: number, second: number): string {
  return new Date((EPOCH_2006 + day * 86_400 + second) * 1000).toISOString().replace('T', ' ').replace('Z', '');
}

export function epochOf(day: number, second: number): number {
  return EPOCH_2006 + day * 86_400 + second;
}

// ------------------------------------------------------------------ what a person gives

/** The contact details a person gives on a given day. */
interface Given {
  phone: PhoneNumber | null;
  email: string | null;
  given: string;
  family: string;
}

function phoneOn(person: Person, day: number, rng: Rng): PhoneNumber | null {
  if (person.formerMobile && day <= person.formerMobile.until) return person.formerMobile.phone;
  if (person.cases.has('recycled-mobile') && !person.formerMobile && day < person.mobileSince) return person.home.landline;
  const mobile = person.mobile;
  const landline = person.home.landline;
  if (mobile && landline) return rng.chance(person.home.household ? 0.45 : 0.2) ? landline : mobile;
  return mobile ?? landline;
}

function emailOn(person: Person, rng: Rng, mailboxOdds: number): string | null {
  if (person.home.mailbox && rng.chance(person.child ? mailboxOdds + 0.3 : mailboxOdds)) return person.home.mailbox;
  return person.email;
}

class Builder {
  readonly records: Records = { shops: [], cards: [], web: [], calls: [], mk: [] };
  private readonly shopsByTown = new Map<Town, Shop[]>();
  /** How many records each person was asked for so far: the typing slip goes into the n-th. */
  private readonly count = new Map<Person, number>();
  /** Records each person really has (a call needs a number, a marketing contact an e-mail or mobile). */
  private readonly made = new Map<Person, number>();
  /** E-mails each person has written on a record so far: people reuse their usual address. */
  private readonly usedEmails = new Map<Person, string[]>();
  private kept<T extends { person: Person; email: string | null }>(list: T[], record: T): T {
    list.push(record);
    if (record.email) this.usedEmails.set(record.person, [...(this.usedEmails.get(record.person) ?? []), record.email.trim().toLowerCase()]);
    this.made.set(record.person, (this.made.get(record.person) ?? 0) + 1);
    return record;
  }

  constructor(private readonly pop: Population) {
    const towns = [...new Map(pop.people.map((p) => [`${p.home.town.name}|${p.home.town.postcode}`, p.home.town])).values()];
    const { rng } = pop;
    let n = 0;
    for (const town of towns) {
      const shops: Shop[] = [];
      for (let i = 0, many = town.weight >= 8 ? 2 : 1; i < many; i += 1) {
        n += 1;
        const shop: Shop = {
          code: `W${pad(n, 3)}`,
          name: `${unaccented(town.name).toUpperCase()} ${['CENTRE', 'NORD', 'SUD', 'GARE'][i % 4]}`.slice(0, 60),
          town,
          lat: town.overseas ? -21 + rng.float() : 43 + rng.float() * 5,
          lon: town.overseas ? 55 + rng.float() : -4 + rng.float() * 6,
          open: rng.chance(0.95),
        };
        shops.push(shop);
        this.records.shops.push(shop);
      }
      this.shopsByTown.set(town, shops);
    }
  }

  /** The typing slip, when this is the record the person's slip falls in. */
  private slipped(person: Person, given: Given): Given {
    const index = this.count.get(person) ?? 0;
    this.count.set(person, index + 1);
    const slip = person.slip;
    if (!slip || slip.record !== index) return given;
    const { rng } = this.pop;
    if (slip.field === 'email' && given.email && given.email !== person.home.mailbox) {
      const [local, domain] = given.email.split('@');
      person.cases.add('typo');
      return { ...given, email: rng.chance(0.75) ? `${keyboardSlip(local, rng)}@${domain}` : `${local}@${keyboardSlip(domain, rng)}` };
    }
    if (slip.field === 'given' || slip.field === 'email') {
      person.cases.add('typo');
      return { ...given, given: keyboardSlip(given.given, rng) };
    }
    person.cases.add('typo');
    return { ...given, family: keyboardSlip(given.family, rng) };
  }

  private give(person: Person, day: number, mailboxOdds: number): Given {
    const { rng } = this.pop;
    return this.slipped(person, { phone: phoneOn(person, day, rng), email: emailOn(person, rng, mailboxOdds), given: person.given, family: person.family });
  }

  card(person: Person, day: number, override: Partial<Given> = {}): CardRecord {
    const { rng } = this.pop;
    const given = { ...this.give(person, day, 0.5), ...override };
    const home = person.home;
    const style = rng.choose(CARD_PHONE);
    const nom = familyVariant(given.family, rng);
    const record: CardRecord = {
      person,
      day,
      shop: rng.pick(this.shopsByTown.get(home.town)!),
      num: '',
      civilite: person.child
        ? rng.pick(['', '', person.sex === 'F' ? 'MLLE' : 'M'])
        : person.sex === 'F'
          ? rng.choose(weighted([['MME', 68], ['MLLE', 9], ['', 23]] as const))
          : rng.chance(0.85)
            ? 'M'
            : '',
      nom: (rng.chance(0.8) ? unaccented(nom) : nom).toUpperCase().slice(0, 40),
      prenom: maybeUnaccented(anyCase(givenVariant(given.given, rng), rng, { title: 45, upper: 45, lower: 10 }), rng, 0.4).slice(0, 40),
      tel: given.phone && style ? writePhone(given.phone, style) : '',
      email: given.email && rng.chance(0.45) ? typedEmail(given.email, rng, { capitalised: 0.25, spaced: 0.12 }) : null,
      adr1: cardStreet(home, rng),
      cp: home.town.postcode,
      ville: unaccented(home.town.name).toUpperCase().slice(0, 40),
      dateNais: rng.chance(0.75) ? `${pad(person.birth.day)}${pad(person.birth.month)}${person.birth.year}` : '00000000',
      foyer: null,
      closed: rng.chance(0.05),
      optSms: rng.chance(0.4),
      changedDay: Math.min(DAY_TODAY, day + rng.geometric(300)),
      changedSecond: rng.int(8 * 3600, 20 * 3600),
    };
    return this.kept(this.records.cards, record);
  }

  web(person: Person, day: number, options: { guest?: boolean; override?: Partial<Given> } = {}): WebRecord {
    const { rng } = this.pop;
    let given = { ...this.give(person, day, 0.45), ...options.override };
    // A guest checkout goes through with the address the person usually gives.
    const usual = this.usedEmails.get(person);
    if (options.guest && usual) given = { ...given, email: this.pop.rng.pick(usual) };
    if (!given.email) {
      // No account without an address: the person made one up for the shop that day.
      person.email ??= freshEmail(this.pop, person.given, person.family, person.birth.year);
      given = { ...given, email: person.email };
    }
    const nameCase = { title: 80, upper: 6, lower: 14 };
    const first = options.guest ? '' : maybeUnaccented(anyCase(givenVariant(given.given, rng), rng, nameCase), rng, 0.3);
    const last = options.guest ? '' : maybeUnaccented(anyCase(familyVariant(given.family, rng), rng, nameCase), rng, 0.3);
    const hasPhone = !options.guest && given.phone !== null && rng.chance(0.6);
    const record: WebRecord = {
      person,
      day,
      second: rng.int(0, 86_399),
      id: 0,
      email: typedEmail(given.email!, rng, { capitalised: 0.2, spaced: 0.08 }),
      passwordHash: `$2b$10$${rng.hex(53)}`,
      first: first.slice(0, 60),
      last: last.slice(0, 60),
      phone: hasPhone ? writePhone(given.phone!, rng.choose(WEB_PHONE)) : null,
      birth: !options.guest && rng.chance(0.45) ? `${person.birth.year}-${pad(person.birth.month)}-${pad(person.birth.day)}` : null,
      typedCard: null,
      preferredStore: rng.chance(0.4) ? rng.pick(this.shopsByTown.get(person.home.town)!).code : null,
      newsletter: rng.chance(0.35),
      deletedDay: rng.chance(0.04) ? Math.min(DAY_TODAY, day + rng.int(30, 2000)) : null,
      addresses: [],
    };
    if (!options.guest && rng.chance(0.9)) {
      const home = person.home;
      const line1 = titleCase(streetLine(home));
      record.addresses.push({ kind: 'billing', line1, line2: home.complement, postcode: home.town.postcode, city: home.town.name, isDefault: true });
      if (rng.chance(0.3)) {
        record.addresses.push({ kind: 'shipping', line1: rng.chance(0.7) ? line1 : `Relais ${rng.int(1, 99)} ${home.town.name}`, line2: '', postcode: home.town.postcode, city: home.town.name, isDefault: false });
      }
    }
    return this.kept(this.records.web, record);
  }

  call(person: Person, day: number, override: Partial<Given> = {}): CallRecord | null {
    const { rng } = this.pop;
    const given = { ...this.give(person, day, 0.3), ...override };
    if (!given.phone) return null;
    const family = familyVariant(given.family, rng);
    const gname = givenVariant(given.given, rng);
    const fullName = rng.choose(
      weighted([
        [`${unaccented(family).toUpperCase()} ${gname}`, 38],
        [`${gname} ${family}`, 30],
        [`${family} ${gname}`, 16], // surname first, nothing marks it
        [`${gname} ${family}`.toUpperCase(), 8],
        [`${gname[0]}. ${family}`, 5],
        [`${unaccented(family).toUpperCase()} ${gname[0]}.`, 3],
      ] as const),
    );
    const alt = person.home.landline && given.phone !== person.home.landline && rng.chance(0.25) ? person.home.landline : null;
    const record: CallRecord = {
      person,
      day,
      second: rng.int(8 * 3600, 19 * 3600),
      id: 0,
      phone: writePhone(given.phone, rng.choose(CTI_PHONE)),
      altPhone: alt ? writePhone(alt, rng.choose(CTI_PHONE)) : null,
      email: given.email && rng.chance(0.3) ? given.email.toLowerCase() : null,
      fullName: fullName.slice(0, 80),
      postcode: rng.chance(0.8) ? person.home.town.postcode : null,
      language: person.home.town.overseas ? 'fr' : rng.choose(LANGUAGES),
      vip: rng.chance(0.03),
    };
    return this.kept(this.records.calls, record);
  }

  mk(person: Person, day: number, source: MkRecord['source'], options: { nameless?: boolean; email?: string } = {}): MkRecord | null {
    const { rng } = this.pop;
    const given = this.give(person, day, 0.4);
    // A contest form gets the person's own address when they have one, the family's otherwise.
    const usual = this.usedEmails.get(person);
    const email = options.email ?? (options.nameless ? (usual ? rng.pick(usual) : (person.email ?? given.email)) : given.email);
    const mobile = !options.nameless && given.phone && given.phone === person.mobile && rng.chance(0.55) ? e164(given.phone) : null;
    if (!email && !mobile) return null;
    const named = !options.nameless && rng.chance(0.85);
    const record: MkRecord = {
      person,
      day,
      second: rng.int(0, 86_399),
      uuid: uuidOf(rng),
      email: email ? email.trim().toLowerCase() : null,
      mobile,
      first: named ? titleCase(givenVariant(given.given, rng)).slice(0, 60) : null,
      last: named ? familyVariant(given.family, rng).slice(0, 60) : null,
      postcode: !options.nameless && rng.chance(0.85) ? person.home.town.postcode : null,
      source,
      refTo: null,
    };
    return this.kept(this.records.mk, record);
  }

  /** Every channel the person enrols in, in the order of the days they did. */
  enrol(person: Person): void {
    const { rng } = this.pop;
    const odds = person.child ? ENROL.child : ENROL.adult;
    const day = (): number => rng.int(person.since, DAY_TODAY - 1);
    if (person.plan === 'no-shared-identifier') return this.withoutSharedIdentifier(person);
    const before: (() => unknown)[] = [];
    const start = person.formerMobile ? person.since : Math.max(person.since, person.mobileSince);
    const dayFrom = (from: number): number => rng.int(Math.min(from, DAY_TODAY - 1), DAY_TODAY - 1);
    // A former holder of a recycled number used it on at least one record, back then.
    if (person.formerMobile) {
      const until = person.formerMobile.until;
      before.push(() => (rng.chance(0.5) ? this.card(person, rng.int(person.since, until)) : this.call(person, rng.int(person.since, until))));
    }
    let cards: CardRecord[] = [];
    if (rng.chance(odds.card)) {
      const first = this.card(person, dayFrom(start));
      cards = [first];
      if (!person.child && rng.chance(SECOND_CARD)) {
        // A lost card: the new one is issued later, the old one closed.
        first.closed = true;
        cards.push(this.card(person, dayFrom(first.day + 30)));
        person.cases.add('two-cards');
      }
    }
    if (rng.chance(odds.web)) {
      // Guest-like accounts (no name, no number, no address) come from people known by an e-mail already.
      const account = this.web(person, dayFrom(start), { guest: this.usedEmails.has(person) && rng.chance(GUEST_ACCOUNT * 2) });
      if (account.first === '') person.cases.add('nameless');
      if (cards.length > 0 && rng.chance(0.25)) account.typedCard = { card: rng.pick(cards), wrongDigit: rng.chance(0.1) };
      if (!person.child && rng.chance(SECOND_ACCOUNT)) {
        const other = freshEmail(this.pop, person.given, person.family, person.birth.year);
        this.web(person, dayFrom(account.day + 100), { override: { email: other } });
        person.cases.add('two-web-accounts');
      }
    }
    if (rng.chance(odds.call)) this.call(person, dayFrom(start));
    if (rng.chance(odds.mk)) this.mk(person, dayFrom(start), rng.choose(MK_SOURCES));
    // A contest entry: nothing but an e-mail, sometimes a throwaway one made for contests.
    if (rng.chance(CONTEST_ONLY_EMAIL) && (this.usedEmails.has(person) || rng.chance(0.25))) {
      const throwaway = rng.chance(THROWAWAY_EMAIL) ? freshEmail(this.pop, person.given, person.family, person.birth.year) : undefined;
      if (this.mk(person, day(), 'CONTEST', { nameless: true, email: throwaway })) person.cases.add('nameless');
    }
    // A recycled number's second holder uses it at least once, on a record of these years.
    if (person.mobileSince > 0 && !person.formerMobile) {
      const recent = dayFrom(person.mobileSince);
      if (rng.chance(0.5)) this.call(person, recent, { phone: person.mobile });
      else this.card(person, recent, { phone: person.mobile });
    }
    for (const make of before) make();
    if ((this.made.get(person) ?? 0) === 0) this.card(person, day());
  }

  /** Card and web account (sometimes a call) with nothing in common but name, birth date, address. */
  private withoutSharedIdentifier(person: Person): void {
    const { rng } = this.pop;
    const oldNumber = freshNumber(this.pop, person.home.town, 'mobile');
    const cardDay = rng.int(person.since, DAY_TODAY - 400);
    const card = this.card(person, cardDay, { phone: rng.chance(0.6) ? oldNumber : null, email: null });
    card.email = null;
    card.dateNais = `${pad(person.birth.day)}${pad(person.birth.month)}${person.birth.year}`;
    const webEmail = freshEmail(this.pop, person.given, person.family, person.birth.year);
    const account = this.web(person, rng.int(cardDay + 1, DAY_TODAY - 1), { override: { email: webEmail, phone: null } });
    account.birth = `${person.birth.year}-${pad(person.birth.month)}-${pad(person.birth.day)}`;
    if (account.addresses.length === 0) {
      const home = person.home;
      account.addresses.push({ kind: 'billing', line1: titleCase(streetLine(home)), line2: home.complement, postcode: home.town.postcode, city: home.town.name, isDefault: true });
    }
    if (rng.chance(0.3)) {
      const third = freshNumber(this.pop, person.home.town, 'mobile');
      const call = this.call(person, rng.int(cardDay, DAY_TODAY - 1), { phone: third, email: null });
      if (call) call.postcode = person.home.town.postcode;
    }
  }
}

function maybeUnaccented(text: string, rng: Rng, odds: number): string {
  return rng.chance(odds) ? unaccented(text) : text;
}

/** The till's street line: capitals, accents mostly gone, the street kind often shortened. */
function cardStreet(home: Home, rng: Rng): string {
  const kind = rng.chance(0.6) ? rng.pick(home.streetKind[1]) : home.streetKind[0].toUpperCase();
  const number = rng.chance(0.15) ? `${home.number},` : String(home.number);
  const line = `${number} ${kind} ${home.streetName}`;
  return (rng.chance(0.85) ? unaccented(line) : line).toUpperCase().slice(0, 80);
}

function uuidOf(rng: Rng): string {
  const h = rng.hex(32).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16], 16) & 3];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** EAN-13 check digit of twelve digits. */
export function ean13(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(twelve[i]) * (i % 2 === 0 ? 1 : 3);
  return twelve + String((10 - (sum % 10)) % 10);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const byTime = <T extends { day: number; second?: number }>(a: T, b: T): number => a.day - b.day || (a.second ?? 0) - (b.second ?? 0);

/** Records of every person, numbered the way each system numbers them. */
export function buildRecords(pop: Population): Records {
  const builder = new Builder(pop);
  for (const person of pop.people) builder.enrol(person);
  const { records } = builder;
  const { rng } = pop;

  // Card numbers: per store, in issue order: `24` + store number + serial + check digit.
  records.cards.sort((a, b) => a.day - b.day || a.person.id - b.person.id);
  const serial = new Map<Shop, number>();
  for (const card of records.cards) {
    const n = (serial.get(card.shop) ?? 0) + 1;
    serial.set(card.shop, n);
    card.num = ean13(`24${card.shop.code.slice(1)}${pad(n, 7)}`);
  }
  // Family accounts: in some homes the cards of two or more people share the first card's number.
  const cardsByHome = new Map<Home, CardRecord[]>();
  for (const card of records.cards) {
    if (card.person.home.household === null || card.closed) continue;
    cardsByHome.set(card.person.home, [...(cardsByHome.get(card.person.home) ?? []), card]);
  }
  for (const cards of cardsByHome.values()) {
    if (new Set(cards.map((c) => c.person)).size >= 2 && rng.chance(0.45)) for (const card of cards) card.foyer = cards[0];
  }
  records.web.sort(byTime);
  records.web.forEach((account, i) => (account.id = i + 1));
  records.calls.sort(byTime);
  records.calls.forEach((contact, i) => (contact.id = i + 1));
  records.mk.sort(byTime);
  // Old imports: some marketing contacts carry a reference to the same person's account or card.
  const webOf = new Map<Person, WebRecord>();
  for (const account of records.web) if (!webOf.has(account.person)) webOf.set(account.person, account);
  const cardOf = new Map<Person, CardRecord>();
  for (const card of records.cards) if (!cardOf.has(card.person)) cardOf.set(card.person, card);
  for (const mk of records.mk) {
    if (mk.source !== 'IMPORT' || !rng.chance(0.5)) continue;
    const web = webOf.get(mk.person);
    const card = cardOf.get(mk.person);
    if (web && (!card || rng.chance(0.5))) mk.refTo = { web };
    else if (card) mk.refTo = { card };
  }
  labelAfterwards(pop, records);
  return records;
}

/** Labels that depend on the records as written: shared mailboxes, shared landlines, spellings. */
function labelAfterwards(pop: Population, records: Records): void {
  const mailboxUsers = new Map<string, Set<Person>>();
  const landlineUsers = new Map<string, Set<Person>>();
  const spellings = new Map<Person, Map<string, Set<string>>>();
  const note = (person: Person, email: string | null, phoneText: string | null, phone: PhoneNumber | null): void => {
    const mailbox = person.home.mailbox;
    if (email && mailbox && email.trim().toLowerCase() === mailbox) mailboxUsers.set(mailbox, (mailboxUsers.get(mailbox) ?? new Set()).add(person));
    if (phoneText && phone) {
      const landline = person.home.landline;
      if (landline && phone === landline) landlineUsers.set(e164(landline), (landlineUsers.get(e164(landline)) ?? new Set()).add(person));
      const mine = spellings.get(person) ?? new Map<string, Set<string>>();
      mine.set(e164(phone), (mine.get(e164(phone)) ?? new Set()).add(phoneText));
      spellings.set(person, mine);
    }
  };
  const numberOf = (person: Person, text: string | null): PhoneNumber | null => {
    if (!text) return null;
    const digits = text.replace(/\D/g, '');
    const candidates = [person.mobile, person.home.landline, person.formerMobile?.phone ?? null];
    return candidates.find((c) => c && digits.endsWith(c.subscriber)) ?? null;
  };
  for (const c of records.cards) note(c.person, c.email, c.tel || null, numberOf(c.person, c.tel));
  for (const w of records.web) note(w.person, w.email, w.phone, numberOf(w.person, w.phone));
  for (const c of records.calls) {
    note(c.person, c.email, c.phone, numberOf(c.person, c.phone));
    note(c.person, null, c.altPhone, numberOf(c.person, c.altPhone));
  }
  for (const m of records.mk) note(m.person, m.email, m.mobile, numberOf(m.person, m.mobile));
  for (const users of mailboxUsers.values()) if (users.size >= 2) for (const p of users) p.cases.add('family-mailbox');
  for (const users of landlineUsers.values()) if (users.size >= 2) for (const p of users) p.cases.add('couple-landline');
  for (const [person, numbers] of spellings) {
    if ([...numbers.values()].some((texts) => texts.size >= 2)) person.cases.add('phone-spellings');
  }
  const special = new Set<IndependentCase>(['couple-landline', 'family-mailbox', 'namesake', 'recycled-mobile', 'typo', 'no-shared-identifier', 'nameless', 'unassigned-range', 'overseas']);
  for (const person of pop.people) if (![...person.cases].some((c) => special.has(c))) person.cases.add('ordinary');
}
