// The loop that applies the outbox's requests: claims due steps it has a handler and a database
// for, runs each with its system's handler while renewing the step's lease, and records the
// outcome (done with a receipt, failed with a reason, or due again after a backoff). Several
// workers, in one process or many, may run against one hub: claims never overlap (outbox.repo.ts).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Database } from '../../kit/database';
import { logger } from '../../kit/logger';
import {
  claimSteps,
  completeStep,
  failStep,
  getRequest,
  nextDueInMs,
  renewLease,
  rescheduleStep,
  scrubPayload,
  StepClaim,
} from './outbox.repo';
import { Json, OutboxHandlers, OutboxRequest, PermanentStepError, Receipt } from './outbox.types';

export interface BackoffOptions {
  /** Delay after the first transient failure (1 s); doubled after each further one. */
  baseMs?: number;
  /** Longest delay between two attempts (5 min): a system down for a day is still tried every few minutes. */
  capMs?: number;
}

export interface OutboxWorkerOptions {
  hubDb: Database;
  /** The target systems' databases, by system name (the steps' `system`). */
  databases: Record<string, Database>;
  /** handlers[kind][system]: a step runs here only when both its handler and its database are given. */
  handlers: OutboxHandlers;
  /** Longest sleep while idle (1 s): how late a request submitted by another process may be noticed. */
  intervalMs?: number;
  /** First sleep once idle (50 ms), doubled up to intervalMs while nothing is due. */
  minIntervalMs?: number;
  /** How long a claim holds a step without renewal (30 s; renewed every third of it while the handler runs). */
  leaseMs?: number;
  /** Steps run at once by this worker (8). */
  concurrency?: number;
  backoff?: BackoffOptions;
  /** Names this worker in leases (host:pid:random). */
  owner?: string;
  /**
   * scrub[kind]: once every step of a request of this kind is done, its payload is erased and this
   * summary (no personal data) kept instead.
   */
  scrub?: Record<string, (request: OutboxRequest) => Json>;
}

export interface OutboxWorker {
  readonly owner: string;
  /** Looks for due steps now (an in-process submitter calls it after submitting). */
  wake(): void;
  /** Stops claiming, waits for the steps under way to be recorded. */
  stop(): Promise<void>;
}

/**
 * Exponential backoff with equal jitter: between half and all of min(cap, base * 2^(attempt-1)).
 * The lower bound of each delay is the upper bound of the one before, so delays never shrink
 * while the jitter spreads workers retrying against the same system.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 1000;
  const cap = options.capMs ?? 5 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function codeOf(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== 'object' || depth > 3) return undefined;
  const { code, errors, cause } = error as { code?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  if (Array.isArray(errors)) for (const attempt of errors) {
    const found = codeOf(attempt, depth + 1);
    if (found) return found;
  }
  return codeOf(cause, depth + 1);
}

/**
 * What is stored of a transient error: its class and code (`Error ECONNREFUSED`, `DatabaseError
 * 55000`), never its message, which may quote a value (pg's "invalid input syntax …: <value>").
 */
export function describeTransientError(error: unknown): string {
  const name = error instanceof Error ? error.constructor.name : typeof error;
  const code = codeOf(error);
  return code ? `${name} ${code}` : name;
}

function isPermanent(error: unknown): error is PermanentStepError {
  return error instanceof PermanentStepError || (error instanceof Error && error.name === 'PermanentStepError' && 'reason' in error);
}

export function runOutbox(options: OutboxWorkerOptions): OutboxWorker {
  const { hubDb, databases, handlers } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const minIntervalMs = Math.min(options.minIntervalMs ?? 50, intervalMs);
  const leaseMs = options.leaseMs ?? 30_000;
  const concurrency = options.concurrency ?? 8;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const runnable = Object.entries(handlers).flatMap(([kind, bySystem]) =>
    Object.keys(bySystem)
      .filter((system) => databases[system] !== undefined)
      .map((system) => ({ kind, system })),
  );

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  const inFlight = new Set<Promise<void>>();
  // Counts only: what this worker did since its last progress line.
  const counts = { done: 0, retried: 0, failed: 0, lost: 0 };

  // A wake-up while the loop is not asleep (claiming) is kept, so that its next sleep is skipped.
  let woken = false;
  const wake = (): void => {
    woken = true;
    if (timer) clearTimeout(timer);
    wakeUp?.();
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      wakeUp = resolve;
      timer = setTimeout(resolve, ms);
    });

  const logProgress = (): void => {
    if (counts.done + counts.retried + counts.failed + counts.lost === 0) return;
    logger.info({ outbox: owner, ...counts, running: inFlight.size }, 'outbox progress');
    counts.done = counts.retried = counts.failed = counts.lost = 0;
  };

  async function runStep(claim: StepClaim): Promise<void> {
    const where = { requestId: claim.requestId, kind: claim.kind, system: claim.system, attempt: claim.attempt };
    // The lease is renewed while the handler runs, so a slow system is not taken for a dead worker.
    const heartbeat = setInterval(() => {
      renewLease(hubDb, claim, leaseMs)
        .then((held) => {
          if (!held) logger.warn({ outbox: owner, ...where }, 'outbox lease lost while its step ran');
        })
        .catch((error: Error) => logger.warn({ outbox: owner, ...where, err: describeTransientError(error) }, 'outbox lease renewal failed'));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    try {
      const request = await getRequest(hubDb, claim.requestId);
      const step = request?.steps.find((candidate) => candidate.system === claim.system);
      if (!request || !step) return;
      const handler = handlers[claim.kind][claim.system];
      let recorded: boolean;
      let outcome: 'done' | 'retried' | 'failed';
      try {
        const receipt: Receipt = (await handler({ db: databases[claim.system], request, step, attempt: claim.attempt })) ?? {};
        recorded = await completeStep(hubDb, claim, receipt);
        outcome = 'done';
      } catch (error) {
        if (isPermanent(error)) {
          recorded = await failStep(hubDb, claim, `PermanentStepError: ${error.reason}`);
          outcome = 'failed';
          logger.warn({ outbox: owner, ...where }, 'outbox step failed for good');
        } else {
          const delayMs = backoffDelayMs(claim.attempt, options.backoff);
          const described = describeTransientError(error);
          recorded = await rescheduleStep(hubDb, claim, described, delayMs);
          outcome = 'retried';
          logger.debug({ outbox: owner, ...where, err: described, retryInMs: delayMs }, 'outbox step will be retried');
        }
      }
      if (!recorded) {
        // Another worker took the step after this one's lease expired: its outcome stands.
        counts.lost += 1;
        logger.warn({ outbox: owner, ...where }, 'outbox step outcome not recorded: the claim was lost');
        return;
      }
      counts[outcome] += 1;
      const summarise = options.scrub?.[claim.kind];
      if (outcome === 'done' && summarise) await scrubPayload(hubDb, claim.requestId, summarise(request));
    } catch (error) {
      // The hub itself failed (down, or the step was changed under us): nothing was recorded, the
      // lease expires and the step is claimed again — the handler being idempotent, that is safe.
      logger.warn({ outbox: owner, ...where, err: describeTransientError(error) }, 'outbox step not recorded; it will run again');
    } finally {
      clearInterval(heartbeat);
    }
  }

  const loop = (async () => {
    let idleMs = minIntervalMs;
    while (!stopped) {
      let claimed = 0;
      woken = false;
      try {
        const free = concurrency - inFlight.size;
        if (free > 0) {
          const claims = await claimSteps(hubDb, { owner, leaseMs, limit: free, runnable });
          claimed = claims.length;
          for (const claim of claims) {
            const running: Promise<void> = runStep(claim).finally(() => {
              inFlight.delete(running);
              wake();
            });
            inFlight.add(running);
          }
        }
      } catch (error) {
        logger.warn({ outbox: owner, err: describeTransientError(error) }, 'outbox claim failed; retrying');
      }
      if (stopped) break;
      if (claimed > 0) {
        idleMs = minIntervalMs;
        if (inFlight.size < concurrency) continue;
      }
      let sleepMs = idleMs;
      if (inFlight.size >= concurrency) {
        // Full: a finishing step wakes the loop.
        sleepMs = intervalMs;
      } else {
        idleMs = Math.min(idleMs * 2, intervalMs);
        if (inFlight.size === 0) logProgress();
        // A retry due sooner than the idle sleep is not made to wait for it.
        const due = await nextDueInMs(hubDb, runnable).catch(() => null);
        if (due !== null) sleepMs = Math.min(sleepMs, Math.max(due, 10));
      }
      if (stopped) break;
      await sleep(sleepMs);
    }
    await Promise.allSettled([...inFlight]);
    logProgress();
  })();

  logger.info({ outbox: owner, runnable: runnable.length }, 'outbox worker started');
  return {
    owner,
    wake,
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
