// `npm run bench:erasure [-- --runs N]`: the time from an erasure request to the last system's
// receipt, for one customer at a time, on the development data set (`npm run generate -- --people N`).
// DESTRUCTIVE: it erases N real customers of that data set (those with records in the most systems).
// Databases come from provideDatabases (the *_DATABASE_URL variables, or embedded PostgreSQL in
// .data/). Identity resolution and the journal backfill run first when the hub has no links. The
// request is submitted as `requestErasure` does (privacy/erasure.ts submitErasure) and applied by
// the outbox worker the hub's watchers run (privacy/privacy.worker.ts), woken at once; the clock
// stops when the request's last step is done. Prints the data set's size, then each run and p50 / max.
import 'reflect-metadata';
import { registry } from '../../subgraphs/channels';
import { openDatabase } from '../../subgraphs/kit/database';
import { provideDatabases } from '../../subgraphs/kit/provide-databases';
import { getRequest } from '../../subgraphs/customer/outbox/outbox';
import { submitErasure } from '../../subgraphs/customer/privacy/erasure';
import { startPrivacyWorker } from '../../subgraphs/customer/privacy/privacy.worker';
import { percentile } from './stats';
import { readyDataSet } from './data-set';

function runsOf(args: string[]): number {
  if (args.length === 0) return 5;
  if (args[0] === '--runs' && /^\d+$/.test(args[1] ?? '') && Number(args[1]) > 0 && args.length === 2) return Number(args[1]);
  throw new Error('understood: --runs N');
}

async function main(): Promise<void> {
  const runs = runsOf(process.argv.slice(2));
  const databases = await provideDatabases(registry().databases);
  const { urls } = databases;
  const hub = openDatabase({ name: 'customer', url: urls.customer, max: 2 });
  const store = openDatabase({ name: 'store', url: urls.store, max: 1 });
  try {
    const size = await readyDataSet(hub, urls, { journal: true });
    const [{ cards }] = await store.query<{ cards: number }>('SELECT count(*)::int AS cards FROM "CARTE_FIDELITE"');
    console.log(`data set: ${size.customers} customers, ${size.links} links, ${size.touchpoints} journal entries, ${cards} loyalty cards`);

    const chosen = await hub.query<{ customer_id: string }>(
      `SELECT l.customer_id FROM identity_link l
        WHERE l.unlinked_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM outbox_request r WHERE r.kind = 'erasure' AND r.idempotency_key = 'customer:' || l.customer_id)
        GROUP BY l.customer_id ORDER BY count(DISTINCT l.system) DESC, count(*) DESC, l.customer_id LIMIT $1`,
      [runs],
    );
    const worker = startPrivacyWorker(urls);
    const times: number[] = [];
    try {
      for (const { customer_id: customerId } of chosen) {
        const started = process.hrtime.bigint();
        const { request } = await submitErasure(hub, { customerId, requestedBy: 'privacy_officer:bench', reason: 'bench' });
        worker.wake();
        let done = null;
        while (!done) {
          const current = await getRequest(hub, request.id);
          if (current?.status === 'done') done = current;
          else if (current?.status === 'failed') throw new Error(`erasure ${request.id} failed: ${current.steps.map((s) => s.lastError).join(', ')}`);
          else await new Promise((resolve) => setTimeout(resolve, 5));
        }
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        times.push(ms);
        const last = Math.max(...done.steps.map((step) => step.doneAt!.getTime()));
        const sinceRequest = last - done.requestedAt.getTime();
        console.log(`erasure of ${customerId}: ${done.steps.length} systems (${done.steps.map((s) => s.system).join(', ')}), last receipt ${sinceRequest} ms after the request (${ms.toFixed(0)} ms seen by the client)`);
      }
    } finally {
      await worker.stop();
    }
    if (times.length) console.log(`requestErasure → last receipt: p50 ${percentile([...times].sort((a, b) => a - b), 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${times.length} customers at ${size.customers} customers`);
  } finally {
    await Promise.allSettled([hub.close(), store.close()]);
    await databases.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:erasure: ${(error as Error).message}`);
  process.exit(1);
});
