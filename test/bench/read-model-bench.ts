// `npm run bench:read-model [-- --people N] [--customers N]`: what a read model buys where a legacy
// owner refuses an index (kit/read-model.ts, README "When an index cannot be had"). On the
// store's TICKET (the receipts), one customer at a time, the store's per-customer reads — the
// receipts page, and the three lists of a store screen (receipts, favourite stores, usual basket) —
// read three ways, interleaved per customer (the order of the last two rotated):
//   index       read-through with the declared index (what the index contract asks for);
//   no index    read-through without it (the owner refused it: every statement reads TICKET whole);
//   read model  without it, READ_MODEL=store.TICKET: the hub's keys, then TICKET by primary key.
// "Without it" is a DROP INDEX inside a savepoint, rolled back after each customer: the data set is
// never changed (the transaction holds TICKET's lock meanwhile: nothing else may use this server).
// The machine is shared and noisy: read the ratios of one run; the load average is printed.
// Data: embedded PostgreSQL in .data/bench-<N>/ (kept between runs, N people generated on first use);
// the read model is built (or caught up) first, and its build time and size are printed.
import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDataSet } from '../../devtools/data/generate';
import { DevelopmentDatabases, provideDevelopmentDatabases } from '../../devtools/databases';
import { registry } from '../../subgraphs/channels';
import { Database, openDatabase, Queryable } from '../../subgraphs/kit/database';
import { freePort } from '../../subgraphs/kit/embedded-postgres';
import { readModelReader, refreshReadModel, selectReadModels } from '../../subgraphs/kit/read-model';
import { createStoreLoaders } from '../../subgraphs/store/store.loaders';
import { percentile } from './stats';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const INDEX = 'cg_ticket_num_carte_num_ticket';
const WARM_UP = 5;

function parseOptions(args: string[]): { people: number; customers: number } {
  const options = { people: 100_000, customers: 100 };
  for (let i = 0; i < args.length; i += 1) {
    const value = args[i + 1] ?? '';
    if ((args[i] === '--people' || args[i] === '--customers') && /^\d+$/.test(value) && Number(value) > 0) {
      options[args[i] === '--people' ? 'people' : 'customers'] = Number(value);
      i += 1;
    } else {
      console.error(`bench:read-model: unknown argument ${args[i]} (understood: --people N, --customers N)`);
      process.exit(2);
    }
  }
  return options;
}

type Mode = 'index' | 'no index' | 'read model';
type Workload = 'receipts page' | 'store screen';
const MODES: Mode[] = ['index', 'no index', 'read model'];
const WORKLOADS: Workload[] = ['receipts page', 'store screen'];

const load = (): string => os.loadavg().map((value) => value.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const { people, customers } = parseOptions(process.argv.slice(2));
  let databases: DevelopmentDatabases | undefined;
  const pools: Database[] = [];
  const stop = async (): Promise<void> => {
    for (const pool of pools.splice(0)) await pool.close().catch(() => undefined);
    await databases?.stop();
    databases = undefined;
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    const dataDir = path.join(ROOT, '.data', `bench-${people}`);
    databases = await provideDevelopmentDatabases(
      { ...process.env, EMBEDDED_POSTGRES_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()) },
      { truth: { create: true, why: 'a generated data set keeps its ground truth there' } },
    );
    const urls = databases.urls;
    const store = openDatabase({ name: 'store', url: urls.store, max: 2 });
    const hub = openDatabase({ name: 'customer', url: urls.customer, max: 2 });
    pools.push(store, hub);
    const [{ cards }] = await store.query<{ cards: number }>('SELECT count(*)::int AS cards FROM "CARTE_FIDELITE"');
    if (cards === 0) {
      console.log(`${dataDir}: generating ${people} people (seed 42) …`);
      const report = await generateDataSet({ urls, people, seed: 42 });
      console.log(`  ${report.totalRows} rows in ${report.seconds.toFixed(0)} s`);
    }
    const [{ receipts, bytes }] = await store.query<{ receipts: number; bytes: string }>(
      `SELECT count(*)::int AS receipts, pg_table_size('"TICKET"')::text AS bytes FROM "TICKET"`,
    );
    const [spec] = selectReadModels(['store.TICKET'], registry().indexes);

    // Build (or catch up) the read model: the hub watcher's pass, run until it has nothing left.
    const started = performance.now();
    let copied = 0;
    for (;;) {
      const report = await refreshReadModel(hub, store, spec);
      copied += report.copied;
      if (report.copied === 0 && report.cycleDone) break;
    }
    const buildSeconds = (performance.now() - started) / 1000;
    const [size] = await hub.query<{ keys: number; bytes: string }>(
      `SELECT (SELECT count(*) FROM read_model_key WHERE model = 'store.TICKET')::int AS keys, pg_total_relation_size('read_model_key')::text AS bytes`,
    );

    // Customers: cards with receipts, a seeded sample (the same every run).
    const sample = (
      await store.query<{ card: string }>(
        `SELECT trim("NUM_CARTE") AS card FROM "TICKET" WHERE "NUM_CARTE" IS NOT NULL GROUP BY "NUM_CARTE"
          ORDER BY md5("NUM_CARTE" || 'bench-read-model') LIMIT $1`,
        [customers + WARM_UP],
      )
    ).map((row) => row.card);

    const loadBefore = load();
    console.log(`\n${people.toLocaleString('en-GB')} people: TICKET ${receipts.toLocaleString('en-GB')} rows, ${(Number(bytes) / 2 ** 20).toFixed(1)} MB`);
    console.log(
      `read model store.TICKET: ${size.keys.toLocaleString('en-GB')} keys, ${(Number(size.bytes) / 2 ** 20).toFixed(1)} MB in the hub; ` +
        `${copied.toLocaleString('en-GB')} TICKET rows read past its mark now in ${buildSeconds.toFixed(1)} s (a first build, or the catch-up since the last run, with a full reconcile cycle)`,
    );
    console.log(`load average before: ${loadBefore} (${os.cpus().length} cores)`);

    const times: Record<Workload, Record<Mode, number[]>> = {
      'receipts page': { index: [], 'no index': [], 'read model': [] },
      'store screen': { index: [], 'no index': [], 'read model': [] },
    };
    const reader = readModelReader(hub, [spec]);
    // Everything runs in one transaction on one store connection (DROP INDEX in a savepoint, rolled
    // back per customer): loaders get that connection as their database.
    await store.withTransaction(async (tx) => {
      // One connection answers one statement at a time: the screen's three loaders queue here.
      let queue: Promise<unknown> = Promise.resolve();
      const serial: Queryable['query'] = (text, params) => {
        const next = queue.then(() => tx.query(text, params));
        queue = next.catch(() => undefined);
        return next as never;
      };
      const legacy: Database = { ...store, query: serial, withTransaction: (work) => work({ query: serial }) };
      const run = async (mode: Mode, workload: Workload, card: string): Promise<number> => {
        const loaders = mode === 'read model' ? createStoreLoaders(legacy, undefined, reader) : createStoreLoaders(legacy);
        const key = { cards: [card], limit: 10 };
        const t0 = performance.now();
        if (workload === 'receipts page') await loaders.receiptPages.load(key);
        else await Promise.all([loaders.receiptPages.load(key), loaders.favouriteStores.load({ ...key, limit: 5 }), loaders.usualBasket.load({ ...key, limit: 5 })]);
        return performance.now() - t0;
      };
      for (const [n, card] of sample.entries()) {
        const record = n >= WARM_UP;
        for (const workload of WORKLOADS) {
          const indexed = await run('index', workload, card);
          await tx.query('SAVEPOINT without_index');
          await tx.query(`DROP INDEX "${INDEX}"`);
          const order: Mode[] = n % 2 === 0 ? ['no index', 'read model'] : ['read model', 'no index'];
          const measured: Partial<Record<Mode, number>> = { index: indexed };
          for (const mode of order) measured[mode] = await run(mode, workload, card);
          await tx.query('ROLLBACK TO SAVEPOINT without_index');
          if (record) for (const mode of MODES) times[workload][mode].push(measured[mode]!);
        }
      }
    });
    const loadAfter = load();

    console.log(`\n${customers} customers, one at a time, interleaved (ms; each batch is one customer):`);
    console.log('workload        mode          p50       p95     statements');
    const p = (values: number[], q: number): number => percentile([...values].sort((a, b) => a - b), q);
    for (const workload of WORKLOADS) {
      const statements = workload === 'receipts page' ? { index: '1', 'no index': '1', 'read model': '1 hub + 1 store' } : { index: '3', 'no index': '3', 'read model': '3 hub + 3 store' };
      for (const mode of MODES) {
        const values = times[workload][mode];
        console.log(`${workload.padEnd(15)} ${mode.padEnd(11)} ${p(values, 50).toFixed(2).padStart(8)}  ${p(values, 95).toFixed(2).padStart(8)}     ${statements[mode]}`);
      }
    }
    console.log('');
    for (const workload of WORKLOADS) {
      const t = times[workload];
      console.log(
        `${workload}: without the index, read model vs read-through p50 ×${(p(t['read model'], 50) / p(t['no index'], 50)).toFixed(3)} ` +
          `(${(p(t['no index'], 50) / p(t['read model'], 50)).toFixed(1)} times faster); read model vs the index p50 ×${(p(t['read model'], 50) / p(t.index, 50)).toFixed(2)}`,
      );
    }
    console.log(`load average after: ${loadAfter}`);
    console.log(`\nreproduce: npm run bench:read-model -- --people ${people} --customers ${customers}   (data in .data/bench-${people}/, generated on first use)`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:read-model: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
