// The linking rules, as SQL run inside the hub in one transaction (see resolve.ts for the order).
// Kept apart from the orchestration so that the rules can be read in one place.
//
// Vocabulary of the temporary tables (dropped at commit):
//   w_scope    (runs on changes) the changed records' neighbourhood, and which part may be re-linked
//   w_rec      the records of the run, numbered (rid), with their current link and whether rules may move them
//   w_id       the linking identifiers of movable records (email, phone, card, web account id)
//   w_addr     homes (address keys) of named records, w_cohabit: records living with a differently named person
//   w_idstat   per shared identifier value: how many full names, namesakes, a holder living in a household
//   w_pair     every pair of records sharing one identifier, with the rule it would make and, when
//              a guard refuses it, why (rejected)
//   w_adj      accepted pairs, both directions: the graph whose components are customers
//   w_comp     node → component label
//   w_split    records of components that a guard split or cut, and how
//   w_cut      edges cut to resolve a conflict (weakest first), with why
//   w_explain  per record: its strongest rule and the matches that put it in its component
//   w_assign   component → customer id (kept from the previous run where the records already were)

import { edgeStrengthSql, GUARD_SQL, namesDifferSql, refusalSql, ruleOfPair, ruleRank } from './rules';

/** Rules from strongest to weakest (rules.ts): a record's link names the strongest one that holds it. */
export { ruleRank };

/** An e-mail, card or account id shared by more records than this is not one person's (a shop's
 *  placeholder address, a demo card): it links nothing. */
export const MAX_SHARING = 12;

/** More customers than this behind one phone and address is an office or a residence, not a home. */
export const MAX_HOUSEHOLD = 8;

/** The identifier kinds that link records (the others are look-up keys or household evidence). */
const LINKING_KINDS = "('email', 'phone', 'card', 'ecommerce_account')";

/** A refusal of recognition in force on the record `alias` (migration 014: the marks of the records
 *  whose owner refused, whatever customer they are linked to now). Such a record takes part in no
 *  pair and no household edge: the rules never link it to another record. */
export const REFUSAL_IN_FORCE = (alias: string): string => `
  SELECT 1 FROM recognition_refusal x WHERE x.withdrawn_at IS NULL AND x.system = ${alias}.system AND x.local_key = ${alias}.local_key`;

/** Records whose refusal was withdrawn and that no rules run has taken back yet. */
const WITHDRAWN_NOT_RELINKED = `
  SELECT system, local_key FROM recognition_refusal WHERE withdrawn_at IS NOT NULL AND relinked_at IS NULL`;

// The records a run works on. A bulk run takes every staged record. A run on changes takes the
// staged (changed) records and, from the hub's own copy, their neighbourhood (see CREATE_SCOPE):
// `relink` records may be re-linked, the others are context that the guards need to see.
const STAGED_SOURCE = `
  SELECT s.system, s.local_key, s.given_name, s.family_name, s.name_key, s.name_readings, s.birth_date, s.family_account, s.ignored,
         true AS staged, true AS relink
    FROM identity_stage_record s WHERE s.run_id = $1`;

const SCOPED_SOURCE = `
  SELECT s.system, s.local_key, s.given_name, s.family_name, s.name_key, s.name_readings, s.birth_date, s.family_account, s.ignored,
         true AS staged, true AS relink
    FROM identity_stage_record s WHERE s.run_id = $1
  UNION ALL
  SELECT r.system, r.local_key, r.given_name, r.family_name, r.name_key, r.name_readings, r.birth_date, r.family_account, r.ignored,
         false, w.relink
    FROM w_scope w JOIN identity_record r ON r.system = w.system AND r.local_key = w.local_key
   WHERE NOT EXISTS (SELECT 1 FROM identity_stage_record s
                      WHERE s.run_id = $1 AND s.system = w.system AND s.local_key = w.local_key)`;

const createRecords = (source: string): string => `
CREATE TEMP TABLE w_rec ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY s.system, s.local_key))::int AS rid,
       s.system, s.local_key, s.given_name, s.family_name, s.name_key, s.name_readings, cardinality(s.name_readings) > 0 AS named,
       s.birth_date, s.family_account, s.ignored, s.staged, s.relink,
       l.customer_id AS current_customer,
       coalesce(l.decided_by <> 'rules', false) AS pinned,
       coalesce(c.refuses_recognition, false) OR EXISTS (${REFUSAL_IN_FORCE('s')}) AS refusing,
       EXISTS (SELECT 1 FROM identity_decision d
                WHERE d.kind = 'unlink' AND d.revoked_at IS NULL
                  AND d.system = s.system AND d.local_key = s.local_key) AS unlinked_by_hand
  FROM (${source}) s
  LEFT JOIN identity_link l ON l.system = s.system AND l.local_key = s.local_key AND l.unlinked_at IS NULL
  LEFT JOIN customer c ON c.id = l.customer_id`;

export const CREATE_RECORDS = createRecords(STAGED_SOURCE);
export const CREATE_SCOPED_RECORDS = createRecords(SCOPED_SOURCE);

// A pass on changes re-reads each system's overlap window (late commits: kit/identity-records.ts
// OVERLAP_SECONDS), so most records it reads were linked by an earlier pass exactly as they are. A
// staged record whose hub copy (identity_record) and identifiers (identity_identifier, the same set)
// are what was staged, and which has a link, was refreshed and linked with this very content by the
// transaction that wrote that copy: it leaves the pass's staging and takes no scope with it. A record
// with anything different (a late commit, a changed value, a record a failed pass never wrote) stays.
/** Before DROP_UNCHANGED_STAGED: the staged rows' statistics, so its deletes join by key, not pair by pair. */
export const ANALYZE_STAGED = 'ANALYZE identity_stage_record, identity_stage_identifier';

export const DROP_UNCHANGED_STAGED = `
WITH unchanged AS (
  SELECT s.system, s.local_key
    FROM identity_stage_record s
    JOIN identity_record t ON t.system = s.system AND t.local_key = s.local_key
   WHERE s.run_id = $1 AND t.missing_since IS NULL
     AND (t.given_name, t.family_name, t.name_key, t.name_readings, t.birth_date, t.postcode, t.family_account, t.status, t.ignored,
          t.source_changed_at, t.given_name_display, t.family_name_display)
         IS NOT DISTINCT FROM
         (s.given_name, s.family_name, s.name_key, s.name_readings, s.birth_date, s.postcode, s.family_account, s.status, s.ignored,
          s.source_changed_at, s.given_name_display, s.family_name_display)
     AND EXISTS (SELECT 1 FROM identity_link l WHERE l.system = s.system AND l.local_key = s.local_key AND l.unlinked_at IS NULL)
     AND NOT EXISTS (
           (SELECT i.kind, i.value, i.role, i.valid FROM identity_stage_identifier i
             WHERE i.run_id = $1 AND i.system = s.system AND i.local_key = s.local_key
            EXCEPT
            SELECT h.kind, h.value, h.role, h.valid FROM identity_identifier h WHERE h.system = s.system AND h.local_key = s.local_key)
           UNION ALL
           (SELECT h.kind, h.value, h.role, h.valid FROM identity_identifier h WHERE h.system = s.system AND h.local_key = s.local_key
            EXCEPT
            SELECT i.kind, i.value, i.role, i.valid FROM identity_stage_identifier i
             WHERE i.run_id = $1 AND i.system = s.system AND i.local_key = s.local_key))
), identifiers AS (
  DELETE FROM identity_stage_identifier i USING unchanged u WHERE i.run_id = $1 AND i.system = u.system AND i.local_key = u.local_key
), dropped AS (
  DELETE FROM identity_stage_record s USING unchanged u WHERE s.run_id = $1 AND s.system = u.system AND s.local_key = u.local_key
  RETURNING 1
)
SELECT count(*)::int AS n FROM dropped`;

// The neighbourhood of changed records, from the hub's look-up table and links (two hops). A record
// whose refusal of recognition was withdrawn counts as changed until a run takes it back
// (MARK_RELINKED), so a pass on changes links it again without waiting for a bulk run:
//   hop 1: records sharing an identifier with a changed record (its new values or its old ones,
//          since a changed e-mail may split a customer), and every record of their customers;
//   hop 2: records sharing an identifier with those, and every record of their customers.
// Hop 1 is `relink`: exactly the customers a change can merge or split, whole. Hop 2 is context, so
// that a record bridging two people is seen with both. An identifier shared by too many records
// (MAX_SHARING) links nothing and widens nothing.
export const CREATE_SCOPE = `
CREATE TEMP TABLE w_scope ON COMMIT DROP AS
WITH changed AS (
  SELECT system, local_key FROM identity_stage_record WHERE run_id = $1
  UNION
  ${WITHDRAWN_NOT_RELINKED}
), values1 AS (
  SELECT kind, value FROM identity_stage_identifier WHERE run_id = $1 AND kind IN ${LINKING_KINDS}
  UNION
  SELECT i.kind, i.value FROM identity_identifier i JOIN changed c ON c.system = i.system AND c.local_key = i.local_key
   WHERE i.kind IN ${LINKING_KINDS}
), hop1 AS (
  SELECT system, local_key FROM changed
  UNION
  SELECT i.system, i.local_key FROM identity_identifier i JOIN values1 v ON v.kind = i.kind AND v.value = i.value
   WHERE (i.kind, i.value) IN (SELECT kind, value FROM identity_identifier WHERE (kind, value) IN (SELECT kind, value FROM values1)
                                GROUP BY kind, value HAVING count(*) <= ${MAX_SHARING})
), inner_scope AS (
  SELECT system, local_key FROM hop1
  UNION
  SELECT l2.system, l2.local_key
    FROM hop1 h
    JOIN identity_link l ON l.system = h.system AND l.local_key = h.local_key AND l.unlinked_at IS NULL
    JOIN identity_link l2 ON l2.customer_id = l.customer_id AND l2.unlinked_at IS NULL
), values2 AS (
  SELECT DISTINCT i.kind, i.value FROM identity_identifier i
    JOIN inner_scope s ON s.system = i.system AND s.local_key = i.local_key
   WHERE i.kind IN ${LINKING_KINDS}
), hop2 AS (
  SELECT i.system, i.local_key FROM identity_identifier i JOIN values2 v ON v.kind = i.kind AND v.value = i.value
   WHERE (i.kind, i.value) IN (SELECT kind, value FROM identity_identifier WHERE (kind, value) IN (SELECT kind, value FROM values2)
                                GROUP BY kind, value HAVING count(*) <= ${MAX_SHARING})
), outer_scope AS (
  SELECT system, local_key FROM hop2
  UNION
  SELECT l2.system, l2.local_key
    FROM hop2 h
    JOIN identity_link l ON l.system = h.system AND l.local_key = h.local_key AND l.unlinked_at IS NULL
    JOIN identity_link l2 ON l2.customer_id = l.customer_id AND l2.unlinked_at IS NULL
)
SELECT system, local_key, bool_or(relink) AS relink
  FROM (SELECT system, local_key, true AS relink FROM inner_scope
        UNION ALL
        SELECT system, local_key, false FROM outer_scope) s
 GROUP BY system, local_key`;

export const INDEX_SCOPE = `
CREATE UNIQUE INDEX ON w_scope (system, local_key);
ANALYZE w_scope`;

export const INDEX_RECORDS = `
CREATE UNIQUE INDEX ON w_rec (rid);
CREATE UNIQUE INDEX ON w_rec (system, local_key);
ANALYZE w_rec`;

// Pairs of records that an agent said are two people: never an edge, and a component holding both
// is split like one holding two names.
export const CREATE_KEEP_APART = `
CREATE TEMP TABLE w_keep_apart ON COMMIT DROP AS
SELECT DISTINCT least(a.rid, b.rid) AS a, greatest(a.rid, b.rid) AS b
  FROM identity_decision d
  JOIN w_rec a ON a.system = d.system AND a.local_key = d.local_key
  JOIN w_rec b ON b.system = d.other_system AND b.local_key = d.other_local_key
 WHERE d.kind = 'keep_apart' AND d.revoked_at IS NULL AND a.rid <> b.rid`;

// Records a person linked by hand stay where they were put; records whose owner refuses
// recognition (a refusal in force on the record, or a customer flagged so) link to nothing; a record an agent unlinked is on its own until an agent links it.
// None of them takes part in the rules' graph.
export const CREATE_IDENTIFIERS = `
CREATE TEMP TABLE w_id ON COMMIT DROP AS
SELECT r.rid, i.kind, i.value, i.role, i.valid
  FROM identity_stage_identifier i
  JOIN w_rec r ON r.system = i.system AND r.local_key = i.local_key
 WHERE i.run_id = $1
   AND i.kind IN ${LINKING_KINDS}
   AND NOT r.pinned AND NOT r.refusing AND NOT r.unlinked_by_hand`;

/** Context records of a run on changes bring their identifiers from the hub's look-up table. */
export const ADD_CONTEXT_IDENTIFIERS = `
INSERT INTO w_id (rid, kind, value, role, valid)
SELECT r.rid, i.kind, i.value, i.role, i.valid
  FROM identity_identifier i
  JOIN w_rec r ON r.system = i.system AND r.local_key = i.local_key
 WHERE NOT r.staged
   AND i.kind IN ${LINKING_KINDS}
   AND NOT r.pinned AND NOT r.refusing AND NOT r.unlinked_by_hand`;

export const DROP_COMMON_IDENTIFIERS = `
WITH common AS (
  SELECT kind, value FROM w_id GROUP BY kind, value HAVING count(DISTINCT rid) > ${MAX_SHARING}
), dropped AS (
  DELETE FROM w_id USING common WHERE w_id.kind = common.kind AND w_id.value = common.value RETURNING 1
)
SELECT count(*)::int AS n FROM dropped`;

/** A run on changes sees part of the records: whether a value is too common is asked of all of them. */
export const DROP_GLOBALLY_COMMON_IDENTIFIERS = `
WITH common AS (
  SELECT i.kind, i.value
    FROM identity_identifier i
   WHERE (i.kind, i.value) IN (SELECT kind, value FROM w_id)
   GROUP BY i.kind, i.value HAVING count(*) > ${MAX_SHARING}
), dropped AS (
  DELETE FROM w_id USING common WHERE w_id.kind = common.kind AND w_id.value = common.value RETURNING 1
)
SELECT count(*)::int AS n FROM dropped`;

export const INDEX_IDENTIFIERS = `
CREATE INDEX ON w_id (kind, value);
CREATE INDEX ON w_id (rid);
ANALYZE w_id`;

// Homes, for the shared-identifier guard: address keys of named records. A record "lives in a
// household" when a differently named person without an e-mail of their own on that record has the
// same address key: the mailbox may as well be theirs (a family mailbox, a spouse's e-mail used for
// a web account). A co-resident with their own e-mail is not a reason to doubt this one's. An
// address with more names than a home holds (MAX_HOUSEHOLD) is a building or an office: nothing. Records whose
// owner refused recognition are not read. A run on changes adds the context records' addresses and
// every other named holder of those addresses from the look-up table, so that it sees the homes a
// bulk run sees.
export const CREATE_ADDRESSES = `
CREATE TEMP TABLE w_addr ON COMMIT DROP AS
SELECT r.rid, i.value, r.name_key, r.name_readings, r.given_name, r.family_name,
       NOT EXISTS (SELECT 1 FROM identity_stage_identifier e
                    WHERE e.run_id = $1 AND e.kind = 'email' AND e.system = i.system AND e.local_key = i.local_key) AS mailless
  FROM identity_stage_identifier i
  JOIN w_rec r ON r.system = i.system AND r.local_key = i.local_key
 WHERE i.run_id = $1 AND i.kind = 'address' AND r.named AND NOT r.refusing`;

export const ADD_CONTEXT_ADDRESSES = `
INSERT INTO w_addr (rid, value, name_key, name_readings, given_name, family_name, mailless)
SELECT r.rid, i.value, r.name_key, r.name_readings, r.given_name, r.family_name,
       NOT EXISTS (SELECT 1 FROM identity_identifier e WHERE e.kind = 'email' AND e.system = i.system AND e.local_key = i.local_key)
  FROM identity_identifier i
  JOIN w_rec r ON r.system = i.system AND r.local_key = i.local_key
 WHERE NOT r.staged AND i.kind = 'address' AND r.named AND NOT r.refusing;
INSERT INTO w_addr (rid, value, name_key, name_readings, given_name, family_name, mailless)
SELECT NULL, i.value, ir.name_key, ir.name_readings, ir.given_name, ir.family_name,
       NOT EXISTS (SELECT 1 FROM identity_identifier e WHERE e.kind = 'email' AND e.system = i.system AND e.local_key = i.local_key)
  FROM identity_identifier i
  JOIN identity_record ir ON ir.system = i.system AND ir.local_key = i.local_key
  LEFT JOIN identity_link l ON l.system = i.system AND l.local_key = i.local_key AND l.unlinked_at IS NULL
  LEFT JOIN customer c ON c.id = l.customer_id
 WHERE i.kind = 'address' AND i.value IN (SELECT value FROM w_addr)
   AND cardinality(ir.name_readings) > 0 AND ir.missing_since IS NULL
   AND NOT coalesce(c.refuses_recognition, false) AND NOT EXISTS (${REFUSAL_IN_FORCE('i')})
   AND NOT EXISTS (SELECT 1 FROM w_rec r WHERE r.system = i.system AND r.local_key = i.local_key)`;

export const CREATE_COHABITANTS = `
CREATE INDEX ON w_addr (value);
CREATE INDEX ON w_addr (rid);
ANALYZE w_addr;
CREATE TEMP TABLE w_cohabit ON COMMIT DROP AS
WITH homes AS (
  SELECT value FROM w_addr GROUP BY value HAVING count(DISTINCT name_key) BETWEEN 2 AND ${MAX_HOUSEHOLD}
)
SELECT DISTINCT a.rid
  FROM w_addr a
  JOIN homes h ON h.value = a.value
  JOIN w_addr b ON b.value = a.value AND b.mailless AND ${namesDifferSql('a', 'b')}
 WHERE a.rid IS NOT NULL;
CREATE UNIQUE INDEX ON w_cohabit (rid);
ANALYZE w_cohabit`;

// What the holders of each identifier value held by two records or more say about it (rules.ts):
// how many full names, whether one full name comes with two birth dates (namesakes), whether a holder
// lives in a household. One text for the resolver's work tables and devtools/identity-ceiling.ts's
// own (table and column names are constants of code; `kinds` keeps some kinds only).
export function identifierStatsSql(t: { into: string; identifiers: string; records: string; cohabitants: string; id: string; kinds?: readonly string[] }): string {
  return `
CREATE TEMP TABLE ${t.into} ON COMMIT DROP AS
SELECT i.kind, i.value,
       count(DISTINCT r.name_key) FILTER (WHERE r.named) AS names,
       count(DISTINCT r.name_key || '|' || r.birth_date) FILTER (WHERE r.named AND r.birth_date IS NOT NULL)
         > count(DISTINCT r.name_key) FILTER (WHERE r.named AND r.birth_date IS NOT NULL) AS namesakes,
       bool_or(h.${t.id} IS NOT NULL) AS household
  FROM ${t.identifiers} i
  JOIN ${t.records} r ON r.${t.id} = i.${t.id}
  LEFT JOIN ${t.cohabitants} h ON h.${t.id} = i.${t.id}
${t.kinds ? ` WHERE i.kind IN (${t.kinds.map((kind) => `'${kind}'`).join(', ')})\n` : ''} GROUP BY i.kind, i.value
HAVING count(*) > 1;
CREATE UNIQUE INDEX ON ${t.into} (kind, value)`;
}

export const CREATE_IDENTIFIER_STATS = `${identifierStatsSql({ into: 'w_idstat', identifiers: 'w_id', records: 'w_rec', cohabitants: 'w_cohabit', id: 'rid' })};
ANALYZE w_idstat`;

// The provider-specific weaker e-mail keys (`email_loose`): they never make a pair, they only make
// an edge stronger when a conflict must be cut.
export const CREATE_LOOSE_KEYS = `
CREATE TEMP TABLE w_loose ON COMMIT DROP AS
SELECT r.rid, i.value
  FROM identity_stage_identifier i
  JOIN w_rec r ON r.system = i.system AND r.local_key = i.local_key
 WHERE i.run_id = $1 AND i.kind = 'email_loose' AND NOT r.pinned AND NOT r.refusing AND NOT r.unlinked_by_hand`;

export const ADD_CONTEXT_LOOSE_KEYS = `
INSERT INTO w_loose (rid, value)
SELECT r.rid, i.value
  FROM identity_identifier i
  JOIN w_rec r ON r.system = i.system AND r.local_key = i.local_key
 WHERE NOT r.staged AND i.kind = 'email_loose' AND NOT r.pinned AND NOT r.refusing AND NOT r.unlinked_by_hand`;

export const INDEX_LOOSE_KEYS = `
CREATE INDEX ON w_loose (rid);
ANALYZE w_loose`;

// Every pair sharing an identifier: the rule it would make (rules.ts RULES), each guard's outcome
// (name, birth date: agree, differ or missing), and the refusal, if any (rules.ts refusalSql):
// - a decision to keep the two apart;
// - two full names that differ, or two birth dates that differ (whatever the rule);
// - a rule that needs the names to agree (phone) and a side without a full name;
// - a side without a full name, on an e-mail or phone held in a household (a family mailbox, a
//   spouse's e-mail used for a web account, a landline): whose it is cannot be told;
// - a side without a birth date, on a value held by namesakes with different birth dates.
// A value held by several full names makes no pair refusal for a nameless record: the component
// then holds two names and is split (SPLIT_CONFLICTS), where the nameless record joins no one.
// The evidence lists the guards checked, and `valid: false` for a phone outside today's ranges.
export const CREATE_PAIRS = `
CREATE TEMP TABLE w_pair ON COMMIT DROP AS
SELECT p.a, p.b, p.kind, p.value, p.rule, p.valid, p.name_guard, p.birth_guard,
       ${refusalSql()} AS rejected,
       jsonb_build_object(p.kind, p.value)
         || CASE WHEN p.kind = 'phone' THEN jsonb_build_object('name', p.name_key) ELSE '{}'::jsonb END
         || CASE WHEN p.valid THEN '{}'::jsonb ELSE jsonb_build_object('valid', false) END
         || jsonb_build_object('guards', jsonb_strip_nulls(jsonb_build_object(
              'name', p.name_guard, 'birthDate', p.birth_guard,
              'sharedBy', CASE WHEN s.names > 1 THEN 'persons' WHEN s.namesakes THEN 'namesakes'
                               WHEN s.household AND p.kind IN ('email', 'phone') THEN 'household' END))) AS matched
  FROM (SELECT a.rid AS a, b.rid AS b, a.kind, a.value, a.valid AND b.valid AS valid, ra.name_key,
               ${ruleOfPair()} AS rule,
               ${GUARD_SQL.name} AS name_guard,
               ${GUARD_SQL.birthDate} AS birth_guard,
               ka.a IS NOT NULL AS keep_apart
          FROM w_id a
          JOIN w_id b ON b.kind = a.kind AND b.value = a.value AND b.rid > a.rid
          JOIN w_rec ra ON ra.rid = a.rid
          JOIN w_rec rb ON rb.rid = b.rid
          LEFT JOIN w_keep_apart ka ON ka.a = a.rid AND ka.b = b.rid) p
  JOIN w_rec ra ON ra.rid = p.a
  JOIN w_rec rb ON rb.rid = p.b
  LEFT JOIN w_idstat s ON s.kind = p.kind AND s.value = p.value`;

export const COUNT_REJECTED = `
SELECT rejected AS reason, count(*)::int AS n FROM w_pair WHERE rejected IS NOT NULL GROUP BY rejected ORDER BY rejected`;

export const CREATE_GRAPH = `
CREATE TEMP TABLE w_adj ON COMMIT DROP AS
SELECT a AS x, b AS y FROM w_pair WHERE rejected IS NULL
UNION
SELECT b, a FROM w_pair WHERE rejected IS NULL;
CREATE INDEX ON w_adj (y);
ANALYZE w_adj;
CREATE TEMP TABLE w_comp ON COMMIT DROP AS
SELECT rid, rid AS label FROM w_rec WHERE NOT pinned AND NOT refusing;
CREATE UNIQUE INDEX ON w_comp (rid);
ANALYZE w_comp`;

// A component is in conflict when two of its records carry different full names or birth dates, or
// an agent kept them apart: it can only have formed through a bridge (a record without a name
// sharing one identifier with each). The bridge is not trusted.
export const conflictedLabels = (scope: string, which: 'names' | 'all' = 'all'): string => `
SELECT DISTINCT c1.label
  FROM w_comp c1
  JOIN w_comp c2 ON c2.label = c1.label AND c2.rid > c1.rid
  JOIN w_rec r1 ON r1.rid = c1.rid
  JOIN w_rec r2 ON r2.rid = c2.rid
  LEFT JOIN w_keep_apart ka ON ka.a = c1.rid AND ka.b = c2.rid
 WHERE c1.label IN (${scope})
   AND (${namesDifferSql('r1', 'r2')}
        ${which === 'all' ? 'OR r1.birth_date <> r2.birth_date OR ka.a IS NOT NULL' : ''})`;

const SHARED_LABELS = 'SELECT label FROM w_comp GROUP BY label HAVING count(*) > 1';

// Split components holding two different full names: they can only have formed through a record
// without a name (a bridge). Their records start again from themselves and are joined only by
// pairs between two records bearing the same full name; a record without a name then joins the
// part its accepted pairs lead to, if they lead to exactly one part (otherwise it stays alone).
// Conflicts of birth dates and of agents' decisions are cut at their weakest edge (CUT_*), and so
// is whatever conflict the split leaves.
export const SPLIT_CONFLICTS = `
CREATE TEMP TABLE w_split ON COMMIT DROP AS
SELECT c.rid, 'name_conflict_split'::text AS guard
  FROM w_comp c WHERE c.label IN (${conflictedLabels(SHARED_LABELS, 'names')});
CREATE UNIQUE INDEX ON w_split (rid);
UPDATE w_comp c SET label = c.rid FROM w_split s WHERE s.rid = c.rid;
CREATE TEMP TABLE w_adj_named ON COMMIT DROP AS
SELECT a.x, a.y
  FROM w_adj a
  JOIN w_split sx ON sx.rid = a.x JOIN w_split sy ON sy.rid = a.y
  JOIN w_rec rx ON rx.rid = a.x JOIN w_rec ry ON ry.rid = a.y
 WHERE rx.named AND ry.named AND rx.name_readings && ry.name_readings;
ANALYZE w_adj_named`;

export const ATTACH_NAMELESS = `
WITH parts AS (
  SELECT a.x AS rid, min(c.label) AS label, count(DISTINCT c.label) AS n
    FROM w_adj a
    JOIN w_split s ON s.rid = a.x
    JOIN w_rec rx ON rx.rid = a.x
    JOIN w_rec ry ON ry.rid = a.y
    JOIN w_comp c ON c.rid = a.y
   WHERE NOT rx.named AND ry.named
   GROUP BY a.x
)
UPDATE w_comp c SET label = p.label FROM parts p WHERE c.rid = p.rid AND p.n = 1`;

// Conflicts cut at the weakest edge. A component still holding contradictory evidence (two birth
// dates, two full names, records an agent kept apart) is rebuilt from its own accepted edges,
// strongest first (rules.ts edgeStrengthSql), level by level: the edges of one strength level that
// would put contradictory records in one component are cut, the others kept. So only the weakest
// links that carried the contradiction go; the rest of the person stays linked. Set-based: a
// bounded number of levels (strength is a small integer), each two label propagations over the
// conflicted components' edges only.
//   w_cutrec  records of conflicted components, with their component before the cut
//   w_cedge   their accepted edges (one per two records), its strongest rule and its strength
//   w_cnode   labels from the edges kept so far; w_tnode: the same, trying the current level
export const CUT_SETUP = `
CREATE TEMP TABLE w_cut (x int, y int, rule text, strength int, reason text) ON COMMIT DROP;
CREATE TEMP TABLE w_cutrec ON COMMIT DROP AS
SELECT c.rid, c.label AS old_label FROM w_comp c WHERE c.label IN (${conflictedLabels(SHARED_LABELS)});
CREATE UNIQUE INDEX ON w_cutrec (rid);
ANALYZE w_cutrec;
CREATE TEMP TABLE w_cedge ON COMMIT DROP AS
SELECT p.a AS x, p.b AS y,
       (array_agg(p.rule ORDER BY ${ruleRank('p.rule')}))[1] AS rule,
       ${edgeStrengthSql(
         `min(${ruleRank('p.rule')})`,
         "bool_or(p.name_guard = 'agree')",
         "bool_or(p.birth_guard = 'agree')",
         'count(DISTINCT (p.kind, p.value))',
         'EXISTS (SELECT 1 FROM w_loose l1 JOIN w_loose l2 ON l2.value = l1.value AND l2.rid = p.b WHERE l1.rid = p.a)',
         'bool_or(NOT p.valid)',
       )} AS strength
  FROM w_pair p
  JOIN w_cutrec cx ON cx.rid = p.a
  JOIN w_cutrec cy ON cy.rid = p.b AND cy.old_label = cx.old_label
 WHERE p.rejected IS NULL
 GROUP BY p.a, p.b;
CREATE TEMP TABLE w_cnode ON COMMIT DROP AS SELECT rid, rid AS label FROM w_cutrec;
CREATE UNIQUE INDEX ON w_cnode (rid);
CREATE TEMP TABLE w_tnode (rid int PRIMARY KEY, label int) ON COMMIT DROP;
CREATE TEMP TABLE w_ckept (x int, y int) ON COMMIT DROP;
CREATE TEMP TABLE w_ctry (x int, y int) ON COMMIT DROP`;

export const CUT_LEVELS = 'SELECT DISTINCT strength FROM w_cedge ORDER BY strength DESC';

/** Try the edges of one level ($1) on top of those kept: labels in w_tnode, edges in w_ctry. */
export const CUT_TRY_LEVEL = [
  'TRUNCATE w_ctry, w_tnode',
  `INSERT INTO w_ctry (x, y)
SELECT x, y FROM w_ckept
UNION ALL
SELECT x, y FROM w_cedge WHERE strength = $1
UNION ALL
SELECT y, x FROM w_cedge WHERE strength = $1`,
  'INSERT INTO w_tnode (rid, label) SELECT rid, label FROM w_cnode',
];

/** The level's edges that would join two kept parts into a contradictory component are cut. */
export const CUT_LEVEL = `
WITH conflict AS (
  SELECT t1.label,
         string_agg(DISTINCT CASE
           WHEN ka.a IS NOT NULL THEN 'keep_apart'
           WHEN r1.birth_date <> r2.birth_date THEN 'birth_dates_differ'
           ELSE 'names_differ' END, ',') AS reason
    FROM w_tnode t1
    JOIN w_tnode t2 ON t2.label = t1.label AND t2.rid > t1.rid
    JOIN w_rec r1 ON r1.rid = t1.rid
    JOIN w_rec r2 ON r2.rid = t2.rid
    LEFT JOIN w_keep_apart ka ON ka.a = t1.rid AND ka.b = t2.rid
   WHERE ${namesDifferSql('r1', 'r2')}
      OR r1.birth_date <> r2.birth_date OR ka.a IS NOT NULL
   GROUP BY t1.label
), cut AS (
  INSERT INTO w_cut (x, y, rule, strength, reason)
  SELECT e.x, e.y, e.rule, e.strength, k.reason
    FROM w_cedge e
    JOIN w_cnode nx ON nx.rid = e.x
    JOIN w_cnode ny ON ny.rid = e.y
    JOIN w_tnode t ON t.rid = e.x
    JOIN conflict k ON k.label = t.label
   WHERE e.strength = $1 AND nx.label <> ny.label
  RETURNING 1
)
SELECT count(*)::int AS n FROM cut`;

/** Keep the level's edges that were not cut (w_ckept); labels follow in w_cnode. */
export const CUT_KEEP_LEVEL = `
INSERT INTO w_ckept (x, y)
SELECT x, y FROM w_cedge WHERE strength = $1 AND NOT EXISTS (SELECT 1 FROM w_cut c WHERE c.x = w_cedge.x AND c.y = w_cedge.y)
UNION ALL
SELECT y, x FROM w_cedge WHERE strength = $1 AND NOT EXISTS (SELECT 1 FROM w_cut c WHERE c.x = w_cedge.x AND c.y = w_cedge.y)`;

/** The conflicted components take the cut's parts; the records at either end of a cut edge say so. */
export const CUT_APPLY = `
UPDATE w_comp c SET label = n.label FROM w_cnode n WHERE n.rid = c.rid AND c.label <> n.label;
INSERT INTO w_split (rid, guard)
SELECT rid, 'weakest_edge_cut' FROM (SELECT x AS rid FROM w_cut UNION SELECT y FROM w_cut) r
ON CONFLICT (rid) DO NOTHING`;

export const COUNT_CUT = `
SELECT reason, count(*)::int AS n FROM w_cut GROUP BY reason ORDER BY reason`;

// Whatever is still in conflict after the cut (nothing, by construction: a safety net) falls apart
// into single records: a missed link rather than a wrong one.
export const DISSOLVE_REMAINING = `
WITH still AS (
  ${conflictedLabels('SELECT c.label FROM w_comp c JOIN w_split s ON s.rid = c.rid GROUP BY c.label HAVING count(*) > 1')}
), dissolved AS (
  UPDATE w_comp c SET label = c.rid FROM still WHERE c.label = still.label RETURNING c.rid
), marked AS (
  UPDATE w_split s SET guard = 'conflict_unresolved' FROM dissolved d WHERE s.rid = d.rid RETURNING 1
)
SELECT count(*)::int AS n FROM marked`;

export const COUNT_SPLIT = `
SELECT count(DISTINCT r.rid)::int AS records FROM w_split r`;

// For each record, why it is where it is: the accepted pairs inside its final component, strongest
// rule first (at most five, in a fixed order so that a re-run writes the same evidence: rid follows
// system and key, so ordering by the other record's rid is ordering by its system and key).
export const CREATE_EXPLAIN = `
CREATE TEMP TABLE w_explain ON COMMIT DROP AS
WITH e AS (
  SELECT a AS rid, b AS other, rule, kind, matched FROM w_pair WHERE rejected IS NULL
  UNION ALL
  SELECT b, a, rule, kind, matched FROM w_pair WHERE rejected IS NULL
), ranked AS (
  SELECT e.rid, e.other, e.rule, e.matched,
         row_number() OVER (PARTITION BY e.rid ORDER BY ${ruleRank('e.rule')}, e.other, e.kind) AS n
    FROM e
    JOIN w_comp c1 ON c1.rid = e.rid
    JOIN w_comp c2 ON c2.rid = e.other AND c2.label = c1.label
)
SELECT r.rid,
       min(r.rule) FILTER (WHERE r.n = 1) AS rule,
       jsonb_agg(jsonb_build_object('rule', r.rule, 'with', o.system || ':' || o.local_key) || r.matched ORDER BY r.n) AS matched
  FROM ranked r JOIN w_rec o ON o.rid = r.other
 WHERE r.n <= 5
 GROUP BY r.rid;
CREATE UNIQUE INDEX ON w_explain (rid)`;

// Customer ids survive re-runs: each existing customer proposes to the component holding most of
// its records, and each component accepts the proposal covering most of its records. A component
// no existing customer wins gets a new id; a customer that wins nothing keeps its row (merged_into
// says where its records went). An agent's `unlink` decision forbids the pair (record, customer).
export const CREATE_ASSIGN = `
CREATE TEMP TABLE w_forbidden ON COMMIT DROP AS
SELECT DISTINCT c.label, d.customer_id
  FROM identity_decision d
  JOIN w_rec r ON r.system = d.system AND r.local_key = d.local_key
  JOIN w_comp c ON c.rid = r.rid
 WHERE d.kind = 'unlink' AND d.revoked_at IS NULL;
CREATE TEMP TABLE w_overlap ON COMMIT DROP AS
SELECT c.label, r.current_customer AS customer_id, count(*)::int AS n, min(c.rid) AS first_rid
  FROM w_comp c JOIN w_rec r ON r.rid = c.rid
 WHERE r.current_customer IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM w_forbidden f WHERE f.label = c.label AND f.customer_id = r.current_customer)
 GROUP BY c.label, r.current_customer;
CREATE TEMP TABLE w_assign ON COMMIT DROP AS
WITH proposal AS (
  SELECT DISTINCT ON (customer_id) customer_id, label, n, first_rid
    FROM w_overlap ORDER BY customer_id, n DESC, first_rid
), accepted AS (
  SELECT DISTINCT ON (label) label, customer_id
    FROM proposal ORDER BY label, n DESC, first_rid, customer_id
)
SELECT l.label, coalesce(a.customer_id, gen_random_uuid()) AS customer_id, a.customer_id IS NULL AS is_new
  FROM (SELECT DISTINCT label FROM w_comp) l LEFT JOIN accepted a ON a.label = l.label;
CREATE UNIQUE INDEX ON w_assign (label)`;

// Only components holding a record this run may link get a new customer (context records keep theirs).
export const INSERT_NEW_CUSTOMERS = `
WITH created AS (
  INSERT INTO customer (id)
  SELECT a.customer_id FROM w_assign a
   WHERE a.is_new AND EXISTS (SELECT 1 FROM w_comp c JOIN w_rec r ON r.rid = c.rid WHERE c.label = a.label AND r.relink)
  RETURNING 1
)
SELECT count(*)::int AS n FROM created`;

// A customer flagged as refusing recognition with several records (the flag set without the
// recognition mutation, which splits at once: recognition/) keeps one record (one linked by hand
// first, else the first by system and key); every other record a rule had linked to them becomes a customer of its own that
// refuses recognition too. Those records take no part in the graph (see CREATE_IDENTIFIERS), so no
// run links them again. Links made by hand are left as a person made them.
export const CREATE_REFUSALS = `
CREATE TEMP TABLE w_refusal ON COMMIT DROP AS
SELECT rid, current_customer, gen_random_uuid() AS new_customer
  FROM (SELECT r.*, row_number() OVER (PARTITION BY current_customer ORDER BY pinned DESC, system, local_key) AS k
          FROM w_rec r WHERE r.refusing) ranked
 WHERE k > 1 AND NOT pinned AND relink;
INSERT INTO customer (id, refuses_recognition) SELECT new_customer, true FROM w_refusal`;

export const CREATE_DESIRED = `
CREATE TEMP TABLE w_desired ON COMMIT DROP AS
SELECT r.system, r.local_key, a.customer_id,
       coalesce(x.rule, 'single_record') AS rule,
       jsonb_strip_nulls(jsonb_build_object(
         'matched', x.matched,
         'guard', s.guard,
         'cut', k.cut,
         'ignored', CASE WHEN cardinality(r.ignored) > 0 THEN to_jsonb(r.ignored) END)) AS evidence
  FROM w_comp c
  JOIN w_rec r ON r.rid = c.rid
  JOIN w_assign a ON a.label = c.label
  LEFT JOIN w_explain x ON x.rid = c.rid
  LEFT JOIN w_split s ON s.rid = c.rid
  LEFT JOIN (SELECT k.rid, jsonb_agg(jsonb_build_object('with', o.system || ':' || o.local_key, 'rule', k.rule, 'reason', k.reason)
                                     ORDER BY o.system, o.local_key) AS cut
               FROM (SELECT x AS rid, y AS other, rule, reason FROM w_cut UNION ALL SELECT y, x, rule, reason FROM w_cut) k
               JOIN w_rec o ON o.rid = k.other
              GROUP BY k.rid) k ON k.rid = c.rid
 WHERE r.relink
UNION ALL
SELECT r.system, r.local_key, f.new_customer, 'refused_recognition', jsonb_build_object('split_from', f.current_customer)
  FROM w_refusal f JOIN w_rec r ON r.rid = f.rid;
CREATE UNIQUE INDEX ON w_desired (system, local_key);
ANALYZE w_desired`;

// Only links the rules made are ever closed by the rules; a closed link stays, with unlinked_at.
export const CLOSE_CHANGED_LINKS = `
WITH closed AS (
  UPDATE identity_link l
     SET unlinked_at = now(),
         reason = CASE WHEN l.customer_id <> d.customer_id THEN 'rules: record moved to another customer'
                       ELSE 'rules: evidence changed' END
    FROM w_desired d
   WHERE l.system = d.system AND l.local_key = d.local_key
     AND l.unlinked_at IS NULL AND l.decided_by = 'rules'
     AND (l.customer_id <> d.customer_id OR l.rule <> d.rule OR l.evidence <> d.evidence)
  RETURNING 1
)
SELECT count(*)::int AS n FROM closed`;

export const INSERT_LINKS = `
WITH made AS (
  INSERT INTO identity_link (customer_id, system, local_key, rule, evidence)
  SELECT d.customer_id, d.system, d.local_key, d.rule, d.evidence
    FROM w_desired d
   WHERE NOT EXISTS (SELECT 1 FROM identity_link l
                      WHERE l.system = d.system AND l.local_key = d.local_key AND l.unlinked_at IS NULL)
  RETURNING 1
)
SELECT count(*)::int AS n FROM made`;

export const MARK_MERGED = `
UPDATE customer c SET merged_into = m.target
  FROM (SELECT DISTINCT ON (o.customer_id) o.customer_id, a.customer_id AS target
          FROM w_overlap o JOIN w_assign a ON a.label = o.label
         WHERE a.customer_id <> o.customer_id
         ORDER BY o.customer_id, o.n DESC, o.first_rid) m
 WHERE c.id = m.customer_id AND c.merged_into IS NULL
   AND NOT EXISTS (SELECT 1 FROM identity_link l WHERE l.customer_id = c.id AND l.unlinked_at IS NULL)`;

// Records whose refusal was withdrawn and that this run treated as free to link again: later passes
// on changes need not take them into their scope any more.
export const MARK_RELINKED = `
UPDATE recognition_refusal x SET relinked_at = now()
  FROM w_rec r
 WHERE x.withdrawn_at IS NOT NULL AND x.relinked_at IS NULL
   AND r.system = x.system AND r.local_key = x.local_key AND r.relink AND NOT r.refusing`;
