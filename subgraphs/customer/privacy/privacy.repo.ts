// Reading privacy requests (erasures and restrictions) from the outbox for the privacy officer:
// a page newest first (keyset on requested_at with its microseconds, then id), two statements a
// page; one request by id. Restriction changes are recorded here too (submitRestriction).
import type { Database, Queryable } from '../../kit/database';
import { getRequest, OutboxRequest, requestStatusOf, submitRequest } from '../outbox/outbox';
import type { OutboxStep, Receipt, StepStatus } from '../outbox/outbox';
import { ERASURE_KIND, HUB_SYSTEM, RESTRICTION_KIND } from './erasure';
import { RestrictionChange, setRestriction } from './restriction';

export const PRIVACY_KINDS = [ERASURE_KIND, RESTRICTION_KIND];

export interface PrivacyRequestRow {
  request: OutboxRequest;
  /** requested_at with microseconds, for the cursor. */
  at: string;
}

/** One page of privacy requests, newest first, after the cursor (at, id); `limit` rows at most. */
export async function privacyRequestsPage(db: Queryable, after: { at: string; id: string } | null, limit: number): Promise<PrivacyRequestRow[]> {
  const rows = await db.query<{
    id: string; kind: string; idempotency_key: string; requested_by: string; requested_at: Date; at: string;
    payload: any; summary: any; payload_scrubbed_at: Date | null;
  }>(
    `SELECT id, kind, idempotency_key, requested_by, requested_at, payload, summary, payload_scrubbed_at,
            to_char(requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
       FROM outbox_request
      WHERE kind = ANY($1::text[]) AND ($2::timestamptz IS NULL OR (requested_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY requested_at DESC, id DESC
      LIMIT $4`,
    [PRIVACY_KINDS, after?.at ?? null, after?.id ?? null, limit],
  );
  if (rows.length === 0) return [];
  const steps = await db.query<{
    request_id: string; system: string; status: StepStatus; attempts: number; next_attempt_at: Date; last_attempt_at: Date | null;
    lease_until: Date | null; last_error: string | null; done_at: Date | null; failed_at: Date | null; receipt: Receipt | null;
  }>(
    `SELECT request_id, system, CASE WHEN status = 'pending' AND lease_until > now() THEN 'running' ELSE status END AS status,
            attempts, next_attempt_at, last_attempt_at, lease_until, last_error, done_at, failed_at, receipt
       FROM outbox_step WHERE request_id = ANY($1::uuid[]) ORDER BY request_id, system`,
    [rows.map((row) => row.id)],
  );
  return rows.map((row) => {
    const own: OutboxStep[] = steps
      .filter((step) => step.request_id === row.id)
      .map((step) => ({
        requestId: step.request_id, system: step.system, status: step.status, attempts: step.attempts,
        nextAttemptAt: step.next_attempt_at, lastAttemptAt: step.last_attempt_at, leaseUntil: step.lease_until,
        lastError: step.last_error, doneAt: step.done_at, failedAt: step.failed_at, receipt: step.receipt,
      }));
    return {
      at: row.at,
      request: {
        id: row.id, kind: row.kind, idempotencyKey: row.idempotency_key, requestedBy: row.requested_by, requestedAt: row.requested_at,
        payload: row.payload, summary: row.summary, payloadScrubbedAt: row.payload_scrubbed_at, status: requestStatusOf(own), steps: own,
      },
    };
  });
}

/** A privacy request by id; null when there is none or it is another kind of outbox request. */
export async function privacyRequestById(db: Queryable, id: string): Promise<OutboxRequest | null> {
  const request = await getRequest(db, id);
  return request && PRIVACY_KINDS.includes(request.kind) ? request : null;
}

/**
 * Restricts (or lifts the restriction of) a customer at once, then records the change as a privacy
 * request with one hub step, so that it is listed, timestamped and receipted like an erasure.
 */
export async function submitRestriction(
  db: Database,
  input: { customerId: string; restricted: boolean; requestedBy: string; reason: string },
): Promise<{ change: RestrictionChange; request: OutboxRequest }> {
  const change = await db.withTransaction((tx) =>
    setRestriction(tx, { customerId: input.customerId, restricted: input.restricted, changedBy: input.requestedBy, reason: input.reason }),
  );
  const { request } = await submitRequest(db, {
    kind: RESTRICTION_KIND,
    idempotencyKey: `event:${change.eventId}`,
    requestedBy: input.requestedBy,
    payload: { customerId: input.customerId, restricted: input.restricted, eventId: change.eventId, reason: input.reason },
    systems: [HUB_SYSTEM],
  });
  return { change, request };
}
