// `npm run bench:history [-- --iterations N] [--rebuild-journal]`: backfills the journal and measures, over real HTTP
// through the gateway, how long customer history pages and analyst interaction counts take.
// Databases come from provideDatabases (the *_DATABASE_URL variables, or embedded PostgreSQL in
// .data/: EMBEDDED_POSTGRES_PORT / EMBEDDED_POSTGRES_DIR choose which). The legacy databases must
// hold data (`npm run generate -- --people N`). Identity resolution runs first when the hub has no
// links. Prints the backfill figures, then p50 / p95 / max in ms per query, one line each.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { startGraph, RunningGraph } from '../../gateway/graph';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, readGatewayConfig } from '../../subgraphs/kit/config';
import { signDevelopmentToken } from '../../gateway/dev-tokens';
import { withDatabase } from '../../subgraphs/kit/databases';
import { registry } from '../../subgraphs/channels';
import { provideDatabases, ProvidedDatabases } from '../../subgraphs/kit/provide-databases';
import { resolveIdentities } from '../../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../../subgraphs/customer/journal/ingest';
import { percentile, seeded } from './stats';

const WARM_UP = 5;

interface BenchOptions {
  iterations: number;
  /** Empty the journal first, so that the backfill figure is a whole backfill. */
  rebuildJournal: boolean;
}

function parseOptions(args: string[]): BenchOptions {
  const options: BenchOptions = { iterations: 50, rebuildJournal: false };
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--rebuild-journal') options.rebuildJournal = true;
    else if (args[i] === '--iterations' && /^\d+$/.test(args[i + 1] ?? '') && Number(args[i + 1]) > 0) options.iterations = Number(args[++i]);
    else throw new Error(`unknown argument ${args[i]} (understood: --iterations N, --rebuild-journal)`);
  }
  return options;
}

/** Set on SIGINT / SIGTERM: the queries then in flight fail, and that is not the error to report. */
let stopping = false;

const HISTORY = `history(first: 20) { edges { node { occurredAt channel reason summary } } }`;
const ENTRY = 'id customerId occurredAt channel reason role summary';
const HISTORY_WITH_RECORDS = `history(first: 20) { nodes { occurredAt channel reason summary record { __typename
  ... on Receipt { id occurredAt } ... on LoyaltyMovement { id points } ... on Order { reference orderStatus: status } ... on Cart { id updatedAt }
  ... on Search { id searchedAt } ... on Review { id rating } ... on Call { id startedAt } ... on Ticket { id ticketStatus: status }
  ... on CallbackWindow { id windowStart } ... on Message { id sentAt } ... on Coupon { code } ... on Campaign { id }
  ... on MarketingConsentRecord { id granted } } } }`;

async function main(): Promise<void> {
  let databases: ProvidedDatabases | undefined;
  let graph: RunningGraph | undefined;
  const stop = async (): Promise<void> => {
    const runningGraph = graph;
    graph = undefined;
    await runningGraph?.stop().catch((error: unknown) => console.error(`stopping the graph failed: ${(error as Error).message}`));
    const runningDatabases = databases;
    databases = undefined;
    await runningDatabases?.stop();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    console.error(`bench:history interrupted (${signal}): stopping the graph and the databases`);
    stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const { iterations, rebuildJournal } = parseOptions(process.argv.slice(2));
  try {
    databases = await provideDatabases(registry().databases);
    const urls = databases.urls;

    // The legacy databases must hold data.
    let legacyRows = 0;
    for (const system of registry().legacySystems) {
      legacyRows += await withDatabase(system, urls[system], async (db) => {
        const tables = await db.query<{ name: string }>(
          `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
             FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
        );
        for (const { name } of tables) {
          const [row] = await db.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${name}) AS any`);
          if (row.any) return 1;
        }
        return 0;
      });
    }
    if (legacyRows === 0) {
      throw new Error('the legacy databases are empty: run `npm run generate -- --people N` first (same EMBEDDED_POSTGRES_* or *_DATABASE_URL settings)');
    }

    // Identity resolution when the hub has no links yet.
    const links = await withDatabase('customer', urls.customer, async (db) => {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM identity_link WHERE unlinked_at IS NULL');
      return row.n;
    });
    if (links === 0) {
      console.log('hub has no links: resolving identities …');
      const t0 = process.hrtime.bigint();
      const report = await resolveIdentities(urls);
      console.log(`identity: ${report.activeLinks} links, ${report.customers} customers in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s`);
    } else {
      console.log(`identity: ${links} active links already (resolution skipped)`);
    }

    // Backfill (a whole one with --rebuild-journal: the journal, its daily counts and the feed
    // positions are emptied first).
    if (rebuildJournal) {
      await withDatabase('customer', urls.customer, (db) => db.query('TRUNCATE touchpoint, touchpoint_feed_cursor RESTART IDENTITY'));
      console.log('journal emptied (--rebuild-journal): the backfill reads every feed from the beginning');
    }
    const ingest = await ingestTouchpoints(urls);
    console.log(
      `backfill: entries ${ingest.entries} (updated ${ingest.updated}, read ${ingest.read}); seconds ${ingest.seconds.toFixed(2)}; entries/s ${ingest.entriesPerSecond}`,
    );
    const { journal, customerIds, newest, stores } = await withDatabase('customer', urls.customer, async (db) => {
      const [j] = await db.query<{ n: number; newest: Date | null }>('SELECT count(*)::int AS n, max(occurred_at) AS newest FROM touchpoint');
      const ids = await db.query<{ id: string }>('SELECT id::text AS id FROM customer ORDER BY id');
      const codes = await db.query<{ code: string }>(`SELECT DISTINCT store_code AS code FROM touchpoint_daily WHERE store_code IS NOT NULL ORDER BY 1`);
      return { journal: j.n, customerIds: ids.map((r) => r.id), newest: j.newest, stores: codes.map((r) => r.code) };
    });
    console.log(`journal: ${journal} entries in total; ${customerIds.length} customers`);
    if (customerIds.length === 0 || !newest) throw new Error('no customers or no journal entries to measure');

    // The whole graph, with the gateway's own limits (MAX_QUERY_COST etc. as configured).
    const gatewayConfig = readGatewayConfig(process.env);
    // A privacy officer may run every one of these queries (the analyst's lists and counts, and the
    // per-customer histories): the bench measures the data path, access checks included.
    const auth = { devSecret: randomBytes(32).toString('base64url'), issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, clockToleranceSeconds: 5 };
    const bearer = await signDevelopmentToken(auth.devSecret, auth, { role: 'privacy_officer', subject: 'bench', ttlSeconds: 24 * 3600 });
    graph = await startGraph({
      databaseUrls: urls,
      signing: { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 },
      gateway: { ...gatewayConfig, port: 0, subgraphUrls: {} },
      auth,
    });
    const gatewayUrl = graph.gateway.url;
    const post = async (query: string, variables: Record<string, unknown>): Promise<void> => {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: { message: string }[] };
      if (response.status !== 200 || body.errors?.length) {
        throw new Error(`query failed (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
      }
    };

    const random = seeded(20261123);
    const since = new Date(new Date(newest).getTime() - 90 * 24 * 3600 * 1000).toISOString();
    const benches: { label: string; query: string; variables: () => Record<string, unknown> }[] = [
      {
        label: 'customer(id).history(first: 20)',
        query: `query ($id: ID!) { customer(id: $id) { ${HISTORY} } }`,
        variables: () => ({ id: customerIds[Math.floor(random() * customerIds.length)] }),
      },
      {
        label: 'customer(id).history(first: 20) with every record resolved by its owner',
        query: `query ($id: ID!) { customer(id: $id) { ${HISTORY_WITH_RECORDS} } }`,
        variables: () => ({ id: customerIds[Math.floor(random() * customerIds.length)] }),
      },
      {
        label: 'customers(first: 100).history(first: 20)',
        query: `{ customers(first: 100) { nodes { ${HISTORY} } } }`,
        variables: () => ({}),
      },
      {
        label: 'interactionCounts(since 90 days, [CHANNEL, WEEK])',
        query: `query ($since: DateTimeISO!) { interactionCounts(filter: { since: $since }, groupBy: [CHANNEL, WEEK]) { channel period count } }`,
        variables: () => ({ since }),
      },
      {
        label: 'interactionCounts(all, [CHANNEL, REASON, MONTH])',
        query: `{ interactionCounts(groupBy: [CHANNEL, REASON, MONTH]) { channel reason period count } }`,
        variables: () => ({}),
      },
      {
        label: 'interactionCounts(one store, since 90 days, [REASON, DAY])',
        query: `query ($since: DateTimeISO!, $store: String) { interactionCounts(filter: { since: $since, storeCode: $store }, groupBy: [REASON, DAY]) { reason period count } }`,
        variables: () => ({ since, store: stores[Math.floor(random() * stores.length)] ?? null }),
      },
      {
        label: 'interactionCounts(one customer, [CHANNEL, REASON])',
        query: `query ($id: ID!) { interactionCounts(filter: { customerId: $id }, groupBy: [CHANNEL, REASON]) { channel reason count } }`,
        variables: () => ({ id: customerIds[Math.floor(random() * customerIds.length)] }),
      },
      {
        label: 'interactions(first: 50)',
        query: `{ interactions(first: 50) { nodes { ${ENTRY} } } }`,
        variables: () => ({}),
      },
      {
        label: 'interactions(reasons: [COMPLAINT], first: 50)',
        query: `{ interactions(filter: { reasons: [COMPLAINT] }, first: 50) { nodes { ${ENTRY} } } }`,
        variables: () => ({}),
      },
      {
        label: 'interactions(one store, first: 50)',
        query: `query ($store: String) { interactions(filter: { storeCode: $store }, first: 50) { nodes { ${ENTRY} } } }`,
        variables: () => ({ store: stores[Math.floor(random() * stores.length)] ?? null }),
      },
      {
        label: 'interactions(one customer, first: 50)',
        query: `query ($id: ID!) { interactions(filter: { customerId: $id }, first: 50) { nodes { ${ENTRY} } } }`,
        variables: () => ({ id: customerIds[Math.floor(random() * customerIds.length)] }),
      },
    ];
    console.log(`measuring ${iterations} iterations per query (after ${WARM_UP} warm-up) through ${gatewayUrl}`);
    for (const bench of benches) {
      for (let i = 0; i < WARM_UP; i += 1) await post(bench.query, bench.variables());
      const times: number[] = [];
      for (let i = 0; i < iterations; i += 1) {
        const variables = bench.variables();
        const t0 = process.hrtime.bigint();
        await post(bench.query, variables);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${bench.label}: p50 ${percentile(times, 50).toFixed(1)} ms; p95 ${percentile(times, 95).toFixed(1)} ms; max ${times[times.length - 1].toFixed(1)} ms (n=${iterations})`,
      );
    }
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  if (stopping) return; // the signal handler stops everything and exits 130
  console.error(`bench:history failed: ${(error as Error).message}`);
  process.exit(1);
});
