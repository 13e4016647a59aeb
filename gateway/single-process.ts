// The whole graph on databases already provided: the hub migrated (idempotent), a first bulk
// identity resolution when the hub has no links, then the five subgraphs and the gateway
// (gateway/graph.ts, subgraph calls in-process), the hub's background loops, Ctrl-C stopping
// everything (the databases included). `npm start` runs it through its development launcher
// (devtools/start.ts), which provides the databases and generates a first data set.
//
// Every core: with GRAPH_PROCESSES > 1 (default: os.availableParallelism()) this process is a
// `node:cluster` primary. It prepares the databases, then forks that many workers, each running the
// whole graph (subgraphs and gateway, calls in-process) on the same port: the cluster shares the
// gateway's listening socket and hands each new connection to the next worker. The background loops
// (identity links, journal, consent, privacy outbox) run once, in the primary, never per worker; the
// embedded PostgreSQL is the launcher's, started once. A worker that dies is replaced; Ctrl-C or
// SIGTERM stops the workers, then the loops, then PostgreSQL. GRAPH_PROCESSES=1: one process, as before.
import 'reflect-metadata';
import cluster, { Worker } from 'node:cluster';
import os from 'node:os';
import cliProgress from 'cli-progress';
import {
  AuthConfig,
  ConfigError,
  isProduction,
  readAuthConfig,
  readChangeStreamSetting,
  readGatewayConfig,
  readReadModelSetting,
  readSigningConfig,
} from '../subgraphs/kit/config';
import { TOKEN_ROLES } from '../subgraphs/kit/access/principal';
import { developmentSecret, signDevelopmentToken } from './dev-tokens';
import { migrateHub, withDatabase } from '../subgraphs/kit/databases';
import { databaseUrlsFromEnv, ProvidedDatabases } from '../subgraphs/kit/provide-databases';
import { registry } from '../subgraphs/channels';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { HubWatchers, startWatchers } from '../subgraphs/customer/watchers';
import { logger } from '../subgraphs/kit/logger';
import { onShutdown } from '../subgraphs/kit/shutdown';
import { RunningGraph, startGraph } from './graph';

/** How many processes serve the graph: GRAPH_PROCESSES, default one per core; 1 runs no cluster. */
export function readGraphProcesses(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.GRAPH_PROCESSES;
  if (given === undefined || given === '') return os.availableParallelism();
  if (!/^\d{1,3}$/.test(given) || Number(given) < 1) throw new ConfigError(`GRAPH_PROCESSES must be a whole number of processes, 1 or more, got "${given}"`);
  return Number(given);
}

/** What a worker tells the primary once its graph serves. */
interface WorkerReady {
  kind: 'graph-ready';
  url: string;
}

async function hubIsEmpty(url: string): Promise<boolean> {
  return withDatabase('customer', url, async (db) => {
    const [{ links }] = await db.query<{ links: number }>('SELECT count(*)::int AS links FROM identity_link');
    return links === 0;
  });
}

/** First start (or a hub never resolved): one bulk resolution, so every customer has an id. */
async function resolveFirstIdentities(databases: ProvidedDatabases): Promise<void> {
  console.log('Resolving identities: one customer id behind every legacy identifier…');
  const bar = new cliProgress.SingleBar({ format: ' {bar} {value}/{total} steps | {label}', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(1, 0, { label: '' });
  try {
    const report = await resolveIdentities(databases.urls, {
      onProgress: (done, total, label) => {
        bar.setTotal(total);
        bar.update(done, { label });
      },
    });
    bar.stop();
    console.log(`${report.customers} customers from ${report.recordsRead} records in ${report.seconds.toFixed(1)} s.`);
  } catch (error) {
    bar.stop();
    throw error;
  }
}

/** Development: one token per role, valid 12 hours, to paste in the explorer (README "Who may see what"). */
async function printDevelopmentTokens(config: AuthConfig, customerId: string | undefined): Promise<void> {
  const secret = developmentSecret(config);
  console.log('\nDevelopment tokens (12 h; header "Authorization: Bearer <token>"; more with "npm run token"):');
  for (const role of TOKEN_ROLES) {
    if (role === 'customer' && !customerId) continue;
    const token = await signDevelopmentToken(secret, config, {
      role,
      ttlSeconds: 12 * 3600,
      ...(role === 'customer' ? { customerId } : {}),
      ...(role === 'service' ? { scopes: ['read:customer', 'read:store', 'read:ecommerce', 'read:callcentre', 'read:marketing'] } : {}),
    });
    console.log(`  ${role.padEnd(16)} ${token}`);
  }
}

/**
 * Runs the graph on `databases` until Ctrl-C or SIGTERM, which stop it and the databases. Rejects
 * (with everything stopped) when it cannot start. In a cluster primary (GRAPH_PROCESSES > 1) the
 * graph runs in the workers (`runGraphWorker`), started by `cluster.fork` from the same script.
 */
export async function runSingleProcessGraph(databases: ProvidedDatabases): Promise<void> {
  let graph: RunningGraph | undefined;
  let watchers: HubWatchers | undefined;
  let stopping = false;
  /** Set once every worker served: from then on, a worker that dies is replaced. */
  let serving = false;
  const workers = new Set<Worker>();
  const stopWorkers = async (): Promise<void> => {
    await Promise.all(
      [...workers].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), 10_000);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  };
  const stopAll = async (): Promise<void> => {
    stopping = true;
    await stopWorkers();
    await watchers?.stop();
    await graph?.stop();
    await databases.stop();
  };
  onShutdown(stopAll);
  try {
    const processes = readGraphProcesses();
    const gatewayConfig = readGatewayConfig();
    const authConfig = readAuthConfig();
    // READ_MODEL (kit/read-model.ts): read by the graph's loaders, kept fresh by the watchers.
    const readModels = readReadModelSetting();
    const changeStream = readChangeStreamSetting(registry().legacySystems);
    // Production shares one signing secret across processes and restarts: never a drawn one.
    const signing = readSigningConfig(process.env, !isProduction());
    await migrateHub(databases.urls.customer);
    if (await hubIsEmpty(databases.urls.customer)) await resolveFirstIdentities(databases);
    let url: string;
    if (processes === 1) {
      graph = await startGraph({ databaseUrls: databases.urls, signing, gateway: gatewayConfig, auth: authConfig, inProcessCalls: true, readModels });
      url = graph.gateway.url;
    } else {
      // Drawn once here, so that every worker verifies the same development tokens.
      if (!authConfig.jwksUrl) developmentSecret(authConfig);
      const { urlVariables } = registry().databases;
      const env: NodeJS.ProcessEnv = {
        ...Object.fromEntries(Object.entries(databases.urls).map(([role, databaseUrl]) => [urlVariables[role as keyof typeof urlVariables], databaseUrl])),
        GATEWAY_SIGNING_SECRET: signing.secret,
        SIGNATURE_MAX_AGE_SECONDS: String(signing.maxAgeSeconds),
      };
      const fork = (): Promise<string> =>
        new Promise((resolve, reject) => {
          const worker = cluster.fork(env);
          workers.add(worker);
          worker.on('message', (message: WorkerReady) => {
            if (message?.kind === 'graph-ready') resolve(message.url);
          });
          worker.once('exit', (code, signal) => {
            workers.delete(worker);
            reject(new Error(`a graph worker exited while starting (${signal ?? code})`));
            if (stopping || !serving) return;
            logger.error({ pid: worker.process.pid, code, signal }, 'graph worker exited: starting another');
            fork().catch((error: unknown) => logger.error({ err: (error as Error).message }, 'a replacement graph worker failed to start'));
          });
        });
      const urls = await Promise.all(Array.from({ length: processes }, fork));
      url = urls[0];
      serving = true;
      console.log(`${processes} graph processes (GRAPH_PROCESSES; default one per core) share the gateway's port.`);
    }
    // New legacy records linked, and every channel's touchpoints journaled, within seconds: once, here.
    watchers = startWatchers(databases.urls, undefined, { readModels, changeStream });
    const example = await withDatabase('customer', databases.urls.customer, (db) =>
      db.query<{ id: string }>('SELECT id FROM customer ORDER BY created_at, id LIMIT 1'),
    );
    console.log(`\nCustomer Graph is ready: ${url.replace('127.0.0.1', 'localhost')} (explorer in a browser)`);
    console.log(`Health: ${url.replace('/graphql', '/health').replace('127.0.0.1', 'localhost')}`);
    if (example[0]) console.log(`Try: { customer(id: "${example[0].id}") { id } }`);
    if (!authConfig.jwksUrl) await printDevelopmentTokens(authConfig, example[0]?.id);
    console.log('Ctrl-C stops everything, PostgreSQL included.\n');
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

/**
 * A cluster worker: the whole graph (subgraphs and gateway, calls in-process) on the databases and
 * signing secret the primary passed in its environment; no migration, no background loop (the
 * primary's). Stops on SIGTERM (from the primary) or Ctrl-C.
 */
export async function runGraphWorker(): Promise<void> {
  const databaseUrls = databaseUrlsFromEnv(registry().databases, process.env);
  if (!databaseUrls) throw new ConfigError('a graph worker needs every *_DATABASE_URL from its primary');
  const graph = await startGraph({
    databaseUrls,
    signing: readSigningConfig(process.env),
    gateway: readGatewayConfig(),
    auth: readAuthConfig(),
    inProcessCalls: true,
    readModels: readReadModelSetting(),
  });
  onShutdown(() => graph.stop());
  const ready: WorkerReady = { kind: 'graph-ready', url: graph.gateway.url };
  process.send?.(ready);
}
