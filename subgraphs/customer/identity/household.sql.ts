// Households, found after customers are settled: they group customers, never records, so that a
// shared phone or a family card can never make two people one.
//
// Two ways a household is established:
//   family_card           store cards sharing one NUM_FOYER ("carte famille");
//   shared_phone_address  customers whose records carry one phone number and one postal address
//                         (a couple's landline at home). Both are needed: a recycled mobile number
//                         shared by strangers in different towns makes no household.
// Customers who refuse recognition, and records whose owner refused it (recognition_refusal), are in
// no household edge; a membership set by hand is left alone.
import { MAX_HOUSEHOLD, REFUSAL_IN_FORCE } from './link.sql';

export const CREATE_OWNERS = `
CREATE TEMP TABLE w_owner ON COMMIT DROP AS
SELECT r.rid, r.system, r.local_key, r.family_account, l.customer_id
  FROM w_rec r
  JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL
  JOIN customer c ON c.id = l.customer_id
 WHERE NOT c.refuses_recognition
   AND NOT EXISTS (${REFUSAL_IN_FORCE('r')})
   AND NOT EXISTS (SELECT 1 FROM household_member m
                    WHERE m.customer_id = l.customer_id AND m.left_at IS NULL AND m.decided_by <> 'rules');
CREATE UNIQUE INDEX ON w_owner (rid);
ANALYZE w_owner`;

export const CREATE_HOUSEHOLD_IDENTIFIERS = `
CREATE TEMP TABLE w_hident ON COMMIT DROP AS
SELECT o.rid, o.customer_id, i.kind, i.value,
       split_part(i.value, '|', 1) AS line, split_part(i.value, '|', 2) AS postcode
  FROM identity_stage_identifier i
  JOIN w_owner o ON o.system = i.system AND o.local_key = i.local_key
 WHERE i.run_id = $1 AND i.kind IN ('phone', 'address')`;

export const INDEX_HOUSEHOLD_IDENTIFIERS = `
CREATE INDEX ON w_hident (kind, value);
CREATE INDEX ON w_hident (rid);
ANALYZE w_hident`;

// Customer pairs (both directions) that share a home, with the rule and the evidence.
// Addresses meet when the postcode is the same and one street line is the other or begins it
// (`12 rue de la paix` and `12 rue de la paix bat a`: the till kept the building, the web form put
// it on line 2). A phone number behind more than a home's worth of customers is an office's or a
// residence's switchboard and establishes nothing.
export const CREATE_HOUSEHOLD_EDGES = `
CREATE TEMP TABLE w_hedge ON COMMIT DROP AS
WITH family AS (
  SELECT customer_id, family_account, bool_or(local_key = family_account) AS holder
    FROM w_owner WHERE family_account IS NOT NULL
   GROUP BY customer_id, family_account
), crowded AS (
  SELECT value FROM w_hident WHERE kind = 'phone' GROUP BY value HAVING count(DISTINCT customer_id) > ${MAX_HOUSEHOLD}
)
SELECT f1.customer_id AS c1, f2.customer_id AS c2, 'family_card'::text AS rule, f1.holder,
       jsonb_build_object('family_card', f1.family_account) AS evidence
  FROM family f1 JOIN family f2 ON f2.family_account = f1.family_account AND f2.customer_id <> f1.customer_id
UNION
SELECT p1.customer_id, p2.customer_id, 'shared_phone_address', false,
       jsonb_build_object('phone', p1.value, 'address', least(a1.value, a2.value))
  FROM w_hident p1
  JOIN w_hident p2 ON p2.kind = 'phone' AND p2.value = p1.value AND p2.customer_id <> p1.customer_id
  JOIN w_hident a1 ON a1.rid = p1.rid AND a1.kind = 'address'
  JOIN w_hident a2 ON a2.rid = p2.rid AND a2.kind = 'address'
 WHERE p1.kind = 'phone'
   AND p1.value NOT IN (SELECT value FROM crowded)
   AND a1.postcode = a2.postcode
   AND (a1.line = a2.line OR starts_with(a1.line, a2.line || ' ') OR starts_with(a2.line, a1.line || ' '))`;

export const CREATE_HOUSEHOLD_GRAPH = `
CREATE TEMP TABLE w_hnode ON COMMIT DROP AS
SELECT node, customer_id, node AS label
  FROM (SELECT (row_number() OVER (ORDER BY customer_id))::int AS node, customer_id
          FROM (SELECT DISTINCT c1 AS customer_id FROM w_hedge) c) numbered;
CREATE UNIQUE INDEX ON w_hnode (node);
CREATE UNIQUE INDEX ON w_hnode (customer_id);
CREATE TEMP TABLE w_hadj ON COMMIT DROP AS
SELECT DISTINCT n1.node AS x, n2.node AS y
  FROM w_hedge e JOIN w_hnode n1 ON n1.customer_id = e.c1 JOIN w_hnode n2 ON n2.customer_id = e.c2;
ANALYZE w_hnode;
ANALYZE w_hadj`;

// Household ids survive re-runs the way customer ids do (largest overlap wins).
export const ASSIGN_HOUSEHOLDS = `
CREATE TEMP TABLE w_hoverlap ON COMMIT DROP AS
SELECT n.label, m.household_id, count(*)::int AS n, min(n.node) AS first_node
  FROM w_hnode n
  JOIN household_member m ON m.customer_id = n.customer_id AND m.left_at IS NULL AND m.decided_by = 'rules'
 GROUP BY n.label, m.household_id;
CREATE TEMP TABLE w_hassign ON COMMIT DROP AS
WITH proposal AS (
  SELECT DISTINCT ON (household_id) household_id, label, n, first_node
    FROM w_hoverlap ORDER BY household_id, n DESC, first_node
), accepted AS (
  SELECT DISTINCT ON (label) label, household_id
    FROM proposal ORDER BY label, n DESC, first_node, household_id
)
SELECT l.label, coalesce(a.household_id, gen_random_uuid()) AS household_id, a.household_id IS NULL AS is_new
  FROM (SELECT DISTINCT label FROM w_hnode) l LEFT JOIN accepted a ON a.label = l.label;
INSERT INTO household (id) SELECT household_id FROM w_hassign WHERE is_new;
CREATE TEMP TABLE w_hdesired ON COMMIT DROP AS
SELECT n.customer_id, a.household_id,
       CASE WHEN bool_or(e.holder) THEN 'holder' ELSE 'member' END AS role,
       array_agg(DISTINCT e.rule ORDER BY e.rule) AS established_by,
       jsonb_strip_nulls(jsonb_build_object(
         'family_card', to_jsonb(array_agg(DISTINCT e.evidence ->> 'family_card') FILTER (WHERE e.rule = 'family_card')),
         'shared_phone_address', to_jsonb((array_agg(DISTINCT e.evidence) FILTER (WHERE e.rule = 'shared_phone_address'))[1:3])
       )) AS evidence
  FROM w_hnode n
  JOIN w_hassign a ON a.label = n.label
  JOIN w_hedge e ON e.c1 = n.customer_id
 GROUP BY n.customer_id, a.household_id`;

export const CLOSE_CHANGED_MEMBERSHIPS = `
WITH closed AS (
  UPDATE household_member m SET left_at = now(), reason = 'rules: household evidence changed'
   WHERE m.left_at IS NULL AND m.decided_by = 'rules'
     AND NOT EXISTS (SELECT 1 FROM w_hdesired d
                      WHERE d.customer_id = m.customer_id AND d.household_id = m.household_id AND d.role = m.role
                        AND d.established_by = m.established_by AND d.evidence = m.evidence)
  RETURNING 1
)
SELECT count(*)::int AS n FROM closed`;

export const INSERT_MEMBERSHIPS = `
WITH made AS (
  INSERT INTO household_member (household_id, customer_id, role, established_by, evidence)
  SELECT d.household_id, d.customer_id, d.role, d.established_by, d.evidence
    FROM w_hdesired d
   WHERE NOT EXISTS (SELECT 1 FROM household_member m WHERE m.customer_id = d.customer_id AND m.left_at IS NULL)
  RETURNING 1
)
SELECT count(*)::int AS n FROM made`;

export const DISSOLVE_EMPTY_HOUSEHOLDS = `
UPDATE household h SET dissolved_at = now()
 WHERE h.dissolved_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM household_member m WHERE m.household_id = h.id AND m.left_at IS NULL)`;

// The hub's copy of the records and the identifier look-up table follow the legacy systems: changed
// rows are rewritten, vanished records are marked (never deleted), identifiers a record no longer
// carries leave the look-up table.
export const REFRESH_RECORDS = `
INSERT INTO identity_record AS t
       (system, local_key, given_name, family_name, name_key, name_readings, birth_date, postcode, family_account, status, ignored, source_changed_at,
        given_name_display, family_name_display)
SELECT system, local_key, given_name, family_name, name_key, name_readings, birth_date, postcode, family_account, status, ignored, source_changed_at,
       given_name_display, family_name_display
  FROM identity_stage_record WHERE run_id = $1
ON CONFLICT (system, local_key) DO UPDATE
   SET given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, name_key = EXCLUDED.name_key,
       name_readings = EXCLUDED.name_readings,
       birth_date = EXCLUDED.birth_date, postcode = EXCLUDED.postcode, family_account = EXCLUDED.family_account,
       status = EXCLUDED.status, ignored = EXCLUDED.ignored, source_changed_at = EXCLUDED.source_changed_at,
       given_name_display = EXCLUDED.given_name_display, family_name_display = EXCLUDED.family_name_display, updated_at = now(), missing_since = NULL
 WHERE (t.given_name, t.family_name, t.name_key, t.name_readings, t.birth_date, t.postcode, t.family_account, t.status, t.ignored, t.source_changed_at,
        t.given_name_display, t.family_name_display, t.missing_since)
       IS DISTINCT FROM
       (EXCLUDED.given_name, EXCLUDED.family_name, EXCLUDED.name_key, EXCLUDED.name_readings, EXCLUDED.birth_date, EXCLUDED.postcode,
        EXCLUDED.family_account, EXCLUDED.status, EXCLUDED.ignored, EXCLUDED.source_changed_at,
        EXCLUDED.given_name_display, EXCLUDED.family_name_display, NULL::timestamptz)`;

export const MARK_MISSING_RECORDS = `
UPDATE identity_record t SET missing_since = now()
 WHERE t.missing_since IS NULL
   AND NOT EXISTS (SELECT 1 FROM w_rec r WHERE r.system = t.system AND r.local_key = t.local_key)`;

// The look-up table also holds addresses and loose e-mail keys (migration 015): a pass on changes
// reads them for its context records (the shared-identifier guard, rules.ts). Callers look up only
// e-mail, phone, card, account and contact ids.
export const DROP_STALE_IDENTIFIERS = `
DELETE FROM identity_identifier t
 WHERE EXISTS (SELECT 1 FROM w_rec r WHERE r.staged AND r.system = t.system AND r.local_key = t.local_key)
   AND NOT EXISTS (SELECT 1 FROM identity_stage_identifier i
                    WHERE i.run_id = $1 AND i.kind = t.kind AND i.value = t.value
                      AND i.system = t.system AND i.local_key = t.local_key AND i.role = t.role)`;

// Only rows not there yet: an anti-join costs one pass, where ON CONFLICT would probe the index
// for every identifier of every run (it stays, for safety against a concurrent writer).
export const INSERT_IDENTIFIERS = `
INSERT INTO identity_identifier (kind, value, system, local_key, role, valid)
SELECT i.kind, i.value, i.system, i.local_key, i.role, i.valid
  FROM identity_stage_identifier i
 WHERE i.run_id = $1
   AND NOT EXISTS (SELECT 1 FROM identity_identifier t
                    WHERE t.kind = i.kind AND t.value = i.value AND t.system = i.system
                      AND t.local_key = i.local_key AND t.role = i.role)
ON CONFLICT DO NOTHING`;

// Staging rows live as long as their run; those a crashed process left are cleared after a day.
export const CLEAR_STAGE = [
  "DELETE FROM identity_stage_record WHERE run_id = $1 OR staged_at < now() - interval '1 day'",
  "DELETE FROM identity_stage_identifier WHERE run_id = $1 OR staged_at < now() - interval '1 day'",
];

export const COUNT_LINKS = `
SELECT count(*)::int AS links, count(DISTINCT customer_id)::int AS customers FROM identity_link WHERE unlinked_at IS NULL`;

export const COUNT_SCOPE_LINKS = `
SELECT count(*)::int AS links, count(DISTINCT customer_id)::int AS customers FROM w_desired`;

export const COUNT_HOUSEHOLDS = `
SELECT count(DISTINCT household_id)::int AS households, count(*)::int AS household_members
  FROM household_member WHERE left_at IS NULL`;

export const ANALYZE_HUB = 'ANALYZE customer, identity_link, identity_record, identity_identifier, household_member';
