// One canonical spelling for every identifier the four legacy systems hold about a person, so that
// the hub can compare records across systems: e-mail addresses, phone numbers, loyalty cards,
// names, postcodes and the marketing tool's `external_ref`.
//
// The rule throughout is precision first. A false link shows one person's purchases, calls and
// address to someone else, so a value that cannot be read with certainty comes back as
// `{ invalid: why }` and is never repaired by guessing (a card with a wrong check digit is not
// "corrected", a 9-digit phone number is not given the missing 0). The `why` is for the link
// explanation and for data-quality reports: it never contains more of the value than was given.
//
// Pure functions, no I/O: the resolver calls them row by row, and the tests need no database.
import { CountryCode, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';

export type Invalid = { invalid: string };
export type Normalised<T> = T | Invalid;

export function isInvalid<T extends object>(result: Normalised<T>): result is Invalid {
  return 'invalid' in result;
}

const invalid = (why: string): Invalid => ({ invalid: why });

// ---------------------------------------------------------------------------------------------
// E-mail

/**
 * Trimmed and lower-cased. Surrounding spaces and capitals are how the web shop and the tills
 * store the same address differently (` Marie.Dupont@Example.com `); every mail provider the
 * data set meets treats the local part case-insensitively, and marketing already lower-cases.
 *
 * Deliberately not done: removing dots or `+tag`s (that is one provider's rule, not a property of
 * e-mail: two different people can own `m.dupont@` and `mdupont@` on another domain), and fixing
 * typos such as `gmail.con` (a guess). The shape check only rejects what cannot be an address:
 * no `@`, several `@`, spaces inside, a domain without a dot or with an empty label.
 */
export function normaliseEmail(raw: string | null | undefined): Normalised<{ value: string }> {
  const value = (raw ?? '').normalize('NFC').trim().toLowerCase();
  if (value === '') return invalid('empty');
  if (/\s/u.test(value)) return invalid('contains spaces');
  const at = value.split('@');
  if (at.length === 1) return invalid('no @');
  if (at.length > 2) return invalid('more than one @');
  const [local, domain] = at;
  if (local === '') return invalid('nothing before the @');
  if (!/^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u.test(local)) return invalid('unexpected characters before the @');
  if (local.length > 64) return invalid('part before the @ longer than 64 characters');
  if (domain === '') return invalid('nothing after the @');
  if (value.length > 254) return invalid('longer than 254 characters');
  const labels = domain.split('.');
  if (labels.length < 2) return invalid(`domain "${domain}" has no dot`);
  for (const label of labels) {
    if (!/^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u.test(label)) {
      return invalid(`domain "${domain}" has an empty or malformed part`);
    }
  }
  const tld = labels[labels.length - 1];
  if (!/^(\p{L}{2,}|xn--[a-z0-9-]+)$/u.test(tld)) return invalid(`domain "${domain}" does not end in a top-level domain`);
  return { value };
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * A weaker, provider-specific key for an already normalised e-mail (the `value` of
 * `normaliseEmail`), or null when no provider rule applies. Gmail ignores dots in the local part and
 * anything after a `+`, and `googlemail.com` is the same mailbox: `m.dupont+shop@googlemail.com` →
 * `mdupont@gmail.com`. Only that provider's documented rules are applied: on another domain two
 * people can own `m.dupont@` and `mdupont@`. The key is stored as its own identifier kind
 * (`email_loose`): it may support a link another rule makes, never make one alone.
 */
export function looseEmailKey(normalised: string): string | null {
  const at = normalised.lastIndexOf('@');
  if (at < 1) return null;
  const domain = normalised.slice(at + 1);
  if (!GMAIL_DOMAINS.has(domain)) return null;
  const local = normalised.slice(0, at).split('+')[0].replace(/\./gu, '');
  return local === '' ? null : `${local}@gmail.com`;
}

// ---------------------------------------------------------------------------------------------
// Phone

export type PhoneKind = 'mobile' | 'fixed' | 'other';

/**
 * E.164 (`+33612345678`), one canonical form for every number that is *possible* (right country
 * code, right number of digits), through libphonenumber-js with its full ("max") metadata.
 * Whether the number lies in a range assigned today is returned as `valid`: a signal (a link on an
 * unassigned number explains it, and weighs less when a conflict must be cut), never a filter: in a
 * legacy file a number in a range unassigned today is as likely the real number as any other.
 *
 * Accepted spellings: any grouping by spaces, dots, dashes or slashes; an international form with
 * `+` or `00`, with or without the French `(0)`; a national form with its trunk prefix (`06…`),
 * read in `defaultCountry`. The region comes from the number itself when it carries `+`/`00`.
 *
 * French overseas departments and communities are one form whatever the spelling: `0694 12 34 56`
 * (dialled nationally from France), `+594 694 12 34 56` and `+33 6 94 12 34 56` (France's code in
 * front of the national digits, as a till or web form writes it) are all `+594694123456`.
 *
 * Not guessed (libphonenumber would, so the function checks the digits it was given against the
 * number it got back): a national number without its leading 0 (`612345678`), a country code
 * without `+`/`00` (`33612345678`), extensions or words (`06… poste 2`), too few or too many
 * digits, an unknown country code.
 *
 * `kind` says how much a shared number means: `mobile` is usually one person's (but numbers are
 * recycled); `fixed` is a household's — geographic landlines, and VoIP `09` numbers, which in
 * France are the home lines of internet boxes; `other` is everything else (toll-free, premium,
 * and numbers whose type the plan cannot tell, such as North American ones). For a French number
 * outside today's ranges the kind is read from its prefix (06/07 mobile, 01–05 and 09 fixed).
 */
export function normalisePhone(
  raw: string | null | undefined,
  defaultCountry: CountryCode = 'FR',
): Normalised<{ e164: string; kind: PhoneKind; valid: boolean }> {
  const text = (raw ?? '').trim();
  if (text === '') return invalid('empty');
  if (!/^\+?[\d\s.\-/()]+$/u.test(text)) return invalid('unexpected characters (only digits, spaces, . - / ( ) and a leading + are read)');

  let compact = text.replace(/[\s.\-/]/gu, '');
  const international = compact.startsWith('+') || compact.startsWith('00');
  if (international) {
    // `+33 (0)6 12 …`: the bracketed trunk prefix is a convention, not a digit of the number.
    compact = compact.replace(/^(\+|00)(\d{1,3})\(0\)/u, '$1$2');
  }
  // Other brackets only group digits: `+1 (212) 555-0123`, `(0)6 12 34 56 78`.
  compact = compact.replace(/[()]/gu, '');
  let digits = compact.replace(/^(\+|00)/u, '');
  if (!/^\d+$/u.test(digits)) return invalid('no digits');
  // `+330612345678`: the trunk 0 kept after France's code is a common slip with only one reading.
  if (international && /^330\d{9}$/u.test(digits)) digits = `33${digits.slice(3)}`;

  // France's code in front of an overseas number is how metropolitan forms write it: read the
  // digits the French national way, so that every spelling lands on the overseas region's code.
  if (defaultCountry === 'FR' || (international && digits.startsWith('33'))) {
    const national = international ? (/^33\d{9}$/u.test(digits) ? `0${digits.slice(2)}` : undefined) : digits;
    const overseas = national === undefined ? undefined : frenchOverseas(national);
    if (overseas) return overseas;
  }

  const input = international ? `+${digits}` : digits;
  const options = { defaultCountry, extract: false } as const;
  const parsed = parsePhoneNumberFromString(input, options);
  if (!parsed || !parsed.isPossible()) {
    const length = validatePhoneNumberLength(input, options);
    const detail =
      length === 'TOO_SHORT' ? 'too short'
      : length === 'TOO_LONG' ? 'too long'
      : length === 'INVALID_COUNTRY' ? 'unknown country code'
      : length === 'INVALID_LENGTH' ? 'wrong number of digits'
      : 'not a possible number';
    return invalid(`not a possible ${international ? 'international' : defaultCountry} number: ${detail}`);
  }

  // The digits must be exactly the number libphonenumber found, so nothing was added or dropped.
  const { countryCallingCode, nationalNumber } = parsed;
  if (international) {
    if (digits !== `${countryCallingCode}${nationalNumber}`) return invalid('digits do not form one complete international number');
  } else {
    const asWrittenNationally = parsed.formatNational().replace(/\D/gu, '');
    if (digits !== asWrittenNationally) {
      return invalid(`not written as a complete ${defaultCountry} national number (expected the form ${maskDigits(asWrittenNationally)})`);
    }
  }
  // France's plan has one length: 9 digits after the trunk 0, the first not 0 (`030 123456` is a
  // German number without its country, not a short French one).
  if (countryCallingCode === '33' && !/^[1-9]\d{8}$/u.test(nationalNumber)) return invalid('not a possible FR number: wrong number of digits');
  const valid = parsed.isValid();
  if (!valid && /^0+$/u.test(nationalNumber)) return invalid('a placeholder (only zeros)');
  const kind = valid ? phoneKind(parsed.getType()) : countryCallingCode === '33' ? frenchKindByPrefix(nationalNumber) : 'other';
  return { e164: parsed.number, kind, valid };
}

// Overseas departments and communities inside the French numbering plan: from metropolitan France
// `0692 12 34 56` is dialled as written and reaches Réunion (+262), so a French till or form holds
// them in national form; libphonenumber files them under their own regions.
const FRENCH_OVERSEAS: CountryCode[] = ['RE', 'YT', 'GP', 'BL', 'MF', 'MQ', 'GF', 'PM'];

/** The one overseas number these national digits are, if exactly one (the ranges do not overlap). */
// frenchOverseas parses a number once per overseas region: most of a bulk read's time (issue 12).
// Its answer depends on the digits alone, and one person's number comes back in every system that
// holds it (in any spelling: the key is the national digits), so answers are remembered (a bounded
// cache, emptied when full; frozen, since they are shared).
const OVERSEAS_CACHE_MAX = 500_000;
const overseasCache = new Map<string, Readonly<{ e164: string; kind: PhoneKind; valid: boolean }> | undefined>();

function frenchOverseas(digits: string): { e164: string; kind: PhoneKind; valid: boolean } | undefined {
  if (!/^0\d{9}$/u.test(digits)) return undefined;
  if (overseasCache.has(digits)) {
    const known = overseasCache.get(digits);
    return known && { ...known };
  }
  const found = frenchOverseasUncached(digits);
  if (overseasCache.size >= OVERSEAS_CACHE_MAX) overseasCache.clear();
  overseasCache.set(digits, found && Object.freeze({ ...found }));
  return found;
}

function frenchOverseasUncached(digits: string): { e164: string; kind: PhoneKind; valid: boolean } | undefined {
  const found = new Map<string, PhoneKind>();
  for (const region of FRENCH_OVERSEAS) {
    const parsed = parsePhoneNumberFromString(digits, { defaultCountry: region, extract: false });
    if (parsed?.isValid() && parsed.formatNational().replace(/\D/gu, '') === digits) found.set(parsed.number, phoneKind(parsed.getType()));
  }
  if (found.size !== 1) return undefined;
  const [[e164, kind]] = [...found];
  return { e164, kind, valid: true };
}

/** A French national number outside today's ranges: its kind by the plan's prefixes. */
function frenchKindByPrefix(nationalNumber: string): PhoneKind {
  if (/^[67]/u.test(nationalNumber)) return 'mobile';
  if (/^[1-59]/u.test(nationalNumber)) return 'fixed';
  return 'other';
}

function phoneKind(type: string | undefined): PhoneKind {
  switch (type) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
    case 'VOIP':
      return 'fixed';
    default:
      return 'other';
  }
}

/** `0612345678` → `06xxxxxxxx`: shows the expected shape without repeating a number in a message. */
function maskDigits(digits: string): string {
  return digits.slice(0, 2) + 'x'.repeat(Math.max(0, digits.length - 2));
}

// ---------------------------------------------------------------------------------------------
// Loyalty card

/**
 * EAN-13 check digit of the first 12 digits: weights 1 and 3 alternately from the left, then the
 * amount that brings the sum to a multiple of 10. It catches every single mistyped digit, which is
 * exactly the web shop's "sometimes a wrong digit" case.
 */
export function ean13CheckDigit(first12: string): string {
  if (!/^\d{12}$/u.test(first12)) throw new Error('ean13CheckDigit needs exactly 12 digits');
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/**
 * The 13 digits of a card number, as the store's `NUM_CARTE` holds it. Spaces and dashes are
 * grouping (`2 901234 567890`, `2901-2345-6789-0`); anything else, a wrong length or a wrong check
 * digit is invalid. A card with a wrong check digit is never matched to the nearest real card:
 * with one digit wrong there are up to 12 × 9 candidates, several of them issued.
 */
export function normaliseCard(raw: string | null | undefined): Normalised<{ value: string }> {
  const text = (raw ?? '').trim();
  if (text === '') return invalid('empty');
  const digits = text.replace(/[\s-]/gu, '');
  if (!/^\d+$/u.test(digits)) return invalid('unexpected characters (a card number is digits, spaces and dashes)');
  if (digits.length !== 13) return invalid(`${digits.length} digits, a card number has 13`);
  const expected = ean13CheckDigit(digits.slice(0, 12));
  if (digits[12] !== expected) return invalid(`wrong EAN-13 check digit (${digits[12]}, the first 12 digits give ${expected}): a mistyped digit`);
  return { value: digits };
}

// ---------------------------------------------------------------------------------------------
// Names

// Letters that Unicode decomposition does not reduce to a base letter plus accents.
const FOLDED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ı: 'i', ð: 'd', þ: 'th' };

/**
 * The words of a name, lower case, without accents: `Hélène` → `helene`, `HELENE` → `helene`,
 * `Jean-Pierre` → `jean`, `pierre`, `D'Arc` → `d`, `arc`. The tills drop accents and hyphens and
 * shout (`NOM` upper case, "accents often dropped"), the web shop keeps what people typed: the
 * comparison must not depend on either. Hyphens, apostrophes, dots and spaces all separate words;
 * comparisons then join a field's words (see `nameKey`), so `Jean-Pierre`, `JEAN PIERRE` and
 * `Jeanpierre`, or `D'Arc`, `D ARC` and `DARC`, or `Le Gall` and `LEGALL`, read the same.
 */
export function normaliseName(raw: string | null | undefined): string[] {
  return particleInFront(raw ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđłıðþ]/gu, (letter) => FOLDED[letter])
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * A surname whose particle is written after it in brackets, the way card files sort names —
 * `Gall (le)`, `SILVA (DA) Karim`, `Fontaine (de la)` — read with the particle in front, as
 * `Le Gall`, `DA SILVA Karim`, `de la Fontaine` write it: without this the same surname compares as
 * two names (`gallle` and `legall`) and the records of one person stay apart.
 */
const BRACKETED_PARTICLE = /([\p{L}'’-]+)\s*\(\s*((?:de\s+la|de\s+l['’]|de|du|des|la|le|les|l['’]|d['’]|da|dos|das|do|van|von|der|den|ter|ten|el|al)\.?)\s*\)/giu;

export function particleInFront(raw: string): string {
  return raw.replace(BRACKETED_PARTICLE, (_whole, surname: string, particle: string) => `${particle} ${surname}`);
}

/** One field (first name or surname) as one comparable word: `Jean-Pierre` → `jeanpierre`. */
function fieldKey(raw: string | null | undefined): string {
  return normaliseName(raw).join('');
}

/**
 * A key equal for the same first name and surname whatever their order, case, accents or
 * punctuation: `nameKey('Marie', 'DUPONT') === nameKey('Dupont', 'marie')`. Order-independent so
 * that swapped fields and `DUPONT Marie` / `Marie Dupont` land together: it is a blocking key (which
 * records to compare), not a decision — `namesCompatible` decides. Null when either part is empty:
 * a surname alone would put every Martin of France in one block.
 */
export function nameKey(first: string | null | undefined, last: string | null | undefined): string | null {
  const a = fieldKey(first);
  const b = fieldKey(last);
  if (a === '' || b === '') return null;
  return [a, b].sort().join(' ');
}

export interface SplitName {
  first: string;
  last: string;
  /**
   * True when the surname was marked by capitals (`DUPONT Marie`, `Marie DUPONT`): the split is
   * then certain. False when nothing marked it (`Marie Dupont`, `MARIE DUPONT`): `first`/`last`
   * are the usual first-name-first reading, but the other order is just as possible.
   */
  surnameMarked: boolean;
}

// Words that begin a French (and common foreign) surname rather than end a first name.
const SURNAME_PARTICLES = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'les', 'l', 'da', 'das', 'do', 'dos', 'di', 'del', 'della', 'van', 'von', 'der', 'den', 'ben', 'el', 'al', 'mac', 'mc', 'saint', 'st']);

/** A word written in capitals (two letters at least: `J.` is an initial, not a shouted surname). */
function isShouted(word: string): boolean {
  const letters = word.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * Splits a one-field full name (the call centre's `full_name`) into first name and surname.
 * `DUPONT Marie` and `Marie DUPONT`: the capitalised run of words is the surname, as French
 * administrative writing has it. `Marie Dupont`: first name first, and surname particles stay
 * with the surname (`Marie Le Gall`, `Jean de La Fontaine`); `surnameMarked` is then false, because
 * `Dupont Marie` is written the same way. A single word is invalid: no split can be told.
 */
export function splitFullName(full: string | null | undefined): Normalised<SplitName> {
  const words = fullNameWords(full);
  if (words.length === 0) return invalid('empty');
  if (words.length === 1) return invalid('a single word: first name and surname cannot be told apart');

  // Marked: the capitalised words form one run at the start or at the end, the others none.
  const shouted = words.map(isShouted);
  const firstPlain = shouted.indexOf(false);
  const lastPlain = shouted.lastIndexOf(false);
  if (firstPlain > 0 && shouted.slice(firstPlain).every((s) => !s)) {
    return { first: words.slice(firstPlain).join(' '), last: words.slice(0, firstPlain).join(' '), surnameMarked: true };
  }
  if (lastPlain !== -1 && lastPlain < words.length - 1 && shouted.slice(0, lastPlain + 1).every((s) => !s)) {
    return { first: words.slice(0, lastPlain + 1).join(' '), last: words.slice(lastPlain + 1).join(' '), surnameMarked: true };
  }

  let surnameStart = words.length - 1;
  while (surnameStart > 1 && isParticle(words[surnameStart - 1])) surnameStart -= 1;
  return { first: words.slice(0, surnameStart).join(' '), last: words.slice(surnameStart).join(' '), surnameMarked: false };
}

/** The words of a full name as written, leaving out stray punctuation (`Marie - Dupont`). */
function fullNameWords(full: string | null | undefined): string[] {
  return particleInFront(full ?? '').trim().split(/\s+/u).filter((word) => normaliseName(word).length > 0);
}

function isParticle(word: string): boolean {
  const tokens = normaliseName(word);
  return tokens.length === 1 && SURNAME_PARTICLES.has(tokens[0]);
}

/**
 * Every blocking key a full name could have: one when the surname is marked, one per possible
 * split otherwise (`Dupont Marie Claire` may be Marie Claire Dupont or Claire Dupont-Marie…).
 */
export function fullNameKeys(full: string | null | undefined): string[] {
  return [...new Set(readings(full).map(([first, last]) => [first, last].sort().join(' ')))];
}

/** A name as the systems hold it: separate fields (store, web shop, marketing) or one (call centre). */
export type NameInput = string | { first: string | null | undefined; last: string | null | undefined };

/** The (first name, surname) readings of a name, each field as one word (`fieldKey`). */
function readings(name: NameInput | null | undefined): [string, string][] {
  if (name === null || name === undefined) return [];
  if (typeof name !== 'string') {
    const first = fieldKey(name.first);
    const last = fieldKey(name.last);
    return first && last ? [[first, last]] : [];
  }
  const split = splitFullName(name);
  if (isInvalid(split)) return [];
  if (split.surnameMarked) return [[fieldKey(split.first), fieldKey(split.last)]];
  const words = fullNameWords(name);
  const result: [string, string][] = [];
  for (let i = 1; i < words.length; i += 1) {
    const before = words.slice(0, i).join(' ');
    const after = words.slice(i).join(' ');
    result.push([fieldKey(before), fieldKey(after)], [fieldKey(after), fieldKey(before)]);
  }
  return result.filter(([first, last]) => first && last);
}

/**
 * Whether two names can be the same person's: the same first name and the same surname once case,
 * accents and punctuation are set aside. Word order counts only where it is known: two records
 * with separate fields must agree field by field (`Thomas MARTIN` is not `Martin THOMAS`: both are
 * common first names and surnames in France), while a full name whose surname is not marked may be
 * read either way round.
 *
 * Strict on purpose, precision first: an initial does not match a first name (`M. Dupont` is Marie,
 * Michel or Mathieu), a compound first name does not match one of its parts (`Jean-Pierre` is not
 * `Jean`), a missing first name or surname matches nothing, and no spelling distance is tolerated
 * (`Dupond` is not `Dupont`). Compatible names are never enough to link on their own: namesakes exist.
 */
export function namesCompatible(a: NameInput | null | undefined, b: NameInput | null | undefined): boolean {
  const left = readings(a);
  const right = readings(b);
  return left.some(([first, last]) => right.some(([otherFirst, otherLast]) => first === otherFirst && last === otherLast));
}

// ---------------------------------------------------------------------------------------------
// Postcode

/**
 * A French postcode: five digits, surrounding and inner spaces removed (`75 001`). A four-digit
 * value (`6000`, a spreadsheet that dropped Nice's leading zero) is invalid rather than padded:
 * padding is a guess about where the value came from. `00…` and `99…` are not French postcodes
 * (`00000` and `99999` are placeholders). Foreign postcodes come out invalid: callers compare
 * postcodes only within France.
 */
export function normalisePostcode(raw: string | null | undefined): Normalised<{ value: string }> {
  const text = (raw ?? '').replace(/\s/gu, '');
  if (text === '') return invalid('empty');
  if (!/^\d+$/u.test(text)) return invalid('not only digits (only French postcodes are read)');
  if (text.length !== 5) return invalid(`${text.length} digits, a French postcode has 5`);
  if (text.startsWith('00') || text.startsWith('99')) return invalid(`no French postcode starts with ${text.slice(0, 2)}`);
  return { value: text };
}

// ---------------------------------------------------------------------------------------------
// Marketing's external_ref

export type ExternalRef = { system: 'ecommerce'; customerId: string } | { system: 'store'; card: string };

const MAX_SERIAL = 2_147_483_647;

/**
 * `ECOM:<customers.id>` or `CARD:<NUM_CARTE>`, set by the marketing tool's past imports. A pointer
 * to another system's record is the strongest evidence marketing holds, so it is read strictly:
 * the id must be a positive integer that fits `serial` (returned in canonical decimal), the card
 * must pass `normaliseCard` (an import that mangled it proves nothing about which card it was).
 */
export function parseExternalRef(raw: string | null | undefined): Normalised<ExternalRef> {
  const text = (raw ?? '').trim();
  if (text === '') return invalid('empty');
  const match = /^([A-Za-z]+):(.*)$/su.exec(text);
  if (!match) return invalid('no SYSTEM: prefix');
  const [, prefix, rest] = match;
  const value = rest.trim();
  switch (prefix.toUpperCase()) {
    case 'ECOM': {
      if (!/^\d+$/u.test(value)) return invalid('ECOM: must be followed by a web account id (digits)');
      const id = Number(value);
      if (id < 1 || id > MAX_SERIAL) return invalid('ECOM: id out of range for a web account');
      return { system: 'ecommerce', customerId: String(id) };
    }
    case 'CARD': {
      const card = normaliseCard(value);
      if (isInvalid(card)) return invalid(`CARD: ${card.invalid}`);
      return { system: 'store', card: card.value };
    }
    default:
      return invalid(`unknown system prefix ${prefix.slice(0, 10)}:`);
  }
}
