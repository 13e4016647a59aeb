// The probabilistic tier's SQL (probabilistic.ts runs it, inside the resolution's transaction, after
// the deterministic components and guards and before customers are assigned: link.sql.ts's w_rec,
// w_comp and w_explain are read and extended here, never its rules).
//
// Vocabulary of the temporary tables (dropped at commit):
//   w_prec    the records the tier compares, numbered (n): every record the rules may move (not
//             linked by hand, not refusing recognition, not unlinked by an agent); on a pass on
//             changes also `context` records of the hub that share a blocking key with a changed one
//   w_pkey    blocking keys per record (BLOCK_KEYS)
//   w_pcmp    candidate pairs (sharing a key of a block no larger than MAX_BLOCK) and their
//             comparison vector: one level per field
//   w_pscore  the pairs across two components, with their match weight and its terms per field
//   w_pdecide the same with the decision: auto-link (held null), review (held why) or nothing
//   w_plabel  component → merged component, over the auto-links (label propagation)
//
// Levels per field (missing: either record lacks the value; it weighs nothing):
//   name        exact (a reading in common) / close (one edit, each part ≥ 80 % alike: a typo; or an
//               abbreviation: initials, a compound surname's part dropped, rules.ts namesAbbreviateSql) /
//               near (two edits, each part ≥ 60 % alike) / different / missing
//   birth_date  exact / near (day and month swapped, or one digit of YYYYMMDD wrong) / different / missing
//   postcode    exact / area (same département, first two digits) / different / missing
// Edit distances are fuzzystrmatch's levenshtein (migration 016), computed per part (first name,
// surname) over every reading of both names (a call-centre name has both orders), best kept.

import { namesAbbreviateSql } from './rules';

/** A blocking key shared by more records than this (a common name in a big town) makes no pairs. */
export const MAX_BLOCK = 40;

/** Random pairs drawn to estimate u (the chance agreement between two different people). */
export const RANDOM_PAIRS = 100_000;

export const FIELDS = ['name', 'birth_date', 'postcode'] as const;
export type Field = (typeof FIELDS)[number];
export const LEVELS: Record<Field, readonly string[]> = {
  name: ['exact', 'close', 'near', 'different'],
  birth_date: ['exact', 'near', 'different'],
  postcode: ['exact', 'area', 'different'],
};

export const nameLevel = (a: string, b: string): string => `
  CASE WHEN cardinality(${a}.readings) = 0 OR cardinality(${b}.readings) = 0 THEN 'missing'
       WHEN ${a}.readings && ${b}.readings THEN 'exact'
       WHEN ${namesAbbreviateSql(a, b, 'readings')} THEN 'close'
       ELSE (SELECT CASE min(CASE WHEN d.df + d.dl <= 1 AND least(1 - d.df::float8 / d.lf, 1 - d.dl::float8 / d.ll) >= 0.8 THEN 1
                                  WHEN d.df + d.dl <= 2 AND least(1 - d.df::float8 / d.lf, 1 - d.dl::float8 / d.ll) >= 0.6 THEN 2
                                  ELSE 3 END)
                    WHEN 1 THEN 'close' WHEN 2 THEN 'near' ELSE 'different' END
               FROM unnest(${a}.readings) ra, unnest(${b}.readings) rb,
                    LATERAL (SELECT levenshtein(split_part(ra, '|', 1), split_part(rb, '|', 1)) AS df,
                                    levenshtein(split_part(ra, '|', 2), split_part(rb, '|', 2)) AS dl,
                                    greatest(length(split_part(ra, '|', 1)), length(split_part(rb, '|', 1)), 1) AS lf,
                                    greatest(length(split_part(ra, '|', 2)), length(split_part(rb, '|', 2)), 1) AS ll) d)
  END`;

export const birthLevel = (a: string, b: string): string => `
  CASE WHEN ${a}.birth_date IS NULL OR ${b}.birth_date IS NULL THEN 'missing'
       WHEN ${a}.birth_date = ${b}.birth_date THEN 'exact'
       WHEN (extract(year FROM ${a}.birth_date) = extract(year FROM ${b}.birth_date)
             AND extract(day FROM ${a}.birth_date) = extract(month FROM ${b}.birth_date)
             AND extract(month FROM ${a}.birth_date) = extract(day FROM ${b}.birth_date))
         OR levenshtein(to_char(${a}.birth_date, 'YYYYMMDD'), to_char(${b}.birth_date, 'YYYYMMDD')) = 1 THEN 'near'
       ELSE 'different' END`;

export const postcodeLevel = (a: string, b: string): string => `
  CASE WHEN ${a}.postcode IS NULL OR ${b}.postcode IS NULL THEN 'missing'
       WHEN ${a}.postcode = ${b}.postcode THEN 'exact'
       WHEN left(${a}.postcode, 2) = left(${b}.postcode, 2) THEN 'area'
       ELSE 'different' END`;

const levels = (a: string, b: string): string =>
  `${nameLevel(a, b)} AS name, ${birthLevel(a, b)} AS birth_date, ${postcodeLevel(a, b)} AS postcode`;

/** Is this record free for the rules: not pinned by hand, not refusing, not unlinked by an agent (w_rec flags). */
const FREE = 'NOT r.pinned AND NOT r.refusing AND NOT r.unlinked_by_hand';

// The records of the run with the fields compared: staged values for staged records, the hub's copy
// for the context of a pass on changes. `label` is the deterministic component (w_comp).
export const CREATE_RECORDS = `
CREATE TEMP TABLE w_prec ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY r.rid))::int AS n, r.rid, r.system, r.local_key, c.label,
       r.name_readings AS readings, r.name_key,
       CASE WHEN r.staged THEN s.given_name ELSE h.given_name END AS given_name,
       CASE WHEN r.staged THEN s.family_name ELSE h.family_name END AS family_name,
       r.birth_date,
       CASE WHEN r.staged THEN s.postcode ELSE h.postcode END AS postcode,
       r.relink, false AS context, r.current_customer
  FROM w_rec r
  JOIN w_comp c ON c.rid = r.rid
  LEFT JOIN identity_stage_record s ON r.staged AND s.run_id = $1 AND s.system = r.system AND s.local_key = r.local_key
  LEFT JOIN identity_record h ON NOT r.staged AND h.system = r.system AND h.local_key = r.local_key
 WHERE ${FREE}`;

// The blocking keys, as text. The expressions are those of migration 016's indexes on
// identity_record, which a pass on changes searches (ADD_CONTEXT).
export const keyOf = (r: string): string => `
  (VALUES (CASE WHEN ${r}.family_name IS NOT NULL AND ${r}.birth_date IS NOT NULL
                THEN 's|' || soundex(${r}.family_name) || '|' || ${r}.birth_date END),
          (CASE WHEN ${r}.postcode IS NOT NULL AND ${r}.birth_date IS NOT NULL AND ${r}.given_name IS NOT NULL
                THEN 'p|' || ${r}.postcode || '|' || extract(year FROM ${r}.birth_date)::int || '|' || left(${r}.given_name, 1) END),
          (CASE WHEN ${r}.name_key IS NOT NULL AND ${r}.postcode IS NOT NULL
                THEN 'n|' || ${r}.name_key || '|' || ${r}.postcode END)) v(k)`;

// A pass on changes: the hub's records sharing a blocking key with a changed record, found by
// index, join as context (they keep their links unless an auto-link merges their customer with a
// changed record's). Only records the rules may move, still present in their system.
export const ADD_CONTEXT = `
INSERT INTO w_prec (n, rid, system, local_key, label, readings, name_key, given_name, family_name, birth_date, postcode, relink, context, current_customer)
SELECT (SELECT coalesce(max(n), 0) FROM w_prec) + row_number() OVER (ORDER BY h.system, h.local_key), NULL, h.system, h.local_key, NULL,
       h.name_readings, h.name_key, h.given_name, h.family_name, h.birth_date, h.postcode, false, true, l.customer_id
  FROM (SELECT h.system, h.local_key FROM w_prec p JOIN identity_record h
           ON soundex(h.family_name) = soundex(p.family_name) AND h.birth_date = p.birth_date
        WHERE p.relink AND p.family_name IS NOT NULL AND p.birth_date IS NOT NULL
          AND h.family_name IS NOT NULL AND h.birth_date IS NOT NULL
        UNION
        SELECT h.system, h.local_key FROM w_prec p JOIN identity_record h
           ON h.postcode = p.postcode AND extract(year FROM h.birth_date)::int = extract(year FROM p.birth_date)::int
          AND left(h.given_name, 1) = left(p.given_name, 1)
        WHERE p.relink AND p.postcode IS NOT NULL AND p.birth_date IS NOT NULL AND p.given_name IS NOT NULL
          AND h.postcode IS NOT NULL AND h.birth_date IS NOT NULL AND h.given_name IS NOT NULL
        UNION
        SELECT h.system, h.local_key FROM w_prec p JOIN identity_record h ON h.name_key = p.name_key AND h.postcode = p.postcode
        WHERE p.relink AND p.name_key IS NOT NULL AND p.postcode IS NOT NULL
          AND h.name_key IS NOT NULL AND h.postcode IS NOT NULL) found
  JOIN identity_record h ON h.system = found.system AND h.local_key = found.local_key
  JOIN identity_link l ON l.system = h.system AND l.local_key = h.local_key AND l.unlinked_at IS NULL AND l.decided_by = 'rules'
  JOIN customer c ON c.id = l.customer_id AND NOT c.refuses_recognition
 WHERE h.missing_since IS NULL
   AND NOT EXISTS (SELECT 1 FROM w_rec r WHERE r.system = h.system AND r.local_key = h.local_key)
   AND NOT EXISTS (SELECT 1 FROM recognition_refusal x WHERE x.withdrawn_at IS NULL AND x.system = h.system AND x.local_key = h.local_key)
   AND NOT EXISTS (SELECT 1 FROM identity_decision d WHERE d.kind = 'unlink' AND d.revoked_at IS NULL
                    AND d.system = h.system AND d.local_key = h.local_key)`;

export const CREATE_KEYS = `
CREATE UNIQUE INDEX ON w_prec (n);
CREATE INDEX ON w_prec (rid);
CREATE INDEX ON w_prec (label);
ANALYZE w_prec;
CREATE TEMP TABLE w_pkey ON COMMIT DROP AS
SELECT p.n, v.k FROM w_prec p, LATERAL ${keyOf('p')} WHERE v.k IS NOT NULL;
CREATE INDEX ON w_pkey (k);
ANALYZE w_pkey`;

// Candidate pairs and their comparison vectors. A bulk run pairs everything in a block; a pass on
// changes only pairs involving a changed record (the others were scored by earlier runs).
export const createPairs = (onlyChanged: boolean): string => `
CREATE TEMP TABLE w_pcmp ON COMMIT DROP AS
WITH usable AS (
  SELECT k FROM w_pkey GROUP BY k HAVING count(*) BETWEEN 2 AND ${MAX_BLOCK}
), pairs AS (
  SELECT DISTINCT x.n AS a, y.n AS b
    FROM w_pkey x JOIN w_pkey y ON y.k = x.k AND y.n > x.n
   WHERE x.k IN (SELECT k FROM usable)
)
SELECT p.a, p.b, ${levels('a', 'b')}
  FROM pairs p JOIN w_prec a ON a.n = p.a JOIN w_prec b ON b.n = p.b
 ${onlyChanged ? 'WHERE a.relink OR b.relink' : ''}`;

/** The comparison vectors of the candidate pairs, counted, and whether the rules already put the two in one
 *  component: all the EM needs (a histogram, not the pairs). */
export const VECTOR_COUNTS = `
SELECT c.name, c.birth_date, c.postcode, (a.label = b.label) AS same, count(*)::int AS n
  FROM w_pcmp c JOIN w_prec a ON a.n = c.a JOIN w_prec b ON b.n = c.b
 GROUP BY 1, 2, 3, 4`;

// The comparison vectors of the pairs the deterministic rules joined (two records of one component,
// every pair, blocked or not), counted: known matches, from which m is read directly. EM over the
// blocked candidates would read m through the blocking keys (two of three hold the postcode, so a
// person who moved would look impossible) and through the namesakes among them.
export const MATCH_VECTOR_COUNTS = `
SELECT v.name, v.birth_date, v.postcode, count(*)::int AS n
  FROM (SELECT ${levels('a', 'b')}
          FROM w_prec a JOIN w_prec b ON b.label = a.label AND b.n > a.n
         WHERE NOT a.context AND NOT b.context) v
 GROUP BY 1, 2, 3`;

/** Records the model is about (the prior is per pair of them). */
export const COUNT_RECORDS = 'SELECT count(*)::int AS n FROM w_prec WHERE NOT context';

/** Reproducible draws: the same data gives the same u, so a re-run decides the same. */
export const SEED_RANDOM = 'SELECT setseed(0.4242)';

// Vectors of random pairs of records ($1 of them): nearly all are two different people, so the
// level frequencies estimate u.
export const RANDOM_VECTOR_COUNTS = `
WITH total AS (SELECT count(*)::int AS n FROM w_prec WHERE NOT context),
draws AS (
  SELECT 1 + floor(random() * t.n)::int AS x, 1 + floor(random() * t.n)::int AS y
    FROM total t, generate_series(1, $1::int) g WHERE t.n > 1
), pairs AS (
  SELECT ${levels('a', 'b')} FROM draws d JOIN w_prec a ON a.n = d.x JOIN w_prec b ON b.n = d.y WHERE d.x <> d.y
)
SELECT name, birth_date, postcode, count(*)::int AS n FROM pairs GROUP BY name, birth_date, postcode`;

export const LATEST_MODEL = `
SELECT m.run_id, m.prior_weight, m.auto_link_weight, m.review_weight,
       array_agg(p.field ORDER BY p.field, p.level) AS fields, array_agg(p.level ORDER BY p.field, p.level) AS levels,
       array_agg(p.weight ORDER BY p.field, p.level) AS weights
  FROM identity_match_model m JOIN identity_match_parameter p ON p.run_id = m.run_id
 WHERE m.run_id = (SELECT max(run_id) FROM identity_match_model)
 GROUP BY m.run_id`;

export const INSERT_MODEL = `
WITH model AS (
  INSERT INTO identity_match_model (run_id, lambda, prior_weight, auto_link_weight, review_weight, candidate_pairs, random_pairs, iterations, converged)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING run_id
)
INSERT INTO identity_match_parameter (run_id, field, level, m, u, weight)
SELECT model.run_id, p.field, p.level, p.m, p.u, p.weight
  FROM model, unnest($10::text[], $11::text[], $12::float8[], $13::float8[], $14::float8[]) AS p(field, level, m, u, weight)`;

const term = (field: Field): string =>
  `jsonb_build_object('level', c.${field}, 'weight', round(coalesce(w_${field}.weight, 0)::numeric, 2))`;

// Pairs of records in two different components (context records have none yet: their customer is
// another one, or they would be in the scope), with their weight: the prior ($1) plus, per field,
// log2(m/u) of its level ($2…$4: fields, levels, weights of the model).
export const CREATE_SCORES = `
CREATE TEMP TABLE w_pscore ON COMMIT DROP AS
WITH w AS (SELECT * FROM unnest($2::text[], $3::text[], $4::float8[]) AS w(field, level, weight))
SELECT c.a, c.b, c.name, c.birth_date, c.postcode,
       round(($1::float8 + coalesce(w_name.weight, 0) + coalesce(w_birth_date.weight, 0) + coalesce(w_postcode.weight, 0))::numeric, 2)::float8 AS weight,
       jsonb_build_object('name', ${term('name')}, 'birth_date', ${term('birth_date')}, 'postcode', ${term('postcode')}) AS fields
  FROM w_pcmp c
  JOIN w_prec a ON a.n = c.a
  JOIN w_prec b ON b.n = c.b
  LEFT JOIN w w_name ON w_name.field = 'name' AND w_name.level = c.name
  LEFT JOIN w w_birth_date ON w_birth_date.field = 'birth_date' AND w_birth_date.level = c.birth_date
  LEFT JOIN w w_postcode ON w_postcode.field = 'postcode' AND w_postcode.level = c.postcode
 WHERE a.label IS NULL OR b.label IS NULL OR a.label <> b.label`;

const KEPT_APART = (a: string, b: string): string => `
  EXISTS (SELECT 1 FROM identity_decision d WHERE d.kind = 'keep_apart' AND d.revoked_at IS NULL
             AND ((d.system = ${a}.system AND d.local_key = ${a}.local_key AND d.other_system = ${b}.system AND d.other_local_key = ${b}.local_key)
               OR (d.system = ${b}.system AND d.local_key = ${b}.local_key AND d.other_system = ${a}.system AND d.other_local_key = ${a}.local_key)))`;

// What each scored pair becomes ($1 auto-link threshold, $2 review threshold, in bits):
// - nothing, when the known birth dates differ (two people, whatever the names: the rules' guard too),
//   when an agent kept the two apart, or below the review threshold;
// - auto-link (held null) at or above the auto-link threshold with the same birth date and the same
//   name or a typo of it: a missing birth date is exactly what a father and son of one name at one
//   address share, and a near name is what twins share, so those wait for an agent whatever the weight;
// - review otherwise, with why it was held.
export const CREATE_DECISIONS = `
CREATE TEMP TABLE w_pdecide ON COMMIT DROP AS
SELECT s.*,
       CASE WHEN s.birth_date = 'different' THEN 'birth_dates_differ'
            WHEN ${KEPT_APART('a', 'b')} THEN 'kept_apart'
            WHEN s.weight < $2 THEN 'below_review'
            WHEN s.weight < $1 THEN 'below_auto_link'
            WHEN s.birth_date <> 'exact' THEN 'birth_date_not_exact'
            WHEN s.name NOT IN ('exact', 'close') THEN 'name_not_close'
       END AS held
  FROM w_pscore s JOIN w_prec a ON a.n = s.a JOIN w_prec b ON b.n = s.b`;

// A pass on changes: the customers of context records an auto-link reaches join the run as context
// (relink false: their links are not rewritten), one component per customer, so that customer
// assignment (link.sql.ts CREATE_ASSIGN) can hand the changed record that customer.
export const ADD_CONTEXT_CUSTOMERS = `
WITH reached AS (
  SELECT DISTINCT p.current_customer AS customer_id
    FROM w_pdecide d JOIN w_prec p ON p.n IN (d.a, d.b) AND p.context
   WHERE d.held IS NULL
), records AS (
  SELECT h.*, l.customer_id,
         (SELECT coalesce(max(rid), 0) FROM w_rec) + row_number() OVER (ORDER BY h.system, h.local_key) AS rid
    FROM reached x
    JOIN identity_link l ON l.customer_id = x.customer_id AND l.unlinked_at IS NULL AND l.decided_by = 'rules'
    JOIN identity_record h ON h.system = l.system AND h.local_key = l.local_key
   WHERE NOT EXISTS (SELECT 1 FROM w_rec r WHERE r.system = l.system AND r.local_key = l.local_key)
), added AS (
  INSERT INTO w_rec (rid, system, local_key, given_name, family_name, name_key, name_readings, named, birth_date, family_account, ignored,
                     staged, relink, current_customer, pinned, refusing, unlinked_by_hand)
  SELECT rid, system, local_key, given_name, family_name, name_key, name_readings, cardinality(name_readings) > 0, birth_date, family_account, ignored,
         false, false, customer_id, false, false, false
    FROM records
  RETURNING rid, system, local_key, current_customer
), labelled AS (
  INSERT INTO w_comp (rid, label)
  SELECT rid, min(rid) OVER (PARTITION BY current_customer) FROM added
  RETURNING rid, label
)
UPDATE w_prec p SET rid = r.rid, label = l.label
  FROM added r JOIN labelled l ON l.rid = r.rid
 WHERE p.context AND p.system = r.system AND p.local_key = r.local_key`;

// Components joined by auto-links, as a graph of component labels.
export const CREATE_LABEL_GRAPH = `
CREATE TEMP TABLE w_pladj ON COMMIT DROP AS
SELECT a.label AS x, b.label AS y FROM w_pdecide d JOIN w_prec a ON a.n = d.a JOIN w_prec b ON b.n = d.b
 WHERE d.held IS NULL AND a.label IS NOT NULL AND b.label IS NOT NULL AND a.label <> b.label
UNION
SELECT b.label, a.label FROM w_pdecide d JOIN w_prec a ON a.n = d.a JOIN w_prec b ON b.n = d.b
 WHERE d.held IS NULL AND a.label IS NOT NULL AND b.label IS NOT NULL AND a.label <> b.label;
CREATE INDEX ON w_pladj (y);
CREATE TEMP TABLE w_plabel ON COMMIT DROP AS
SELECT DISTINCT x AS node, x AS label FROM w_pladj;
CREATE UNIQUE INDEX ON w_plabel (node);
ANALYZE w_pladj;
ANALYZE w_plabel`;

// A merged component holding two different known birth dates or two records an agent kept apart is
// not merged at all: its auto-links go to the review queue (a missed link rather than a wrong one).
export const HOLD_CONFLICTS = `
WITH members AS (
  SELECT c.rid, c.label AS old, g.label AS grp FROM w_comp c JOIN w_plabel g ON g.node = c.label
), conflicted AS (
  SELECT DISTINCT x.grp
    FROM members x
    JOIN members y ON y.grp = x.grp AND y.rid > x.rid AND y.old <> x.old
    JOIN w_rec rx ON rx.rid = x.rid
    JOIN w_rec ry ON ry.rid = y.rid
   WHERE rx.birth_date <> ry.birth_date OR ${KEPT_APART('rx', 'ry')}
), held AS (
  UPDATE w_pdecide d SET held = 'conflict'
    FROM w_prec a, w_plabel g, conflicted c
   WHERE d.held IS NULL AND a.n = d.a AND g.node = a.label AND g.label = c.grp
  RETURNING 1
)
SELECT count(*)::int AS n FROM held`;

export const MERGE_COMPONENTS = `
WITH merged AS (
  UPDATE w_comp c SET label = g.label
    FROM w_plabel g
   WHERE g.node = c.label AND g.label <> c.label
     AND g.label NOT IN (SELECT g2.label FROM w_pdecide d JOIN w_prec a ON a.n = d.a JOIN w_plabel g2 ON g2.node = a.label WHERE d.held = 'conflict')
  RETURNING 1
)
SELECT count(*)::int AS n FROM merged`;

// Why each record is where it is: its auto-links (the three strongest), with the weight and the
// level and weight of every field. When a record's link already carries the same partners at the
// same levels, its recorded explanation is kept as it is (a later model's slightly different
// weights would otherwise re-write every probabilistic link at each bulk run). A record the
// deterministic rules already hold keeps its rule; the auto-links are added to its `matched`.
export const EXPLAIN = `
WITH accepted AS (
  SELECT d.a AS n, d.b AS other, d.weight, d.fields, d.name, d.birth_date, d.postcode FROM w_pdecide d WHERE d.held IS NULL
  UNION ALL
  SELECT d.b, d.a, d.weight, d.fields, d.name, d.birth_date, d.postcode FROM w_pdecide d WHERE d.held IS NULL
), ranked AS (
  SELECT p.rid, o.system || ':' || o.local_key AS partner, a.weight, a.fields,
         a.name || ',' || a.birth_date || ',' || a.postcode AS vector,
         row_number() OVER (PARTITION BY p.rid ORDER BY a.weight DESC, o.system, o.local_key) AS k
    FROM accepted a JOIN w_prec p ON p.n = a.n JOIN w_prec o ON o.n = a.other
    JOIN w_comp cp ON cp.rid = p.rid JOIN w_comp co ON co.rid = o.rid AND co.label = cp.label
), fresh AS (
  SELECT rid,
         jsonb_agg(jsonb_build_object('rule', 'probabilistic', 'with', partner, 'weight', weight, 'fields', fields) ORDER BY k) AS entries,
         array_agg(partner || '=' || vector ORDER BY partner) AS signature
    FROM ranked WHERE k <= 3 GROUP BY rid
), previous AS (
  SELECT f.rid,
         jsonb_agg(e.entry ORDER BY e.ord) AS entries,
         array_agg((e.entry ->> 'with') || '=' || (e.entry -> 'fields' -> 'name' ->> 'level') || ',' ||
                   (e.entry -> 'fields' -> 'birth_date' ->> 'level') || ',' || (e.entry -> 'fields' -> 'postcode' ->> 'level')
                   ORDER BY e.entry ->> 'with') AS signature
    FROM fresh f
    JOIN w_rec r ON r.rid = f.rid
    JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL AND l.decided_by = 'rules'
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(l.evidence -> 'matched', '[]'::jsonb)) WITH ORDINALITY AS e(entry, ord)
   WHERE e.entry ->> 'rule' = 'probabilistic'
   GROUP BY f.rid
), chosen AS (
  SELECT f.rid, CASE WHEN p.signature = f.signature THEN p.entries ELSE f.entries END AS entries
    FROM fresh f LEFT JOIN previous p ON p.rid = f.rid
), written AS (
  INSERT INTO w_explain (rid, rule, matched)
  SELECT rid, 'probabilistic', entries FROM chosen
  ON CONFLICT (rid) DO UPDATE SET matched = w_explain.matched || EXCLUDED.matched
  RETURNING 1
)
SELECT count(*)::int AS n FROM written`;

// The pairs an agent should look at: held for review, still in two customers after the merges.
export const CREATE_REVIEW = `
CREATE TEMP TABLE w_preview ON COMMIT DROP AS
SELECT CASE WHEN (a.system, a.local_key) < (b.system, b.local_key) THEN a.system ELSE b.system END AS system,
       CASE WHEN (a.system, a.local_key) < (b.system, b.local_key) THEN a.local_key ELSE b.local_key END AS local_key,
       CASE WHEN (a.system, a.local_key) < (b.system, b.local_key) THEN b.system ELSE a.system END AS other_system,
       CASE WHEN (a.system, a.local_key) < (b.system, b.local_key) THEN b.local_key ELSE a.local_key END AS other_local_key,
       d.weight, d.fields, d.held
  FROM w_pdecide d
  JOIN w_prec a ON a.n = d.a
  JOIN w_prec b ON b.n = d.b
  LEFT JOIN w_comp ca ON ca.rid = a.rid
  LEFT JOIN w_comp cb ON cb.rid = b.rid
 WHERE d.held IN ('below_auto_link', 'birth_date_not_exact', 'name_not_close', 'conflict')
   AND (ca.label IS NULL OR cb.label IS NULL OR ca.label <> cb.label);
CREATE UNIQUE INDEX ON w_preview (system, local_key, other_system, other_local_key)`;

const SAME_PAIR = (r: string, p: string): string =>
  `${r}.system = ${p}.system AND ${r}.local_key = ${p}.local_key AND ${r}.other_system = ${p}.other_system AND ${r}.other_local_key = ${p}.other_local_key`;

// $1 model run, $2 this run, $3 prior weight. A pair an agent already decided is not asked again.
export const UPSERT_REVIEW = `
WITH written AS (
  INSERT INTO identity_review (system, local_key, other_system, other_local_key, weight, fields, prior_weight, model_run_id, found_by_run, held_because)
  SELECT p.system, p.local_key, p.other_system, p.other_local_key, p.weight, p.fields, $3, $1, $2, p.held
    FROM w_preview p
   WHERE NOT EXISTS (SELECT 1 FROM identity_review r WHERE ${SAME_PAIR('r', 'p')} AND r.status IN ('linked', 'kept_apart'))
  ON CONFLICT (system, local_key, other_system, other_local_key) WHERE status = 'pending'
  DO UPDATE SET weight = EXCLUDED.weight, fields = EXCLUDED.fields, prior_weight = EXCLUDED.prior_weight,
                model_run_id = EXCLUDED.model_run_id, found_by_run = EXCLUDED.found_by_run,
                held_because = EXCLUDED.held_because, updated_at = now()
   WHERE (identity_review.weight, identity_review.fields, identity_review.held_because)
         IS DISTINCT FROM (EXCLUDED.weight, EXCLUDED.fields, EXCLUDED.held_because)
  RETURNING 1
)
SELECT (SELECT count(*)::int FROM written) AS n`;

// A pending pair the run no longer proposes is withdrawn: by a bulk run, any; by a pass on changes,
// those involving a record it re-linked.
export const withdrawReview = (bulk: boolean): string => `
WITH withdrawn AS (
  UPDATE identity_review r SET status = 'withdrawn', updated_at = now()
   WHERE r.status = 'pending'
     AND NOT EXISTS (SELECT 1 FROM w_preview p WHERE ${SAME_PAIR('r', 'p')})
     ${
       bulk
         ? ''
         : `AND EXISTS (SELECT 1 FROM w_prec x WHERE x.relink
                    AND ((x.system = r.system AND x.local_key = r.local_key) OR (x.system = r.other_system AND x.local_key = r.other_local_key)))`
     }
  RETURNING 1
)
SELECT count(*)::int AS n FROM withdrawn`;

export const COUNT_DECISIONS = `
SELECT (SELECT count(*)::int FROM w_pcmp) AS candidates,
       (SELECT count(*)::int FROM w_pdecide WHERE held IS NULL) AS auto_links,
       (SELECT count(*)::int FROM w_preview) AS review`;
