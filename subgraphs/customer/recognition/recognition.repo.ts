// SQL of the right not to be known (recognition.resolver.ts). Every function takes the transaction's
// Queryable and is one statement whatever the number of records: a refusal, its marks, the split and
// its audit row are written together or not at all. Nothing is deleted: closed links and left
// households keep their history, a withdrawn refusal keeps its rows (withdrawn_at).
import { Queryable } from '../../kit/database';
import type { LinkRow } from '../decisions.repo';

/** The lock every rules run takes (identity/resolve.ts): a refusal never interleaves with a run. */
export async function lockResolution(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('customer-hub identity resolution'))");
}

/** Which of `links` carry a refusal in force, and the refusals (decision ids) they belong to. */
export async function refusalsOf(tx: Queryable, links: readonly LinkRow[]): Promise<{ system: string; local_key: string; decision_id: string }[]> {
  return tx.query(
    `SELECT x.system, x.local_key, x.decision_id::text AS decision_id
       FROM recognition_refusal x
       JOIN unnest($1::text[], $2::text[]) AS r(system, local_key) ON r.system = x.system AND r.local_key = x.local_key
      WHERE x.withdrawn_at IS NULL
      ORDER BY x.system, x.local_key`,
    [links.map((l) => l.system), links.map((l) => l.local_key)],
  );
}

/** Whether the customer row carries the refusal flag (migration 001: set on every customer of a refusal). */
export async function customerRefuses(tx: Queryable, customerId: string): Promise<boolean> {
  const [row] = await tx.query<{ refuses: boolean }>('SELECT refuses_recognition AS refuses FROM customer WHERE id = $1', [customerId]);
  return row?.refuses ?? false;
}

/** Marks each record of the refusing customer (one row per record, one group: the decision); a record already marked keeps its mark. */
export async function markRecords(tx: Queryable, decisionId: string, customerId: string, links: readonly LinkRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO recognition_refusal (system, local_key, decision_id, customer_id)
     SELECT r.system, r.local_key, $3, $4 FROM unnest($1::text[], $2::text[]) AS r(system, local_key)
     ON CONFLICT (system, local_key) WHERE withdrawn_at IS NULL DO NOTHING`,
    [links.map((l) => l.system), links.map((l) => l.local_key), decisionId, customerId],
  );
}

/** `n` new customers, already flagged as refusing recognition; ids in creation order. */
export async function insertRefusingCustomers(tx: Queryable, n: number): Promise<string[]> {
  if (n === 0) return [];
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO customer (refuses_recognition) SELECT true FROM generate_series(1, $1) RETURNING id::text AS id`,
    [n],
  );
  return rows.map((row) => row.id);
}

export async function flagCustomer(tx: Queryable, customerId: string, refuses: boolean): Promise<void> {
  await tx.query('UPDATE customer SET refuses_recognition = $2 WHERE id = $1', [customerId, refuses]);
}

/**
 * Closes every link of the customer (reason `refused_recognition`) and links each record again, one
 * customer per record: `owners[i]` for `links[i]`. The new links are the rules' (decided_by 'rules',
 * rule `refused_recognition`), so that once the refusal is withdrawn the rules may move them.
 */
export async function splitIntoRecords(tx: Queryable, decisionId: string, from: string, links: readonly LinkRow[], owners: readonly string[]): Promise<number> {
  const [{ closed }] = await tx.query<{ closed: number }>(
    `WITH closed AS (
       UPDATE identity_link SET unlinked_at = now(), reason = 'refused_recognition (decision ' || $2 || ')'
        WHERE id = ANY($1::bigint[]) AND unlinked_at IS NULL RETURNING 1)
     SELECT count(*)::int AS closed FROM closed`,
    [links.map((l) => l.id), decisionId],
  );
  await tx.query(
    `INSERT INTO identity_link (customer_id, system, local_key, rule, evidence, reason)
     SELECT r.customer_id, r.system, r.local_key, 'refused_recognition',
            jsonb_build_object('decision', $4::bigint, 'split_from', $5::text),
            'refused_recognition (decision ' || $4 || ')'
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS r(customer_id, system, local_key)`,
    [owners, links.map((l) => l.system), links.map((l) => l.local_key), decisionId, from],
  );
  return closed;
}

/** The customer leaves their household (any membership, the rules' or a person's): a household is cross-channel. */
export async function leaveHouseholds(tx: Queryable, customerId: string, decisionId: string): Promise<number> {
  const [{ n }] = await tx.query<{ n: number }>(
    `WITH left_ AS (
       UPDATE household_member SET left_at = now(), reason = 'refused_recognition (decision ' || $2 || ')'
        WHERE customer_id = $1 AND left_at IS NULL RETURNING 1)
     SELECT count(*)::int AS n FROM left_`,
    [customerId, decisionId],
  );
  return n;
}

export interface WithdrawnRecord {
  system: string;
  local_key: string;
  customer_id: string | null;
}

/**
 * Withdraws the refusals `refusalIds` (every record that refused with them, whatever customer holds
 * it now), clears the flag of the customers holding those records and of `customerId`, and revokes
 * the refusal decisions. Returns the records and their customers, in system and key order.
 */
export async function withdrawRefusals(
  tx: Queryable,
  refusalIds: readonly string[],
  withdrawalId: string,
  customerId: string,
): Promise<WithdrawnRecord[]> {
  return tx.query<WithdrawnRecord>(
    `WITH withdrawn AS (
       UPDATE recognition_refusal SET withdrawn_at = now(), withdrawal_decision_id = $2
        WHERE decision_id = ANY($1::bigint[]) AND withdrawn_at IS NULL
        RETURNING system, local_key
     ), holders AS (
       SELECT w.system, w.local_key, l.customer_id
         FROM withdrawn w
         LEFT JOIN identity_link l ON l.system = w.system AND l.local_key = w.local_key AND l.unlinked_at IS NULL
     ), unflagged AS (
       UPDATE customer c SET refuses_recognition = false
        WHERE c.refuses_recognition AND (c.id = $3::uuid OR c.id IN (SELECT customer_id FROM holders))
        RETURNING 1
     ), revoked AS (
       -- (data-modifying CTEs run whether or not the final SELECT reads them)
       UPDATE identity_decision SET revoked_at = now()
        WHERE id = ANY($1::bigint[]) AND kind = 'refuse_recognition' AND revoked_at IS NULL
        RETURNING 1
     )
     SELECT h.system, h.local_key, h.customer_id::text AS customer_id
       FROM holders h
      ORDER BY h.system, h.local_key`,
    [refusalIds, withdrawalId, customerId],
  );
}

/** The audited decision of a refusal or its withdrawal (identity_decision, beside the agents' decisions). */
export async function insertRecognitionDecision(
  tx: Queryable,
  kind: 'refuse_recognition' | 'accept_recognition',
  customerId: string,
  decidedBy: string,
  reason: string,
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO identity_decision (kind, customer_id, decided_by, reason) VALUES ($1, $2, $3, $4) RETURNING id::text AS id',
    [kind, customerId, decidedBy, reason],
  );
  return row.id;
}
