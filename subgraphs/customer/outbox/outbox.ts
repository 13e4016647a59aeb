// The hub's one durable outbox for writes to legacy systems: privacy requests (erasure, export)
// and "tell us once" write-through of contact details and preferences. A request is recorded in
// the hub first (submitRequest), then applied system by system by handlers the caller gives the
// worker (runOutbox). The outbox knows no channel by name: a request's `kind` and its steps'
// `system` are the caller's words, matched against `handlers[kind][system]` and `databases[system]`.
//
// Guarantees:
// - A request is durable once submitRequest returns; the same (kind, idempotencyKey) returns the
//   same request, a different payload under that key is refused (IdempotencyConflictError).
// - A system being down never loses a step: any error other than PermanentStepError leaves it
//   pending, due again after an exponential backoff with jitter (1 s doubling to 5 min, forever);
//   it completes when the system returns, without a new request.
// - A worker killed at any point (kill -9) leaves its steps leased; the lease, no longer renewed,
//   expires (leaseMs) and another worker claims them again.
// - A step is run by one worker at a time: claims use FOR UPDATE SKIP LOCKED and a lease renewed
//   while the handler runs; outcomes are recorded only under the claim that ran.
// - Status is queryable: getRequest / getRequestByKey / listRequests give the request's status
//   (pending / running / done / failed) and per system its attempts, next attempt, last error
//   (code and class, no message), receipt and times.
//
// THE HANDLERS' CONTRACT: idempotent. "Exactly once per system" is the effect, not the number of
// runs: a worker killed after the legacy system committed and before the hub recorded the step as
// done leaves a step that runs again. The outbox cannot make that atomic: legacy tables belong to
// other teams and must never change, so no marker table can be written beside the data. The
// idempotence therefore comes from the handler's own logic:
// - write target values, not deltas: `SET "OPT_SMS" = 'N'` (again: no change), never `points + 10`;
// - erase by key (`DELETE … WHERE key = $1`, or overwrite with the erased value): a re-run finds
//   nothing left and says so in its receipt;
// - insert only after checking for the row the previous run may have made (a natural key), in the
//   same legacy transaction;
// - one legacy transaction per step, so a kill before its commit leaves nothing half done;
// - an effect that cannot be repeated safely (an e-mail sent) is not a step: record it elsewhere.
// A handler throws PermanentStepError (reason without personal data) when retrying cannot help.
// Receipts (what was done, rows touched, conflicts) must hold no personal data: they are kept.
//
// Payloads may hold personal data (a new e-mail address): scrubPayload, or the worker's `scrub`
// option, erases one once every step is done, keeping a summary without personal data.
export * from './outbox.types';
export {
  claimSteps,
  completeStep,
  failStep,
  getRequest,
  getRequestByKey,
  listRequests,
  nextDueInMs,
  renewLease,
  requestStatusOf,
  rescheduleStep,
  retryFailedSteps,
  scrubPayload,
  submitRequest,
} from './outbox.repo';
export type { ClaimOptions, ListRequestsOptions, StepClaim } from './outbox.repo';
export { backoffDelayMs, describeTransientError, runOutbox } from './outbox.worker';
export type { BackoffOptions, OutboxWorker, OutboxWorkerOptions } from './outbox.worker';
