// SQL of the agents' identity decisions (identity-decision.resolver.ts). Every function takes the
// transaction's Queryable: a decision, its links and its audit row are written together or not at all.
// Nothing is deleted: an undone link gets unlinked_at (and the reason) and stays in the history.
import { Queryable } from '../kit/database';

/** A legacy system's name, as the registry declares it (subgraphs/channels.ts). */
export type SystemName = string;

export interface RecordKey {
  system: SystemName;
  localKey: string;
}

export interface LockedCustomer {
  id: string;
  merged_into: string | null;
}

export interface LinkRow {
  id: string;
  customer_id: string;
  system: SystemName;
  local_key: string;
  decided_by: string;
}

/** The customers of `ids` that exist, locked until the transaction ends (in id order: no deadlock). */
export function lockCustomers(tx: Queryable, ids: readonly string[]): Promise<LockedCustomer[]> {
  return tx.query<LockedCustomer>(
    `SELECT id::text AS id, merged_into::text AS merged_into
       FROM customer WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
}

/** The link in force of each record given (at most one each), locked. */
export function lockActiveLinks(tx: Queryable, records: readonly RecordKey[]): Promise<LinkRow[]> {
  return tx.query<LinkRow>(
    `SELECT l.id::text AS id, l.customer_id::text AS customer_id, l.system, l.local_key, l.decided_by
       FROM identity_link l
       JOIN unnest($1::text[], $2::text[]) AS r(system, local_key) ON r.system = l.system AND r.local_key = l.local_key
      WHERE l.unlinked_at IS NULL
      ORDER BY l.id FOR UPDATE OF l`,
    [records.map((r) => r.system), records.map((r) => r.localKey)],
  );
}

/** Every link in force of a customer, locked. */
export function lockLinksOfCustomer(tx: Queryable, customerId: string): Promise<LinkRow[]> {
  return tx.query<LinkRow>(
    `SELECT id::text AS id, customer_id::text AS customer_id, system, local_key, decided_by
       FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NULL
      ORDER BY system, local_key FOR UPDATE`,
    [customerId],
  );
}

/** Whether the hub has ever read this record from its legacy system (a resolution run stored it). */
export async function recordIsKnown(tx: Queryable, record: RecordKey): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM identity_record WHERE system = $1 AND local_key = $2', [record.system, record.localKey]);
  return rows.length > 0;
}

export interface DecisionInput {
  kind: 'link' | 'unlink' | 'merge' | 'split' | 'keep_apart';
  record?: RecordKey;
  otherRecord?: RecordKey;
  customerId?: string;
  otherCustomerId?: string;
  decidedBy: string;
  reason: string;
}

/** Writes one audited decision; returns its id. */
export async function insertDecision(tx: Queryable, d: DecisionInput): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO identity_decision (kind, system, local_key, other_system, other_local_key, customer_id, other_customer_id, decided_by, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text AS id`,
    [
      d.kind,
      d.record?.system ?? null,
      d.record?.localKey ?? null,
      d.otherRecord?.system ?? null,
      d.otherRecord?.localKey ?? null,
      d.customerId ?? null,
      d.otherCustomerId ?? null,
      d.decidedBy,
      d.reason,
    ],
  );
  return row.id;
}

/** keep_apart decisions between every record of `left` and every record of `right`, in one statement. */
export async function insertKeepApart(
  tx: Queryable,
  left: readonly RecordKey[],
  right: readonly RecordKey[],
  decidedBy: string,
  reason: string,
): Promise<number> {
  if (left.length === 0 || right.length === 0) return 0;
  const rows = await tx.query<{ n: number }>(
    `WITH made AS (
       INSERT INTO identity_decision (kind, system, local_key, other_system, other_local_key, decided_by, reason)
       SELECT 'keep_apart', a.system, a.local_key, b.system, b.local_key, $5, $6
         FROM unnest($1::text[], $2::text[]) AS a(system, local_key)
        CROSS JOIN unnest($3::text[], $4::text[]) AS b(system, local_key)
       RETURNING 1)
     SELECT count(*)::int AS n FROM made`,
    [left.map((r) => r.system), left.map((r) => r.localKey), right.map((r) => r.system), right.map((r) => r.localKey), decidedBy, reason],
  );
  return rows[0].n;
}

/** Closes links (history kept: unlinked_at and why). */
export async function closeLinks(tx: Queryable, linkIds: readonly string[], reason: string): Promise<void> {
  if (linkIds.length === 0) return;
  await tx.query('UPDATE identity_link SET unlinked_at = now(), reason = $2 WHERE id = ANY($1::bigint[]) AND unlinked_at IS NULL', [
    linkIds,
    reason,
  ]);
}

/** Links records to a customer by hand (rule `manual`): no rules run ever moves them. */
export async function insertManualLinks(
  tx: Queryable,
  customerId: string,
  records: readonly RecordKey[],
  decidedBy: string,
  reason: string,
  evidence: Record<string, unknown>,
): Promise<void> {
  if (records.length === 0) return;
  await tx.query(
    `INSERT INTO identity_link (customer_id, system, local_key, rule, evidence, decided_by, reason)
     SELECT $1, r.system, r.local_key, 'manual', $4::jsonb, $5, $6
       FROM unnest($2::text[], $3::text[]) AS r(system, local_key)`,
    [customerId, records.map((r) => r.system), records.map((r) => r.localKey), JSON.stringify(evidence), decidedBy, reason],
  );
}

/** A new customer id (a record an agent took away from somebody still belongs to someone). */
export async function insertCustomer(tx: Queryable): Promise<string> {
  const [row] = await tx.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
  return row.id;
}

/** An agent linking a record back to a customer withdraws their earlier `unlink` of that pair. */
export async function revokeUnlinks(tx: Queryable, record: RecordKey, customerId: string): Promise<void> {
  await tx.query(
    `UPDATE identity_decision SET revoked_at = now()
      WHERE kind = 'unlink' AND revoked_at IS NULL AND system = $1 AND local_key = $2 AND customer_id = $3`,
    [record.system, record.localKey, customerId],
  );
}

/** A customer left without any record says where its records went (an old id still leads to the person). */
export async function markMergedIfEmpty(tx: Queryable, customerId: string, into: string): Promise<void> {
  await tx.query(
    `UPDATE customer SET merged_into = $2
      WHERE id = $1 AND merged_into IS NULL
        AND NOT EXISTS (SELECT 1 FROM identity_link l WHERE l.customer_id = $1 AND l.unlinked_at IS NULL)`,
    [customerId, into],
  );
}

export async function setMergedInto(tx: Queryable, customerId: string, into: string): Promise<void> {
  await tx.query('UPDATE customer SET merged_into = $2 WHERE id = $1', [customerId, into]);
}
