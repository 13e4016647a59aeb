// The project's own processes, compiled as `npm run build` makes them. `npm run start:workers` as the
// separate-process layout runs it: the compiled entry point in its own
// process, on this file's database copies. A web account and its order written into the legacy
// shop while it runs reach the hub (a link, a journal entry) within 5 seconds; SIGTERM stops it
// cleanly (exit 0); without its database URLs it refuses to start, naming them. The database
// commands (kit/command.ts) refuse unknown arguments before starting anything.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { projectPath, withDatabase } from '../subgraphs/kit/databases';
import { registry } from '../subgraphs/channels';
import { createTestDatabases, TestDatabases } from './support/test-databases';

let databases: TestDatabases;
let build: string;
let entry: string;

beforeAll(async () => {
  databases = await createTestDatabases();
  await resolveIdentities(databases.urls);
  // Compiled as `npm run build` does, into a private folder inside the project (so node_modules resolves).
  build = projectPath('.data', `test-build-${process.pid}-${Date.now()}`);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', projectPath('tsconfig.json'), '--outDir', build], { stdio: 'pipe' });
  entry = path.join(build, 'subgraphs', 'customer', 'workers.js');
}, 120_000);

afterAll(async () => {
  if (build) fs.rmSync(build, { recursive: true, force: true });
  await databases?.drop();
});

/** The environment of a deployment: the five URLs and nothing of the test runner's own. */
function workerEnv(urls: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LOG_LEVEL: 'info' };
  for (const [role, url] of Object.entries(urls)) if (role !== 'truth') env[registry().databases.urlVariables[role]] = url;
  return env;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

it('refuses to start without its database URLs, naming the missing ones', async () => {
  const { customer } = databases.urls;
  const child = spawn(process.execPath, [entry], { env: workerEnv({ customer }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  expect(await exitOf(child)).toBe(1);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toContain('STORE_DATABASE_URL, ECOMMERCE_DATABASE_URL, CALLCENTRE_DATABASE_URL, MARKETING_DATABASE_URL');
  // The one that is set is not reported missing.
  expect(stderr.slice(0, stderr.indexOf(' missing'))).not.toContain('CUSTOMER_DATABASE_URL');

  // None at all: it does not fall back to an embedded PostgreSQL of its own.
  const bare = spawn(process.execPath, [entry], { env: workerEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let bareErr = '';
  bare.stderr!.on('data', (chunk: Buffer) => (bareErr += chunk.toString()));
  expect(await exitOf(bare)).toBe(1);
  expect(bareErr).toContain('start:workers needs');
});

it('links a new web account and journals its order within 5 seconds, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [entry], { env: workerEnv(databases.urls), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = exitOf(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const started = Date.now();
    while (!output.includes('hub workers running') && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output).toContain('hub workers running');

    const { account, order } = await withDatabase('ecommerce', databases.urls.ecommerce, async (db) => {
      const [{ id }] = await db.query<{ id: number }>(
        `INSERT INTO customers (email, password_hash, first_name, last_name, phone, newsletter, created_at, updated_at)
         VALUES ('ouvriere.nouvelle@example.fr', 'x', 'Inès', 'Ouvrière', NULL, false, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
         RETURNING id`,
      );
      const [row] = await db.query<{ id: number }>(
        `INSERT INTO orders (id, reference, customer_id, status, total_amount, currency, placed_at, updated_at)
         SELECT max(id) + 1, 'CMD-9990777', $1, 'paid', 19.90, 'EUR', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM orders RETURNING id`,
        [id],
      );
      return { account: String(id), order: String(row.id) };
    });
    const written = Date.now();
    let seen = { linked: false, journaled: false };
    while (!(seen.linked && seen.journaled) && Date.now() - written < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      seen = await withDatabase('customer', databases.urls.customer, async (db) => {
        const [row] = await db.query<{ linked: boolean; journaled: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM identity_link WHERE system = 'ecommerce' AND local_key = $1 AND unlinked_at IS NULL) AS linked,
                  EXISTS (SELECT 1 FROM touchpoint WHERE source_kind = 'order' AND source_key = $2 AND identity_key = $1) AS journaled`,
          [account, order],
        );
        return row;
      });
    }
    console.log(`workers: account linked ${seen.linked}, order journaled ${seen.journaled} after ${Date.now() - written} ms`);
    expect(seen).toEqual({ linked: true, journaled: true });
    // Counts and timings only: neither the e-mail nor the name reaches the log.
    expect(output).not.toContain('ouvriere.nouvelle');
    expect(output).not.toContain('Ouvrière');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}, 60_000);

it('a database command refuses unknown arguments in one line, exit 2, before starting anything', async () => {
  for (const [cli, argument] of [
    [path.join(build, 'subgraphs', 'customer', 'journal', 'backfill-cli.js'), '--batch=0'],
    [path.join(build, 'subgraphs', 'customer', 'identity', 'resolve-cli.js'), '--everything'],
    [path.join(build, 'devtools', 'identity-score-cli.js'), 'now'],
    [path.join(build, 'devtools', 'db-setup-cli.js'), '--everything'],
  ]) {
    // Pointed at a port where nothing listens: a command that started anything would fail otherwise.
    const child = spawn(process.execPath, [cli, argument], {
      env: { PATH: process.env.PATH, EMBEDDED_POSTGRES_PORT: '1', EMBEDDED_POSTGRES_DIR: path.join(build, 'no-postgres') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect({ cli: path.basename(cli), code: await exitOf(child) }).toEqual({ cli: path.basename(cli), code: 2 });
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(`unknown argument`)]);
    expect(stderr).toContain(argument);
    expect(stdout).toBe('');
    expect(fs.existsSync(path.join(build, 'no-postgres'))).toBe(false);
  }
});
