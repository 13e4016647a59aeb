// The hub's outbox (subgraphs/customer/outbox/) on real PostgreSQL: this file's copies of the hub
// and of the legacy databases. Idempotent submission; a real legacy write with its receipt; a
// target database refusing connections (the step stays pending, retried with growing delays, and
// completes when the database returns, without a new request); a permanent failure; a worker
// process killed with SIGKILL in the middle of its steps, after which another worker completes the
// request with one effect per system; two workers at once never running the same step.
import path from 'node:path';
import { Database, openDatabase } from '../subgraphs/kit/database';
import {
  backoffDelayMs,
  claimSteps,
  getRequest,
  getRequestByKey,
  IdempotencyConflictError,
  listRequests,
  OutboxRequest,
  OutboxWorker,
  PermanentStepError,
  retryFailedSteps,
  runOutbox,
  scrubPayload,
  StepHandler,
  submitRequest,
} from '../subgraphs/customer/outbox/outbox';
import { KILL_TEST_KIND, KILL_TEST_TABLES, killTestHandlers } from './support/outbox-child';
import { createTestDatabases, TestDatabases } from './support/test-databases';
import { until } from './support/customers';
import { compileChild, KillableChild } from './support/child-process';


let databases: TestDatabases;
let hub: Database;
const opened: Database[] = [];
const workers: OutboxWorker[] = [];

function open(name: string, url: string, max = 4): Database {
  const db = openDatabase({ name, url, max, connectionTimeoutMs: 2000 });
  opened.push(db);
  return db;
}

function start(options: Parameters<typeof runOutbox>[0]): OutboxWorker {
  const worker = runOutbox(options);
  workers.push(worker);
  return worker;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs` saying what it waited for. */

const statusIs = (id: string, status: OutboxRequest['status']) => async () => {
  const request = await getRequest(hub, id);
  return request?.status === status ? request : undefined;
};

beforeAll(async () => {
  databases = await createTestDatabases();
  hub = open('customer', databases.urls.customer, 8);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  await databases?.drop();
});

describe('submitting', () => {
  it('is idempotent per kind and key, and refuses the same key with another payload or systems', async () => {
    const input = {
      kind: 'contact_update',
      idempotencyKey: 'submit-1',
      requestedBy: 'customer:c-1',
      payload: { customerId: 'c-1', email: 'someone@example.org', channels: ['EMAIL', 'SMS'] },
      systems: ['store', 'ecommerce'],
    };
    const first = await submitRequest(hub, input);
    expect(first.created).toBe(true);
    expect(first.request).toMatchObject({ kind: 'contact_update', idempotencyKey: 'submit-1', requestedBy: 'customer:c-1', status: 'pending' });
    expect(first.request.requestedAt).toBeInstanceOf(Date);
    expect(first.request.steps.map((step) => [step.system, step.status, step.attempts])).toEqual([
      ['ecommerce', 'pending', 0],
      ['store', 'pending', 0],
    ]);

    // The same content, keys and systems in another order: the same request.
    const again = await submitRequest(hub, {
      ...input,
      payload: { channels: ['EMAIL', 'SMS'], email: 'someone@example.org', customerId: 'c-1' },
      systems: ['ecommerce', 'store'],
    });
    expect(again.created).toBe(false);
    expect(again.request.id).toBe(first.request.id);

    await expect(submitRequest(hub, { ...input, payload: { ...input.payload, email: 'other@example.org' } })).rejects.toThrow(IdempotencyConflictError);
    await expect(submitRequest(hub, { ...input, systems: ['store'] })).rejects.toThrow(/already used this idempotency key with a different payload/);
    // Concurrent submissions of one key make one request.
    const racing = await Promise.all(
      Array.from({ length: 6 }, () => submitRequest(hub, { ...input, idempotencyKey: 'submit-race' })),
    );
    expect(new Set(racing.map((result) => result.request.id)).size).toBe(1);
    expect(racing.filter((result) => result.created)).toHaveLength(1);

    // The key is per kind.
    const other = await submitRequest(hub, { ...input, kind: 'erasure' });
    expect(other.created).toBe(true);
    expect(other.request.id).not.toBe(first.request.id);

    const [{ n }] = await hub.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox_request WHERE idempotency_key IN ('submit-1', 'submit-race')",
    );
    expect(n).toBe(3);
    expect((await getRequestByKey(hub, 'contact_update', 'submit-1'))?.id).toBe(first.request.id);
    const listed = await listRequests(hub, { kind: 'contact_update', openOnly: true });
    expect(listed.map((request) => request.id)).toContain(first.request.id);

    // Nothing is done yet: the payload cannot be scrubbed.
    expect(await scrubPayload(hub, first.request.id, { fields: ['email'] })).toBe(false);
    await expect(submitRequest(hub, { ...input, systems: [] })).rejects.toThrow(/at least one target system/);
    await expect(submitRequest(hub, { ...input, idempotencyKey: '' })).rejects.toThrow(/idempotencyKey/);
  });
});

describe('running steps', () => {
  it('applies a write to a real legacy database, keeps a receipt per system and scrubs the payload once done', async () => {
    const store = open('store', databases.urls.store);
    const [card] = await store.query<{ card: string }>(`SELECT "NUM_CARTE" AS card FROM "CARTE_FIDELITE" WHERE "OPT_SMS" = 'O' ORDER BY 1 LIMIT 1`);
    // Idempotent by its logic: sets a value, and says when it was already set.
    const setSmsOptOut: StepHandler = async ({ db, request }) => {
      const { card: number } = request.payload as { card: string };
      const found = await db.query<{ opt: string }>(`SELECT "OPT_SMS" AS opt FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = $1`, [number]);
      if (found.length === 0) throw new PermanentStepError('loyalty card not found');
      const updated = await db.query(`UPDATE "CARTE_FIDELITE" SET "OPT_SMS" = 'N' WHERE "NUM_CARTE" = $1 AND "OPT_SMS" <> 'N' RETURNING 1`, [number]);
      return { action: 'sms_opt_out', rowsUpdated: updated.length, alreadySet: updated.length === 0 };
    };
    const noteOnly: StepHandler = async ({ db }) => {
      await db.query('SELECT 1');
      return { action: 'nothing_held', rowsUpdated: 0 };
    };
    const { request } = await submitRequest(hub, {
      kind: 'preference_update',
      idempotencyKey: 'legacy-write-1',
      requestedBy: 'agent:marie.d',
      payload: { card: card.card },
      systems: ['store', 'ecommerce'],
    });
    start({
      hubDb: hub,
      databases: { store, ecommerce: open('ecommerce', databases.urls.ecommerce) },
      handlers: { preference_update: { store: setSmsOptOut, ecommerce: noteOnly } },
      intervalMs: 100,
      scrub: { preference_update: () => ({ fields: ['sms_opt_in'] }) },
    });
    const done = await until('the request done', statusIs(request.id, 'done'));
    const byStore = done.steps.find((step) => step.system === 'store')!;
    expect(byStore).toMatchObject({ status: 'done', attempts: 1, lastError: null, receipt: { action: 'sms_opt_out', rowsUpdated: 1, alreadySet: false } });
    expect(byStore.doneAt!.getTime()).toBeGreaterThanOrEqual(done.requestedAt.getTime());
    expect(done.steps.find((step) => step.system === 'ecommerce')?.receipt).toEqual({ action: 'nothing_held', rowsUpdated: 0 });
    const [after] = await store.query<{ opt: string }>(`SELECT "OPT_SMS" AS opt FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = $1`, [card.card]);
    expect(after.opt).toBe('N');

    // Scrubbed: no payload left, the summary instead; the key can no longer be compared, so it is refused.
    const scrubbed = await until('the payload scrubbed', async () => {
      const current = await getRequest(hub, request.id);
      return current?.payloadScrubbedAt ? current : undefined;
    });
    expect(scrubbed.payload).toBeNull();
    expect(scrubbed.summary).toEqual({ fields: ['sms_opt_in'] });
    const [raw] = await hub.query<{ payload: unknown; fingerprint: unknown }>('SELECT payload, fingerprint FROM outbox_request WHERE id = $1', [request.id]);
    expect(raw).toEqual({ payload: null, fingerprint: null });
    await expect(
      submitRequest(hub, { kind: 'preference_update', idempotencyKey: 'legacy-write-1', requestedBy: 'agent:marie.d', payload: { card: card.card }, systems: ['store', 'ecommerce'] }),
    ).rejects.toThrow(/payload was erased/);
  });

  it('keeps a step pending while its database refuses connections, retrying with growing delays, and completes when it returns', async () => {
    const admin = open('admin', databases.adminUrl, 1);
    const callcentreName = new URL(databases.urls.callcentre).pathname.slice(1);
    const callcentre = open('callcentre', databases.urls.callcentre, 2);
    const marketing = open('marketing', databases.urls.marketing, 2);
    const touch: StepHandler = async ({ db }) => {
      const [{ one }] = await db.query<{ one: number }>('SELECT 1 AS one');
      return { action: 'checked', rowsUpdated: 0, reached: one === 1 };
    };
    await admin.query(`ALTER DATABASE ${callcentreName} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [callcentreName]);
    try {
      const { request } = await submitRequest(hub, {
        kind: 'erasure',
        idempotencyKey: 'down-1',
        requestedBy: 'privacy_officer:alice',
        payload: { customerId: 'c-down' },
        systems: ['callcentre', 'marketing'],
      });
      start({
        hubDb: hub,
        databases: { callcentre, marketing },
        handlers: { erasure: { callcentre: touch, marketing: touch } },
        intervalMs: 100,
        backoff: { baseMs: 150, capMs: 1200 },
      });
      // Each attempt's delay until the next one, as recorded.
      const gaps = new Map<number, number>();
      await until('five failed attempts on the closed database', async () => {
        const [step] = await hub.query<{ attempts: number; gap: number; last_error: string | null; status: string; claimed: boolean }>(
          `SELECT attempts, status, last_error, lease_owner IS NOT NULL AS claimed, EXTRACT(EPOCH FROM next_attempt_at - last_attempt_at) * 1000 AS gap
           FROM outbox_step WHERE request_id = $1 AND system = 'callcentre'`,
          [request.id],
        );
        expect(step.status).toBe('pending');
        // Between attempts only: a claimed step's last error and next attempt are the previous attempt's.
        if (step.last_error !== null && !step.claimed && !gaps.has(step.attempts)) gaps.set(step.attempts, Number(step.gap));
        return step.attempts >= 5 && gaps.size >= 4 ? true : undefined;
      });
      const running = (await getRequest(hub, request.id))!;
      expect(running.status).toBe('running');
      const byCallcentre = running.steps.find((step) => step.system === 'callcentre')!;
      expect(byCallcentre.lastError).toBe('DatabaseError 55000');
      expect(running.steps.find((step) => step.system === 'marketing')?.status).toBe('done');
      // Each recorded delay (from the attempt's start to the next) lies in its window: between half
      // and all of min(cap, base * 2^(attempt-1)), plus the failed attempt's own few milliseconds.
      for (const [attempt, gap] of gaps) {
        const ceiling = Math.min(1200, 150 * 2 ** (attempt - 1));
        expect(gap).toBeGreaterThanOrEqual(ceiling / 2 - 2);
        expect(gap).toBeLessThanOrEqual(ceiling + 150);
      }
      expect(Math.max(...gaps.values())).toBeGreaterThan(2 * Math.min(...gaps.values()));
    } finally {
      await admin.query(`ALTER DATABASE ${callcentreName} ALLOW_CONNECTIONS true`);
    }
    const done = await until('the request done once the database returned', async () => {
      const [request] = await listRequests(hub, { kind: 'erasure' });
      return request?.idempotencyKey === 'down-1' && request.status === 'done' ? request : undefined;
    });
    expect(done.steps.find((step) => step.system === 'callcentre')).toMatchObject({ status: 'done', receipt: { action: 'checked', reached: true } });
    const [{ n }] = await hub.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox_request WHERE kind = 'erasure' AND idempotency_key = 'down-1'");
    expect(n).toBe(1);
  });

  it('fails a step for good on PermanentStepError, with its reason, and runs it again when an operator retries it', async () => {
    let refuse = true;
    const strict: StepHandler = async () => {
      if (refuse) throw new PermanentStepError('legacy rule refuses the value');
      return { action: 'set', rowsUpdated: 1 };
    };
    const fine: StepHandler = async () => ({ action: 'set', rowsUpdated: 1 });
    const { request } = await submitRequest(hub, {
      kind: 'contact_update',
      idempotencyKey: 'permanent-1',
      requestedBy: 'customer:c-2',
      payload: { phone: '0612345678' },
      systems: ['a', 'b'],
    });
    const worker = start({ hubDb: hub, databases: { a: hub, b: hub }, handlers: { contact_update: { a: strict, b: fine } }, intervalMs: 100 });
    const failed = await until('the request failed', statusIs(request.id, 'failed'));
    expect(failed.steps.find((step) => step.system === 'a')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'PermanentStepError: legacy rule refuses the value',
      receipt: null,
    });
    expect(failed.steps.find((step) => step.system === 'a')?.failedAt).toBeInstanceOf(Date);
    expect(failed.steps.find((step) => step.system === 'b')?.status).toBe('done');
    // Not retried on its own.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await getRequest(hub, request.id))?.steps.find((step) => step.system === 'a')?.attempts).toBe(1);

    refuse = false;
    expect(await retryFailedSteps(hub, request.id)).toBe(1);
    worker.wake();
    const done = await until('the retried request done', statusIs(request.id, 'done'));
    expect(done.steps.find((step) => step.system === 'a')).toMatchObject({ status: 'done', attempts: 2, receipt: { action: 'set', rowsUpdated: 1 } });
  });
});

describe('crashes and concurrency', () => {
  let child: KillableChild;

  beforeAll(() => {
    child = compileChild(path.join(__dirname, 'support', 'outbox-child.ts'));
  }, 120_000);

  afterAll(() => child?.remove());

  it('completes a request exactly once per system after its worker is killed with -9 in the middle', async () => {
    await hub.query(KILL_TEST_TABLES);
    const { request } = await submitRequest(hub, {
      kind: KILL_TEST_KIND,
      idempotencyKey: 'kill-1',
      requestedBy: 'privacy_officer:alice',
      payload: { customerId: 'c-kill' },
      systems: ['alpha', 'beta'],
    });
    child.start({ OUTBOX_HUB_URL: databases.urls.customer, OUTBOX_LEASE_MS: '1500', OUTBOX_SLEEP_SECONDS: '20' });
    const childPid = child.pid();

    // Both steps under way in the child: alpha's effect committed, beta's not yet.
    await until('both steps running in the child', async () => {
      child.checkAlive();
      const runs = await hub.query<{ system: string }>('SELECT system FROM outbox_test_runs WHERE pid = $1', [childPid]);
      const effects = await hub.query<{ system: string }>('SELECT system FROM outbox_test_effects');
      return runs.length === 2 && effects.map((row) => row.system).join() === 'alpha' ? true : undefined;
    });
    const midway = (await getRequest(hub, request.id))!;
    expect(midway.status).toBe('running');
    expect(midway.steps.map((step) => step.status)).toEqual(['running', 'running']);

    expect(await child.kill()).toBe('SIGKILL');

    // A new worker claims both steps once the dead one's leases expire.
    start({ hubDb: hub, databases: { alpha: hub, beta: hub }, handlers: { [KILL_TEST_KIND]: killTestHandlers(0) }, intervalMs: 100, leaseMs: 1500 });
    const done = await until('the request done by the new worker', statusIs(request.id, 'done'));

    const effects = await hub.query<{ system: string; n: number }>(
      'SELECT system, count(*)::int AS n FROM outbox_test_effects WHERE request_id = $1 GROUP BY system ORDER BY system',
      [request.id],
    );
    expect(effects).toEqual([
      { system: 'alpha', n: 1 },
      { system: 'beta', n: 1 },
    ]);
    // Each handler ran twice (once per worker), the second time under the second attempt.
    const runs = await hub.query<{ system: string; pid: number; attempt: number }>(
      'SELECT system, pid, attempt FROM outbox_test_runs WHERE request_id = $1 ORDER BY system, attempt',
      [request.id],
    );
    expect(runs).toEqual([
      { system: 'alpha', pid: childPid, attempt: 1 },
      { system: 'alpha', pid: process.pid, attempt: 2 },
      { system: 'beta', pid: childPid, attempt: 1 },
      { system: 'beta', pid: process.pid, attempt: 2 },
    ]);
    expect(done.steps.map((step) => [step.system, step.attempts, step.receipt])).toEqual([
      ['alpha', 2, { effectsWritten: 0, alreadyApplied: true }],
      ['beta', 2, { effectsWritten: 1, alreadyApplied: false }],
    ]);
  }, 60_000);

  it('never lets two workers run the same step at once', async () => {
    // First the claim itself: ten claims racing over the same due steps take disjoint sets.
    const systems = ['s1', 's2', 's3'];
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const { request } = await submitRequest(hub, { kind: 'race', idempotencyKey: `claim-${i}`, requestedBy: 'test:race', payload: { i }, systems });
      ids.push(request.id);
    }
    const claimers = Array.from({ length: 10 }, () => open('customer', databases.urls.customer, 1));
    const claims = await Promise.all(
      claimers.map((db, n) => claimSteps(db, { owner: `racer-${n}`, leaseMs: 60_000, limit: 5, runnable: systems.map((system) => ({ kind: 'race', system })) })),
    );
    const claimed = claims.flat().map((claim) => `${claim.requestId}/${claim.system}`);
    expect(claimed).toHaveLength(36);
    expect(new Set(claimed).size).toBe(36);

    // Then two whole workers, each with its own pool, over 45 steps.
    const inProgress = new Set<string>();
    const overlaps: string[] = [];
    const runs: { key: string; owner: string }[] = [];
    const slow =
      (owner: string): StepHandler =>
      async ({ request, step }) => {
        const key = `${request.id}/${step.system}`;
        if (inProgress.has(key)) overlaps.push(key);
        inProgress.add(key);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inProgress.delete(key);
        runs.push({ key, owner });
        return { action: 'noop', rowsUpdated: 0 };
      };
    const requests: string[] = [];
    for (let i = 0; i < 15; i += 1) {
      const { request } = await submitRequest(hub, { kind: 'parallel', idempotencyKey: `parallel-${i}`, requestedBy: 'test:race', payload: { i }, systems });
      requests.push(request.id);
    }
    const pools = [open('customer', databases.urls.customer, 4), open('customer', databases.urls.customer, 4)];
    pools.forEach((db, n) =>
      start({
        hubDb: db,
        databases: Object.fromEntries(systems.map((system) => [system, db])),
        handlers: { parallel: Object.fromEntries(systems.map((system) => [system, slow(`worker-${n}`)])) },
        intervalMs: 50,
        concurrency: 4,
        owner: `worker-${n}`,
      }),
    );
    for (const id of requests) await until(`request ${id} done`, statusIs(id, 'done'));
    expect(overlaps).toEqual([]);
    expect(runs).toHaveLength(45);
    expect(new Set(runs.map((run) => run.key)).size).toBe(45);
    const [{ once }] = await hub.query<{ once: boolean }>(
      "SELECT bool_and(s.attempts = 1) AS once FROM outbox_step s JOIN outbox_request r ON r.id = s.request_id WHERE r.kind = 'parallel'",
    );
    expect(once).toBe(true);
    // Both took part: the test would prove nothing if one worker had run everything.
    expect(new Set(runs.map((run) => run.owner))).toEqual(new Set(['worker-0', 'worker-1']));
  });
});

describe('backoff', () => {
  it('doubles from the base, between half and all of each ceiling, up to the cap', () => {
    const options = { baseMs: 1000, capMs: 60_000 };
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, options, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, options, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelayMs(50, options, () => 1)).toBe(60_000);
    expect(backoffDelayMs(5000, options, () => 0.5)).toBe(45_000);
  });
});
