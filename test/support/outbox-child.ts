// An outbox worker in a process of its own, for test/outbox.test.ts to kill with SIGKILL in the
// middle of its steps. Run compiled (node <build>/test/support/outbox-child.js) with
// OUTBOX_HUB_URL (the test's hub copy, which is also the steps' target: the effects go to scratch
// tables the test creates there, never to a legacy table), OUTBOX_LEASE_MS and OUTBOX_SLEEP_SECONDS.
//
// Two systems, two moments of a crash:
// - alpha writes its effect, then sleeps: killed after the target committed, before the hub
//   recorded the step done (the case that makes handlers' idempotence necessary);
// - beta sleeps, then writes: killed before any effect.
import { openDatabase, Queryable } from '../../subgraphs/kit/database';
import { Receipt, runOutbox, StepHandler } from '../../subgraphs/customer/outbox/outbox';

export const KILL_TEST_KIND = 'kill_test';

/** Scratch tables in the hub copy: every run of a handler (not idempotent) and its effect (idempotent). */
export const KILL_TEST_TABLES = `
  CREATE TABLE outbox_test_runs (request_id uuid NOT NULL, system text NOT NULL, pid integer NOT NULL, attempt integer NOT NULL);
  CREATE TABLE outbox_test_effects (request_id uuid NOT NULL, system text NOT NULL, PRIMARY KEY (request_id, system));`;

async function effect(db: Queryable, requestId: string, system: string): Promise<Receipt> {
  // Idempotent by its natural key: a second run finds the effect there and says so.
  const inserted = await db.query('INSERT INTO outbox_test_effects (request_id, system) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1', [
    requestId,
    system,
  ]);
  return { effectsWritten: inserted.length, alreadyApplied: inserted.length === 0 };
}

export function killTestHandlers(sleepSeconds: number): Record<string, StepHandler> {
  const run = (db: Queryable, requestId: string, system: string, attempt: number) =>
    db.query('INSERT INTO outbox_test_runs (request_id, system, pid, attempt) VALUES ($1, $2, $3, $4)', [requestId, system, process.pid, attempt]);
  const sleep = async (db: Queryable) => {
    if (sleepSeconds > 0) await db.query('SELECT pg_sleep($1)', [sleepSeconds]);
  };
  return {
    alpha: async ({ db, request, attempt }) => {
      await run(db, request.id, 'alpha', attempt);
      const receipt = await effect(db, request.id, 'alpha');
      await sleep(db);
      return receipt;
    },
    beta: async ({ db, request, attempt }) => {
      await run(db, request.id, 'beta', attempt);
      await sleep(db);
      return effect(db, request.id, 'beta');
    },
  };
}

async function main(): Promise<void> {
  const url = process.env.OUTBOX_HUB_URL;
  if (!url) throw new Error('OUTBOX_HUB_URL is required');
  const hubDb = openDatabase({ name: 'customer', url });
  const target = openDatabase({ name: 'scratch', url });
  runOutbox({
    hubDb,
    databases: { alpha: target, beta: target },
    handlers: { [KILL_TEST_KIND]: killTestHandlers(Number(process.env.OUTBOX_SLEEP_SECONDS ?? 30)) },
    leaseMs: Number(process.env.OUTBOX_LEASE_MS ?? 1500),
    intervalMs: 100,
  });
  process.stdout.write('outbox worker started\n');
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
