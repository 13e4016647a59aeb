// The whole graph in one process, on databases already provided: the hub migrated (idempotent), a
// first bulk identity resolution when the hub has no links, the five subgraphs on loopback ports
// and the gateway (gateway/graph.ts), the hub's background loops, Ctrl-C stopping everything
// (the databases included). `npm start` runs it through its development launcher (devtools/start.ts),
// which provides the databases and generates a first data set.
import 'reflect-metadata';
import cliProgress from 'cli-progress';
import { AuthConfig, isProduction, readAuthConfig, readGatewayConfig, readSigningConfig } from '../subgraphs/kit/config';
import { TOKEN_ROLES } from '../subgraphs/kit/access/principal';
import { developmentSecret, signDevelopmentToken } from './dev-tokens';
import { migrateHub, withDatabase } from '../subgraphs/kit/databases';
import type { ProvidedDatabases } from '../subgraphs/kit/provide-databases';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { HubWatchers, startWatchers } from '../subgraphs/customer/watchers';
import { onShutdown } from '../subgraphs/kit/shutdown';
import { RunningGraph, startGraph } from './graph';

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
 * (with everything stopped) when it cannot start.
 */
export async function runSingleProcessGraph(databases: ProvidedDatabases): Promise<void> {
  let graph: RunningGraph | undefined;
  let watchers: HubWatchers | undefined;
  const stopAll = async (): Promise<void> => {
    await watchers?.stop();
    await graph?.stop();
    await databases.stop();
  };
  onShutdown(stopAll);
  try {
    const gatewayConfig = readGatewayConfig();
    const authConfig = readAuthConfig();
    // Production shares one signing secret across processes and restarts: never a drawn one.
    const signing = readSigningConfig(process.env, !isProduction());
    await migrateHub(databases.urls.customer);
    if (await hubIsEmpty(databases.urls.customer)) await resolveFirstIdentities(databases);
    graph = await startGraph({ databaseUrls: databases.urls, signing, gateway: gatewayConfig, auth: authConfig });
    // New legacy records linked, and every channel's touchpoints journaled, within seconds.
    watchers = startWatchers(databases.urls);
    const example = await withDatabase('customer', databases.urls.customer, (db) =>
      db.query<{ id: string }>('SELECT id FROM customer ORDER BY created_at, id LIMIT 1'),
    );
    console.log(`\nCustomer Graph is ready: ${graph.gateway.url.replace('127.0.0.1', 'localhost')} (explorer in a browser)`);
    console.log(`Health: ${graph.gateway.url.replace('/graphql', '/health').replace('127.0.0.1', 'localhost')}`);
    if (example[0]) console.log(`Try: { customer(id: "${example[0].id}") { id } }`);
    if (!authConfig.jwksUrl) await printDevelopmentTokens(authConfig, example[0]?.id);
    console.log('Ctrl-C stops everything, PostgreSQL included.\n');
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
