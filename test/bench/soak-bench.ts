// `npm run bench:soak [-- --minutes 30] [--clients 8]`: the graph under a steady mixed load for a
// long time, to see whether it leaks or starts failing. Clients send, in turn, the customer-360
// screen (agent), a history page (customer, through `me`), analysts' counts and lists, and requests
// the gateway must refuse (a syntax error, a too costly query, a forged token). Prints, every
// minute and at the end: requests, the error rate (answers that are not what that request should
// get), p50/p95, and the process's RSS and heap, with their growth since the first minute.
// Databases come from provideDevelopmentDatabases (embedded in .data/ unless *_DATABASE_URL are set); empty
// legacy databases get a generated data set first.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { startGraph } from '../../gateway/graph';
import { signDevelopmentToken } from '../../gateway/dev-tokens';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, readGatewayConfig } from '../../subgraphs/kit/config';
import { withDatabase } from '../../subgraphs/kit/databases';
import { provideDevelopmentDatabases } from '../../devtools/databases';
import { resolveIdentities } from '../../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../../subgraphs/customer/journal/ingest';
import { generateDataSet } from '../../devtools/data/generate';
import { percentile, seeded } from './stats';

function parseOptions(args: string[]): { minutes: number; clients: number } {
  const options = { minutes: 30, clients: 8 };
  for (let i = 0; i < args.length; i += 1) {
    const value = Number(args[i + 1]);
    if ((args[i] === '--minutes' || args[i] === '--clients') && Number.isFinite(value) && value > 0) {
      options[args[i] === '--minutes' ? 'minutes' : 'clients'] = value;
      i += 1;
    } else {
      console.error(`bench:soak: unknown argument ${args[i]} (understood: --minutes N, --clients N)`);
      process.exit(2);
    }
  }
  return options;
}

const CUSTOMER_360 = `query ($id: ID!) { customer(id: $id) { id
  activeLoyaltyAccount { cardNumber pointsBalance } receipts(first: 1) { nodes { id occurredAt total { amount } } }
  orders(first: 1) { nodes { reference status } } openTickets { nodes { id status } } calls(first: 1) { nodes { startedAt reason } }
  marketingConsents { current { channel purpose granted } } } }`;
const MY_HISTORY = '{ me { history(first: 20) { nodes { occurredAt channel reason summary } } } }';
const COUNTS = '{ interactionCounts(filter: { since: "2026-06-01T00:00:00Z" }, groupBy: [CHANNEL, WEEK]) { channel period count } }';
const INTERACTIONS = '{ interactions(filter: { channels: [CALL_CENTRE] }, first: 50) { nodes { id occurredAt reason customerId } } }';

interface Kind {
  name: string;
  body: (random: () => number) => { query: string; variables?: Record<string, unknown> };
  token: 'agent' | 'customer' | 'analyst' | 'forged';
  /** The status this request must get. */
  expected: number;
}

async function main(): Promise<void> {
  const { minutes, clients } = parseOptions(process.argv.slice(2));
  const databases = await provideDevelopmentDatabases(process.env, { truth: { create: false, why: 'a generated data set keeps its ground truth there' } });
  const urls = databases.urls;
  const graphs: { stop(): Promise<void> }[] = [];
  const stop = async (): Promise<void> => {
    for (const graph of graphs.splice(0)) await graph.stop().catch(() => undefined);
    await databases.stop();
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    const [{ cards }] = await withDatabase('store', urls.store, (db) => db.query<{ cards: number }>('SELECT count(*)::int AS cards FROM "CARTE_FIDELITE"'));
    if (cards === 0) await generateDataSet({ urls, people: 2000, seed: 42 });
    const ids = () => withDatabase('customer', urls.customer, (db) => db.query<{ id: string }>('SELECT DISTINCT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL ORDER BY 1'));
    if ((await ids()).length === 0) await resolveIdentities(urls);
    await ingestTouchpoints(urls);
    const customerIds = (await ids()).map((row) => row.id);

    const auth = { devSecret: randomBytes(32).toString('base64url'), issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, clockToleranceSeconds: 5 };
    const graph = await startGraph({
      databaseUrls: urls,
      signing: { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 },
      gateway: { ...readGatewayConfig(process.env), port: 0, subgraphUrls: {} },
      auth,
    });
    graphs.push(graph);
    const ttlSeconds = (minutes + 10) * 60;
    // Each client is its own caller (its own subjects): the per-client limits are not what is measured.
    const tokensOf = async (n: number) => ({
      agent: await signDevelopmentToken(auth.devSecret, auth, { role: 'agent', subject: `soak-agent-${n}`, ttlSeconds }),
      analyst: await signDevelopmentToken(auth.devSecret, auth, { role: 'analyst', subject: `soak-analyst-${n}`, ttlSeconds }),
      customer: await signDevelopmentToken(auth.devSecret, auth, {
        role: 'customer',
        subject: `soak-customer-${n}`,
        customerId: customerIds[n % customerIds.length],
        ttlSeconds,
      }),
      forged: await signDevelopmentToken('x'.repeat(40), auth, { role: 'privacy_officer', ttlSeconds }),
    });
    const kinds: Kind[] = [
      { name: 'customer-360', token: 'agent', expected: 200, body: (r) => ({ query: CUSTOMER_360, variables: { id: customerIds[Math.floor(r() * customerIds.length)] } }) },
      { name: 'me.history', token: 'customer', expected: 200, body: () => ({ query: MY_HISTORY }) },
      { name: 'counts', token: 'analyst', expected: 200, body: () => ({ query: COUNTS }) },
      { name: 'interactions', token: 'analyst', expected: 200, body: () => ({ query: INTERACTIONS }) },
      { name: 'syntax error', token: 'agent', expected: 400, body: () => ({ query: '{ customer(id: ' }) },
      { name: 'too costly', token: 'analyst', expected: 400, body: () => ({ query: '{ customers(first: 100) { nodes { history(first: 100) { nodes { id occurredAt channel reason role summary recordType recordKey place { kind code } amount { amount currency } } } } } }' }) },
      { name: 'forged token', token: 'forged', expected: 401, body: () => ({ query: '{ me { id } }' }) },
    ];

    const started = Date.now();
    const deadline = started + minutes * 60_000;
    const times: number[] = [];
    let requests = 0;
    let wrong = 0;
    const wrongByKind = new Map<string, number>();
    const sample = () => ({ rss: process.memoryUsage().rss / 2 ** 20, heap: process.memoryUsage().heapUsed / 2 ** 20 });
    let baseline: { rss: number; heap: number } | null = null;
    const report = (label: string): void => {
      const now = sample();
      const sorted = [...times].sort((a, b) => a - b);
      const growth = baseline ? ` (since minute 1: RSS ${(now.rss - baseline.rss >= 0 ? '+' : '')}${(now.rss - baseline.rss).toFixed(1)} MiB, heap ${(now.heap - baseline.heap >= 0 ? '+' : '')}${(now.heap - baseline.heap).toFixed(1)} MiB)` : '';
      console.log(
        `${label}: ${requests} requests, error rate ${requests ? ((100 * wrong) / requests).toFixed(3) : '0'}% (${wrong}), ` +
          `p50 ${percentile(sorted, 50)?.toFixed(1)} ms, p95 ${percentile(sorted, 95)?.toFixed(1)} ms; RSS ${now.rss.toFixed(1)} MiB, heap ${now.heap.toFixed(1)} MiB${growth}`,
      );
    };
    const ticker = setInterval(() => {
      const minute = Math.round((Date.now() - started) / 60_000);
      if (minute === 1 && !baseline) baseline = sample();
      report(`minute ${minute}`);
    }, 60_000);

    const client = async (n: number): Promise<void> => {
      const tokens = await tokensOf(n);
      const random = seeded(1000 + n);
      let turn = n;
      while (Date.now() < deadline) {
        const kind = kinds[turn % kinds.length];
        turn += 1;
        const t0 = performance.now();
        let status = 0;
        try {
          const response = await fetch(graph.gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[kind.token]}` },
            body: JSON.stringify(kind.body(random)),
          });
          const body = (await response.json()) as { errors?: unknown[] };
          status = response.status === 200 && body.errors ? -1 : response.status;
        } catch {
          status = 0;
        }
        times.push(performance.now() - t0);
        if (times.length > 200_000) times.splice(0, 100_000);
        requests += 1;
        if (status !== kind.expected) {
          wrong += 1;
          wrongByKind.set(`${kind.name} → ${status}`, (wrongByKind.get(`${kind.name} → ${status}`) ?? 0) + 1);
        }
      }
    };
    console.log(`soak: ${clients} clients for ${minutes} min against ${customerIds.length} customers`);
    await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
    clearInterval(ticker);
    report('end');
    if (wrongByKind.size) console.log(`unexpected answers: ${[...wrongByKind].map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:soak failed: ${(error as Error).message}`);
  process.exit(1);
});
