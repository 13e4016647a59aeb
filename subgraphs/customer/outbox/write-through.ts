// What every "tell us once" write-through shares (issue 15 item 2: contact details, preferences):
// who may ask for another customer (staff), the requester's text, the client's idempotency key
// (checked, scoped to the customer), the submission of a customer's request to the outbox (a merged
// or unknown customer refused; the same key returns the first request, also when two arrive at
// once), and the fields a request shows of itself (status, completion, conflicts summed over the
// receipts, each step's conflict and receipt).
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../kit/database';
import type { Principal } from '../../kit/access/principal';
import { BadUserInputError } from '../../kit/errors';
import { getRequestByKey, Json, OutboxRequest, PermanentStepError, submitRequest } from './outbox';
import { outboxStepFields, OutboxStepFields, RequestStatus } from './outbox.type';

/** Who may write through for any customer: agents, and the privacy officer (rectification). */
export const STAFF = new Set(['agent', 'privacy_officer']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isRequestId = (id: string): boolean => UUID.test(id);

export const requesterOf = (principal: Principal): string => `${principal.role}:${principal.subject}`;

/** The client's key, checked (BadUserInputError names the argument, never echoing it). */
export function checkedKey(key: string | null): string | null {
  if (key === null || key === undefined) return null;
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(key)) throw new BadUserInputError('idempotencyKey must be 1 to 100 letters, digits or . _ : -', 'idempotencyKey');
  return key;
}

/** The customer cannot be written through (unknown, merged, no record anywhere): said without personal data. */
export class WriteThroughRefused extends Error {}

/**
 * Submits a customer's write-through request: `prepare` gives the payload and target systems once
 * the customer is known to be live; `within` runs in the submission's transaction when the request
 * is created. The client's key is scoped to the customer; without one every call is a new request.
 */
export async function submitCustomerRequest(
  db: Database,
  input: {
    kind: string;
    customerId: string;
    requestedBy: string;
    idempotencyKey: string | null;
    prepare(): Promise<{ payload: Json; systems: string[] }>;
    within?(tx: Queryable, requestId: string): Promise<void>;
  },
): Promise<{ request: OutboxRequest; created: boolean }> {
  const key = `${input.customerId}:${input.idempotencyKey ?? randomUUID()}`;
  const existing = await getRequestByKey(db, input.kind, key);
  if (existing) return { request: existing, created: false };
  const [customer] = await db.query<{ merged_into: string | null }>('SELECT merged_into FROM customer WHERE id = $1', [input.customerId]);
  if (!customer) throw new WriteThroughRefused('no customer has this id');
  if (customer.merged_into) throw new WriteThroughRefused(`this customer was merged into ${customer.merged_into}: update that one`);
  const { payload, systems } = await input.prepare();
  try {
    return await submitRequest(db, { kind: input.kind, idempotencyKey: key, requestedBy: input.requestedBy, payload, systems }, input.within);
  } catch (error) {
    // The same key submitted twice at once: the first stands.
    const raced = await getRequestByKey(db, input.kind, key);
    if (raced) return { request: raced, created: false };
    throw error;
  }
}

/**
 * A write-through request's payload as its step handlers read it; one scrubbed or without its change
 * or records fails the step for good (`what`: "the contact update", said in the step's error).
 */
export function writeThroughPayload<Payload extends { customerId: string; change: object; records: object }>(request: OutboxRequest, what: string): Payload {
  const payload = request.payload as unknown as Payload | null;
  if (!payload || typeof payload.customerId !== 'string' || typeof payload.records !== 'object' || typeof payload.change !== 'object') {
    throw new PermanentStepError(`${what} has no change or record keys (payload missing or scrubbed)`);
  }
  return payload;
}

const conflictsOf = (receipt: Record<string, unknown> | null): number => (typeof receipt?.conflicts === 'number' ? receipt.conflicts : 0);

export interface WriteThroughStepFields extends OutboxStepFields {
  conflict: boolean;
  receipt: Record<string, unknown> | null;
}

/** The fields a write-through request shows (write-through.type.ts WriteThroughRequest), for its step type. */
export interface WriteThroughRequestFields<Step extends WriteThroughStepFields = WriteThroughStepFields> {
  id: string;
  customerId: string | null;
  fields: string[];
  requestedBy: string;
  requestedAt: Date;
  status: RequestStatus;
  completedAt: Date | null;
  conflicts: number;
  steps: Step[];
}

/** The fields a write-through request shows (its type adds nothing but names): `fields` from the payload's change, or the summary once scrubbed. */
export function writeThroughFields(request: OutboxRequest): WriteThroughRequestFields {
  const payload = request.payload as { customerId?: string; change?: Record<string, unknown> } | null;
  const summary = request.summary as { customerId?: string; fields?: string[] } | null;
  const done = request.steps.length > 0 && request.steps.every((step) => step.status === 'done');
  return {
    id: request.id,
    customerId: payload?.customerId ?? summary?.customerId ?? null,
    fields: payload?.change ? Object.keys(payload.change).sort() : (summary?.fields ?? []),
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    status: request.status as RequestStatus,
    completedAt: done ? new Date(Math.max(...request.steps.map((step) => step.doneAt?.getTime() ?? 0))) : null,
    conflicts: request.steps.reduce((sum, step) => sum + conflictsOf(step.receipt), 0),
    steps: request.steps.map((step) => ({ ...outboxStepFields(step), conflict: conflictsOf(step.receipt) > 0, receipt: step.receipt })),
  };
}

/** What a write-through request keeps once every step is done: the fields changed and records per system, in place of the values (personal data). */
export function writeThroughSummary(request: OutboxRequest): Json {
  const payload = request.payload as { customerId?: string; change?: Record<string, unknown>; records?: Record<string, unknown[]> } | null;
  return {
    customerId: payload?.customerId ?? null,
    fields: Object.keys(payload?.change ?? {}).sort(),
    recordsPerSystem: Object.fromEntries(Object.entries(payload?.records ?? {}).map(([system, records]) => [system, records.length])),
  };
}
