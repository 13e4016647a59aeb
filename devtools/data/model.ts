// The generated world: real people (the ground truth) and the records each legacy system holds
// about them, already spelled the way that system spells them. Rows are rendered from these later.
import type { Store } from './catalogue';
import type { Town } from './names';

/** Identity cases of shared/legacy/README.md, as tagged in `person.cases`. */
export const CASE_TAGS = [
  'mobile-spellings',
  'email-spellings',
  'shared-landline-couple',
  'namesake',
  'two-web-accounts',
  'mistyped-card',
  'store-only',
  'caller-only',
  'recycled-mobile',
  'external-ref',
  'closed-card',
  'deleted-account',
] as const;
export type CaseTag = (typeof CASE_TAGS)[number];

export interface Person {
  /** `person.person_id` (1-based). */
  readonly id: number;
  household: number | null;
  readonly cases: Set<CaseTag>;
  /** The special situation this person was created for; 'single' for everybody else. */
  readonly unit: UnitKind;
  sex: 'F' | 'M';
  /** Canonical spellings, with accents: `Hélène`, `Lefèvre`. */
  first: string;
  last: string;
  birthDay: number;
  town: Town;
  postcode: string;
  street: string;
  line2: string;
  /** National 10-digit numbers (`0612345678`), or null. */
  mobile: string | null;
  landline: string | null;
  /** Canonical lower-case e-mail, or null for people without internet. */
  email: string | null;
  /** An address used years ago (second web account). */
  oldEmail: string | null;
  language: string;
  /** First and last day this person deals with the brand. */
  since: number;
  until: number;
  /** Receipts per year in store; orders per year on the web. */
  storeRate: number;
  webRate: number;
  likesNews: boolean;
  cards: Card[];
  accounts: Account[];
  contact: Contact | null;
  mk: MkContact | null;
}

export type UnitKind =
  | 'single'
  | 'couple'
  | 'family'
  | 'namesakes'
  | 'recycled'
  | 'store-only'
  | 'caller-only'
  | 'two-web';

/** `CARTE_FIDELITE` row. */
export interface Card {
  readonly person: Person;
  /** NUM_CARTE, given once every card exists (numbers follow issue order per store). */
  num: string;
  created: number;
  store: Store;
  /** Day the card was closed (`STATUT = 'R'`), or null. */
  closed: number | null;
  /** The family account's first card (NUM_FOYER), or null. */
  head: Card | null;
  civility: string;
  nom: string;
  prenom: string;
  tel: string;
  email: string | null;
  adr1: string;
  birth: string;
  optSms: boolean;
  /** DATE_MAJ as Paris wall-clock seconds. */
  updatedWall: number;
}

/** `customers` row. */
export interface Account {
  readonly person: Person;
  /** customers.id, given by creation order once every account exists. */
  id: number;
  created: number;
  updated: number;
  deleted: number | null;
  /** Last day of activity (orders, carts…). */
  lastDay: number;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  birthDay: number | null;
  /** The card number as typed at checkout (spaces, maybe one wrong digit), or null. */
  loyaltyCard: string | null;
  /** The card typed; its text is written once card numbers exist. */
  typedCard: Card | null;
  mistypedCard: boolean;
  preferredStore: string | null;
  newsletter: boolean;
}

/** `contacts` row (call centre). */
export interface Contact {
  readonly person: Person;
  id: number;
  created: number;
  updated: number;
  phone: string;
  altPhone: string | null;
  email: string | null;
  fullName: string;
  postcode: string | null;
  language: string;
  vip: boolean;
}

export type ExternalRef = { kind: 'ECOM'; account: Account } | { kind: 'CARD'; card: Card };

/** `mk_contact` row (marketing). */
export interface MkContact {
  readonly person: Person;
  uuid: string;
  created: number;
  updated: number;
  email: string | null;
  mobile: string | null;
  firstName: string | null;
  lastName: string | null;
  postcode: string | null;
  country: string | null;
  source: 'WEB' | 'STORE' | 'EVENT' | 'IMPORT' | 'CONTEST';
  externalRef: ExternalRef | null;
}

export interface World {
  readonly seed: number;
  readonly people: readonly Person[];
  /** Every card, account and contact, in key order (NUM_CARTE issue order, id order). */
  readonly cards: readonly Card[];
  readonly accounts: readonly Account[];
  readonly contacts: readonly Contact[];
  readonly mkContacts: readonly MkContact[];
  /** National numbers held by someone: an unidentified call must come from none of them. */
  readonly knownPhones: ReadonlySet<string>;
}
