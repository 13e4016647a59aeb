// The measured ceiling of pairwise linking on the fields the resolver sees (a development tool: it
// reads the generator's ground truth; resolution never does). `node dist/devtools/identity-diagnose-cli.js
// --ceiling` after a score (the databases hold a data set, its truth and its links).
//
// Candidate pairs: every two records the truth knows that share a value of any identifier the hub
// stages (e-mail, loose e-mail key, phone, card, web account pointer, street address), or a blocking
// key of the probabilistic tier in a block it compares (probabilistic.sql.ts keyOf, MAX_BLOCK), plus
// every true pair (two records of one person), whatever they share. Each pair gets its comparison
// vector over what the rules and the tier can see (the same SQL levels: rules.ts, probabilistic.sql.ts):
//   name      exact (a reading in common) / abbrev (rules.ts namesAbbreviateSql) / close / near (the
//             tier's one and two edits) / differ / one_nameless / both_nameless
//   birth     exact / near / differ / missing          postcode  exact / area / differ / missing
//   street    same (address key) / differ / missing
//   email     same / loose (only the Gmail-folded key) / differ / missing
//   phone     same / same_unassigned (outside today's ranges) / differ / missing
//   card      same (holder or quoted) / differ / missing        pointer   yes (ECOM:/web account id) / no
//   shared    of the linking values the two share, the strongest sign that the value is several
//             people's (link.sql.ts w_idstat): persons (two full names hold it) / namesakes (one name,
//             two birth dates) / household (a holder lives with a differently named mailless person)
//             / one (none of these) / none (nothing shared)
//   mailbox   (one side nameless) names (an e-mail of the nameless side names the named side,
//             rules.ts mailboxNamesSql) / not; '-' otherwise
//   kin       (one name, one postcode) namesakes (the records of that name in that postcode carry two
//             birth dates or more: a father and son, visible) / one; '-' otherwise
// Pairs with one vector are indistinguishable to any pairwise method on these fields: the best a
// method can do is take or leave a vector whole. Vectors sorted by purity (true share, larger first on
// ties) are taken greedily while the pairwise precision stays ≥ the target (a vector that would
// break it is skipped, later purer-enough ones may still be taken); the selection is then checked
// under transitive closure (union-find of the selected pairs; predicted pairs are every two records
// of one component), dropping the least pure selected vectors until the closure holds the target.
import type { Queryable } from '../subgraphs/kit/database';
import { mailboxNamesSql, namesAbbreviateSql, namesDifferSql } from '../subgraphs/customer/identity/rules';
import { birthLevel, keyOf, MAX_BLOCK, nameLevel, postcodeLevel } from '../subgraphs/customer/identity/probabilistic.sql';
import { identifierStatsSql, MAX_HOUSEHOLD } from '../subgraphs/customer/identity/link.sql';

export interface VectorCount {
  vector: string;
  /** Whether every pair of the data set with this vector is among the candidates (it agrees on a blocked field). */
  enumerated: boolean;
  same: number;
  other: number;
  /** True pairs of the vector already in one customer today. */
  linkedSame: number;
  /** Wrong pairs of the vector in one customer today. */
  linkedOther: number;
}

export interface CeilingReport {
  records: number;
  truePairs: number;
  candidatePairs: number;
  /** True pairs in one customer today (closure of today's links). */
  linkedTruePairs: number;
  /** Closure of today's links plus every pair of a vector ≥ target pure. */
  withFree: { truePairs: number; predictedPairs: number };
  vectors: VectorCount[];
  target: number;
  pairwise: { taken: string[]; truePairs: number; wrongPairs: number; recall: number; precision: number };
  closure: { taken: string[]; truePairs: number; predictedPairs: number; recall: number; precision: number; dropped: string[] };
}

const VECTOR_SQL = `
  'name=' || CASE WHEN NOT a.named AND NOT b.named THEN 'both_nameless' WHEN NOT a.named OR NOT b.named THEN 'one_nameless'
                  WHEN a.readings && b.readings THEN 'exact'
                  WHEN ${namesAbbreviateSql('a', 'b')} THEN 'abbrev'
                  ELSE (${nameLevel('a', 'b')}) END
  || ' birth=' || CASE WHEN a.birth_date IS NULL OR b.birth_date IS NULL THEN 'missing' ELSE (${birthLevel('a', 'b')}) END
  || ' pc=' || CASE WHEN a.postcode IS NULL OR b.postcode IS NULL THEN 'missing' ELSE (${postcodeLevel('a', 'b')}) END
  || ' street=' || ${fieldOf('address')}
  || ' email=' || CASE WHEN ${shares('email')} THEN 'same' WHEN ${shares('email_loose')} THEN 'loose'
                       WHEN ${has('a', 'email')} AND ${has('b', 'email')} THEN 'differ' ELSE 'missing' END
  || ' phone=' || CASE WHEN EXISTS (SELECT 1 FROM c_id x JOIN c_id y ON y.kind = x.kind AND y.value = x.value AND y.n = b.n
                                     WHERE x.n = a.n AND x.kind = 'phone' AND x.valid AND y.valid) THEN 'same'
                       WHEN ${shares('phone')} THEN 'same_unassigned'
                       WHEN ${has('a', 'phone')} AND ${has('b', 'phone')} THEN 'differ' ELSE 'missing' END
  || ' card=' || ${fieldOf('card')}
  || ' pointer=' || CASE WHEN ${shares('ecommerce_account')} THEN 'yes' ELSE 'no' END
  || ' shared=' || coalesce((SELECT CASE max(CASE WHEN s.names > 1 THEN 4 WHEN s.namesakes THEN 3 WHEN s.household THEN 2 ELSE 1 END)
                                     WHEN 4 THEN 'persons' WHEN 3 THEN 'namesakes' WHEN 2 THEN 'household' WHEN 1 THEN 'one' END
                               FROM c_id x JOIN c_id y ON y.kind = x.kind AND y.value = x.value AND y.n = b.n
                               JOIN c_idstat s ON s.kind = x.kind AND s.value = x.value
                              WHERE x.n = a.n AND x.kind IN ('email', 'phone', 'card', 'ecommerce_account')), 'none')
  || ' mailbox=' || CASE WHEN a.named = b.named THEN '-'
                         WHEN NOT a.named AND EXISTS (SELECT 1 FROM c_id e WHERE e.n = a.n AND e.kind = 'email' AND ${mailboxNamesSql('e.value', 'b')}) THEN 'names'
                         WHEN NOT b.named AND EXISTS (SELECT 1 FROM c_id e WHERE e.n = b.n AND e.kind = 'email' AND ${mailboxNamesSql('e.value', 'a')}) THEN 'names'
                         ELSE 'not' END
  || ' kin=' || CASE WHEN a.name_key IS DISTINCT FROM b.name_key OR a.postcode IS DISTINCT FROM b.postcode THEN '-'
                     WHEN (SELECT k.births FROM c_kin k WHERE k.name_key = a.name_key AND k.postcode = a.postcode) >= 2 THEN 'namesakes'
                     ELSE 'one' END`;

function shares(kind: string): string {
  return `EXISTS (SELECT 1 FROM c_id x JOIN c_id y ON y.kind = x.kind AND y.value = x.value AND y.n = b.n WHERE x.n = a.n AND x.kind = '${kind}')`;
}
function has(side: string, kind: string): string {
  return `EXISTS (SELECT 1 FROM c_id h WHERE h.n = ${side}.n AND h.kind = '${kind}')`;
}
function fieldOf(kind: string): string {
  return `CASE WHEN ${shares(kind)} THEN 'same' WHEN ${has('a', kind)} AND ${has('b', kind)} THEN 'differ' ELSE 'missing' END`;
}

/** Builds the candidate pairs and their vectors in the hub, inside `tx` (temporary tables, dropped at commit). */
export async function ceilingVectors(
  tx: Queryable,
  owners: readonly { system: string; local_key: string; person_id: number }[],
): Promise<{ records: number; pairs: Array<{ a: number; b: number; same: boolean; linked: boolean; vector: string }>; persons: Map<number, number> }> {
  await tx.query(`CREATE TEMP TABLE c_owner ON COMMIT DROP AS
    SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS o(system, local_key, person)`, [
    owners.map((o) => o.system),
    owners.map((o) => o.local_key.trim()),
    owners.map((o) => o.person_id),
  ]);
  await tx.query(`CREATE TEMP TABLE c_rec ON COMMIT DROP AS
    SELECT (row_number() OVER (ORDER BY r.system, r.local_key))::int AS n, r.system, r.local_key, o.person,
           r.given_name, r.family_name, r.name_key, r.name_readings, r.name_readings AS readings,
           cardinality(r.name_readings) > 0 AS named, r.birth_date, r.postcode, l.customer_id
      FROM identity_record r
      JOIN c_owner o ON o.system = r.system AND o.local_key = r.local_key
      LEFT JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL;
    CREATE UNIQUE INDEX ON c_rec (n); ANALYZE c_rec`);
  await tx.query(`CREATE TEMP TABLE c_id ON COMMIT DROP AS
    SELECT DISTINCT r.n, i.kind, i.value, i.valid
      FROM identity_identifier i JOIN c_rec r ON r.system = i.system AND r.local_key = i.local_key
     WHERE i.kind IN ('email', 'email_loose', 'phone', 'card', 'ecommerce_account', 'address');
    CREATE INDEX ON c_id (kind, value); CREATE INDEX ON c_id (n); ANALYZE c_id`);
  // Homes and household holders, as link.sql.ts CREATE_ADDRESSES / CREATE_COHABITANTS; the statistics with its own SQL (identifierStatsSql).
  await tx.query(`CREATE TEMP TABLE c_addr ON COMMIT DROP AS
    SELECT r.n, i.value, r.name_key, r.name_readings, r.given_name, r.family_name,
           NOT EXISTS (SELECT 1 FROM c_id e WHERE e.n = r.n AND e.kind = 'email') AS mailless
      FROM c_id i JOIN c_rec r ON r.n = i.n WHERE i.kind = 'address' AND r.named;
    CREATE INDEX ON c_addr (value);
    CREATE TEMP TABLE c_cohabit ON COMMIT DROP AS
    WITH homes AS (SELECT value FROM c_addr GROUP BY value HAVING count(DISTINCT name_key) BETWEEN 2 AND ${MAX_HOUSEHOLD})
    SELECT DISTINCT a.n FROM c_addr a JOIN homes h ON h.value = a.value
      JOIN c_addr b ON b.value = a.value AND b.mailless AND ${namesDifferSql('a', 'b')};
    ${identifierStatsSql({ into: 'c_idstat', identifiers: 'c_id', records: 'c_rec', cohabitants: 'c_cohabit', id: 'n', kinds: ['email', 'phone', 'card', 'ecommerce_account'] })}`);
  // Every pair agreeing on at least one field the vector can mark as agreeing: a shared identifier
  // value (e-mail, loose key, phone, card, web account pointer, street address: all holders, no cap),
  // a surname or a first name in common in some reading (exact, abbreviated and fuzzy names: one
  // part is the same), a soundex of the surname with a first initial (both parts slightly off), a
  // birth date, the tier's blocking keys, and a nameless record's e-mail holding a word of a named
  // record's name (the mailbox test); then every true pair. A vector agreeing on none of these (or
  // only on a postcode or a near birth date) is not enumerated: most pairs of the whole data set
  // have it, so it is never counted pure.
  // Visible namesakes: records of one name in one postcode carrying two birth dates or more.
  await tx.query(`CREATE TEMP TABLE c_kin ON COMMIT DROP AS
    SELECT name_key, postcode, count(DISTINCT birth_date)::int AS births FROM c_rec
     WHERE name_key IS NOT NULL AND postcode IS NOT NULL GROUP BY 1, 2;
    CREATE UNIQUE INDEX ON c_kin (name_key, postcode)`);
  await tx.query(`CREATE TEMP TABLE c_key ON COMMIT DROP AS
    SELECT n, 'i|' || kind || '|' || value AS k FROM c_id
    UNION SELECT p.n, 'f|' || split_part(x, '|', 2) FROM c_rec p, unnest(p.name_readings) x
    UNION SELECT p.n, 'g|' || split_part(x, '|', 1) FROM c_rec p, unnest(p.name_readings) x
    UNION SELECT p.n, 'x|' || soundex(split_part(x, '|', 2)) || left(split_part(x, '|', 1), 1) FROM c_rec p, unnest(p.name_readings) x
    UNION SELECT n, 'b|' || birth_date FROM c_rec WHERE birth_date IS NOT NULL
    UNION SELECT p.n, 'k' || v.k FROM c_rec p, LATERAL ${keyOf('p')} WHERE v.k IS NOT NULL;
    CREATE INDEX ON c_key (k);
    CREATE TEMP TABLE c_word ON COMMIT DROP AS
    SELECT DISTINCT p.n, w FROM c_rec p, unnest(p.name_readings) x, unnest(string_to_array(replace(x, '|', ' '), ' ')) w
     WHERE length(w) >= 3;
    CREATE TEMP TABLE c_pair ON COMMIT DROP AS
    SELECT DISTINCT least(a, b) AS a, greatest(a, b) AS b FROM (
      SELECT x.n AS a, y.n AS b FROM c_key x JOIN c_key y ON y.k = x.k AND y.n > x.n
      UNION ALL
      SELECT e.n, w.n FROM c_id e JOIN c_rec r ON r.n = e.n AND NOT r.named
        JOIN c_word w ON strpos(split_part(e.value, '@', 1), w.w) > 0
       WHERE e.kind = 'email'
      UNION ALL
      SELECT x.n, y.n FROM c_rec x JOIN c_rec y ON y.person = x.person AND y.n > x.n) p
     WHERE a <> b;
    ANALYZE c_pair`);
  const pairs = await tx.query<{ a: number; b: number; same: boolean; linked: boolean; vector: string }>(`
    SELECT p.a, p.b, a.person = b.person AS same, coalesce(a.customer_id = b.customer_id, false) AS linked, ${VECTOR_SQL} AS vector
      FROM c_pair p JOIN c_rec a ON a.n = p.a JOIN c_rec b ON b.n = p.b`);
  const recs = await tx.query<{ n: number; person: number }>('SELECT n, person FROM c_rec');
  return { records: recs.length, pairs, persons: new Map(recs.map((r) => [r.n, r.person])) };
}

const pairCount = (n: number): number => (n * (n - 1)) / 2;

/** The vector agrees on a field the candidates are blocked on, so all its pairs were counted. */
export function enumerated(vector: string): boolean {
  const f = Object.fromEntries(vector.split(' ').map((part) => part.split('=') as [string, string]));
  return (
    ['exact', 'abbrev', 'close', 'near'].includes(f.name) || f.birth === 'exact' || f.street === 'same' || ['same', 'loose'].includes(f.email) ||
    f.phone.startsWith('same') || f.card === 'same' || f.pointer === 'yes' || f.mailbox === 'names'
  );
}

/** Components of `edges` over the records, and their predicted and correct pair counts. */
function closure(edges: Iterable<[number, number]>, persons: Map<number, number>): { predicted: number; correct: number } {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const [a, b] of edges) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const size = new Map<number, number>();
  const both = new Map<string, number>();
  for (const [n, person] of persons) {
    const root = find(n);
    size.set(root, (size.get(root) ?? 0) + 1);
    both.set(`${root}|${person}`, (both.get(`${root}|${person}`) ?? 0) + 1);
  }
  let predicted = 0;
  for (const s of size.values()) predicted += pairCount(s);
  let correct = 0;
  for (const s of both.values()) correct += pairCount(s);
  return { predicted, correct };
}

export function ceilingReport(
  records: number,
  pairs: ReadonlyArray<{ a: number; b: number; same: boolean; linked: boolean; vector: string }>,
  persons: Map<number, number>,
  target = 0.999,
): CeilingReport {
  const byVector = new Map<string, VectorCount>();
  for (const p of pairs) {
    const v = byVector.get(p.vector) ?? { vector: p.vector, enumerated: enumerated(p.vector), same: 0, other: 0, linkedSame: 0, linkedOther: 0 };
    if (p.same) v.same += 1;
    else v.other += 1;
    if (p.linked && p.same) v.linkedSame += 1;
    if (p.linked && !p.same) v.linkedOther += 1;
    byVector.set(p.vector, v);
  }
  const perPerson = new Map<number, number>();
  for (const person of persons.values()) perPerson.set(person, (perPerson.get(person) ?? 0) + 1);
  const truePairs = [...perPerson.values()].reduce((s, n) => s + pairCount(n), 0);
  const purity = (v: VectorCount): number => (v.enumerated ? v.same / (v.same + v.other) : 0);
  const vectors = [...byVector.values()].sort((x, y) => purity(y) - purity(x) || y.same + y.other - (x.same + x.other) || x.vector.localeCompare(y.vector));

  // Pairwise greedy, skipping a vector that would take the precision below the target.
  const taken: VectorCount[] = [];
  let same = 0;
  let other = 0;
  for (const v of vectors) {
    if (v.same === 0 || !v.enumerated) continue;
    if ((same + v.same) / (same + v.same + other + v.other) < target) continue;
    taken.push(v);
    same += v.same;
    other += v.other;
  }
  // The same selection under transitive closure; the least pure taken vectors dropped until it holds.
  const edgesOf = (chosen: Set<string>): Array<[number, number]> => pairs.filter((p) => chosen.has(p.vector)).map((p) => [p.a, p.b]);
  const kept = [...taken];
  const dropped: string[] = [];
  let c = closure(edgesOf(new Set(kept.map((v) => v.vector))), persons);
  while (kept.length > 0 && c.predicted > 0 && c.correct / c.predicted < target) {
    dropped.push(kept.pop()!.vector);
    c = closure(edgesOf(new Set(kept.map((v) => v.vector))), persons);
  }
  const todayEdges = pairs.filter((p) => p.linked).map((p) => [p.a, p.b] as [number, number]);
  const linked = closure(todayEdges, persons);
  // Today's links with the pure vectors (≥ target on their own) added: what taking the free recall gives.
  const pureVectors = new Set(vectors.filter((v) => v.enumerated && purity(v) >= target).map((v) => v.vector));
  const withFree = closure([...todayEdges, ...edgesOf(pureVectors)], persons);
  return {
    records,
    truePairs,
    candidatePairs: pairs.length,
    linkedTruePairs: linked.correct,
    withFree: { truePairs: withFree.correct, predictedPairs: withFree.predicted },
    vectors,
    target,
    pairwise: { taken: taken.map((v) => v.vector), truePairs: same, wrongPairs: other, recall: same / truePairs, precision: same / Math.max(1, same + other) },
    closure: {
      taken: kept.map((v) => v.vector),
      truePairs: c.correct,
      predictedPairs: c.predicted,
      recall: c.correct / truePairs,
      precision: c.predicted === 0 ? 1 : c.correct / c.predicted,
      dropped,
    },
  };
}

const four = (x: number): string => (Math.floor(x * 10_000) / 10_000).toFixed(4);

export function formatCeiling(report: CeilingReport, options: { mixedMin?: number; freeMin?: number } = {}): string[] {
  const mixedMin = options.mixedMin ?? 20;
  const lines: string[] = [];
  const row = (v: VectorCount): string =>
    `${String(v.same).padStart(6)} ${v.enumerated ? String(v.other).padStart(6) : '     ?'} ${four(v.same / (v.same + v.other)).padStart(7)} ${String(v.same - v.linkedSame).padStart(7)}  ${v.vector}`;
  const head = '  same  other  purity unlinked  vector';
  lines.push(`records ${report.records}, true pairs ${report.truePairs}, candidate pairs ${report.candidatePairs} (blocked + every true pair), vectors ${report.vectors.length}`);
  lines.push(`true pairs linked today (closure of today's links): ${report.linkedTruePairs} (recall ${four(report.linkedTruePairs / report.truePairs)})`);
  const purity = (v: VectorCount): number => (v.enumerated ? v.same / (v.same + v.other) : 0);
  const pure = report.vectors.filter((v) => purity(v) >= report.target);
  const free = pure.filter((v) => v.same > v.linkedSame && v.same - v.linkedSame >= (options.freeMin ?? 1));
  lines.push('');
  lines.push(`free recall: vectors ≥ ${report.target} pure with true pairs not linked today (${free.reduce((s, v) => s + v.same - v.linkedSame, 0)} pairs in ${free.length} vectors)`);
  lines.push(head);
  for (const v of [...free].sort((x, y) => y.same - y.linkedSame - (x.same - x.linkedSame))) lines.push(row(v));
  const mixed = report.vectors.filter((v) => v.enumerated && purity(v) < report.target && v.same >= mixedMin);
  const blind = report.vectors.filter((v) => !v.enumerated);
  lines.push('');
  lines.push(`ambiguous mass: vectors < ${report.target} pure holding ≥ ${mixedMin} true pairs (${mixed.reduce((s, v) => s + v.same, 0)} true, ${mixed.reduce((s, v) => s + v.other, 0)} wrong pairs in ${mixed.length} vectors)`);
  lines.push(head);
  for (const v of [...mixed].sort((x, y) => y.same - x.same)) lines.push(row(v));
  lines.push('');
  lines.push(`no evidence: vectors agreeing on nothing blocked (only a postcode, a near birth date, or nothing; their other pairs are most of the data set's, not counted): ${blind.reduce((s, v) => s + v.same, 0)} true pairs in ${blind.length} vectors, ${blind.reduce((s, v) => s + v.same - v.linkedSame, 0)} not linked today`);
  for (const v of [...blind].sort((x, y) => y.same - x.same).slice(0, 8)) lines.push(row(v));
  const wrongToday = report.vectors.filter((v) => v.linkedOther > 0);
  if (wrongToday.length) {
    lines.push('', 'vectors with wrong pairs linked today:');
    for (const v of wrongToday) lines.push(`${String(v.linkedOther).padStart(6)}  ${v.vector}`);
  }
  lines.push('');
  const f = report.withFree;
  lines.push(`today's links plus every pair of the pure vectors, closed: recall ${four(f.truePairs / report.truePairs)} precision ${four(f.predictedPairs ? f.truePairs / f.predictedPairs : 1)} (${f.truePairs} true of ${f.predictedPairs} predicted pairs)`);
  const p = report.pairwise;
  const c = report.closure;
  lines.push('');
  lines.push(`ceiling, pairwise (greedy over vectors by purity, skipping any that would break ${report.target}): recall ${four(p.recall)} precision ${four(p.precision)} (${p.truePairs} true, ${p.wrongPairs} wrong pairs; ${p.taken.length} vectors)`);
  lines.push(`ceiling, transitive closure of that selection${c.dropped.length ? ` (${c.dropped.length} least pure vectors dropped to hold ${report.target})` : ''}: recall ${four(c.recall)} precision ${four(c.precision)} (${c.truePairs} true of ${c.predictedPairs} predicted pairs)`);
  return lines;
}
