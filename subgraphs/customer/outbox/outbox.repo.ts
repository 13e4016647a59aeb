// The outbox in SQL (migrations/009_outbox.sql): submit, read, and the workers' claim / complete /
// fail / reschedule, each one statement or one transaction. A worker's writes to a step are guarded
// by its claim (lease owner and attempt number): a worker that lost its lease to another cannot
// overwrite what that one recorded.
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../kit/database';
import {
  IdempotencyConflictError,
  Json,
  OutboxRequest,
  OutboxStep,
  Receipt,
  RequestStatus,
  StepStatus,
  SubmitInput,
  SubmitResult,
} from './outbox.types';

const MAX_TEXT = 200;

interface RequestRow {
  id: string;
  kind: string;
  idempotency_key: string;
  requested_by: string;
  requested_at: Date;
  payload: Json | null;
  summary: Json | null;
  payload_scrubbed_at: Date | null;
  fingerprint: string | null;
}

interface StepRow {
  request_id: string;
  system: string;
  status: StepStatus;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  lease_until: Date | null;
  last_error: string | null;
  done_at: Date | null;
  failed_at: Date | null;
  receipt: Receipt | null;
}

const REQUEST_COLUMNS = 'id, kind, idempotency_key, requested_by, requested_at, payload, summary, payload_scrubbed_at, fingerprint';
// `running` is derived, not stored: a lease in the future is a live worker.
const STEP_COLUMNS = `request_id, system,
  CASE WHEN status = 'pending' AND lease_until > now() THEN 'running' ELSE status END AS status,
  attempts, next_attempt_at, last_attempt_at, lease_until, last_error, done_at, failed_at, receipt`;

/** JSON with keys sorted at every level: the same content always gives the same text. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, Json>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function fingerprintOf(input: SubmitInput): string {
  const systems = [...input.systems].sort();
  return createHash('sha256').update(canonical({ payload: input.payload, systems })).digest('hex');
}

function requireText(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    throw new Error(`outbox: ${name} must be a non-empty text of at most ${MAX_TEXT} characters`);
  }
}

export function requestStatusOf(steps: readonly Pick<OutboxStep, 'status' | 'attempts'>[]): RequestStatus {
  if (steps.every((step) => step.status === 'done')) return 'done';
  const open = steps.some((step) => step.status === 'pending' || step.status === 'running');
  if (!open) return 'failed';
  const started = steps.some((step) => step.status !== 'pending' || step.attempts > 0);
  return started ? 'running' : 'pending';
}

function toStep(row: StepRow): OutboxStep {
  return {
    requestId: row.request_id,
    system: row.system,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    doneAt: row.done_at,
    failedAt: row.failed_at,
    receipt: row.receipt,
  };
}

function toRequest(row: RequestRow, steps: OutboxStep[]): OutboxRequest {
  return {
    id: row.id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    payload: row.payload,
    summary: row.summary,
    payloadScrubbedAt: row.payload_scrubbed_at,
    status: requestStatusOf(steps),
    steps,
  };
}

async function withSteps(db: Queryable, rows: RequestRow[]): Promise<OutboxRequest[]> {
  if (rows.length === 0) return [];
  const steps = await db.query<StepRow>(
    `SELECT ${STEP_COLUMNS} FROM outbox_step WHERE request_id = ANY($1::uuid[]) ORDER BY request_id, system`,
    [rows.map((row) => row.id)],
  );
  const byRequest = new Map<string, OutboxStep[]>();
  for (const step of steps) {
    const list = byRequest.get(step.request_id) ?? [];
    list.push(toStep(step));
    byRequest.set(step.request_id, list);
  }
  return rows.map((row) => toRequest(row, byRequest.get(row.id) ?? []));
}

/**
 * Records a request and one pending step per system, or returns the request already recorded under
 * the same kind and key. The same key with a different payload or systems is refused
 * (IdempotencyConflictError), as is any re-submission after the payload was scrubbed (it can no
 * longer be compared).
 */
export async function submitRequest(
  db: Database,
  input: SubmitInput,
  /** Run in the submission's transaction when the request is created (not when the key finds an existing one): what the hub records with it. */
  within?: (tx: Queryable, requestId: string) => Promise<void>,
): Promise<SubmitResult> {
  requireText('kind', input.kind);
  requireText('idempotencyKey', input.idempotencyKey);
  requireText('requestedBy', input.requestedBy);
  if (input.payload === undefined) throw new Error('outbox: payload is required (null is allowed)');
  if (input.systems.length === 0) throw new Error('outbox: a request needs at least one target system');
  for (const system of input.systems) requireText('system', system);
  if (new Set(input.systems).size !== input.systems.length) throw new Error('outbox: a target system is listed twice');
  const fingerprint = fingerprintOf(input);

  const { id, created } = await db.withTransaction(async (tx) => {
    // A concurrent submission of the same key waits here for the first to commit, then finds it.
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO outbox_request (kind, idempotency_key, requested_by, payload, fingerprint)
       VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (kind, idempotency_key) DO NOTHING
       RETURNING id`,
      [input.kind, input.idempotencyKey, input.requestedBy, JSON.stringify(input.payload), fingerprint],
    );
    if (inserted.length === 1) {
      await tx.query(
        `INSERT INTO outbox_step (request_id, system) SELECT $1, unnest($2::text[])`,
        [inserted[0].id, [...input.systems]],
      );
      if (within) await within(tx, inserted[0].id);
      return { id: inserted[0].id, created: true };
    }
    const [existing] = await tx.query<{ id: string; fingerprint: string | null }>(
      'SELECT id, fingerprint FROM outbox_request WHERE kind = $1 AND idempotency_key = $2',
      [input.kind, input.idempotencyKey],
    );
    if (existing.fingerprint === null) {
      throw new IdempotencyConflictError(
        `outbox: the ${input.kind} request ${existing.id} already used this idempotency key and its payload was erased since; it cannot be compared: use a new key`,
        existing.id,
      );
    }
    if (existing.fingerprint !== fingerprint) {
      throw new IdempotencyConflictError(
        `outbox: the ${input.kind} request ${existing.id} already used this idempotency key with a different payload or systems`,
        existing.id,
      );
    }
    return { id: existing.id, created: false };
  });
  const request = await getRequest(db, id);
  if (!request) throw new Error(`outbox: request ${id} vanished after submission`);
  return { request, created };
}

export async function getRequest(db: Queryable, id: string): Promise<OutboxRequest | null> {
  const rows = await db.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM outbox_request WHERE id = $1`, [id]);
  const [request] = await withSteps(db, rows);
  return request ?? null;
}

export async function getRequestByKey(db: Queryable, kind: string, idempotencyKey: string): Promise<OutboxRequest | null> {
  const rows = await db.query<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM outbox_request WHERE kind = $1 AND idempotency_key = $2`,
    [kind, idempotencyKey],
  );
  const [request] = await withSteps(db, rows);
  return request ?? null;
}

export interface ListRequestsOptions {
  kind?: string;
  /** Only requests with a step still to run (pending or running). */
  openOnly?: boolean;
  /** Page size, at most 500 (50). */
  first?: number;
  /** Keyset cursor: the last request of the previous page (newest first). */
  before?: { requestedAt: Date; id: string };
}

/** Requests newest first, with their steps: two statements a page. */
export async function listRequests(db: Queryable, options: ListRequestsOptions = {}): Promise<OutboxRequest[]> {
  const first = Math.min(Math.max(options.first ?? 50, 1), 500);
  const rows = await db.query<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM outbox_request r
     WHERE ($1::text IS NULL OR r.kind = $1)
       AND (NOT $2::boolean OR EXISTS (SELECT 1 FROM outbox_step s WHERE s.request_id = r.id AND s.status = 'pending'))
       AND ($3::timestamptz IS NULL OR (r.requested_at, r.id) < ($3, $4::uuid))
     ORDER BY r.requested_at DESC, r.id DESC
     LIMIT $5`,
    [options.kind ?? null, options.openOnly ?? false, options.before?.requestedAt ?? null, options.before?.id ?? null, first],
  );
  return withSteps(db, rows);
}

/** What a worker holds after claiming a step; every later write to the step is guarded by it. */
export interface StepClaim {
  requestId: string;
  system: string;
  kind: string;
  owner: string;
  /** The attempt number this claim made (attempts after the claim). */
  attempt: number;
}

export interface ClaimOptions {
  owner: string;
  leaseMs: number;
  limit: number;
  /** The (kind, system) pairs this worker can run: others are left for a worker that can. */
  runnable: readonly { kind: string; system: string }[];
}

/**
 * Claims up to `limit` due steps: pending, due, and not leased by a live worker (a worker killed
 * with -9 stops renewing its lease, which then expires). FOR UPDATE SKIP LOCKED lets concurrent
 * workers claim different steps; a step another worker claimed meanwhile is re-checked under its
 * row lock and skipped because of its new lease. Each claim counts an attempt.
 */
export async function claimSteps(db: Queryable, options: ClaimOptions): Promise<StepClaim[]> {
  if (options.runnable.length === 0 || options.limit <= 0) return [];
  const rows = await db.query<{ request_id: string; system: string; kind: string; attempts: number }>(
    `WITH due AS (
       SELECT s.request_id, s.system, r.kind
       FROM outbox_step s JOIN outbox_request r ON r.id = s.request_id
       WHERE s.status = 'pending'
         AND s.next_attempt_at <= now()
         AND (s.lease_until IS NULL OR s.lease_until <= now())
         AND (r.kind, s.system) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY s.next_attempt_at, r.requested_at, s.request_id, s.system
       LIMIT $3
       FOR UPDATE OF s SKIP LOCKED
     )
     UPDATE outbox_step s
     SET attempts = s.attempts + 1,
         last_attempt_at = now(),
         lease_owner = $4,
         lease_until = now() + $5 * interval '1 millisecond'
     FROM due
     WHERE s.request_id = due.request_id AND s.system = due.system
     RETURNING s.request_id, s.system, due.kind, s.attempts`,
    [
      options.runnable.map((pair) => pair.kind),
      options.runnable.map((pair) => pair.system),
      options.limit,
      options.owner,
      options.leaseMs,
    ],
  );
  return rows.map((row) => ({ requestId: row.request_id, system: row.system, kind: row.kind, owner: options.owner, attempt: row.attempts }));
}

const GUARD = `request_id = $1 AND system = $2 AND status = 'pending' AND lease_owner = $3 AND attempts = $4`;

function guardParams(claim: StepClaim): unknown[] {
  return [claim.requestId, claim.system, claim.owner, claim.attempt];
}

/** Extends the lease of a step still held; false when the claim was lost (the lease expired and another worker took the step). */
export async function renewLease(db: Queryable, claim: StepClaim, leaseMs: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_step SET lease_until = now() + $5 * interval '1 millisecond' WHERE ${GUARD} RETURNING 1`,
    [...guardParams(claim), leaseMs],
  );
  return rows.length === 1;
}

/** Marks the step done with its receipt; false when the claim was lost. */
export async function completeStep(db: Queryable, claim: StepClaim, receipt: Receipt): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_step
     SET status = 'done', done_at = now(), receipt = $5::jsonb, lease_owner = NULL, lease_until = NULL
     WHERE ${GUARD} RETURNING 1`,
    [...guardParams(claim), JSON.stringify(receipt)],
  );
  return rows.length === 1;
}

/** Fails the step for good with a reason (no personal data); false when the claim was lost. */
export async function failStep(db: Queryable, claim: StepClaim, reason: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_step
     SET status = 'failed', failed_at = now(), last_error = $5, lease_owner = NULL, lease_until = NULL
     WHERE ${GUARD} RETURNING 1`,
    [...guardParams(claim), reason.slice(0, 500)],
  );
  return rows.length === 1;
}

/** After a transient failure: the step stays pending, due again in `delayMs`; false when the claim was lost. */
export async function rescheduleStep(db: Queryable, claim: StepClaim, error: string, delayMs: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_step
     SET last_error = $5, next_attempt_at = now() + $6 * interval '1 millisecond', lease_owner = NULL, lease_until = NULL
     WHERE ${GUARD} RETURNING 1`,
    [...guardParams(claim), error.slice(0, 500), Math.max(0, Math.round(delayMs))],
  );
  return rows.length === 1;
}

/**
 * An operator's retry of failed steps (the cause was fixed): back to pending, due now. Attempts and
 * the last error are kept for the record. Returns the number of steps re-opened.
 */
export async function retryFailedSteps(db: Queryable, requestId: string, system?: string): Promise<number> {
  const rows = await db.query(
    `UPDATE outbox_step SET status = 'pending', failed_at = NULL, next_attempt_at = now()
     WHERE request_id = $1 AND status = 'failed' AND ($2::text IS NULL OR system = $2)
     RETURNING 1`,
    [requestId, system ?? null],
  );
  return rows.length;
}

/**
 * Erases the payload (personal data) of a request whose every step is done, keeping `summary`
 * (which must hold none), and the fingerprint with it. False when a step is not done or the
 * payload is already gone.
 */
export async function scrubPayload(db: Queryable, requestId: string, summary: Json): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_request r
     SET payload = NULL, fingerprint = NULL, summary = $2::jsonb, payload_scrubbed_at = now()
     WHERE r.id = $1 AND r.payload_scrubbed_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM outbox_step s WHERE s.request_id = r.id AND s.status <> 'done')
     RETURNING 1`,
    [requestId, JSON.stringify(summary)],
  );
  return rows.length === 1;
}

/**
 * Milliseconds until the next runnable step is due (0 when one is due now), or null when none is
 * pending: how long an idle worker may sleep.
 */
export async function nextDueInMs(db: Queryable, runnable: readonly { kind: string; system: string }[]): Promise<number | null> {
  if (runnable.length === 0) return null;
  const [row] = await db.query<{ ms: number | null }>(
    `SELECT (EXTRACT(EPOCH FROM (min(GREATEST(s.next_attempt_at, COALESCE(s.lease_until, s.next_attempt_at))) - now())) * 1000)::float8 AS ms
     FROM outbox_step s JOIN outbox_request r ON r.id = s.request_id
     WHERE s.status = 'pending' AND (r.kind, s.system) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [runnable.map((pair) => pair.kind), runnable.map((pair) => pair.system)],
  );
  // No pending step: min() is NULL.
  return row?.ms == null ? null : Math.max(0, row.ms);
}
