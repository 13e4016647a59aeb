// `npm run bench:needs [-- --iterations N] [--role agent|privacy_officer] [--at ISO]`: p50 / p95 of
// `customer(id) { anticipatedNeeds { … } }` through the gateway, one customer at a time (random,
// seeded: the same customers every run), on the development data set (issue 15 item 3). Databases
// come from provideDatabases (the *_DATABASE_URL variables, or embedded PostgreSQL in .data/; size it
// with `npm run generate -- --people N --replace`); identity resolution runs first when the hub has no
// links. The graph runs in this process as `npm start` runs it (signed subgraph calls, policies,
// access log). "Now" is the data set's reference date (devtools/data/calendar.ts) unless --at says
// otherwise, so that the generated points, cards, carts, tickets and purchases are current. The
// privacy officer computes every kind (replenishment whatever the consent): the heaviest case;
// an agent's only with the customer's profiling consent, and never a saved card.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { startGraph, RunningGraph } from '../../gateway/graph';
import { signDevelopmentToken } from '../../gateway/dev-tokens';
import { registry } from '../../subgraphs/channels';
import { setClock } from '../../subgraphs/kit/clock';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, readGatewayConfig } from '../../subgraphs/kit/config';
import { openDatabase } from '../../subgraphs/kit/database';
import { provideDatabases } from '../../subgraphs/kit/provide-databases';
import { REFERENCE_DATE } from '../../devtools/data/calendar';
import { readyDataSet } from './data-set';
import { percentile, seeded } from './stats';

const WARM_UP = 20;
const QUERY = `query ($id: ID!) { customer(id: $id) { id anticipatedNeeds {
  id kind dueAt overdue reason suggestedAction evidence { system recordType key at } } } }`;

interface Options {
  iterations: number;
  role: 'agent' | 'privacy_officer';
  at: string;
}

function parseOptions(args: string[]): Options {
  const options: Options = { iterations: 200, role: 'agent', at: `${REFERENCE_DATE}T10:00:00Z` };
  for (let i = 0; i < args.length; i += 2) {
    const [name, value = ''] = [args[i], args[i + 1]];
    if (name === '--iterations' && /^\d+$/.test(value) && Number(value) > 0) options.iterations = Number(value);
    else if (name === '--role' && (value === 'agent' || value === 'privacy_officer')) options.role = value;
    else if (name === '--at' && !Number.isNaN(Date.parse(value))) options.at = value;
    else {
      console.error(`bench:needs: unknown argument ${name} (understood: --iterations N, --role agent|privacy_officer, --at ISO)`);
      process.exit(2);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const { iterations, role, at } = parseOptions(process.argv.slice(2));
  const databases = await provideDatabases(registry().databases);
  const { urls } = databases;
  const hub = openDatabase({ name: 'customer', url: urls.customer, max: 2 });
  let graph: RunningGraph | undefined;
  try {
    const size = await readyDataSet(hub, urls, { journal: false });
    const [{ people }] = await openDatabaseCount(urls.store);
    console.log(`data set: ${size.customers} customers, ${size.links} links (${people} loyalty cards)`);
    const ids = (
      await hub.query<{ id: string }>('SELECT DISTINCT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL ORDER BY 1')
    ).map((row) => row.id);
    setClock(at);
    const auth = { devSecret: randomBytes(32).toString('base64url'), issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, clockToleranceSeconds: 5 };
    const signing = { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 };
    graph = await startGraph({ databaseUrls: urls, signing, gateway: { ...readGatewayConfig(process.env), port: 0, subgraphUrls: {} }, auth });
    const token = await signDevelopmentToken(auth.devSecret, auth, { role, subject: 'bench-needs', ttlSeconds: 3600 });
    const url = graph.gateway.url;
    const kinds = new Map<string, number>();
    const send = async (id: string): Promise<number> => {
      const t0 = process.hrtime.bigint();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'benchmark' },
        body: JSON.stringify({ query: QUERY, variables: { id } }),
      });
      const body = (await response.json()) as { data?: { customer: { anticipatedNeeds: { kind: string }[] } | null }; errors?: unknown[] };
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (response.status !== 200 || body.errors) throw new Error(`anticipatedNeeds failed (HTTP ${response.status}): ${JSON.stringify(body.errors).slice(0, 300)}`);
      for (const need of body.data?.customer?.anticipatedNeeds ?? []) kinds.set(need.kind, (kinds.get(need.kind) ?? 0) + 1);
      return ms;
    };
    const random = seeded(20261130);
    const pick = () => ids[Math.floor(random() * ids.length)];
    for (let i = 0; i < WARM_UP; i += 1) await send(pick());
    kinds.clear();
    const times: number[] = [];
    for (let i = 0; i < iterations; i += 1) times.push(await send(pick()));
    times.sort((a, b) => a - b);
    const needs = [...kinds.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      `anticipatedNeeds of one customer, as ${role}, now = ${at}, sequential: p50 ${percentile(times, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms over ${times.length} random customers ` +
        `at ${size.customers} customers`,
    );
    console.log(
      `  needs served: ${needs} (${(needs / times.length).toFixed(2)} per customer): ` +
        ([...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'),
    );
  } finally {
    setClock(null);
    await graph?.stop().catch(() => undefined);
    await Promise.allSettled([hub.close()]);
    await databases.stop();
  }
}

async function openDatabaseCount(url: string): Promise<{ people: number }[]> {
  const store = openDatabase({ name: 'store', url, max: 1 });
  try {
    return await store.query<{ people: number }>('SELECT count(*)::int AS people FROM "CARTE_FIDELITE"');
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:needs failed: ${(error as Error).message}`);
  process.exit(1);
});
