// Pure unit tests: no database. Spellings are the legacy README's own where it gives them.
import {
  ean13CheckDigit,
  fullNameKeys,
  isInvalid,
  nameKey,
  namesCompatible,
  normaliseCard,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  particleInFront,
  looseEmailKey,
  normalisePostcode,
  parseExternalRef,
  splitFullName,
} from './normalise';

/** Asserts an invalid result and returns its message, so a test can say what it must mention. */
function whyInvalid(result: object): string {
  expect(result).toHaveProperty('invalid');
  return (result as { invalid: string }).invalid;
}

describe('normaliseEmail', () => {
  test.each([
    [' Marie.Dupont@Example.com ', 'marie.dupont@example.com'],
    ['marie.dupont@example.com', 'marie.dupont@example.com'],
    ['MARIE.DUPONT@EXAMPLE.COM', 'marie.dupont@example.com'],
    ['\tjp.martin+promo@mail.example.fr\n', 'jp.martin+promo@mail.example.fr'],
    ['o\'brien@example.ie', 'o\'brien@example.ie'],
    ['helene@exemple.xn--p1ai', 'helene@exemple.xn--p1ai'],
  ])('%j → %s', (raw, expected) => {
    expect(normaliseEmail(raw)).toEqual({ value: expected });
  });

  test('the two README spellings of one address are equal once normalised', () => {
    expect(normaliseEmail(' Marie.Dupont@Example.com ')).toEqual(normaliseEmail('marie.dupont@example.com'));
  });

  test('Gmail dots, +tags and googlemail.com give a separate, weaker key; other domains none', () => {
    expect(looseEmailKey('m.dupont+shop@gmail.com')).toBe('mdupont@gmail.com');
    expect(looseEmailKey('mdupont@googlemail.com')).toBe('mdupont@gmail.com');
    expect(looseEmailKey('m.dupont@example.fr')).toBeNull();
    expect(looseEmailKey('m.dupont+shop@example.fr')).toBeNull();
  });

  test('provider-specific rules are not applied: dots and +tags are kept', () => {
    expect(normaliseEmail('m.dupont@gmail.com')).toEqual({ value: 'm.dupont@gmail.com' });
    expect(normaliseEmail('mdupont+shop@gmail.com')).toEqual({ value: 'mdupont+shop@gmail.com' });
  });

  test('typos are not repaired', () => {
    expect(normaliseEmail('marie@gmail.con')).toEqual({ value: 'marie@gmail.con' });
  });

  test.each([
    [null, 'empty'],
    [undefined, 'empty'],
    ['   ', 'empty'],
    ['marie.dupont', 'no @'],
    ['marie@dupont@example.com', 'more than one @'],
    ['@example.com', 'nothing before the @'],
    ['marie@', 'nothing after the @'],
    ['marie@localhost', 'no dot'],
    ['marie dupont@example.com', 'spaces'],
    ['marie@example..com', 'malformed'],
    ['marie@-example.com', 'malformed'],
    ['marie@example.c0m', 'top-level domain'],
    ['marie@example.f', 'top-level domain'],
    ['<marie>@example.com', 'unexpected characters'],
    [`${'a'.repeat(65)}@example.com`, '64'],
    ['n/a', 'no @'],
  ])('%j is invalid (%s)', (raw, why) => {
    expect(whyInvalid(normaliseEmail(raw))).toContain(why);
  });
});

describe('normalisePhone', () => {
  // README case 1: one person, four spellings of one mobile, plus the dotted till spelling.
  test.each(['06 12 34 56 78', '06.12.34.56.78', '0612345678', '+33612345678', '+33 6 12 34 56 78', '0033612345678', '0033 6 12 34 56 78', '06-12-34-56-78', '+33 (0)6 12 34 56 78', ' 06 12 34 56 78 '])(
    '%j is the mobile +33612345678',
    (raw) => {
      expect(normalisePhone(raw)).toEqual({ e164: '+33612345678', kind: 'mobile', valid: true });
    },
  );

  test('07 numbers are mobiles too', () => {
    expect(normalisePhone('07 81 23 45 67')).toEqual({ e164: '+33781234567', kind: 'mobile', valid: true });
  });

  test('geographic landlines are fixed (a household line: the README couple shares one)', () => {
    expect(normalisePhone('01 42 68 53 00')).toEqual({ e164: '+33142685300', kind: 'fixed', valid: true });
    expect(normalisePhone('04.78.12.34.56')).toEqual({ e164: '+33478123456', kind: 'fixed', valid: true });
    expect(normalisePhone('+33 5 61 23 45 67')).toEqual({ e164: '+33561234567', kind: 'fixed', valid: true });
  });

  test('09 box numbers count as fixed: in France they are home lines', () => {
    expect(normalisePhone('09 51 23 45 67')).toEqual({ e164: '+33951234567', kind: 'fixed', valid: true });
  });

  test('overseas departments dialled nationally from France get their own country code', () => {
    expect(normalisePhone('0692 12 34 56')).toEqual({ e164: '+262692123456', kind: 'mobile', valid: true });
    expect(normalisePhone('02 62 12 34 56')).toEqual({ e164: '+262262123456', kind: 'fixed', valid: true });
    expect(normalisePhone('+262 692 12 34 56')).toEqual({ e164: '+262692123456', kind: 'mobile', valid: true });
    expect(normalisePhone('0590 12 34 56')).toMatchObject({ e164: '+590590123456', kind: 'fixed', valid: true });
    // Written with France's code, as metropolitan forms do, it is the same Réunion mobile.
    expect(normalisePhone('+33 6 92 12 34 56')).toEqual({ e164: '+262692123456', kind: 'mobile', valid: true });
  });

  test('one canonical form for a French Guiana mobile, whatever the spelling (issue 12)', () => {
    for (const raw of ['0694 20 30 40', '06 94 20 30 40', '+594 694 20 30 40', '00594694203040', '+33 6 94 20 30 40', '0033 694 203 040']) {
      expect(normalisePhone(raw)).toEqual({ e164: '+594694203040', kind: 'mobile', valid: true });
    }
  });

  test('a possible number outside the ranges assigned today is kept, flagged invalid (a signal, not a filter)', () => {
    expect(normalisePhone('07 00 12 34 56')).toEqual({ e164: '+33700123456', kind: 'mobile', valid: false });
    expect(normalisePhone('+33 7 00 12 34 56')).toEqual({ e164: '+33700123456', kind: 'mobile', valid: false });
    expect(normalisePhone('0033700123456')).toEqual({ e164: '+33700123456', kind: 'mobile', valid: false });
  });

  test('special-rate numbers are other', () => {
    expect(normalisePhone('0800 123 456')).toEqual({ e164: '+33800123456', kind: 'other', valid: true });
    expect(normalisePhone('08 12 34 56 78')).toEqual({ e164: '+33812345678', kind: 'other', valid: true });
  });

  test('foreign numbers in international form keep their country', () => {
    expect(normalisePhone('+49 151 12345678')).toEqual({ e164: '+4915112345678', kind: 'mobile', valid: true });
    expect(normalisePhone('+49 30 123456')).toEqual({ e164: '+4930123456', kind: 'fixed', valid: true });
    expect(normalisePhone('0049 30 123456')).toEqual({ e164: '+4930123456', kind: 'fixed', valid: true });
    expect(normalisePhone('+44 20 7946 0958')).toEqual({ e164: '+442079460958', kind: 'fixed', valid: true });
    // North American plans do not tell mobiles from landlines.
    expect(normalisePhone('+1 (212) 555-0123')).toMatchObject({ e164: '+12125550123', kind: 'other', valid: true });
  });

  test('a national number is read in the given default country', () => {
    expect(normalisePhone('030 123456', 'DE')).toEqual({ e164: '+4930123456', kind: 'fixed', valid: true });
    // ... and a German national number is not a French one.
    expect(normalisePhone('030 123456')).toHaveProperty('invalid');
  });

  test('empty is invalid "empty"', () => {
    expect(normalisePhone('')).toEqual({ invalid: 'empty' });
    expect(normalisePhone('   ')).toEqual({ invalid: 'empty' });
    expect(normalisePhone(null)).toEqual({ invalid: 'empty' });
    expect(normalisePhone(undefined)).toEqual({ invalid: 'empty' });
  });

  test.each([
    ['612345678', 'missing trunk 0 (libphonenumber would add it)'],
    ['33612345678', 'country code without + or 00'],
    ['06 12 34 56', 'too few digits'],
    ['06 12 34 56 78 9', 'too many digits'],
    ['+33 6 12 34 56', 'too few digits, international'],
    ['06 12 34 56 78 poste 2', 'extension in words'],
    ['tel: 06 12 34 56 78', 'label'],
    ['abc', 'garbage'],
    ['+', 'a plus alone'],
    ['----', 'punctuation only'],
    ['00 00 00 00 00', 'placeholder'],
    ['+999 123 456 789', 'unknown country code'],
  ])('%j is invalid (%s), never guessed', (raw) => {
    const result = normalisePhone(raw);
    expect(result).toHaveProperty('invalid');
    expect(result).not.toHaveProperty('e164');
  });

  test('messages say why without repeating the number', () => {
    expect(whyInvalid(normalisePhone('06 12 34 56 78 poste 2'))).toContain('unexpected characters');
    expect(whyInvalid(normalisePhone('06 12 34 56'))).toMatch(/too short|wrong number of digits|no assigned/);
    expect(whyInvalid(normalisePhone('612345678'))).toContain('national number');
    expect(whyInvalid(normalisePhone('612345678'))).not.toContain('12345678');
  });
});

describe('ean13CheckDigit and normaliseCard', () => {
  test.each([
    ['400638133393', '1'], // the textbook example, 4006381333931
    ['590123412345', '7'], // GS1's example, 5901234123457
    ['978020137962', '4'], // an ISBN-13, 9780201379624
    ['000000000000', '0'],
    ['290000000001', '8'], // 2·1 + 9·3 + 1·3 = 32
  ])('check digit of %s is %s', (first12, digit) => {
    expect(ean13CheckDigit(first12)).toBe(digit);
  });

  test('ean13CheckDigit refuses anything but 12 digits', () => {
    expect(() => ean13CheckDigit('12345')).toThrow();
    expect(() => ean13CheckDigit('40063813339a')).toThrow();
  });

  test('every single-digit slip is caught, as the web shop case needs', () => {
    const card = '4006381333931';
    for (let position = 0; position < 13; position += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        if (String(digit) === card[position]) continue;
        const typo = card.slice(0, position) + String(digit) + card.slice(position + 1);
        expect(normaliseCard(typo)).toHaveProperty('invalid');
      }
    }
  });

  test.each(['4006381333931', ' 4006381333931 ', '4 006381 333931', '4006 3813 3393 1', '4006-3813-3393-1'])(
    '%j → 4006381333931',
    (raw) => {
      expect(normaliseCard(raw)).toEqual({ value: '4006381333931' });
    },
  );

  test('a wrong check digit is invalid and says so, with the digit the number gives', () => {
    const why = whyInvalid(normaliseCard('4006381333932'));
    expect(why).toContain('check digit');
    expect(why).toContain('1');
  });

  test.each([
    ['', 'empty'],
    [null, 'empty'],
    ['400638133393', '12 digits'],
    ['40063813339310', '14 digits'],
    ['4006381333931X', 'unexpected characters'],
    ['4006.3813.3393.1', 'unexpected characters'],
    ['CARD', 'unexpected characters'],
  ])('%j is invalid (%s)', (raw, why) => {
    expect(whyInvalid(normaliseCard(raw))).toContain(why);
  });
});

describe('normaliseName', () => {
  test.each([
    ['Hélène', ['helene']],
    ['HELENE', ['helene']],
    ['HÉLÈNE', ['helene']],
    ['Jean-Pierre', ['jean', 'pierre']],
    ['JEAN PIERRE', ['jean', 'pierre']],
    ["D'Arc", ['d', 'arc']],
    ['D’ARC', ['d', 'arc']],
    ['  Le Gall ', ['le', 'gall']],
    ['Gonçalves', ['goncalves']],
    ['Bensaïd', ['bensaid']],
    ['Lætitia', ['laetitia']],
    ['Œillet', ['oeillet']],
    ['Groß', ['gross']],
    ['Noël', ['noel']],
    ['', []],
    [null, []],
    ['  -  ', []],
  ])('%j → %j', (raw, tokens) => {
    expect(normaliseName(raw)).toEqual(tokens);
  });
});

describe('a surname particle written after the name, in brackets', () => {
  it.each([
    ['Gall (le)', 'le Gall'],
    ['SILVA (DA) Karim', 'DA SILVA Karim'],
    ['Fontaine (de la)', 'de la Fontaine'],
    ["Arc (d')", "d' Arc"],
  ])('%s reads as %s', (written, read) => {
    expect(particleInFront(written)).toBe(read);
  });

  it('leaves other brackets alone', () => {
    expect(particleInFront('Dupont (Marie)')).toBe('Dupont (Marie)');
  });

  it('makes the same name key and the same reading as the particle in front', () => {
    expect(nameKey('Yann', 'Gall (le)')).toBe(nameKey('Yann', 'Le Gall'));
    expect(normaliseName('Roux (Le)')).toEqual(normaliseName('Le Roux'));
    const split = splitFullName('SILVA (DA) Karim');
    expect(isInvalid(split) ? null : [split.first, split.last]).toEqual(['Karim', 'DA SILVA']);
  });
});

describe('nameKey', () => {
  test('order, case, accents and punctuation do not matter', () => {
    const key = nameKey('Marie-Hélène', 'Dupont');
    expect(key).toBe('dupont mariehelene');
    expect(nameKey('DUPONT', 'MARIE HELENE')).toBe(key);
    expect(nameKey('marie helene', 'DUPONT')).toBe(key);
  });

  test("particles and apostrophes: D'Arc, D ARC and DARC share a key", () => {
    expect(nameKey('Jeanne', "D'Arc")).toBe(nameKey('JEANNE', 'DARC'));
    expect(nameKey('Jeanne', 'D ARC')).toBe(nameKey('JEANNE', 'DARC'));
    expect(nameKey('Yann', 'Le Gall')).toBe(nameKey('YANN', 'LEGALL'));
  });

  test('different names differ', () => {
    expect(nameKey('Marie', 'Dupont')).not.toBe(nameKey('Marine', 'Dupont'));
    expect(nameKey('Marie Claire', 'Dupont')).not.toBe(nameKey('Claire Marie', 'Dupont'));
  });

  test('null without both parts: a surname alone is no key', () => {
    expect(nameKey('', 'Dupont')).toBeNull();
    expect(nameKey('Marie', null)).toBeNull();
    expect(nameKey(' - ', 'Dupont')).toBeNull();
  });
});

describe('splitFullName', () => {
  test.each([
    ['DUPONT Marie', 'Marie', 'DUPONT'],
    ['Marie DUPONT', 'Marie', 'DUPONT'],
    ['LE GALL Marie-Hélène', 'Marie-Hélène', 'LE GALL'],
    ["D'ARC Jeanne", 'Jeanne', "D'ARC"],
    ['Jean-Pierre MARTIN-LEFÈVRE', 'Jean-Pierre', 'MARTIN-LEFÈVRE'],
    ['  DUPONT   Marie  ', 'Marie', 'DUPONT'],
    ['DA SILVA Ana Maria', 'Ana Maria', 'DA SILVA'],
  ])('%j: the capitalised words are the surname', (full, first, last) => {
    expect(splitFullName(full)).toEqual({ first, last, surnameMarked: true });
  });

  test.each([
    ['Marie Dupont', 'Marie', 'Dupont'],
    ['MARIE DUPONT', 'MARIE', 'DUPONT'],
    ['marie dupont', 'marie', 'dupont'],
    ['Jean Pierre Martin', 'Jean Pierre', 'Martin'],
    ['Marie Le Gall', 'Marie', 'Le Gall'],
    ['Jean de La Fontaine', 'Jean', 'de La Fontaine'],
    ['Ana Dos Santos', 'Ana', 'Dos Santos'],
    // An initial is not a shouted surname.
    ['J. Dupont', 'J.', 'Dupont'],
  ])('%j: nothing marks the surname, first-name-first is assumed', (full, first, last) => {
    expect(splitFullName(full)).toEqual({ first, last, surnameMarked: false });
  });

  test('one word or nothing cannot be split', () => {
    expect(whyInvalid(splitFullName('DUPONT'))).toContain('single word');
    expect(splitFullName('')).toEqual({ invalid: 'empty' });
    expect(splitFullName(null)).toEqual({ invalid: 'empty' });
  });

  test('fullNameKeys: one key when marked, every split otherwise', () => {
    expect(fullNameKeys('DUPONT Marie')).toEqual([nameKey('Marie', 'Dupont')]);
    expect(fullNameKeys('Marie Dupont')).toEqual([nameKey('Marie', 'Dupont')]);
    expect(fullNameKeys('Dupont Marie Claire').sort()).toEqual(['claire dupontmarie', 'dupont marieclaire']);
    expect(fullNameKeys('DUPONT')).toEqual([]);
  });
});

describe('namesCompatible', () => {
  test('the call centre orders vary: DUPONT Marie = Marie Dupont = store fields', () => {
    expect(namesCompatible('DUPONT Marie', 'Marie Dupont')).toBe(true);
    expect(namesCompatible('DUPONT Marie', { first: 'Marie', last: 'DUPONT' })).toBe(true);
    expect(namesCompatible('Marie Dupont', { first: 'marie', last: 'dupont' })).toBe(true);
    expect(namesCompatible('Dupont Marie', { first: 'Marie', last: 'Dupont' })).toBe(true);
  });

  test('accents and case: Hélène / HELENE', () => {
    expect(namesCompatible({ first: 'Hélène', last: 'Lefèvre' }, { first: 'HELENE', last: 'LEFEVRE' })).toBe(true);
    expect(namesCompatible('LEFEVRE Hélène', { first: 'helene', last: 'Lefèvre' })).toBe(true);
  });

  test('hyphens, spaces and apostrophes within a field do not matter', () => {
    expect(namesCompatible({ first: 'Jean-Pierre', last: 'Martin' }, { first: 'JEAN PIERRE', last: 'MARTIN' })).toBe(true);
    expect(namesCompatible({ first: 'Jean-Pierre', last: 'Martin' }, 'Jean Pierre Martin')).toBe(true);
    expect(namesCompatible({ first: 'Jeanne', last: "D'Arc" }, { first: 'JEANNE', last: 'DARC' })).toBe(true);
    expect(namesCompatible({ first: 'Jeanne', last: "D'Arc" }, "D'ARC Jeanne")).toBe(true);
    expect(namesCompatible({ first: 'Yann', last: 'Le Gall' }, 'Yann LEGALL')).toBe(true);
  });

  test('separate fields must agree field by field: Thomas MARTIN is not Martin THOMAS', () => {
    expect(namesCompatible({ first: 'Thomas', last: 'Martin' }, { first: 'Martin', last: 'Thomas' })).toBe(false);
    expect(namesCompatible('MARTIN Thomas', 'THOMAS Martin')).toBe(false);
    // Unmarked, the call-centre spelling may be read either way round.
    expect(namesCompatible('Martin Thomas', { first: 'Thomas', last: 'Martin' })).toBe(true);
  });

  test('strict: initials, parts of compound first names, one-letter differences do not match', () => {
    expect(namesCompatible({ first: 'M.', last: 'Dupont' }, { first: 'Marie', last: 'Dupont' })).toBe(false);
    expect(namesCompatible({ first: 'M', last: 'Dupont' }, 'Marie DUPONT')).toBe(false);
    expect(namesCompatible({ first: 'Jean', last: 'Martin' }, { first: 'Jean-Pierre', last: 'Martin' })).toBe(false);
    expect(namesCompatible({ first: 'Marie', last: 'Dupont' }, { first: 'Marie', last: 'Dupond' })).toBe(false);
    expect(namesCompatible({ first: 'Marie', last: 'Dupont' }, { first: 'Marine', last: 'Dupont' })).toBe(false);
  });

  test('a couple sharing a surname is two names (README case 3)', () => {
    expect(namesCompatible({ first: 'Marie', last: 'Dupont' }, { first: 'Pierre', last: 'Dupont' })).toBe(false);
  });

  test('missing parts match nothing', () => {
    expect(namesCompatible({ first: '', last: 'Dupont' }, { first: '', last: 'Dupont' })).toBe(false);
    expect(namesCompatible({ first: null, last: 'Dupont' }, 'Marie Dupont')).toBe(false);
    expect(namesCompatible('DUPONT', 'DUPONT')).toBe(false);
    expect(namesCompatible(null, 'Marie Dupont')).toBe(false);
  });
});

describe('normalisePostcode', () => {
  test.each([
    ['75001', '75001'],
    [' 75001 ', '75001'],
    ['75 001', '75001'],
    ['06000', '06000'],
    ['97400', '97400'],
    ['20000', '20000'],
  ])('%j → %s', (raw, value) => {
    expect(normalisePostcode(raw)).toEqual({ value });
  });

  test.each([
    ['', 'empty'],
    [null, 'empty'],
    ['6000', '4 digits'],
    ['750012', '6 digits'],
    ['2A004', 'not only digits'],
    ['SW1A 1AA', 'not only digits'],
    ['00000', '00'],
    ['99999', '99'],
  ])('%j is invalid (%s)', (raw, why) => {
    expect(whyInvalid(normalisePostcode(raw))).toContain(why);
  });
});

describe('parseExternalRef', () => {
  test('ECOM:<customers.id>', () => {
    expect(parseExternalRef('ECOM:1234')).toEqual({ system: 'ecommerce', customerId: '1234' });
    expect(parseExternalRef(' ECOM:1234 ')).toEqual({ system: 'ecommerce', customerId: '1234' });
    expect(parseExternalRef('ecom:0042')).toEqual({ system: 'ecommerce', customerId: '42' });
  });

  test('CARD:<NUM_CARTE>, the card checked like any other', () => {
    expect(parseExternalRef('CARD:4006381333931')).toEqual({ system: 'store', card: '4006381333931' });
    expect(parseExternalRef('CARD: 4006 3813 3393 1')).toEqual({ system: 'store', card: '4006381333931' });
    const why = whyInvalid(parseExternalRef('CARD:4006381333932'));
    expect(why).toContain('CARD:');
    expect(why).toContain('check digit');
  });

  test.each([
    ['', 'empty'],
    [null, 'empty'],
    ['1234', 'prefix'],
    ['ECOM:', 'digits'],
    ['ECOM:abc', 'digits'],
    ['ECOM:-5', 'digits'],
    ['ECOM:0', 'out of range'],
    ['ECOM:99999999999', 'out of range'],
    ['CARD:', 'empty'],
    ['CARD:12345', '5 digits'],
    ['CRM:1234', 'unknown system'],
  ])('%j is invalid (%s)', (raw, why) => {
    expect(whyInvalid(parseExternalRef(raw))).toContain(why);
  });

  test('isInvalid narrows every result type', () => {
    const ref = parseExternalRef('ECOM:7');
    expect(isInvalid(ref)).toBe(false);
    if (!isInvalid(ref) && ref.system === 'ecommerce') expect(ref.customerId).toBe('7');
  });
});
