// Identifiers and the many ways people and systems write them: EAN-13 card numbers, French phone
// numbers, e-mail addresses, UUIDs. One canonical value per person, one spelling per record.
import { createHash } from 'node:crypto';
import { Rng } from './random';

/** EAN-13 check digit of the first 12 digits (weights 1, 3 from the left). */
export function ean13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

export function isValidEan13(value: string): boolean {
  return /^\d{13}$/.test(value) && ean13CheckDigit(value.slice(0, 12)) === value[12];
}

export function withCheckDigit(first12: string): string {
  return first12 + ean13CheckDigit(first12);
}

/** The same card number with one digit changed: EAN-13 catches every such slip, so it never checks. */
export function mistypeOneDigit(card: string, rng: Rng): string {
  const position = rng.int(1, 12);
  const digit = Number(card[position]);
  const wrong = (digit + rng.int(1, 9)) % 10;
  return card.slice(0, position) + String(wrong) + card.slice(position + 1);
}

/** How a customer types a card number at checkout: mostly as printed, sometimes grouped. */
export function typedCard(card: string, rng: Rng): string {
  const x = rng.float();
  if (x < 0.6) return card;
  if (x < 0.85) return `${card[0]} ${card.slice(1, 7)} ${card.slice(7)}`;
  return card.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export type PhoneStyle = 'spaced' | 'dotted' | 'compact' | 'e164' | 'intlSpaced' | 'dashed';

/** A French national number (`0612345678`) written in one of the ways people and tills write it. */
export function formatPhone(national: string, style: PhoneStyle): string {
  const pairs = national.match(/\d\d/g) ?? [];
  switch (style) {
    case 'spaced':
      return pairs.join(' ');
    case 'dotted':
      return pairs.join('.');
    case 'dashed':
      return pairs.join('-');
    case 'compact':
      return national;
    case 'e164':
      return `+33${national.slice(1)}`;
    case 'intlSpaced':
      return `+33 ${national[1]} ${pairs.slice(1).join(' ')}`;
  }
}

/** The 10 national digits of any spelling above (what a resolver would compare). */
export function phoneDigits(text: string | null | undefined): string | null {
  if (!text) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.startsWith('33') && digits.length === 11) return `0${digits.slice(2)}`;
  return digits.length === 10 ? digits : null;
}

export function isMobile(national: string): boolean {
  return national.startsWith('06') || national.startsWith('07');
}

/** Upper case, accents and punctuation gone, words sorted: `Marie-Hélène Dupont` = `DUPONT MARIE HELENE`. */
export function nameKey(...parts: (string | null | undefined)[]): string {
  const words: string[] = [];
  for (const part of parts) if (part) words.push(...nameWords(part));
  return words.sort().join(' ');
}

// Names repeat a lot across a data set: their words are worked out once each.
const wordsCache = new Map<string, readonly string[]>();

function nameWords(part: string): readonly string[] {
  let words = wordsCache.get(part);
  if (!words) {
    words = plain(part).toUpperCase().split(/[^A-Z]+/).filter(Boolean);
    if (wordsCache.size < 200_000) wordsCache.set(part, words);
  }
  return words;
}

/** Accents dropped, the way the store's tills and most e-mail addresses write names. */
export function plain(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[Œœ]/g, (c) => (c === 'Œ' ? 'OE' : 'oe'));
}

/** The local part of an e-mail address made of a name: lower case, no accents, no spaces. */
export function emailWord(text: string): string {
  return plain(text).toLowerCase().replace(/[^a-z]/g, '');
}

/** Capitalised the way people type their own address: `Marie.Dupont@Gmail.com`. */
export function capitalisedEmail(email: string): string {
  return email.replace(/(^|[.@_-])([a-z])/g, (_, separator: string, letter: string) => separator + letter.toUpperCase());
}

export function normaliseEmail(text: string | null | undefined): string | null {
  if (!text) return null;
  const email = text.trim().toLowerCase();
  return email || null;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A version-4-shaped UUID drawn from the generator (never crypto.randomUUID: rows must repeat). */
export function uuidFrom(rng: Rng): string {
  const hex = rng.hex(32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[rng.int(0, 3)];
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Looks like a bcrypt hash (`$2b$10$` + 53 characters); hashes nothing, so no password exists. */
export function fakeBcrypt(rng: Rng): string {
  let body = '';
  for (let i = 0; i < 53; i += 1) body += BCRYPT_ALPHABET[rng.next() % 64];
  return `$2${rng.chance(0.7) ? 'b' : 'a'}$${rng.chance(0.8) ? '10' : '12'}$${body}`;
}
