// Builds the generated world: who exists, which system knows them, and how. The identity cases of
// shared/legacy/README.md are made here, on purpose and in realistic proportions, and each person
// is tagged with the cases they carry. Linking must stay possible in principle: a person known to
// several systems shares a strong identifier between them (see `connect`), and no strong identifier
// is shared by two people except where a case says so (a couple's landline, a recycled mobile).
import { WINDOW_START_DAY, dayOf } from './calendar';
import { capitalisedEmail, formatPhone, mistypeOneDigit, nameKey, normaliseEmail, phoneDigits, typedCard, withCheckDigit } from './identifiers';
import { Account, Card, CaseTag, Person, UnitKind, World } from './model';
import { ADULT_DAYS, LAST_ACTIVE_DAY, makePerson, oldEmailFor, PersonOptions, Registry } from './people';
import {
  activeFrom,
  addAccount,
  addCard,
  closeCard,
  creationDay,
  deleteAccount,
  importDayAfter,
  instantOn,
  setContact,
  setMk,
  SYSTEM_START,
  typedEmail,
} from './records';
import { Rng, streamId } from './random';

interface UnitPlan {
  kind: UnitKind;
  size: number;
}

/**
 * How many of each situation: shares of the population, at least one of each case (whatever
 * the size, as long as there is room), everybody else a 'single' with random channels.
 */
function planUnits(total: number, rng: Rng): UnitPlan[] {
  const units: UnitPlan[] = [];
  let left = total;
  const add = (kind: UnitKind, size: number, count: number): void => {
    for (let i = 0; i < count && left >= size; i += 1) {
      units.push({ kind, size });
      left -= size;
    }
  };
  const atLeastOne = (share: number): number => Math.max(1, Math.round(total * share));
  add('recycled', 2, atLeastOne(0.002));
  add('namesakes', 2, atLeastOne(0.003));
  add('couple', 2, atLeastOne(0.015));
  add('two-web', 1, atLeastOne(0.012));
  add('store-only', 1, atLeastOne(0.02));
  add('caller-only', 1, atLeastOne(0.01));
  const families = Math.round(total * 0.006);
  for (let i = 0; i < families; i += 1) add('family', rng.int(2, 3), 1);
  add('single', 1, left);
  return rng.shuffle(units);
}

interface Presence {
  card: boolean;
  web: boolean;
  contact: boolean;
  mk: boolean;
}

class WorldBuilder {
  readonly people: Person[] = [];
  private households = 0;

  constructor(
    private readonly rng: Rng,
    private readonly registry: Registry,
  ) {}

  add(unit: UnitPlan): void {
    switch (unit.kind) {
      case 'single':
        return this.single();
      case 'couple':
        return this.couple();
      case 'family':
        return this.family(unit.size - 1);
      case 'namesakes':
        return this.namesakes();
      case 'recycled':
        return this.recycled();
      case 'two-web':
        return this.twoWebAccounts();
      case 'store-only':
        return this.storeOnly();
      case 'caller-only':
        return this.callerOnly();
    }
  }

  private person(unit: UnitKind, options: PersonOptions = {}): Person {
    const person = makePerson(this.people.length + 1, unit, this.rng, this.registry, options);
    this.people.push(person);
    return person;
  }

  private randomPresence(person: Person): Presence {
    const { rng } = this;
    const web = !!person.email && rng.chance(0.65);
    const card = rng.chance(0.62);
    const contact = rng.chance(0.17);
    const mk = (!!person.email || !!person.mobile) && rng.chance(web ? 0.62 : card ? 0.35 : 0.1);
    return { card: card || (!web && !contact && !mk), web, contact, mk };
  }

  private records(person: Person, presence: Presence): void {
    const { rng } = this;
    if (presence.card) naturalCardLife(addCard(person, rng), rng);
    if (presence.web) naturalAccountLife(addAccount(person, rng), rng);
    if (presence.contact) setContact(person, rng);
    if (presence.mk) addMarketing(person, rng);
  }

  private single(): void {
    const person = this.person('single');
    const presence = this.randomPresence(person);
    // Card-only customers are mostly those without internet.
    if (presence.card && !presence.web && !presence.contact && !presence.mk && this.rng.chance(0.8)) person.email = null;
    this.records(person, presence);
  }

  private newHousehold(...members: Person[]): void {
    this.households += 1;
    for (const member of members) member.household = this.households;
  }

  /** Two people, one home and one landline, two first names, one family card. */
  private couple(): void {
    const { rng } = this;
    const a = this.person('couple', { landline: true, ageRange: [25, 85] });
    const age = Math.floor((LAST_ACTIVE_DAY - a.birthDay) / 365.25);
    const b = this.person('couple', {
      home: a,
      landline: true,
      sex: rng.chance(0.9) ? (a.sex === 'F' ? 'M' : 'F') : a.sex,
      last: rng.chance(0.7) ? a.last : undefined,
      notFirst: a.first,
      ageRange: [Math.max(20, age - 8), Math.min(92, age + 8)],
    });
    this.newHousehold(a, b);
    a.cases.add('shared-landline-couple');
    b.cases.add('shared-landline-couple');
    const head = addCard(a, rng, { phone: a.landline });
    head.head = head;
    const second = addCard(b, rng, { phone: b.landline, created: creationDay(b, SYSTEM_START.store, rng, head.created) });
    second.head = head;
    this.records(a, { ...this.randomPresence(a), card: false });
    this.records(b, { ...this.randomPresence(b), card: false });
  }

  /** A parent and their grown children on one family card, each with their own mobile. */
  private family(children: number): void {
    const { rng } = this;
    const parent = this.person('family', { ageRange: [40, 64] });
    const head = addCard(parent, rng);
    head.head = head;
    this.records(parent, { ...this.randomPresence(parent), card: false });
    const members = [parent];
    for (let i = 0; i < children; i += 1) {
      const child = this.person('family', { home: parent, last: parent.last, ageRange: [17, 26], landline: false, notFirst: parent.first });
      members.push(child);
      const presence = this.randomPresence(child);
      const onFamilyCard = presence.card || rng.chance(0.5) || (!presence.web && !presence.contact && !presence.mk);
      if (onFamilyCard) addCard(child, rng, { created: creationDay(child, SYSTEM_START.store, rng, head.created) }).head = head;
      this.records(child, { ...presence, card: false });
    }
    this.newHousehold(...members);
  }

  /** Same first and last name, different towns, phones and e-mails: two people. */
  private namesakes(): void {
    const a = this.person('namesakes');
    const b = this.person('namesakes', { first: a.first, last: a.last, sex: a.sex, notTown: a.town });
    this.records(a, this.randomPresence(a));
    this.records(b, this.randomPresence(b));
  }

  /**
   * One mobile number, two unrelated people: the first held it until about the start of the
   * window; the operator gave it to the second months later.
   */
  private recycled(): void {
    const { rng, registry } = this;
    const a = this.person('recycled', { ageRange: [30, 85] });
    a.mobile ??= registry.newMobile(rng, false);
    a.since = Math.min(a.since, WINDOW_START_DAY - 200 - rng.int(0, 2000));
    a.until = WINDOW_START_DAY + rng.int(60, 420);
    const b = this.person('recycled', { notTown: a.town, notFirst: a.first, notLast: a.last, ageRange: [18, 55] });
    b.mobile = a.mobile;
    b.since = Math.max(b.since, rng.int(a.until + 150, LAST_ACTIVE_DAY - 60));
    b.until = LAST_ACTIVE_DAY;
    a.cases.add('recycled-mobile');
    b.cases.add('recycled-mobile');

    const aCard = rng.chance(0.7);
    if (aCard) {
      const card = addCard(a, rng, { phone: a.mobile });
      if (rng.chance(0.6)) closeCard(card, a.until, rng, false);
    }
    if (!aCard || rng.chance(0.5)) setContact(a, rng, a.mobile);
    if (a.email && rng.chance(0.25)) addAccount(a, rng, { phone: a.mobile }).lastDay = a.until;

    let shown = false;
    if (b.email && rng.chance(0.7)) {
      addAccount(b, rng, { phone: b.mobile });
      shown = true;
    }
    if (rng.chance(0.6) || !shown) {
      const mk = setMk(b, rng, { source: b.accounts.length ? 'WEB' : 'CONTEST' });
      if (mk) mk.mobile = formatPhone(b.mobile, 'e164');
      shown ||= mk !== null;
    }
    if (rng.chance(0.35) || !shown) setContact(b, rng, b.mobile);
    if (rng.chance(0.35)) addCard(b, rng, { phone: b.mobile });
  }

  /** An old account under an old e-mail and a new one: the same phone or card ties them. */
  private twoWebAccounts(): void {
    const { rng, registry } = this;
    const person = this.person('two-web', { ageRange: [28, 70] });
    const birthYear = 1970 + Math.floor(person.birthDay / 365.25);
    person.email ??= registry.newEmail(rng, person.first, person.last, birthYear);
    person.mobile ??= registry.newMobile(rng, true);
    person.oldEmail = oldEmailFor(person, rng, registry);
    person.since = Math.max(person.birthDay + ADULT_DAYS, Math.min(person.since, SYSTEM_START.web + rng.int(0, 2500)));
    person.until = LAST_ACTIVE_DAY;

    const oldDay = rng.int(Math.max(person.since, SYSTEM_START.web), WINDOW_START_DAY + 200);
    const newDay = rng.int(oldDay + 200, LAST_ACTIVE_DAY - 10);
    const byPhone = rng.chance(0.7);
    const old = addAccount(person, rng, { createdDay: oldDay, email: person.oldEmail, phone: byPhone ? person.mobile : undefined });
    const fresh = addAccount(person, rng, { createdDay: newDay, email: person.email, phone: byPhone ? person.mobile : undefined });
    old.lastDay = Math.min(LAST_ACTIVE_DAY, newDay + rng.int(0, 60));
    if (rng.chance(0.25)) deleteAccount(old, old.lastDay, rng);

    if (!byPhone || rng.chance(0.6)) {
      const card = addCard(person, rng, { created: creationDay(person, SYSTEM_START.store, rng) });
      // The till still has the address the customer gave when the card was issued.
      if (card.email && rng.chance(0.5)) card.email = typedEmail(person.oldEmail, rng, 0.1);
      if (!byPhone) {
        old.typedCard = card;
        fresh.typedCard = card;
      }
    }
    if (rng.chance(0.2)) setContact(person, rng);
    if (rng.chance(0.55)) addMarketing(person, rng);
  }

  private storeOnly(): void {
    const person = this.person('store-only', { noEmail: true });
    naturalCardLife(addCard(person, this.rng), this.rng);
  }

  private callerOnly(): void {
    const person = this.person('caller-only', { noEmail: true });
    const contact = setContact(person, this.rng);
    if (this.rng.chance(0.5)) contact.postcode = null;
  }
}

/** Cards end: lost and replaced, closed when the customer left, or closed for good. */
function naturalCardLife(card: Card, rng: Rng): void {
  const person = card.person;
  const from = activeFrom(card.created);
  if (person.until < LAST_ACTIVE_DAY && rng.chance(0.5)) {
    closeCard(card, Math.min(LAST_ACTIVE_DAY, person.until + rng.int(0, 60)), rng, false);
  } else if (person.until - from > 60 && rng.chance(0.03)) {
    closeCard(card, rng.int(from + 30, person.until - 1), rng, true);
  } else if (person.until - from > 60 && rng.chance(0.012)) {
    closeCard(card, rng.int(from + 30, person.until), rng, false);
  }
}

/** Web accounts deleted by customers who left, and a few by customers who simply asked. */
function naturalAccountLife(account: Account, rng: Rng): void {
  const person = account.person;
  if (person.until < LAST_ACTIVE_DAY && rng.chance(0.4)) {
    deleteAccount(account, person.until + rng.int(0, 90), rng);
  } else if (rng.chance(0.015)) {
    deleteAccount(account, rng.int(dayOf(account.created), person.until), rng);
  }
}

/** A marketing contact; about a third came from past imports and carry `external_ref`. */
function addMarketing(person: Person, rng: Rng): void {
  const account = person.accounts[person.accounts.length - 1];
  const card = person.cards[0];
  if ((account || card) && rng.chance(0.3) && importMarketing(person, rng, account, card)) return;
  const source = account ? 'WEB' : card ? 'STORE' : rng.chance(0.5) ? 'EVENT' : 'CONTEST';
  const related = account ? dayOf(account.created) : card ? card.created : 0;
  setMk(person, rng, { source, createdDay: creationDay(person, SYSTEM_START.marketing, rng, related) });
}

function importMarketing(person: Person, rng: Rng, account: Account | undefined, card: Card | undefined): boolean {
  const useAccount = account && (!card || rng.chance(0.6));
  const createdDay = useAccount ? dayOf(account.created) : card!.created;
  const importDay = importDayAfter(createdDay, person.until);
  if (importDay === null) return false;
  const mk = setMk(person, rng, { source: 'IMPORT', createdDay: importDay });
  if (!mk) return false;
  mk.externalRef = useAccount ? { kind: 'ECOM', account } : { kind: 'CARD', card: card! };
  return true;
}

// ---------------------------------------------------------------- after everybody exists

/** Customers type their card number at checkout about half the time, sometimes wrongly. */
function typeLoyaltyCards(people: readonly Person[], rng: Rng): void {
  for (const person of people) {
    for (const account of person.accounts) {
      if (account.typedCard) continue;
      const day = dayOf(account.created);
      const card =
        [...person.cards].reverse().find((c) => c.created <= day && (c.closed === null || c.closed > day)) ?? person.cards[0];
      if (card && rng.chance(0.45)) {
        account.typedCard = card;
        account.mistypedCard = rng.chance(0.06);
      }
    }
  }
}

/** The four spellings of the README, exactly: `06 12 …`, `+33 6 12 …`, `0612…`, `+33612…`. */
function spellMobileFourWays(person: Person): void {
  const mobile = person.mobile!;
  person.cards[person.cards.length - 1].tel = formatPhone(mobile, 'spaced');
  person.accounts[person.accounts.length - 1].phone = formatPhone(mobile, 'intlSpaced');
  person.contact!.phone = formatPhone(mobile, 'compact');
  person.mk!.mobile = formatPhone(mobile, 'e164');
}

/** Exactly the four spellings the README shows for case 1. */
function hasReadmeMobileSpellings(person: Person): boolean {
  const mobile = person.mobile;
  if (!mobile || !inAllFour(person)) return false;
  return (
    person.cards.some((c) => c.tel === formatPhone(mobile, 'spaced')) &&
    person.accounts.some((a) => a.phone === formatPhone(mobile, 'intlSpaced')) &&
    person.contact!.phone === formatPhone(mobile, 'compact') &&
    person.mk!.mobile === formatPhone(mobile, 'e164')
  );
}

function inAllFour(person: Person): boolean {
  return person.cards.length > 0 && person.accounts.length > 0 && !!person.contact && !!person.mk;
}

function spellSomeMobilesFourWays(people: readonly Person[], rng: Rng): void {
  for (const person of people) {
    if (person.unit === 'single' && person.mobile && inAllFour(person) && rng.chance(0.3)) spellMobileFourWays(person);
  }
}

/** Guarantees: each case exists at least once, even in a small data set. */
class CaseGuarantor {
  constructor(
    private readonly people: readonly Person[],
    private readonly rng: Rng,
    private readonly registry: Registry,
  ) {}

  ensureAll(): void {
    const { rng } = this;
    this.ensure(
      (p) => p.cards.some((c) => c.closed !== null),
      (p) => {
        const card = this.cardOf(p);
        closeCard(card, rng.int(activeFrom(card.created), p.until), rng, rng.chance(0.5));
      },
    );
    this.ensure(
      (p) => p.accounts.some((a) => a.deleted !== null),
      (p) => {
        const account = this.accountOf(p);
        deleteAccount(account, rng.int(dayOf(account.created), p.until), rng);
      },
    );
    this.ensure(
      (p) => p.accounts.some((a) => a.mistypedCard),
      (p) => {
        const account = this.accountOf(p);
        account.typedCard = this.cardOf(p);
        account.mistypedCard = true;
      },
    );
    this.ensure(
      (p) => p.mk?.externalRef?.kind === 'ECOM',
      (p) => this.importedFrom(p, { kind: 'ECOM', account: this.accountOf(p) }),
    );
    this.ensure(
      (p) => p.mk?.externalRef?.kind === 'CARD',
      (p) => this.importedFrom(p, { kind: 'CARD', card: this.cardOf(p) }),
    );
    this.ensure(
      (p) => p.unit === 'single' && hasReadmeMobileSpellings(p),
      (p) => {
        this.mobileOf(p);
        this.cardOf(p);
        this.accountOf(p);
        if (!p.contact) setContact(p, rng, p.mobile!);
        this.mkOf(p);
        spellMobileFourWays(p);
      },
    );
    this.ensure(
      (p) => p.accounts.some((a) => a.email !== normaliseEmail(a.email)) && !!p.mk?.email,
      (p) => {
        const account = this.accountOf(p);
        this.mkOf(p).email = p.email;
        account.email = ` ${capitalisedEmail(p.email!)} `;
      },
    );
  }

  /** When nobody has the case, give it to a 'single' who has what it needs, else to any single. */
  private ensure(has: (p: Person) => boolean, give: (p: Person) => void): void {
    if (this.people.some(has)) return;
    const singles = this.people.filter((p) => p.unit === 'single');
    const ready = singles.find((p) => p.cards.length > 0 && p.accounts.length > 0 && p.mk && p.email && p.mobile);
    const chosen = ready ?? singles.find((p) => p.email && p.mobile) ?? singles[0];
    if (chosen) give(chosen);
  }

  private emailOf(p: Person): string {
    const birthYear = 1970 + Math.floor(p.birthDay / 365.25);
    p.email ??= this.registry.newEmail(this.rng, p.first, p.last, birthYear);
    return p.email;
  }

  private mobileOf(p: Person): string {
    p.mobile ??= this.registry.newMobile(this.rng, true);
    return p.mobile;
  }

  private cardOf(p: Person): Card {
    return p.cards.find((c) => c.closed === null) ?? p.cards[0] ?? addCard(p, this.rng);
  }

  private accountOf(p: Person): Account {
    this.emailOf(p);
    return p.accounts.find((a) => a.deleted === null) ?? p.accounts[0] ?? addAccount(p, this.rng);
  }

  private mkOf(p: Person): NonNullable<Person['mk']> {
    this.emailOf(p);
    return p.mk ?? setMk(p, this.rng, { source: p.accounts.length ? 'WEB' : 'STORE' })!;
  }

  private importedFrom(p: Person, ref: NonNullable<NonNullable<Person['mk']>['externalRef']>): void {
    const mk = this.mkOf(p);
    const createdDay = ref.kind === 'ECOM' ? dayOf(ref.account.created) : ref.card.created;
    mk.source = 'IMPORT';
    mk.externalRef = ref;
    mk.created = Math.max(mk.created, instantOn(Math.min(LAST_ACTIVE_DAY, createdDay + 1), this.rng, 2, 4));
  }
}

// ---------------------------------------------------------------- resolvable in principle

/** The strong identifiers of each of a person's records (e-mail, card, account, phone + name). */
export function strongKeys(person: Person): string[][] {
  const out: string[][] = [];
  const keep = (keys: (string | null)[]): string[] => keys.filter((k): k is string => k !== null);
  const email = (text: string | null): string | null => (normaliseEmail(text) ? `email:${normaliseEmail(text)}` : null);
  const phoneName = (text: string | null, name: string): string | null => {
    const digits = phoneDigits(text);
    return digits && name ? `phone:${digits}|${name}` : null;
  };
  const cardKey = (card: Card): string => `card:${card.person.id}:${card.person.cards.indexOf(card)}`;
  const accountKey = (account: Account): string => `account:${account.person.id}:${account.person.accounts.indexOf(account)}`;

  for (const card of person.cards) out.push(keep([cardKey(card), email(card.email), phoneName(card.tel, nameKey(card.prenom, card.nom))]));
  for (const account of person.accounts) {
    out.push(
      keep([
        accountKey(account),
        email(account.email),
        phoneName(account.phone, nameKey(account.firstName, account.lastName)),
        account.typedCard && !account.mistypedCard ? cardKey(account.typedCard) : null,
      ]),
    );
  }
  const contact = person.contact;
  if (contact) {
    const name = nameKey(contact.fullName);
    out.push(keep([email(contact.email), phoneName(contact.phone, name), phoneName(contact.altPhone, name)]));
  }
  const mk = person.mk;
  if (mk) {
    const ref = mk.externalRef;
    out.push(
      keep([
        email(mk.email),
        mk.firstName ? phoneName(mk.mobile, nameKey(mk.firstName, mk.lastName)) : null,
        ref ? (ref.kind === 'ECOM' ? accountKey(ref.account) : cardKey(ref.card)) : null,
      ]),
    );
  }
  return out;
}

/** Are all of a person's records tied together by shared strong identifiers? */
export function isConnected(person: Person): boolean {
  const records = strongKeys(person);
  if (records.length <= 1) return true;
  const parent = records.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  records.forEach((keys, i) => {
    for (const key of keys) {
      const other = owner.get(key);
      if (other === undefined) owner.set(key, i);
      else parent[find(i)] = find(other);
    }
  });
  const root = find(0);
  return records.every((_, i) => find(i) === root);
}

/**
 * Most people known to several systems give them a common strong identifier; where chance
 * did not, add the one a real customer would most likely have given. A few are left as they
 * are: real data holds some people nobody could link.
 */
function connect(people: readonly Person[], rng: Rng): void {
  for (const person of people) {
    if (isConnected(person) || (person.unit === 'single' && rng.chance(0.05))) continue;
    for (const patch of PATCHES) {
      patch(person, rng);
      if (isConnected(person)) break;
    }
  }
}

const PATCHES: ((person: Person, rng: Rng) => void)[] = [
  (p, rng) => {
    if (p.email) for (const card of p.cards) card.email ??= typedEmail(p.email, rng, 0.1);
  },
  (p) => {
    const phone = p.mobile ?? p.landline;
    for (const account of p.accounts) if (phone && !account.phone) account.phone = formatPhone(phone, 'spaced');
  },
  (p) => {
    if (p.mk && p.email) p.mk.email = p.email;
  },
  (p) => {
    if (p.mk && p.mk.email && !p.mk.firstName) {
      p.mk.firstName = p.first;
      p.mk.lastName = p.last;
    }
  },
  (p) => {
    if (p.contact && p.email) p.contact.email ??= p.email;
  },
  (p) => {
    // A mistyped card stays mistyped: that account must be linked by something else.
    const card = p.cards.find((c) => c.closed === null) ?? p.cards[0];
    for (const account of p.accounts) if (card && !account.typedCard) account.typedCard = card;
  },
  (p) => {
    const phone = p.mobile ?? p.landline;
    for (const card of p.cards) if (!card.tel && phone) card.tel = formatPhone(phone, 'compact');
  },
  (p) => {
    if (p.mk && !p.mk.externalRef) {
      p.mk.externalRef = p.accounts.length ? { kind: 'ECOM', account: p.accounts[0] } : p.cards.length ? { kind: 'CARD', card: p.cards[0] } : null;
      if (p.mk.externalRef) p.mk.source = 'IMPORT';
    }
  },
];

// ---------------------------------------------------------------- tags and keys

function hasMobileSpellings(person: Person): boolean {
  const mobile = person.mobile;
  if (!mobile || !inAllFour(person)) return false;
  const contact = person.contact!.phone;
  const mk = person.mk!.mobile;
  if (phoneDigits(contact) !== mobile || phoneDigits(mk) !== mobile) return false;
  return person.cards.some(
    (card) =>
      phoneDigits(card.tel) === mobile &&
      person.accounts.some((a) => phoneDigits(a.phone) === mobile && new Set([card.tel, a.phone, contact, mk]).size === 4),
  );
}

function hasEmailSpellings(person: Person): boolean {
  const raw = [
    ...person.cards.map((c) => c.email),
    ...person.accounts.map((a) => a.email),
    person.contact?.email ?? null,
    person.mk?.email ?? null,
  ].filter((e): e is string => !!e);
  const spellings = new Map<string, Set<string>>();
  for (const text of raw) {
    const key = normaliseEmail(text)!;
    spellings.set(key, (spellings.get(key) ?? new Set()).add(text));
  }
  return [...spellings.values()].some((set) => set.size > 1);
}

function systemsOf(person: Person): string[] {
  return [
    person.cards.length ? 'store' : '',
    person.accounts.length ? 'ecommerce' : '',
    person.contact ? 'callcentre' : '',
    person.mk ? 'marketing' : '',
  ].filter(Boolean);
}

function tagCases(people: readonly Person[]): void {
  const namesakes = new Map<string, number>();
  for (const p of people) namesakes.set(nameKey(p.first, p.last), (namesakes.get(nameKey(p.first, p.last)) ?? 0) + 1);
  for (const p of people) {
    const tag = (condition: boolean, name: CaseTag): void => {
      if (condition) p.cases.add(name);
    };
    const systems = systemsOf(p);
    tag(namesakes.get(nameKey(p.first, p.last))! > 1, 'namesake');
    tag(p.accounts.length > 1, 'two-web-accounts');
    tag(p.accounts.some((a) => a.mistypedCard), 'mistyped-card');
    tag(systems.length === 1 && systems[0] === 'store', 'store-only');
    tag(systems.length === 1 && systems[0] === 'callcentre', 'caller-only');
    tag(!!p.mk?.externalRef, 'external-ref');
    tag(p.cards.some((c) => c.closed !== null), 'closed-card');
    tag(p.accounts.some((a) => a.deleted !== null), 'deleted-account');
    tag(hasMobileSpellings(p), 'mobile-spellings');
    tag(hasEmailSpellings(p), 'email-spellings');
  }
}

/** Card numbers follow issue order in each store: `29` + store + sequence + check digit. */
function numberCards(people: readonly Person[]): Card[] {
  const cards = people.flatMap((p) => p.cards).sort((a, b) => a.created - b.created);
  const sequence = new Map<string, number>();
  for (const card of cards) {
    const next = (sequence.get(card.store.code) ?? 0) + 1;
    sequence.set(card.store.code, next);
    card.num = withCheckDigit(`29${String(card.store.index + 1).padStart(3, '0')}${String(next).padStart(7, '0')}`);
  }
  return cards;
}

function writeTypedCards(accounts: readonly Account[], rng: Rng): void {
  for (const account of accounts) {
    if (!account.typedCard) continue;
    const num = account.mistypedCard ? mistypeOneDigit(account.typedCard.num, rng) : account.typedCard.num;
    account.loyaltyCard = typedCard(num, rng);
  }
}

/** Last-change stamps: somewhere between creation and the record's last active day. */
function stampUpdates(people: readonly Person[], rng: Rng): void {
  for (const p of people) {
    for (const card of p.cards) {
      const day = card.closed ?? rng.int(card.created, Math.max(card.created, p.until));
      card.updatedWall = day * 86_400 + rng.int(9 * 3600, 20 * 3600);
    }
    for (const account of p.accounts) {
      const day = rng.int(dayOf(account.created), Math.max(dayOf(account.created), account.lastDay));
      account.updated = account.deleted ?? Math.max(account.created, instantOn(day, rng, 7, 23));
    }
    for (const record of [p.contact, p.mk]) {
      if (!record) continue;
      const day = rng.int(dayOf(record.created), Math.max(dayOf(record.created), p.until));
      record.updated = Math.max(record.created, instantOn(day, rng, 8, 20));
    }
  }
}

export function buildWorld(seed: number, peopleCount: number): World {
  const rng = new Rng(seed, streamId('world'));
  const registry = new Registry();
  const builder = new WorldBuilder(rng, registry);
  for (const unit of planUnits(peopleCount, rng)) builder.add(unit);
  const people = builder.people;

  typeLoyaltyCards(people, rng);
  spellSomeMobilesFourWays(people, rng);
  new CaseGuarantor(people, rng, registry).ensureAll();
  connect(people, rng);
  tagCases(people);

  const cards = numberCards(people);
  const accounts = people.flatMap((p) => p.accounts).sort((a, b) => a.created - b.created);
  accounts.forEach((account, i) => (account.id = i + 1));
  const contacts = people.flatMap((p) => (p.contact ? [p.contact] : [])).sort((a, b) => a.created - b.created);
  contacts.forEach((contact, i) => (contact.id = i + 1));
  const mkContacts = people.flatMap((p) => (p.mk ? [p.mk] : [])).sort((a, b) => a.created - b.created);
  writeTypedCards(accounts, rng);
  stampUpdates(people, rng);

  return { seed, people, cards, accounts, contacts, mkContacts, knownPhones: registry.phones };
}
