// `npm run bench [-- --people N[,M…]] [--seconds S] [--engines a,b,…] [--concurrency 1,10,50]
// [--workloads customer-360,…]`: the same workloads, in one run, against four ways of serving the
// graph, interleaved:
//   npm-start  — `npm start`'s layout (devtools/start.js: cluster of GRAPH_PROCESSES, default one
//                per core, each with the whole graph and in-process subgraph calls)
//   separate   — the separate-process layout: five `start:subgraph` processes, `start:gateway` in front
//   apollo     — stock @apollo/gateway, default options, plus the signature (test/bench/stock-apollo-gateway.ts)
//   hive       — Hive Gateway (npm) with gateway/hive/gateway.config.ts (its HMAC signing, JWT forwarding)
// The last three are in front of the same five subgraph processes. Workloads: customer-360 (an
// agent), the call-centre screen pop by phone (an agent), a history page (an agent), analyst
// counts (an analyst); each sequentially, at 10 and at 50 concurrent clients (closed loop: each
// client sends its next request when the last is answered; every client its own token subject, so
// that per-client limits are not what is measured). Each cell runs in two halves, engines in a
// rotated order, so none always runs first or last. Prints RPS, p50, p95, p99 and errors per cell,
// the ratios of npm-start to apollo and hive, and the SQL time on customer-360's critical path
// (measured in this process on an in-process graph) against the end-to-end p50.
// After the warm-up the bench waits for the engines' background work to settle (no statement over
// 200 ms for 5 s on any data set's cluster, at most 10 minutes): at 1,000,000 people every watcher's
// first digests take seconds of PostgreSQL, and fell in the first cells.
// Data: embedded PostgreSQL in .data/bench-<N>/ (kept between runs), N people generated on first
// use, identities resolved and the journal backfilled (each step timed, progress every 10 s). The
// load generator shares the machine.
// Several sizes (`--people 10000,1000000`): one embedded cluster and one set of engines per data
// set, all serving at once; each cell's halves rotate over every (data set, engine) pair, so the
// sizes are measured interleaved, under the same machine noise. Printed per data set: the table and
// the engine ratios; then, per engine and concurrency, each workload's p95 at the larger size ÷ its
// p95 at the smallest (customer-360's target: ≤ ×1.3, issue 14).
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { startGraph } from '../../gateway/graph';
import { signDevelopmentToken } from '../../gateway/dev-tokens';
import { registry } from '../../subgraphs/channels';
import { AuthConfig, DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, readGatewayConfig, SigningConfig, SubgraphName } from '../../subgraphs/kit/config';
import { withDatabase } from '../../subgraphs/kit/databases';
import { openDatabase } from '../../subgraphs/kit/database';
import { freePort } from '../../subgraphs/kit/embedded-postgres';
import { provideDevelopmentDatabases, DevelopmentDatabases } from '../../devtools/databases';
import { generateDataSet } from '../../devtools/data/generate';
import { resolveIdentities } from '../../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../../subgraphs/customer/journal/ingest';
import { CUSTOMER_360 } from '../support/queries';
import { percentile, seeded } from './stats';
import { measureSqlCriticalPath } from './sql-timing';
import { keptAlive, post } from './post';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(ROOT, 'dist');
const HIVE_BIN = path.join(ROOT, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
const ENGINES = ['npm-start', 'separate', 'apollo', 'hive'] as const;
type Engine = (typeof ENGINES)[number];

export const SCREEN_POP = `query ScreenPop($phone: String!) {
  customerByIdentifier(kind: PHONE, value: $phone) {
    normalisedValue
    candidates { id }
    customer {
      id
      household { id members { role } }
      openTickets { nodes { id subject status } }
      orders(first: 3) { nodes { reference status total { amount } } }
      receipts(first: 3) { nodes { id occurredAt total { amount } store { name } } }
      history(first: 5) { nodes { occurredAt channel reason } }
      marketingConsents { current { channel purpose granted } }
    }
  }
}`;
export const HISTORY_PAGE = `query History($id: ID!) { customer(id: $id) { id history(first: 20) { nodes { occurredAt channel reason role summary } pageInfo { hasNextPage endCursor } } } }`;
export const ANALYST_COUNTS = `{ interactionCounts(filter: { since: "2025-01-01T00:00:00Z" }, groupBy: [CHANNEL, WEEK]) { channel period count } }`;

const WORKLOADS = ['customer-360', 'screen-pop', 'history', 'analyst-counts'] as const;
/** Issue 14: customer-360's p95 at 1,000,000 people at most this many times its p95 at 10,000. */
const SCALE_TARGET = 1.3;

interface Options {
  /** One data set per size, ascending (the first is the reference of the scale ratios). */
  people: number[];
  seconds: number;
  engines: Engine[];
  concurrency: number[];
  workloads: string[];
}

function parseOptions(args: string[]): Options {
  const options: Options = { people: [10_000], seconds: 15, engines: [...ENGINES], concurrency: [1, 10, 50], workloads: [...WORKLOADS] };
  for (let i = 0; i < args.length; i += 1) {
    const value = args[i + 1] ?? '';
    if (args[i] === '--people' && /^\d+(,\d+)*$/.test(value) && value.split(',').every((n) => Number(n) > 0)) {
      options.people = [...new Set(value.split(',').map(Number))].sort((a, b) => a - b);
    } else if (args[i] === '--seconds' && /^\d+$/.test(value) && Number(value) > 0) {
      options.seconds = Number(value);
    } else if (args[i] === '--workloads' && value.split(',').every((w) => (WORKLOADS as readonly string[]).includes(w))) {
      options.workloads = value.split(',');
    } else if (args[i] === '--engines' && value.split(',').every((e) => (ENGINES as readonly string[]).includes(e))) {
      options.engines = value.split(',') as Engine[];
    } else if (args[i] === '--concurrency' && /^\d+(,\d+)*$/.test(value)) {
      options.concurrency = value.split(',').map(Number);
    } else {
      console.error(
        `bench: unknown argument ${args[i]} (understood: --people N[,M…], --seconds S, --engines ${ENGINES.join(',')}, --concurrency 1,10,50, --workloads ${WORKLOADS.join(',')})`,
      );
      process.exit(2);
    }
    i += 1;
  }
  return options;
}

/** A child process that prints `marker` (a regular expression) once it serves; its output kept for errors. */
/** Or, without a marker, once `probeUrl` answers a query (Hive Gateway loads its supergraph lazily). */
/** Each child's last output, shown when one of its requests fails. */
const outputs = new Map<string, () => string>();

async function startChild(label: string, args: string[], env: NodeJS.ProcessEnv, marker: RegExp | null, probeUrl?: string): Promise<{ child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  outputs.set(label, () => output.slice(-3000));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start within 120 s:\n${output.slice(-3000)}`)), 120_000);
    let done = false;
    const ready = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ child });
    };
    if (probeUrl) {
      const probe = async (): Promise<void> => {
        while (!done) {
          try {
            const response = await fetch(probeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
            if (response.ok) return ready();
          } catch {
            // not listening yet
          }
          await new Promise((wait) => setTimeout(wait, 200));
        }
      };
      void probe();
    }
    const seen = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
      if (marker && marker.test(output)) ready();
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => {
      done = true;
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code}):\n${output.slice(-3000)}`));
    });
  });
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface Workload {
  name: string;
  role: 'agent' | 'analyst';
  purpose: string | null;
  body: (random: () => number) => { query: string; variables?: Record<string, unknown> };
}

interface CellResult {
  requests: number;
  errors: number;
  firstError?: string;
  latencies: number[];
  seconds: number;
}

/** `clients` closed-loop clients for `seconds` against `url`; each client has its own token. */
async function drive(url: string, workload: Workload, tokens: string[], clients: number, seconds: number, random: () => number): Promise<CellResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const until = started + seconds * 1000;
  const target = new URL(url);
  const agent = keptAlive(clients);
  const client = async (index: number): Promise<void> => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens[index]}`, ...(workload.purpose ? { 'x-purpose': workload.purpose } : {}) };
    while (performance.now() < until) {
      const body = JSON.stringify(workload.body(random));
      const t0 = performance.now();
      try {
        const { status, text } = await post(target, headers, body, agent);
        const ms = performance.now() - t0;
        if (status !== 200 || text.includes('"errors"')) {
          errors += 1;
          firstError ??= `HTTP ${status} ${text.slice(0, 300)}`;
        } else latencies.push(ms);
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  agent.destroy();
  return { requests: latencies.length + errors, errors, firstError, latencies, seconds: (performance.now() - started) / 1000 };
}

function merge(into: CellResult | undefined, part: CellResult): CellResult {
  if (!into) return part;
  return {
    requests: into.requests + part.requests,
    errors: into.errors + part.errors,
    firstError: into.firstError ?? part.firstError,
    latencies: into.latencies.concat(part.latencies),
    seconds: into.seconds + part.seconds,
  };
}

/** A line at most every 10 s (and at each new step): a bench's output is often a file, where a bar does not move. */
function progressLine(what: string): (done: number, total: number, label: string, step?: string) => void {
  let last = 0;
  let lastStep = '';
  return (done, total, label, step = label) => {
    const now = Date.now();
    if (now - last < 10_000 && step === lastStep) return;
    last = now;
    lastStep = step;
    console.log(`  ${what} ${total > 1 ? `${((100 * done) / total).toFixed(0)}% (${done}/${total})` : ''} ${label}`);
  };
}

const since = (started: bigint): string => `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`;
const loadAverage = (): string => os.loadavg().map((n) => n.toFixed(2)).join(' ');

/** One data set: its embedded cluster, its customers and phone numbers, and the engines serving it. */
interface DataSet {
  people: number;
  databases: DevelopmentDatabases;
  urls: DevelopmentDatabases['urls'];
  ids: string[];
  phones: string[];
  engineUrls: Map<Engine, string>;
}

/** The embedded cluster of .data/bench-<people>/, generated, linked and backfilled on first use (each step timed). */
async function openDataSet(people: number): Promise<DataSet> {
  const dataDir = path.join(ROOT, '.data', `bench-${people}`);
  const databases = await provideDevelopmentDatabases(
    { ...process.env, EMBEDDED_POSTGRES_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()) },
    { truth: { create: true, why: 'a generated data set keeps its ground truth there' } },
  );
  try {
    const urls = databases.urls;
    const [{ cards }] = await withDatabase('store', urls.store, (db) => db.query<{ cards: number }>('SELECT count(*)::int AS cards FROM "CARTE_FIDELITE"'));
    if (cards === 0) {
      console.log(`${dataDir}: generating ${people} people (seed 42) … (load average ${loadAverage()})`);
      const report = await generateDataSet({ urls, people, seed: 42, onProgress: progressLine('generating') });
      console.log(`  ${report.totalRows} rows in ${report.seconds.toFixed(0)} s (load average ${loadAverage()})`);
    }
    const customers = () =>
      withDatabase('customer', urls.customer, (db) => db.query<{ id: string }>('SELECT DISTINCT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL ORDER BY 1'));
    let ids = (await customers()).map((row) => row.id);
    if (ids.length === 0) {
      console.log(`${people} people: resolving identities …`);
      const started = process.hrtime.bigint();
      await resolveIdentities(urls, { onProgress: progressLine('identity') });
      console.log(`  identities resolved in ${since(started)} (load average ${loadAverage()})`);
      ids = (await customers()).map((row) => row.id);
    }
    console.log(`${people} people: journal backfill (resumes; nothing to do when done) …`);
    const started = process.hrtime.bigint();
    const journal = await ingestTouchpoints(urls, { onProgress: journalProgress() });
    console.log(`  journal: ${journal.entries} new entries in ${since(started)}`);
    const phones = (
      await withDatabase('customer', urls.customer, (db) => db.query<{ value: string }>(`SELECT DISTINCT value FROM identity_identifier WHERE kind = 'phone' ORDER BY 1 LIMIT 20000`))
    ).map((row) => row.value);
    return { people, databases, urls, ids, phones, engineUrls: new Map() };
  } catch (error) {
    await databases.stop();
    throw error;
  }
}

function journalProgress(): (p: { feeds: number; feedsDone: number; read: number; entries: number; feed: string }) => void {
  const line = progressLine('journal');
  return (p) => line(p.feedsDone, p.feeds, `${p.feed}: ${p.read} read, ${p.entries} new`, p.feed);
}

/**
 * Waits until no engine's background work runs a long statement: the workers' first passes at a
 * large size (every watcher's first digests, seconds of PostgreSQL each) would otherwise fall in
 * the first cells. Settled: no statement of another session active for more than 200 ms on any
 * data set's cluster, at every look (every 500 ms) for 5 s; at most 10 minutes (then it says so).
 */
async function settleBackground(dataSets: readonly DataSet[]): Promise<void> {
  const BUSY = `SELECT count(*)::int AS busy FROM pg_stat_activity
                 WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                   AND now() - query_start > interval '200 milliseconds'`;
  const started = Date.now();
  const line = progressLine('background');
  const seconds = (): string => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const looks = dataSets.map((set) => openDatabase({ name: 'customer', url: set.urls.customer, max: 1 }));
  try {
    let quietSince = Date.now();
    while (Date.now() - quietSince < 5_000) {
      if (Date.now() - started > 10 * 60_000) {
        console.log('  background: still busy after 10 minutes; measuring anyway');
        return;
      }
      const busy = await Promise.all(looks.map(async (db) => (await db.query<{ busy: number }>(BUSY))[0].busy));
      if (busy.some((n) => n > 0)) {
        quietSince = Date.now();
        line(0, 1, `${busy.reduce((a, b) => a + b, 0)} long statements of the engines' workers running; waiting (${seconds()})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await Promise.all(looks.map((db) => db.close()));
  }
  console.log(`background settled in ${seconds()} (no statement over 200 ms for 5 s)`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const children: ChildProcess[] = [];
  const dataSets: DataSet[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.splice(0).map(stopChild));
    await Promise.all(dataSets.splice(0).map((set) => set.databases.stop()));
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  // The code measured is the build `npm run bench` made just before: its commit is read now, not
  // after the data sets open (minutes, at 1,000,000 people, during which a commit may land).
  const commit = await gitCommit();
  try {
    const loadBefore = loadAverage();
    for (const people of options.people) dataSets.push(await openDataSet(people));
    for (const set of dataSets) console.log(`${set.people} people: ${set.ids.length} customers, ${set.phones.length} phone numbers`);
    console.log(`${os.availableParallelism()} cores; commit ${commit}; load average ${loadAverage()}`);

    // One set of secrets for every engine and data set: the same tokens are valid everywhere.
    const auth: AuthConfig = { devSecret: randomBytes(32).toString('base64url'), issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, clockToleranceSeconds: 5 };
    const signing: SigningConfig = { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 };
    const { urlVariables } = registry().databases;
    const needSubgraphs = options.engines.some((engine) => engine !== 'npm-start');
    for (const set of dataSets) {
      const baseEnv: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'error',
        NODE_ENV: 'development',
        AUTH_DEV_SECRET: auth.devSecret,
        AUTH_ISSUER: auth.issuer,
        AUTH_AUDIENCE: auth.audience,
        GATEWAY_SIGNING_SECRET: signing.secret,
        SIGNATURE_MAX_AGE_SECONDS: String(signing.maxAgeSeconds),
        // Generous: a bench measures what a client waits; the per-client limit is one client per token anyway.
        MAX_CONCURRENT_REQUESTS: '10000',
        SUBGRAPH_TIMEOUT_MS: '30000',
        ...Object.fromEntries(Object.entries(set.urls).filter(([role]) => role in urlVariables).map(([role, url]) => [urlVariables[role as keyof typeof urlVariables], url])),
      };
      const tag = (name: string): string => (dataSets.length > 1 ? `${name}@${set.people}` : name);
      const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
      if (needSubgraphs) {
        // As `npm run start:subgraph -- <name>` runs them (compiled by the `npm run build` before the bench).
        await Promise.all(
          registry().definitions.map(async (definition) => {
            const port = await freePort();
            const started = await startChild(
              tag(definition.name),
              [path.join(DIST, 'subgraphs', 'start.js'), definition.name],
              { ...baseEnv, LOG_LEVEL: 'info', SUBGRAPH_PORT: String(port), SUBGRAPH_HOST: '127.0.0.1' },
              /subgraph listening/,
            );
            children.push(started.child);
            subgraphUrls[definition.name] = `http://127.0.0.1:${port}/graphql`;
          }),
        );
      }
      const subgraphEnv = Object.fromEntries(registry().subgraphNames.map((name) => [registry().subgraphUrlVariables[name], subgraphUrls[name]]));
      for (const engine of options.engines) {
        const port = await freePort();
        const env = { ...baseEnv, PORT: String(port), ...subgraphEnv };
        let started;
        if (engine === 'npm-start') {
          started = await startChild(tag(engine), [path.join(DIST, 'devtools', 'start.js')], env, /Customer Graph is ready: (\S+)/);
        } else if (engine === 'separate') {
          started = await startChild(tag(engine), [path.join(DIST, 'gateway', 'index.js')], { ...env, LOG_LEVEL: 'info' }, /gateway listening/);
        } else if (engine === 'apollo') {
          started = await startChild(tag(engine), [path.join(DIST, 'test', 'bench', 'stock-apollo-gateway.js')], env, /listening (\S+)/);
        } else {
          const hiveEnv = { ...env, NODE_ENV: 'development', SUBGRAPH_TIMEOUT_MS: '30000' };
          started = await startChild(
            tag(engine),
            [HIVE_BIN, 'supergraph', 'schema/supergraph.graphql', '--config-path', 'gateway/hive/gateway.config.ts', '--host', '127.0.0.1', '--port', String(port), '--disable-websockets'],
            hiveEnv,
            null,
            `http://127.0.0.1:${port}/graphql`,
          );
        }
        set.engineUrls.set(engine, `http://127.0.0.1:${port}/graphql`);
        children.push(started.child);
      }
    }

    const clients = Math.max(4, ...options.concurrency);
    const tokensFor = async (role: 'agent' | 'analyst'): Promise<string[]> =>
      Promise.all(Array.from({ length: clients }, (_, i) => signDevelopmentToken(auth.devSecret!, auth, { role, subject: `bench-${role}-${i}`, ttlSeconds: 6 * 3600 })));
    const tokens = { agent: await tokensFor('agent'), analyst: await tokensFor('analyst') };
    const pick = <T>(list: T[], random: () => number): T => list[Math.floor(random() * list.length)];
    const workloadsOf = (set: DataSet): Workload[] =>
      (
        [
        { name: 'customer-360', role: 'agent', purpose: 'screen_pop', body: (r) => ({ query: CUSTOMER_360, variables: { id: pick(set.ids, r) } }) },
        { name: 'screen-pop', role: 'agent', purpose: 'screen_pop', body: (r) => ({ query: SCREEN_POP, variables: { phone: pick(set.phones, r) } }) },
        { name: 'history', role: 'agent', purpose: 'screen_pop', body: (r) => ({ query: HISTORY_PAGE, variables: { id: pick(set.ids, r) } }) },
          { name: 'analyst-counts', role: 'analyst', purpose: null, body: () => ({ query: ANALYST_COUNTS }) },
        ] as Workload[]
      ).filter((workload) => options.workloads.includes(workload.name));
    const workloads = new Map(dataSets.map((set) => [set, workloadsOf(set)]));
    const workloadNames = options.workloads.filter((name) => (WORKLOADS as readonly string[]).includes(name));
    const ordered = WORKLOADS.filter((name) => workloadNames.includes(name));

    // Warm-up: every data set, engine and workload (plans cached, pools filled, JIT warm); failures stop here.
    for (const set of dataSets) {
      for (const engine of options.engines) {
        for (const workload of workloads.get(set)!) {
          const warm = await drive(set.engineUrls.get(engine)!, workload, tokens[workload.role], 4, 2, seeded(1));
          if (warm.errors > 0) throw new Error(`${engine} (${set.people} people) ${workload.name} fails: ${warm.firstError}\n${engine} said:\n${outputs.get(engine)?.() ?? ''}`);
        }
      }
    }
    await settleBackground(dataSets);
    const loadStart = loadAverage();

    // Every (data set, engine) pair is one target; each half rotates their order.
    const targets = dataSets.flatMap((set) => options.engines.map((engine) => ({ set, engine })));
    const results = new Map<string, CellResult>();
    const key = (people: number, engine: Engine, workload: string, concurrency: number) => `${people}|${engine}|${workload}|${concurrency}`;
    let rotation = 0;
    for (const name of ordered) {
      for (const concurrency of options.concurrency) {
        for (let half = 0; half < 2; half += 1) {
          const order = targets.map((_, i) => targets[(i + rotation) % targets.length]);
          rotation += 1;
          for (const { set, engine } of order) {
            const workload = workloads.get(set)!.find((w) => w.name === name)!;
            // The same seed for every target in this half (the same requests on each engine of a data set).
            const part = await drive(set.engineUrls.get(engine)!, workload, tokens[workload.role], concurrency, options.seconds / 2, seeded(1000 + rotation));
            const cell = key(set.people, engine, name, concurrency);
            results.set(cell, merge(results.get(cell), part));
          }
        }
        process.stdout.write('.');
      }
    }
    console.log('\n');
    const loadEnd = loadAverage();

    // The tables, one per data set.
    const label = (c: number) => (c === 1 ? 'seq' : `c${c}`);
    const sortedOf = (cell: CellResult): number[] => [...cell.latencies].sort((a, b) => a - b);
    const ours: Engine = 'npm-start';
    for (const set of dataSets) {
      console.log(`people ${set.people}, ${options.seconds} s per cell (two interleaved halves), commit ${commit}, ${os.availableParallelism()} cores`);
      console.log('workload        conc engine       RPS      p50 ms   p95 ms   p99 ms  errors');
      for (const name of ordered) {
        for (const concurrency of options.concurrency) {
          for (const engine of options.engines) {
            const cell = results.get(key(set.people, engine, name, concurrency))!;
            const sorted = sortedOf(cell);
            console.log(
              `${name.padEnd(15)} ${label(concurrency).padEnd(4)} ${engine.padEnd(10)} ${(cell.latencies.length / cell.seconds).toFixed(0).padStart(6)} ` +
                `${percentile(sorted, 50).toFixed(1).padStart(8)} ${percentile(sorted, 95).toFixed(1).padStart(8)} ${percentile(sorted, 99).toFixed(1).padStart(8)} ${String(cell.errors).padStart(7)}` +
                (cell.firstError ? `  first error: ${cell.firstError.slice(0, 120)}` : ''),
            );
          }
        }
      }
      if (options.engines.includes(ours) && options.engines.length > 1) {
        console.log('\nratios, npm-start against each (RPS: higher is better; p50: lower is better)');
        for (const other of options.engines.filter((engine) => engine !== ours)) {
          for (const name of ordered) {
            const line = options.concurrency.map((concurrency) => {
              const a = results.get(key(set.people, ours, name, concurrency))!;
              const b = results.get(key(set.people, other, name, concurrency))!;
              const rps = a.latencies.length / a.seconds / (b.latencies.length / b.seconds);
              const p50 = percentile(sortedOf(a), 50) / percentile(sortedOf(b), 50);
              return `${label(concurrency)} RPS ×${rps.toFixed(2)} p50 ×${p50.toFixed(2)}`;
            });
            console.log(`  vs ${other.padEnd(9)} ${name.padEnd(15)} ${line.join(' | ')}`);
          }
        }
      }
      console.log('');
    }

    // Scale: each larger data set against the smallest, same engine, same concurrency, same run.
    if (dataSets.length > 1) {
      const [base, ...larger] = dataSets;
      console.log(`scale (p95 of the same cell, measured interleaved in this run; load average ${loadStart} at the start, ${loadEnd} at the end):`);
      for (const set of larger) {
        for (const engine of options.engines) {
          for (const name of ordered) {
            for (const concurrency of options.concurrency) {
              const big = percentile(sortedOf(results.get(key(set.people, engine, name, concurrency))!), 95);
              const small = percentile(sortedOf(results.get(key(base.people, engine, name, concurrency))!), 95);
              const ratio = big / small;
              const target = name === 'customer-360' ? ` (target ≤ ×${SCALE_TARGET}: ${ratio <= SCALE_TARGET ? 'met' : 'NOT met'})` : '';
              console.log(
                `  ${engine.padEnd(10)} ${label(concurrency).padEnd(4)} ${name} p95 at ${set.people} ÷ p95 at ${base.people} = ×${ratio.toFixed(2)}` +
                  ` (${big.toFixed(1)} ÷ ${small.toFixed(1)} ms)${target}`,
              );
            }
          }
        }
      }
      console.log('');
    }

    // SQL on the critical path: the engines stopped, so that nothing else runs meanwhile.
    await Promise.all(children.splice(0).map(stopChild));
    if (ordered.includes('customer-360')) {
      for (const set of dataSets) {
        const seqP50 =
          options.concurrency.includes(1) && options.engines.includes(ours) ? percentile(sortedOf(results.get(key(set.people, ours, 'customer-360', 1))!), 50) : undefined;
        const graph = await startGraph({
          databaseUrls: set.urls,
          signing,
          auth,
          gateway: { ...readGatewayConfig({}), port: 0, subgraphTimeoutMs: 30_000, maxConcurrentRequests: 10_000 },
          inProcessCalls: true,
        });
        try {
          const sql = await measureSqlCriticalPath(graph.gateway.url, tokens.agent[0], (r) => ({ query: CUSTOMER_360, variables: { id: pick(set.ids, r) } }), 500);
          console.log(
            `customer-360 at ${set.people} people, sequential, ${sql.requests} requests on one in-process graph in the bench process (statements timed at the pg client):` +
              `\n  SQL on the critical path (union of the request's statement intervals) p50 ${sql.criticalP50.toFixed(2)} ms; all statements summed p50 ${sql.sumP50.toFixed(2)} ms; ${sql.statementsPerRequest.toFixed(1)} statements per request` +
              `\n  end to end here p50 ${sql.endToEndP50.toFixed(2)} ms: ×${(sql.endToEndP50 / sql.criticalP50).toFixed(2)} the SQL on the critical path (target ≤ ×1.5: the same requests, timed together)` +
              // The table's figure comes from other requests, at another moment (the machine's load
              // moves): a ratio of the two says how far apart the moments were as much as anything.
              (seqP50 !== undefined
                ? `\n  npm-start end to end (sequential, in the table, other requests at another moment) p50 ${seqP50.toFixed(2)} ms: ×${(seqP50 / sql.criticalP50).toFixed(2)} this SQL figure, for reference`
                : ''),
          );
        } finally {
          await graph.stop();
        }
      }
    }
    console.log(`\nload average: ${loadBefore} before the data sets were opened, ${loadStart} after the warm-up, ${loadEnd} after the cells, ${loadAverage()} now`);
    const extra = [
      options.engines.length < ENGINES.length ? ` --engines ${options.engines.join(',')}` : '',
      options.concurrency.join(',') !== '1,10,50' ? ` --concurrency ${options.concurrency.join(',')}` : '',
      options.workloads.length < WORKLOADS.length ? ` --workloads ${options.workloads.join(',')}` : '',
    ].join('');
    console.log(
      `reproduce: npm run bench -- --people ${options.people.join(',')} --seconds ${options.seconds}${extra}   (data in ${options.people.map((n) => `.data/bench-${n}/`).join(', ')}, generated on first use)`,
    );
  } finally {
    await stop();
  }
}

/** HEAD's short hash, and whether tracked files differed from it (the build then measured them too). */
async function gitCommit(): Promise<string> {
  const [head, changes] = await Promise.all([git(['rev-parse', '--short', 'HEAD']), git(['status', '--porcelain', '--untracked-files=no'])]);
  return `${head || 'unknown'}${changes ? ' with uncommitted changes' : ''}`;
}

function git(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('git', args, { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', () => resolve(out.trim()));
    child.on('error', () => resolve(''));
  });
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
