// SQL of a customer's export (migrations/013_export.sql): the records each system's step exports,
// the hub's own section, and the sections themselves — written by the steps, read by the requester,
// purged once past their retention. Each function is one statement.
import type { Queryable } from '../../kit/database';
import type { Json } from '../../kit/privacy';

/** How long an export document is kept after its request: long enough to download, no longer. */
export const EXPORT_RETENTION_DAYS = 7;

/** The legacy systems holding records linked to the customer now (links in force). */
export async function linkedSystemsOf(db: Queryable, customerId: string): Promise<string[]> {
  const rows = await db.query<{ system: string }>(
    'SELECT DISTINCT system FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NULL ORDER BY system',
    [customerId],
  );
  return rows.map((row) => row.system);
}

/**
 * The keys of the customer's records in one system, links in force only: a record unlinked from
 * the customer (a false link undone) is somebody else's, and is not theirs to receive.
 */
export async function linkedKeysOf(db: Queryable, customerId: string, system: string): Promise<string[]> {
  const rows = await db.query<{ local_key: string }>(
    'SELECT local_key FROM identity_link WHERE customer_id = $1 AND system = $2 AND unlinked_at IS NULL ORDER BY local_key',
    [customerId, system],
  );
  return rows.map((row) => row.local_key);
}

export interface CustomerState {
  id: string;
  merged_into: string | null;
}

export async function customerState(db: Queryable, customerId: string): Promise<CustomerState | null> {
  const [row] = await db.query<CustomerState>('SELECT id::text AS id, merged_into::text AS merged_into FROM customer WHERE id = $1', [customerId]);
  return row ?? null;
}

/**
 * What the hub holds about the customer, in one statement: the customer row, the links in force
 * (rule, evidence, who decided), the identity decisions about them, their journal (the touchpoints
 * of their linked records), the access log (who read their data) and the preferences they stated
 * through the graph (preference_statement, current and superseded).
 *
 * In a decision, a record key or another customer's id that is not the customer's own (a record
 * unlinked from them, the other side of a split or keep-apart) is withheld: it names somebody else.
 * A customer merged into this one is theirs (their former id).
 */
const HUB_SECTION = `
  WITH own_link AS (SELECT * FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NULL),
       own_id AS (SELECT $1::uuid AS id UNION SELECT id FROM customer WHERE merged_into = $1),
       decision AS (
         SELECT d.id, d.kind,
                d.system, CASE WHEN EXISTS (SELECT 1 FROM own_link l WHERE l.system = d.system AND l.local_key = d.local_key)
                               THEN d.local_key END AS local_key,
                d.other_system, CASE WHEN EXISTS (SELECT 1 FROM own_link l WHERE l.system = d.other_system AND l.local_key = d.other_local_key)
                                     THEN d.other_local_key END AS other_local_key,
                CASE WHEN d.customer_id IN (SELECT id FROM own_id) THEN d.customer_id END AS customer_id,
                CASE WHEN d.other_customer_id IN (SELECT id FROM own_id) THEN d.other_customer_id END AS other_customer_id,
                d.decided_by, d.reason, d.decided_at, d.revoked_at
           FROM identity_decision d
          WHERE d.customer_id IN (SELECT id FROM own_id) OR d.other_customer_id IN (SELECT id FROM own_id))
  SELECT
    (SELECT coalesce(json_agg(c), '[]') FROM customer c WHERE c.id IN (SELECT id FROM own_id)) AS customer,
    (SELECT coalesce(json_agg(l ORDER BY l.system, l.local_key), '[]') FROM own_link l) AS identity_link,
    (SELECT coalesce(json_agg(d ORDER BY d.id), '[]') FROM decision d) AS identity_decision,
    (SELECT coalesce(json_agg(t ORDER BY t.occurred_at, t.id), '[]')
       FROM touchpoint t JOIN own_link l ON l.system = t.identity_system AND l.local_key = t.identity_key) AS touchpoint,
    (SELECT coalesce(json_agg(a ORDER BY a.read_at, a.id), '[]') FROM access_log a WHERE a.customer_id IN (SELECT id FROM own_id)) AS access_log,
    (SELECT coalesce(json_agg(p ORDER BY p.stated_at, p.id), '[]') FROM preference_statement p WHERE p.customer_id IN (SELECT id FROM own_id)) AS preference_statement`;

export async function hubSectionOf(db: Queryable, customerId: string): Promise<{ [table: string]: Json }> {
  const [tables] = await db.query<{ [table: string]: Json }>(HUB_SECTION, [customerId]);
  return tables;
}

/**
 * Writes (or rewrites: a step re-run after a crash writes the same section again) one section.
 * It expires with its request, EXPORT_RETENTION_DAYS after the request was made.
 */
export async function saveSection(db: Queryable, requestId: string, system: string, customerId: string, section: Json): Promise<void> {
  await db.query(
    `INSERT INTO export_section (request_id, system, customer_id, section, expires_at)
     SELECT r.id, $2, $3, $4::json, r.requested_at + $5 * interval '1 day' FROM outbox_request r WHERE r.id = $1
     ON CONFLICT (request_id, system) DO UPDATE SET section = EXCLUDED.section, made_at = now()`,
    [requestId, system, customerId, JSON.stringify(section), EXPORT_RETENTION_DAYS],
  );
}

export interface SectionRow {
  system: string;
  section: Json;
  made_at: Date;
}

/** The sections of a request still within their retention. */
export async function sectionsOf(db: Queryable, requestId: string): Promise<SectionRow[]> {
  return db.query<SectionRow>(
    'SELECT system, section, made_at FROM export_section WHERE request_id = $1 AND expires_at > now() ORDER BY system',
    [requestId],
  );
}

/** Deletes every section past its retention; returns how many. */
export async function purgeExpiredExports(db: Queryable): Promise<number> {
  const rows = await db.query('DELETE FROM export_section WHERE expires_at <= now() RETURNING 1');
  return rows.length;
}
