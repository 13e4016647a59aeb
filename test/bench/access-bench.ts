// `npm run bench:access [-- --iterations N] [--people N]`: what access control costs. Two graphs on
// the same databases in one process — one as `npm start` runs it (token verified, the principal
// signed to every subgraph, every field decided by its policy, every personal read written to the
// access log), one without any of it — and the README's customer-360 query sent to each in turn,
// interleaved, on random customers, one at a time. Prints p50 and p95 of each and their ratio
// (the target: at most 1.10 at p50), and the access-log rows written meanwhile.
// Databases come from provideDevelopmentDatabases (embedded in .data/ unless *_DATABASE_URL are set); empty
// legacy databases get a generated data set of --people people (default 2000) first.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { startGraph, RunningGraph } from '../../gateway/graph';
import { signDevelopmentToken } from '../../gateway/dev-tokens';
import { DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, readGatewayConfig } from '../../subgraphs/kit/config';
import { withDatabase } from '../../subgraphs/kit/databases';
import { DevelopmentDatabases, provideDevelopmentDatabases } from '../../devtools/databases';
import { resolveIdentities } from '../../subgraphs/customer/identity/resolve';
import { generateDataSet } from '../../devtools/data/generate';
import { percentile, seeded } from './stats';
import { CUSTOMER_360 } from '../support/queries';

const WARM_UP = 20;


function parseOptions(args: string[]): { iterations: number; people: number } {
  const options = { iterations: 300, people: 2000 };
  for (let i = 0; i < args.length; i += 1) {
    const value = args[i + 1] ?? '';
    if ((args[i] === '--iterations' || args[i] === '--people') && /^\d+$/.test(value) && Number(value) > 0) {
      options[args[i] === '--iterations' ? 'iterations' : 'people'] = Number(value);
      i += 1;
    } else {
      console.error(`bench:access: unknown argument ${args[i]} (understood: --iterations N, --people N)`);
      process.exit(2);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const { iterations, people } = parseOptions(process.argv.slice(2));
  let databases: DevelopmentDatabases | undefined;
  const graphs: RunningGraph[] = [];
  const stop = async (): Promise<void> => {
    for (const graph of graphs.splice(0)) await graph.stop().catch(() => undefined);
    await databases?.stop();
    databases = undefined;
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    databases = await provideDevelopmentDatabases(process.env, { truth: { create: false, why: 'a generated data set keeps its ground truth there' } });
    const urls = databases.urls;
    const [{ cards }] = await withDatabase('store', urls.store, (db) => db.query<{ cards: number }>('SELECT count(*)::int AS cards FROM "CARTE_FIDELITE"'));
    if (cards === 0) {
      console.log(`legacy databases empty: generating ${people} people …`);
      await generateDataSet({ urls, people, seed: 42 });
    }
    const ids = async () =>
      withDatabase('customer', urls.customer, (db) => db.query<{ id: string }>('SELECT DISTINCT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL ORDER BY 1'));
    if ((await ids()).length === 0) await resolveIdentities(urls);
    const customerIds = (await ids()).map((row) => row.id);
    console.log(`${customerIds.length} customers`);

    const auth = { devSecret: randomBytes(32).toString('base64url'), issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, clockToleranceSeconds: 5 };
    const signing = { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 };
    const gateway = { ...readGatewayConfig(process.env), port: 0, subgraphUrls: {} };
    const on = await startGraph({ databaseUrls: urls, signing, gateway, auth });
    graphs.push(on);
    const off = await startGraph({ databaseUrls: urls, signing, gateway, auth, withoutAccessControl: true });
    graphs.push(off);
    const token = await signDevelopmentToken(auth.devSecret, auth, { role: 'agent', subject: 'bench-agent', ttlSeconds: 3600 });

    const send = async (url: string, id: string, authenticated: boolean): Promise<number> => {
      const t0 = process.hrtime.bigint();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authenticated ? { authorization: `Bearer ${token}`, 'x-purpose': 'benchmark' } : {}) },
        body: JSON.stringify({ query: CUSTOMER_360, variables: { id } }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (response.status !== 200 || body.errors) throw new Error(`customer-360 failed (HTTP ${response.status}): ${JSON.stringify(body.errors).slice(0, 300)}`);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const [logBefore] = await withDatabase('customer', urls.customer, (db) => db.query<{ n: number }>('SELECT count(*)::int AS n FROM access_log'));

    const random = seeded(20261130);
    const pick = () => customerIds[Math.floor(random() * customerIds.length)];
    for (let i = 0; i < WARM_UP; i += 1) {
      await send(on.gateway.url, pick(), true);
      await send(off.gateway.url, pick(), false);
    }
    const withAccess: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < iterations; i += 1) {
      const id = pick();
      // Same customer on both, in alternating order: neither side always gets the warmer cache.
      if (i % 2 === 0) {
        withAccess.push(await send(on.gateway.url, id, true));
        without.push(await send(off.gateway.url, id, false));
      } else {
        without.push(await send(off.gateway.url, id, false));
        withAccess.push(await send(on.gateway.url, id, true));
      }
    }
    await on.accessLog.flush();
    const [logAfter] = await withDatabase('customer', urls.customer, (db) => db.query<{ n: number }>('SELECT count(*)::int AS n FROM access_log'));
    withAccess.sort((a, b) => a - b);
    without.sort((a, b) => a - b);
    const line = (label: string, times: number[]) =>
      `${label}: p50 ${percentile(times, 50).toFixed(2)} ms; p95 ${percentile(times, 95).toFixed(2)} ms (n=${times.length})`;
    console.log(`customer-360, sequential, ${iterations} customers, interleaved:`);
    console.log(line('  access control off', without));
    console.log(line('  access control on ', withAccess));
    console.log(
      `  overhead: p50 ×${(percentile(withAccess, 50) / percentile(without, 50)).toFixed(3)}, p95 ×${(percentile(withAccess, 95) / percentile(without, 95)).toFixed(3)} (target: p50 ≤ ×1.10)`,
    );
    console.log(`  access log: ${logAfter.n - logBefore.n} rows written (one per customer read)`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:access failed: ${(error as Error).message}`);
  process.exit(1);
});
