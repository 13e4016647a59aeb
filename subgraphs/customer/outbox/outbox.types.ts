// The outbox's vocabulary (see outbox.ts for the contract). Kept apart from the repository and the
// worker so that both import it without importing each other.
import type { Database } from '../../kit/database';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What a step did in its system, without personal data: what was done, rows touched, conflicts. */
export type Receipt = { [key: string]: Json };

/** `running`: pending, and a live worker holds its lease right now. */
export type StepStatus = 'pending' | 'running' | 'done' | 'failed';

/**
 * Derived from the steps: `done` when every step is done; `failed` when none is left to run and at
 * least one failed; `running` once any step was attempted; `pending` before.
 */
export type RequestStatus = 'pending' | 'running' | 'done' | 'failed';

export interface OutboxStep {
  requestId: string;
  system: string;
  status: StepStatus;
  attempts: number;
  /** When a pending step is due next (after a transient failure: the backoff). */
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  leaseUntil: Date | null;
  /** Error code and class (`Error ECONNREFUSED`, `DatabaseError 55000`) or a permanent failure's reason. */
  lastError: string | null;
  doneAt: Date | null;
  failedAt: Date | null;
  receipt: Receipt | null;
}

export interface OutboxRequest {
  id: string;
  kind: string;
  idempotencyKey: string;
  /** Principal text, e.g. `privacy_officer:alice`. */
  requestedBy: string;
  requestedAt: Date;
  /** Null once scrubbed (scrubPayload): then `summary` is what is left. */
  payload: Json | null;
  summary: Json | null;
  payloadScrubbedAt: Date | null;
  status: RequestStatus;
  /** One per target system, by system name. */
  steps: OutboxStep[];
}

export interface SubmitInput {
  kind: string;
  idempotencyKey: string;
  requestedBy: string;
  payload: Json;
  /** The target systems: one step each. */
  systems: readonly string[];
}

export interface SubmitResult {
  request: OutboxRequest;
  /** False when the key was already known and the existing request is returned. */
  created: boolean;
}

export interface StepContext {
  /** The target system's database. */
  db: Database;
  request: OutboxRequest;
  step: OutboxStep;
  /** 1 for the first run; a re-run after a crash or a transient failure has a higher number. */
  attempt: number;
}

/**
 * Applies one request to one system. MUST be idempotent (outbox.ts). Throws PermanentStepError to
 * fail the step without retry; anything else is transient and retried with backoff.
 */
export type StepHandler = (context: StepContext) => Promise<Receipt>;

/** handlers[kind][system] */
export type OutboxHandlers = Record<string, Record<string, StepHandler>>;

/**
 * The step cannot succeed by retrying (the record is gone, a legacy rule refuses the value): the
 * step is failed with this reason, which is stored and shown, so it must hold no personal data.
 */
export class PermanentStepError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PermanentStepError';
  }
}

/** Same idempotency key, different content (or content no longer comparable): nothing is created. */
export class IdempotencyConflictError extends Error {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(
    message: string,
    readonly requestId: string,
  ) {
    super(message);
    this.name = 'IdempotencyConflictError';
  }
}
