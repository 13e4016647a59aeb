// The consent in force of many customers, per purpose and contact medium, in one statement.
//
// The rule (issue 11 item 1; README "Consent in force"):
// 1. Within one legacy record's own history, its latest decision wins (on a tie, the refusal).
// 2. Across the records of one customer, a refusal stands against another record's grant unless
//    that grant was made after the refusal AND after both records were linked into that customer
//    (after each had become, without a break, one of its records: `since` below). A grant made
//    before the records were known to be one person cannot lift a refusal the other record holds:
//    a merge never weakens consent. A grant made since they are one person can: the customer
//    decided again, knowing.
// 3. Among the decisions left standing, the most recent wins and gives the provenance (system,
//    record, source, date); a tie goes to the refusal.
// 4. No decision at all: not granted (never asked). Those rows are not returned; the API fills them.
//
// `since` of a record: the start of its current unbroken stay with its customer, from the link
// history (identity_link keeps every link: a link closed and reopened in one transaction, e.g. a
// rule re-explaining it, is no break; a move to another customer, a merge or a split is). So after
// a merge, the records that came from the other customer count from the merge; after a split, each
// customer holds only its own records and their own decisions.
export const CONSENT_IN_FORCE = `
WITH asked AS (
  SELECT DISTINCT unnest($1::uuid[]) AS customer_id
),
linked AS (
  SELECT l.customer_id, l.system, l.local_key
    FROM identity_link l JOIN asked a ON a.customer_id = l.customer_id
   WHERE l.unlinked_at IS NULL
),
stays AS (
  -- Every link those records ever had; a stay with a customer starts where the previous link was
  -- to another customer, or ended before this one began.
  SELECT h.system, h.local_key, h.linked_at,
         coalesce(lag(h.customer_id) OVER w IS DISTINCT FROM h.customer_id OR lag(h.unlinked_at) OVER w < h.linked_at, false) AS starts
    FROM identity_link h
    JOIN linked k ON k.system = h.system AND k.local_key = h.local_key
  WINDOW w AS (PARTITION BY h.system, h.local_key ORDER BY h.linked_at, h.id)
),
member AS (
  -- The link in force is a record's latest: the latest stay start is its current stay's.
  SELECT k.customer_id, k.system, k.local_key, max(s.linked_at) FILTER (WHERE s.starts) AS since
    FROM linked k JOIN stays s ON s.system = k.system AND s.local_key = k.local_key
   GROUP BY k.customer_id, k.system, k.local_key
),
latest AS (
  -- Rule 1: each record's own latest decision per purpose and medium.
  SELECT DISTINCT ON (m.customer_id, d.system, d.local_key, d.purpose, d.medium)
         m.customer_id, m.since, d.system, d.local_key, d.purpose, d.medium, d.granted, d.decided_at, d.source, d.source_ref
    FROM member m
    JOIN consent_decision d ON d.system = m.system AND d.local_key = m.local_key
   ORDER BY m.customer_id, d.system, d.local_key, d.purpose, d.medium, d.decided_at DESC, d.granted, d.source_ref DESC
)
-- Rules 2 and 3: refusals, and the grants that every other record's refusal gives way to.
SELECT DISTINCT ON (x.customer_id, x.purpose, x.medium)
       x.customer_id::text AS customer_id, x.purpose, x.medium, x.granted, x.decided_at, x.system, x.local_key, x.source, x.source_ref
  FROM latest x
 WHERE NOT x.granted
    OR NOT EXISTS (
         SELECT 1 FROM latest r
          WHERE r.customer_id = x.customer_id AND r.purpose = x.purpose AND r.medium = x.medium
            AND NOT r.granted
            AND NOT (x.decided_at > r.decided_at AND x.decided_at > greatest(x.since, r.since)))
 ORDER BY x.customer_id, x.purpose, x.medium, x.decided_at DESC, x.granted`;
