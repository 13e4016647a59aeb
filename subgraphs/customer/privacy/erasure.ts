// Erasure of a customer (issue 11 item 5), as a request in the hub's outbox (outbox/outbox.ts):
// - submitErasure records it, kind `erasure`, idempotency key `customer:<id>` (one erasure per
//   customer: asking again returns the first request), with a payload snapshotted from identity_link
//   at request time — the customer's record keys per system — so that no step depends on another
//   having run (a system's step erases the records the customer had when it was asked, even if the
//   hub's step already closed the links). One step per system holding records, one for the hub
//   itself (system `customer`). The customer is restricted in the same transaction
//   (restriction.ts): nothing of them is served while the steps run.
// - erasureHandlers: a legacy system's step calls its channel's `eraseRecords` (kit/privacy.ts)
//   with the keys; the hub's step (eraseInHub) removes what the hub knows of those records. The
//   registry gives the channels: the hub names none.
// - erasureSummary: once every step is done the worker replaces the payload (record keys) with
//   counts per system; the steps' receipts (tables and rows touched) stay as evidence.
import type { Database, Queryable } from '../../kit/database';
import { registry } from '../../channels';
import { HUB_ROLE } from '../../kit/databases';
import { getRequestByKey, Json, OutboxHandlers, OutboxRequest, PermanentStepError, Receipt, StepHandler, submitRequest } from '../outbox/outbox';
import { setRestriction } from './restriction';

export const ERASURE_KIND = 'erasure';
export const RESTRICTION_KIND = 'restriction';
/** The hub's own step in an erasure (its database role, the outbox's `system`). */
export const HUB_SYSTEM = HUB_ROLE;
/** What the privacy officer can prove: the legal answer is due within a month (GDPR art. 12(3)). */
export const DEADLINE_DAYS = 30;

export interface ErasurePayload {
  customerId: string;
  /** Record keys per legacy system, from identity_link when the erasure was asked. */
  records: Record<string, string[]>;
}

export const erasureKey = (customerId: string): string => `customer:${customerId}`;

export class ErasureRefused extends Error {}

/**
 * Records the erasure of `customerId` (or returns the one already recorded) and restricts the
 * customer. Throws ErasureRefused when there is no such customer, or it was merged into another
 * (the officer erases the customer its records now belong to).
 */
export async function submitErasure(
  db: Database,
  input: { customerId: string; requestedBy: string; reason: string },
): Promise<{ request: OutboxRequest; created: boolean }> {
  const key = erasureKey(input.customerId);
  const existing = await getRequestByKey(db, ERASURE_KIND, key);
  if (existing) return { request: existing, created: false };
  const [customer] = await db.query<{ merged_into: string | null }>('SELECT merged_into FROM customer WHERE id = $1', [input.customerId]);
  if (!customer) throw new ErasureRefused('no customer has this id');
  if (customer.merged_into) throw new ErasureRefused(`this customer was merged into ${customer.merged_into}: erase that one`);
  const links = await db.query<{ system: string; local_key: string }>(
    'SELECT system, local_key FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NULL ORDER BY system, local_key',
    [input.customerId],
  );
  const records: Record<string, string[]> = {};
  for (const link of links) (records[link.system] ??= []).push(link.local_key);
  const payload: ErasurePayload = { customerId: input.customerId, records };
  // Restricted first: from now on only the privacy officer reads this customer, even if the
  // submission below had to be retried.
  await db.withTransaction((tx) =>
    setRestriction(tx, { customerId: input.customerId, restricted: true, changedBy: input.requestedBy, reason: `erasure: ${input.reason}` }),
  );
  try {
    return await submitRequest(db, {
      kind: ERASURE_KIND,
      idempotencyKey: key,
      requestedBy: input.requestedBy,
      payload: { ...payload, reason: input.reason } as unknown as Json,
      systems: [...Object.keys(records).sort(), HUB_SYSTEM],
    });
  } catch (error) {
    // Two officers at once: the other's request stands.
    const raced = await getRequestByKey(db, ERASURE_KIND, key);
    if (raced) return { request: raced, created: false };
    throw error;
  }
}

function payloadOf(request: OutboxRequest): ErasurePayload {
  const payload = request.payload as unknown as ErasurePayload | null;
  // Scrubbed only once every step is done: a step still to run always has its payload.
  if (!payload || typeof payload.customerId !== 'string' || typeof payload.records !== 'object') {
    throw new PermanentStepError('the erasure request has no record keys (payload missing or scrubbed)');
  }
  return payload;
}

/**
 * The hub's own erasure, one transaction, idempotent (every statement finds nothing the second
 * time): what the hub holds of the customer's records goes — the normalised copies (names,
 * birth date, postcode: identity_record; e-mails, phones, cards: identity_identifier; staging
 * rows), the journal entries of those records, the consent decisions staged from them; links to
 * the customer are closed with the reason `erasure` and their evidence (matched identifiers)
 * emptied, earlier links of those records too; household membership is left, its evidence emptied.
 * Kept, without personal data: the customer row (a tombstone: customer_erasure), the access log
 * (who read the customer, when and why — the evidence the customer may ask for, holding ids and
 * principals only), identity decisions (their audit) and the outbox request with its receipts.
 */
export async function eraseInHub(db: Database, request: OutboxRequest): Promise<Receipt> {
  const { customerId, records } = payloadOf(request);
  const systems = Object.keys(records);
  const keys = systems.flatMap((system) => records[system].map(() => system));
  const locals = systems.flatMap((system) => records[system]);
  return db.withTransaction(async (tx) => {
    const count = async (sql: string, params: unknown[] = [keys, locals]): Promise<number> => (await tx.query(sql, params)).length;
    const RECORDS = '(SELECT * FROM unnest($1::text[], $2::text[]) AS r(system, local_key))';
    const touchpoints = await count(
      `DELETE FROM touchpoint t USING ${RECORDS} r WHERE t.identity_system = r.system AND t.identity_key = r.local_key RETURNING 1`,
    );
    const identifiers = await count(
      `DELETE FROM identity_identifier i USING ${RECORDS} r WHERE i.system = r.system AND i.local_key = r.local_key RETURNING 1`,
    );
    const identityRecords = await count(
      `DELETE FROM identity_record i USING ${RECORDS} r WHERE i.system = r.system AND i.local_key = r.local_key RETURNING 1`,
    );
    const staged =
      (await count(`DELETE FROM identity_stage_record i USING ${RECORDS} r WHERE i.system = r.system AND i.local_key = r.local_key RETURNING 1`)) +
      (await count(`DELETE FROM identity_stage_identifier i USING ${RECORDS} r WHERE i.system = r.system AND i.local_key = r.local_key RETURNING 1`));
    // Staged rows go; so do the digests of their slices (kit/sliced-read.ts), so the next staging
    // pass reads those slices again, as a whole read did before staging was incremental.
    const forgetSlices = async (table: string, sql: string): Promise<number> => {
      const gone = await tx.query<{ system: string; slice: number | null }>(sql, [keys, locals]);
      await tx.query(
        `DELETE FROM staging_digest d USING unnest($2::text[], $3::int[]) AS g(system, slice)
          WHERE d.staged_table = $1 AND d.system = g.system AND (g.slice IS NULL OR d.slice = g.slice)`,
        [table, gone.map((row) => row.system), gone.map((row) => row.slice)],
      );
      return gone.length;
    };
    const consents = await forgetSlices(
      'consent_decision',
      `DELETE FROM consent_decision c USING ${RECORDS} r WHERE c.system = r.system AND c.local_key = r.local_key RETURNING c.system, c.slice`,
    );
    // Preferences (issue 15): the statements made through the graph (of this customer and of those merged into it), and those staged from its records.
    const preferenceStatements = await count(
      'DELETE FROM preference_statement WHERE customer_id = $1 OR customer_id IN (SELECT id FROM customer WHERE merged_into = $1) RETURNING 1',
      [customerId],
    );
    const stagedPreferences = await forgetSlices(
      'preference_source_statement',
      `DELETE FROM preference_source_statement p USING ${RECORDS} r WHERE p.system = r.system AND p.local_key = r.local_key RETURNING p.system, p.slice`,
    );
    const linksClosed = await count(
      `UPDATE identity_link SET unlinked_at = now(), reason = 'erasure', evidence = '{}'::jsonb
        WHERE customer_id = $1 AND unlinked_at IS NULL RETURNING 1`,
      [customerId],
    );
    const linksScrubbed = await count(
      `UPDATE identity_link l SET evidence = '{}'::jsonb
         FROM ${RECORDS} r
        WHERE ((l.system = r.system AND l.local_key = r.local_key) OR l.customer_id = $3) AND l.evidence <> '{}'::jsonb
        RETURNING 1`,
      [keys, locals, customerId],
    );
    const household = await count(
      `UPDATE household_member SET left_at = coalesce(left_at, now()), evidence = '{}'::jsonb,
              reason = CASE WHEN left_at IS NULL THEN 'erasure' ELSE reason END
        WHERE customer_id = $1 AND (left_at IS NULL OR evidence <> '{}'::jsonb) RETURNING 1`,
      [customerId],
    );
    const tombstone = await count(
      'INSERT INTO customer_erasure (customer_id, request_id) VALUES ($1, $2) ON CONFLICT (customer_id) DO NOTHING RETURNING 1',
      [customerId, request.id],
    );
    const [kept] = await tx.query<{ access_log: number }>('SELECT count(*)::int AS access_log FROM access_log WHERE customer_id = $1', [customerId]);
    return {
      action: 'erased',
      alreadyErased: tombstone === 0,
      records: locals.length,
      tables: {
        touchpoint: { deleted: touchpoints },
        identity_identifier: { deleted: identifiers },
        identity_record: { deleted: identityRecords },
        identity_stage: { deleted: staged },
        consent_decision: { deleted: consents },
        preference_statement: { deleted: preferenceStatements },
        preference_source_statement: { deleted: stagedPreferences },
        identity_link: { closed: linksClosed, evidenceEmptied: linksScrubbed },
        household_member: { left: household },
        customer_erasure: { recorded: tombstone },
        access_log: { kept: kept.access_log },
      },
      kept: 'the customer id as a tombstone, the access log (ids and principals only), identity decisions and this request with its receipts',
    };
  });
}

/** Counts per system in place of the record keys, once every step is done (no personal data). */
export function erasureSummary(request: OutboxRequest): Json {
  const payload = request.payload as unknown as (ErasurePayload & { reason?: string }) | null;
  return {
    customerId: payload?.customerId ?? null,
    reason: payload?.reason ?? null,
    recordsPerSystem: Object.fromEntries(Object.entries(payload?.records ?? {}).map(([system, keys]) => [system, keys.length])),
  };
}

/** A restriction's one step: the change was applied when asked; the step records it as done. */
async function restrictionStep(db: Queryable, request: OutboxRequest): Promise<Receipt> {
  const payload = request.payload as { eventId?: string } | null;
  const [event] = await db.query<{ restricted: boolean; changed_at: Date }>(
    'SELECT restricted, changed_at FROM privacy_restriction_event WHERE id = $1::bigint',
    [payload?.eventId ?? '0'],
  );
  if (!event) throw new PermanentStepError('the restriction event is missing');
  return { action: event.restricted ? 'restricted' : 'lifted', appliedAt: event.changed_at.toISOString(), tables: { privacy_restriction: { set: 1 } } };
}

/** handlers[kind][system], from the registry's channels that declare eraseRecords, and the hub's. */
export function privacyHandlers(): OutboxHandlers {
  const erasure: Record<string, StepHandler> = {
    [HUB_SYSTEM]: ({ db, request }) => eraseInHub(db, request),
  };
  for (const definition of registry().definitions) {
    const erase = definition.eraseRecords;
    if (!erase || !definition.legacy) continue;
    const system = definition.database;
    erasure[system] = async ({ db, request }) => erase(db, payloadOf(request).records[system] ?? []);
  }
  return {
    [ERASURE_KIND]: erasure,
    [RESTRICTION_KIND]: { [HUB_SYSTEM]: ({ db, request }) => restrictionStep(db, request) },
  };
}

/** The worker's `scrub` option: erasure payloads hold record keys; restriction payloads nothing personal. */
export const privacyScrub = { [ERASURE_KIND]: erasureSummary };
