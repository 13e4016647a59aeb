// The deterministic linking rules in one table: for each rule, the identifier the two records share,
// the fields that must agree, the fields that must not disagree, and what happens when a side lacks
// a field. link.sql.ts renders this table into the pair statement (which pairs are refused, and why)
// and into each link's evidence (`guards`: which guards were checked and how each came out), and
// the README prints it. Change a rule here, and the SQL, the evidence and the tests follow.
//
// Guard outcomes for one field between two records:
//   agree     both sides carry it and the values agree (names: a common first-name/surname reading)
//   abbreviated (names) one is the other written with initials or a compound surname's part dropped:
//             not a disagreement, not an agreement either (see namesAbbreviateSql)
//   differ    both sides carry it and the values differ: the pair is always refused
//   missing   one side or both lack it
//
// Shared identifiers. A value held by records of more than one person is "shared":
//   by persons      its holders carry two or more different full names, or one full name with two
//                   or more birth dates (a father and son of one name);
//   by a household  (e-mail and phone only) one of its holders lives at an address where a
//                   differently named person lives too: a family mailbox, a spouse's e-mail used
//                   for a web account, a landline.
// On a shared value a record without a full name never links, and on a value shared by persons of
// one name a record without a birth date never links: that value alone cannot say whose it is.

export type Field = 'name' | 'birthDate';
export type MissingPolicy = 'allow' | 'refuse' | 'refuse_when_shared';
export type SharedBy = 'persons' | 'persons_or_household';

export interface Rule {
  /** Name written in identity_link.rule. */
  rule: string;
  /** Rank: 1 strongest. A record's link names the strongest rule that holds it. */
  rank: number;
  /** The identifier kind the two records share (staged identifier kind). */
  kind: string;
  /** When the same kind gives several rules: how to tell (SQL over a, b: w_id; ra, rb: w_rec). */
  when?: string;
  /** Fields that must agree: a missing one refuses the pair, whatever the sharing. */
  mustAgree: Field[];
  /** Fields that must not disagree, and what to do when a side lacks them. */
  mustNotDiffer: Partial<Record<Field, MissingPolicy>>;
  /** Which holders make the value "shared" for `refuse_when_shared`. */
  sharedBy: SharedBy;
  /** For the README: what the rule means. */
  says: string;
}

/** Strongest first. `email_loose` is not here: it supports a link (edge strength), never makes one. */
export const RULES: readonly Rule[] = [
  {
    rule: 'external_ref',
    rank: 1,
    kind: 'ecommerce_account',
    mustAgree: [],
    mustNotDiffer: { name: 'refuse_when_shared', birthDate: 'refuse_when_shared' },
    sharedBy: 'persons',
    says: "a marketing contact's ECOM:<id> import pointer names the web account",
  },
  {
    rule: 'external_ref',
    rank: 1,
    kind: 'card',
    when: "NOT (a.role = 'reference' AND b.role = 'reference') AND 'marketing' IN (ra.system, rb.system)",
    mustAgree: [],
    mustNotDiffer: { name: 'refuse_when_shared', birthDate: 'refuse_when_shared' },
    sharedBy: 'persons',
    says: "a marketing contact's CARD:<number> import pointer names the card (check digit valid)",
  },
  {
    rule: 'web_loyalty_card',
    rank: 2,
    kind: 'card',
    when: "NOT (a.role = 'reference' AND b.role = 'reference') AND 'marketing' NOT IN (ra.system, rb.system)",
    mustAgree: [],
    mustNotDiffer: { name: 'refuse_when_shared', birthDate: 'refuse_when_shared' },
    sharedBy: 'persons',
    says: 'a web account quotes the loyalty card (check digit valid)',
  },
  {
    rule: 'shared_card',
    rank: 3,
    kind: 'card',
    when: "a.role = 'reference' AND b.role = 'reference'",
    mustAgree: [],
    mustNotDiffer: { name: 'refuse_when_shared', birthDate: 'refuse_when_shared' },
    sharedBy: 'persons',
    says: 'two records quote the same loyalty card',
  },
  {
    rule: 'email',
    rank: 4,
    kind: 'email',
    mustAgree: [],
    mustNotDiffer: { name: 'refuse_when_shared', birthDate: 'refuse_when_shared' },
    sharedBy: 'persons_or_household',
    says: 'the same e-mail address (case and spaces folded)',
  },
  {
    rule: 'phone_and_name',
    rank: 5,
    kind: 'phone',
    mustAgree: ['name'],
    mustNotDiffer: { birthDate: 'refuse_when_shared' },
    sharedBy: 'persons_or_household',
    says: 'the same phone number (E.164) and the same first name and surname',
  },
];

/** Why a pair is refused, in the order the guards are checked (the first that fails is recorded). */
export const REFUSALS = {
  keep_apart: 'an agent decided the two records are two people',
  names_differ: 'both records carry a full name, and no reading of one is a reading of the other',
  birth_dates_differ: 'both records carry a birth date, and they differ',
  phone_without_full_name:
    'a rule that needs the names to agree (phone), and a side has no full name — unless that side\'s own e-mail names the other side, and the phone is held neither in a household nor by namesakes',
  abbreviated_name_on_shared_identifier:
    'one name is an abbreviation of the other (initials, a dropped part of a compound surname, a slip in the surname), and it is ambiguous: the identifier is held by namesakes, or someone else at either record\'s address reads as one side and not the other',
  shared_identifier_without_name: 'a side has no full name, and the identifier is shared by several people or a household',
  shared_identifier_without_birth_date: 'a side has no birth date, and the identifier is held by namesakes with different birth dates',
  mailbox_names_nobody:
    'a side has no name, the identifier is an e-mail, and its mailbox does not name the other side (neither their first name nor their initial against their surname): a family\'s mailbox',
} as const;

/** Rank of a rule name (SQL CASE over a column). */
export const ruleRank = (column: string): string =>
  `CASE ${column} ${[...new Map(RULES.map((r) => [r.rule, r.rank]))].map(([rule, rank]) => `WHEN '${rule}' THEN ${rank}`).join(' ')} ELSE 9 END`;

/** The rule a pair makes (SQL CASE over a, b: w_id rows; ra, rb: w_rec rows). */
export const ruleOfPair = (): string =>
  `CASE ${RULES.map((r) => `WHEN a.kind = '${r.kind}'${r.when ? ` AND (${r.when})` : ''} THEN '${r.rule}'`).join('\n         ')} END`;

// Abbreviated names. A first name written with initials or shortened — `J.`, `JP`, `J.-P.`, `J Pierre`,
// `M-Christine`, `MA` — is a way of writing `Jean`, `Jean-Pierre`, `Marie-Christine`, `Marc-Antoine`
// when the surname is the same; a compound surname with a part dropped — `Martin` for `Martin-Dupuy`,
// `Fontaine` for `de La Fontaine` — is a way of writing it when the first name is the same. Such
// names — and a surname with one typing slip (`Descchenes`, five letters at least) when the first name
// is the same, or a first name with one (`Nqthalie`, not `Michèle` for `Michel`) when the surname is —
// do not *agree* (they never make a name-based rule on their own, nor regroup a split
// component), but they do not *differ* either: two records sharing an e-mail or a card, one written
// `JP NGUYEN` and the other `Jean-Pierre Nguyen`, are not two people. Never both relaxations at once.
// Over the normalised fields (`given_name`, `family_name`: words separated by one space).

/** `x` and `y` (first names, words) differ, but one is the other with initials or as its initials (SQL). */
const firstAbbreviates = (x: string, y: string): string => `(
  coalesce((SELECT bool_and(coalesce(tx = ty OR (length(tx) = 1 AND left(ty, 1) = tx) OR (length(ty) = 1 AND left(tx, 1) = ty), false))
                   AND bool_or(length(tx) = 1 OR length(ty) = 1)
              FROM unnest(string_to_array(${x}, ' '), string_to_array(${y}, ' ')) t(tx, ty)), false)
  OR (strpos(${x}, ' ') = 0 AND length(${x}) BETWEEN 2 AND 4
      AND ${x} = (SELECT string_agg(left(t, 1), '' ORDER BY o) FROM unnest(string_to_array(${y}, ' ')) WITH ORDINALITY u(t, o)))
  OR (strpos(${y}, ' ') = 0 AND length(${y}) BETWEEN 2 AND 4
      AND ${y} = (SELECT string_agg(left(t, 1), '' ORDER BY o) FROM unnest(string_to_array(${x}, ' ')) WITH ORDINALITY u(t, o))))`;

/** One surname is a run of whole words of the other (`martin` in `martin dupuy`), four letters at least (SQL). */
const surnamePart = (x: string, y: string): string => `(
  (length(${x}) < length(${y}) AND length(replace(${x}, ' ', '')) >= 4 AND ' ' || ${y} || ' ' LIKE '% ' || ${x} || ' %')
  OR (length(${y}) < length(${x}) AND length(replace(${y}, ' ', '')) >= 4 AND ' ' || ${x} || ' ' LIKE '% ' || ${y} || ' %'))`;

const same = (x: string, y: string): string => `replace(${x}, ' ', '') = replace(${y}, ' ', '')`;

/** One surname is the other with one typing slip (five letters at least): `Descchenes`, `Bouer` for `Boyer` (SQL). */
const surnameSlip = (x: string, y: string): string =>
  `(least(length(replace(${x}, ' ', '')), length(replace(${y}, ' ', ''))) >= 5 AND levenshtein(replace(${x}, ' ', ''), replace(${y}, ' ', '')) = 1)`;

/**
 * One first name is the other with one typing slip (`Nqthalie`, `Cedricc`, `Ftancoise`): one edit, the
 * longer five letters at least (each ≥ 80 % alike, the tier's `close`) — but never a final `e` or `a`
 * added or dropped, which is how French writes the other sex's name: `Michel` and `Michèle`, `Pascal`
 * and `Pascale`, `Daniel` and `Daniela` are couples, not slips (SQL).
 */
const firstSlip = (x: string, y: string): string => `(
  greatest(length(${x}), length(${y})) >= 5 AND levenshtein(${x}, ${y}) = 1
  AND ${x} NOT IN (${y} || 'e', ${y} || 'a') AND ${y} NOT IN (${x} || 'e', ${x} || 'a'))`;

const fieldsAbbreviate = (ga: string, fa: string, gb: string, fb: string): string =>
  `((${same(fa, fb)} AND (${firstAbbreviates(ga, gb)} OR ${firstSlip(ga, gb)})) OR (${same(ga, gb)} AND (${surnamePart(fa, fb)} OR ${surnameSlip(fa, fb)})))`;

/**
 * Whether the names of records `a` and `b` (aliases with given_name, family_name and a readings
 * column) are abbreviations of one another (SQL; false when they agree or a side is nameless). A
 * one-field name read both ways (call centre, unmarked surname) is tried both ways.
 */
export const namesAbbreviateSql = (a: string, b: string, readings = 'name_readings'): string => `(
  cardinality(${a}.${readings}) > 0 AND cardinality(${b}.${readings}) > 0 AND NOT (${a}.${readings} && ${b}.${readings})
  AND (${fieldsAbbreviate(`${a}.given_name`, `${a}.family_name`, `${b}.given_name`, `${b}.family_name`)}
       OR (cardinality(${a}.${readings}) > 1 AND ${fieldsAbbreviate(`${a}.family_name`, `${a}.given_name`, `${b}.given_name`, `${b}.family_name`)})
       OR (cardinality(${b}.${readings}) > 1 AND ${fieldsAbbreviate(`${a}.given_name`, `${a}.family_name`, `${b}.family_name`, `${b}.given_name`)})))`;

/** Two named records whose names are not one person's: neither a reading in common nor an abbreviation (SQL). */
export const namesDifferSql = (a: string, b: string, readings = 'name_readings'): string =>
  `(cardinality(${a}.${readings}) > 0 AND cardinality(${b}.${readings}) > 0 AND NOT (${a}.${readings} && ${b}.${readings})
    AND NOT ${namesAbbreviateSql(a, b, readings)})`;

/** Guard outcome of a field between ra and rb (SQL). */
export const GUARD_SQL: Record<Field, string> = {
  name: `CASE WHEN NOT (ra.named AND rb.named) THEN 'missing' WHEN ra.name_readings && rb.name_readings THEN 'agree'
              WHEN ${namesAbbreviateSql('ra', 'rb')} THEN 'abbreviated' ELSE 'differ' END`,
  birthDate: `CASE WHEN ra.birth_date IS NULL OR rb.birth_date IS NULL THEN 'missing' WHEN ra.birth_date = rb.birth_date THEN 'agree' ELSE 'differ' END`,
};

/** The policy of `field` for the pair's rule (SQL CASE over the rule column). */
function policySql(field: Field, ruleColumn: string): string {
  const cases = RULES.map((r) => {
    const policy: MissingPolicy | 'agree' = r.mustAgree.includes(field) ? 'agree' : r.mustNotDiffer[field] ?? 'allow';
    return `WHEN ${ruleColumn} = '${r.rule}' THEN '${policy}'`;
  });
  return `CASE ${[...new Set(cases)].join(' ')} END`;
}

/** Sharing that counts for the pair's rule (SQL, over s: the identifier's statistics). */
function sharedSql(ruleColumn: string): string {
  const household = RULES.filter((r) => r.sharedBy === 'persons_or_household').map((r) => `'${r.rule}'`);
  // Several full names on the value need no refusal here: the component then holds two names and
  // is split (link.sql.ts SPLIT_CONFLICTS), where a nameless record joins neither part.
  return `(s.namesakes OR (${ruleColumn} IN (${[...new Set(household)].join(', ')}) AND s.household))`;
}

// Whose mailbox. A record without a name shares an e-mail with a named record: the e-mail is that
// person's only when its mailbox names them — their first name (a word of three letters or more) or
// their initial against their surname (`kbarbier`, `girardn502`, `marie.lebihan`) — not when it names
// a family (`famille.nguyen`, `maisonboyer66`, `mercier.nguyen82`), whoever else reads it.

const localPart = (email: string): string => `split_part(${email}, '@', 1)`;

/** The mailbox of `email` holds initial-of-`g` against surname `f`, either way round, as whole words (`kbarbier`, `girardn502`, `j.dupont`) (SQL). */
const mailboxInitialSql = (email: string, g: string, f: string): string => `(
  ${localPart(email)} ~ ('(^|[^a-z])' || left(${g}, 1) || '[._-]?' || replace(${f}, ' ', '') || '([^a-z]|$)')
  OR ${localPart(email)} ~ ('(^|[^a-z])' || replace(${f}, ' ', '') || '[._-]?' || left(${g}, 1) || '([^a-z]|$)'))`;

/** The mailbox of `email` begins a word with one of the words of first name `g` (three letters or more) (SQL). */
const mailboxFirstNameSql = (email: string, g: string): string => `
  EXISTS (SELECT 1 FROM unnest(string_to_array(${g}, ' ')) t(w) WHERE length(w) >= 3 AND ${localPart(email)} ~ ('(^|[^a-z])' || w))`;

/**
 * The mailbox of `email` names the named record `r` (SQL): its first name, or its initial against its
 * surname. A one-field name whose surname is not marked (call centre: `Boyer Anais`) could be read
 * either way round, so there the mailbox must hold both words, or an initial against either.
 */
export const mailboxNamesSql = (email: string, r: string): string => `(CASE WHEN cardinality(${r}.name_readings) = 1
  THEN ${mailboxFirstNameSql(email, `${r}.given_name`)} OR ${mailboxInitialSql(email, `${r}.given_name`, `${r}.family_name`)}
  ELSE (${mailboxFirstNameSql(email, `${r}.given_name`)} AND strpos(${localPart(email)}, replace(${r}.family_name, ' ', '')) > 0)
    OR ${mailboxInitialSql(email, `${r}.given_name`, `${r}.family_name`)} OR ${mailboxInitialSql(email, `${r}.family_name`, `${r}.given_name`)} END)`;

/** Of a pair on an e-mail, one side nameless and the mailbox names the other side (SQL over p, ra, rb). */
export const mailboxNamesHolderSql = (): string => `(
  (NOT ra.named AND rb.named AND ${mailboxNamesSql('p.value', 'rb')}) OR (NOT rb.named AND ra.named AND ${mailboxNamesSql('p.value', 'ra')}))`;

/**
 * Of a pair, one side nameless whose own e-mail's mailbox names the other side (SQL over ra, rb; w_id):
 * a contest entry with `znguyen@…` and Zoé Nguyen's mobile is hers, though it carries no name.
 */
const ownMailboxNamesOtherSql = (): string => `(
  (NOT ra.named AND rb.named AND EXISTS (SELECT 1 FROM w_id e WHERE e.rid = ra.rid AND e.kind = 'email' AND ${mailboxNamesSql('e.value', 'rb')}))
  OR (NOT rb.named AND ra.named AND EXISTS (SELECT 1 FROM w_id e WHERE e.rid = rb.rid AND e.kind = 'email' AND ${mailboxNamesSql('e.value', 'ra')})))`;

/**
 * An abbreviated name is ambiguous when someone else at the address of either record (link.sql.ts
 * w_addr) would read as one side and not as the other: `MA Thebault` and `Marc-Antoine Thebault` on
 * one e-mail, with a `Marie-Anne Thebault` at their address (SQL over ra, rb: w_rec rows).
 */
const abbreviationAmbiguousSql = (): string => `EXISTS (
           SELECT 1 FROM w_addr h1 JOIN w_addr h2 ON h2.value = h1.value
            WHERE h1.rid IN (ra.rid, rb.rid) AND h2.rid IS DISTINCT FROM ra.rid AND h2.rid IS DISTINCT FROM rb.rid
              AND ((NOT ${namesDifferSql('h2', 'ra')} AND ${namesDifferSql('h2', 'rb')})
                OR (NOT ${namesDifferSql('h2', 'rb')} AND ${namesDifferSql('h2', 'ra')})))`;

/**
 * Why the pair is refused, or null (SQL). Expects: p.rule, p.name_guard, p.birth_guard, p.keep_apart,
 * ra and rb (the two w_rec rows), and s (the value's statistics: names, namesakes, household).
 */
export const refusalSql = (): string => `CASE
         WHEN p.keep_apart THEN 'keep_apart'
         WHEN p.name_guard = 'differ' THEN 'names_differ'
         WHEN p.birth_guard = 'differ' THEN 'birth_dates_differ'
         WHEN p.name_guard = 'missing' AND ${policySql('name', 'p.rule')} = 'agree'
              AND NOT (p.kind = 'phone' AND NOT s.namesakes AND NOT coalesce(s.household, false) AND ${ownMailboxNamesOtherSql()})
           THEN 'phone_without_full_name'
         WHEN p.name_guard = 'abbreviated' AND (s.namesakes OR ${abbreviationAmbiguousSql()}) THEN 'abbreviated_name_on_shared_identifier'
         WHEN p.name_guard = 'missing' AND ${policySql('name', 'p.rule')} = 'refuse_when_shared' AND ${sharedSql('p.rule')}
              AND NOT (p.kind = 'email' AND NOT s.namesakes AND ${mailboxNamesHolderSql()})
           THEN 'shared_identifier_without_name'
         WHEN p.birth_guard = 'missing' AND ${policySql('birthDate', 'p.rule')} = 'refuse_when_shared' AND s.namesakes
           THEN 'shared_identifier_without_birth_date'
         WHEN p.name_guard = 'missing' AND p.kind = 'email' AND (ra.named OR rb.named) AND NOT ${mailboxNamesHolderSql()}
           THEN 'mailbox_names_nobody'
       END`;

/**
 * How much one edge (two records, possibly several shared identifiers) is worth when a conflict
 * must be cut: the strongest rule first, then agreeing names and birth dates, then more than one
 * shared identifier or a loose e-mail key in support, less for a phone outside today's ranges.
 * Larger is stronger; the result is a small integer so that a cut runs in a bounded number of levels.
 */
export const edgeStrengthSql = (rank: string, nameAgrees: string, birthAgrees: string, identifiers: string, looseSupport: string, invalidPhone: string): string =>
  `((6 - ${rank}) * 8 + CASE WHEN ${nameAgrees} THEN 2 ELSE 0 END + CASE WHEN ${birthAgrees} THEN 2 ELSE 0 END
    + CASE WHEN ${identifiers} > 1 THEN 2 ELSE 0 END + CASE WHEN ${looseSupport} THEN 1 ELSE 0 END - CASE WHEN ${invalidPhone} THEN 1 ELSE 0 END)`;

/** The rules table as README markdown (kept beside the rules: `npx ts-node` not needed, tests print it). */
export function rulesMarkdown(): string {
  const lines = [
    '| rule | rank | shared identifier | must agree | must not differ (when a side lacks it) | shared means | meaning |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of RULES) {
    const notDiffer = Object.entries(r.mustNotDiffer).map(([f, p]) => `${f} (${p})`).join(', ');
    lines.push(`| ${r.rule} | ${r.rank} | ${r.kind} | ${r.mustAgree.join(', ') || '—'} | ${notDiffer || '—'} | ${r.sharedBy.replace(/_/g, ' ')} | ${r.says} |`);
  }
  return lines.join('\n');
}
