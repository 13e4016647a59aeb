// How people and clerks of the independent data set write names, phone numbers, e-mails and
// addresses. Each function takes the canonical value and a random source and returns one way of
// writing it; the per-system habits (which ways, how often) live in records.ts.
import type { Rng } from '../random';

/** Accents and ligatures off: `Lefèvre` → `Lefevre`, `Œuvrard` → `Oeuvrard`. */
export function unaccented(text: string): string {
  return text
    .replace(/Œ/g, 'Oe')
    .replace(/œ/g, 'oe')
    .replace(/Æ/g, 'Ae')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/’/g, "'");
}

export function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

// ------------------------------------------------------------------------- family names

/**
 * One way of writing a family name with a particle or a hyphen: `de La Fontaine`, `Delafontaine`,
 * `La Fontaine`, `Fontaine (de La)`; `Le Goff`, `Legoff`, `Le-Goff`; `Martin-Dupuy`, `Martin Dupuy`,
 * `Martin` (the second name dropped, as people do on forms).
 */
export function familyVariant(name: string, rng: Rng): string {
  const particle = /^(de La|de|Du|Le|Da) (.+)$/.exec(name) ?? /^(d')(.+)$/.exec(name);
  if (particle && rng.chance(0.45)) {
    const [, head, rest] = particle;
    const noble = head === 'de' || head === 'de La' || head === "d'";
    switch (rng.int(0, 2)) {
      case 0:
        return (head + rest).replace(/[\s']/g, ''); // Delafontaine, Legoff, Darcy, Dasilva
      case 1:
        return noble ? rest : `${head}-${rest}`; // La Fontaine, Villiers; Le-Goff
      default:
        return `${rest} (${head})`; // the way a directory sorts it
    }
  }
  if (name.includes('-') && !name.includes(' ') && rng.chance(0.4)) return rng.chance(0.7) ? name.replace('-', ' ') : name.split('-')[0];
  return name;
}

// ------------------------------------------------------------------------- given names

/** `Jean-Pierre` as typed: `Jean Pierre`, `JEAN-PIERRE`, `Jean-pierre`, `J-Pierre`, `JP`, `J.P.`. */
export function givenVariant(name: string, rng: Rng): string {
  if (!name.includes('-')) return name;
  const [a, b] = name.split('-');
  switch (rng.int(0, 9)) {
    case 0:
    case 1:
    case 2:
      return `${a} ${b}`;
    case 3:
      return `${a}-${b.toLowerCase()}`;
    case 4:
      return `${a[0]}-${b}`;
    case 5:
      return `${a[0]}${b[0]}`;
    case 6:
      return `${a[0]}.${b[0]}.`;
    default:
      return name;
  }
}

/** Free-typed case: `Hélène`, `HÉLÈNE`, `hélène`, sometimes the accents gone with the capitals. */
export function anyCase(text: string, rng: Rng, weights: { title: number; upper: number; lower: number }): string {
  const x = rng.float() * (weights.title + weights.upper + weights.lower);
  if (x < weights.title) return titleCase(text);
  if (x < weights.title + weights.upper) return text.toUpperCase();
  return text.toLowerCase();
}

// ------------------------------------------------------------------------- typing slips

// French keyboards are AZERTY: a slip hits a neighbour on that layout, not on QWERTY.
const AZERTY_ROWS = ['azertyuiop', 'qsdfghjklm', 'wxcvbn'];
const NEIGHBOURS = new Map<string, string>();
for (let r = 0; r < AZERTY_ROWS.length; r += 1) {
  for (let c = 0; c < AZERTY_ROWS[r].length; c += 1) {
    const near: string[] = [];
    for (const [dr, dc] of [[0, -1], [0, 1], [-1, 0], [-1, 1], [1, 0], [1, -1]]) {
      const row = AZERTY_ROWS[r + dr];
      const ch = row?.[c + dc];
      if (ch) near.push(ch);
    }
    NEIGHBOURS.set(AZERTY_ROWS[r][c], near.join(''));
  }
}

/**
 * One typing slip in `text` (never in its first character, which people check): a key's
 * neighbour struck instead, a letter doubled, dropped, or two swapped. Returns the text unchanged
 * only when it has no letter to slip on.
 */
export function keyboardSlip(text: string, rng: Rng): string {
  const positions = [...text].map((ch, i) => (i > 0 && NEIGHBOURS.has(ch.toLowerCase()) ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return text;
  const i = rng.pick(positions);
  const chars = [...text];
  const ch = chars[i];
  const kind = rng.int(0, 9);
  if (kind < 6) {
    const near = NEIGHBOURS.get(ch.toLowerCase())!;
    const other = near[rng.int(0, near.length - 1)];
    chars[i] = ch === ch.toUpperCase() ? other.toUpperCase() : other;
  } else if (kind < 7) {
    chars.splice(i, 0, ch);
  } else if (kind < 9 && chars.length > 3) {
    chars.splice(i, 1);
  } else if (i + 1 < chars.length) {
    [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
  } else {
    chars.splice(i, 1);
  }
  const slipped = chars.join('');
  return slipped === text ? keyboardSlip(text, rng) : slipped;
}

// ------------------------------------------------------------------------- phone numbers

/** A number as its holder owns it: the digits after the trunk 0 and the country code to dial it. */
export interface PhoneNumber {
  /** `33` metropolitan, `262` Réunion, `594` French Guiana. */
  readonly country: '33' | '262' | '594';
  /** Nine digits, without the trunk 0: `612345678`, `692123456`. */
  readonly subscriber: string;
}

export type PhoneStyle =
  | 'national-spaced' // 06 12 34 56 78
  | 'national-dotted' // 06.12.34.56.78
  | 'national-packed' // 0612345678
  | 'e164' // +33612345678
  | 'e164-spaced' // +33 6 12 34 56 78
  | 'zero-zero' // 0033612345678
  | 'zero-zero-spaced'; // 0033 6 12 34 56 78

const pairs = (digits: string): string => digits.match(/.{1,2}/g)!.join(' ');

/** The number written one way. Overseas numbers keep their own country code abroad-style. */
export function writePhone(phone: PhoneNumber, style: PhoneStyle): string {
  const national = `0${phone.subscriber}`;
  const cc = phone.country;
  const s = phone.subscriber;
  switch (style) {
    case 'national-spaced':
      return pairs(national);
    case 'national-dotted':
      return pairs(national).replace(/ /g, '.');
    case 'national-packed':
      return national;
    case 'e164':
      return `+${cc}${s}`;
    case 'e164-spaced':
      return cc === '33' ? `+33 ${s[0]} ${pairs(s.slice(1))}` : `+${cc} ${s.slice(0, 3)} ${pairs(s.slice(3))}`;
    case 'zero-zero':
      return `00${cc}${s}`;
    case 'zero-zero-spaced':
      return cc === '33' ? `0033 ${s[0]} ${pairs(s.slice(1))}` : `00${cc} ${s.slice(0, 3)} ${pairs(s.slice(3))}`;
  }
}

export const e164 = (phone: PhoneNumber): string => `+${phone.country}${phone.subscriber}`;
export const sameNumber = (a: PhoneNumber | null, b: PhoneNumber | null): boolean =>
  a !== null && b !== null && a.country === b.country && a.subscriber === b.subscriber;

// ------------------------------------------------------------------------- e-mail addresses

/** Letters a mailbox name can hold: no accents, no spaces, particles glued. */
export function mailboxWord(text: string): string {
  return unaccented(text)
    .toLowerCase()
    .replace(/['’\s]/g, '')
    .replace(/[^a-z0-9-]/g, '');
}

/** E-mail as typed into a form: case changed, spaces around, sometimes both. */
export function typedEmail(email: string, rng: Rng, odds: { capitalised: number; spaced: number }): string {
  let out = email;
  if (rng.chance(odds.capitalised)) {
    const [local, domain] = out.split('@');
    out = rng.chance(0.5)
      ? `${local.replace(/(^|[.\-_])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase())}@${domain}`
      : rng.chance(0.5)
        ? out.toUpperCase()
        : `${local}@${domain[0].toUpperCase()}${domain.slice(1)}`;
  }
  if (rng.chance(odds.spaced)) out = rng.chance(0.5) ? ` ${out} ` : `${out} `;
  return out;
}
