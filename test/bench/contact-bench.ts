// `npm run -s build && node dist/test/bench/contact-bench.js [-- --runs N]`: the time from an
// updateContactDetails request to the last system's receipt (issue 15 item 2), one customer at a
// time, on the development data set. It CHANGES the e-mail of N customers of that data set (those
// with records in the most systems) to `bench.<n>.<time>@example.org`. Databases come from
// provideDatabases (the *_DATABASE_URL variables, or embedded PostgreSQL in .data/); identity
// resolution runs first when the hub has no links. The request is submitted as the resolver does
// (contact/contact.ts submitContactUpdate) and applied by the outbox worker the hub's watchers run
// (privacy/privacy.worker.ts), woken at once; the clock stops when the last step is done.
// Prints each run, then p50 / p95 / max.
import 'reflect-metadata';
import { registry } from '../../subgraphs/channels';
import { openDatabase } from '../../subgraphs/kit/database';
import { provideDatabases } from '../../subgraphs/kit/provide-databases';
import { getRequest } from '../../subgraphs/customer/outbox/outbox';
import { submitContactUpdate } from '../../subgraphs/customer/contact/contact';
import { startPrivacyWorker } from '../../subgraphs/customer/privacy/privacy.worker';
import { percentile } from './stats';
import { readyDataSet } from './data-set';

function runsOf(args: string[]): number {
  if (args.length === 0) return 50;
  if (args[0] === '--runs' && /^\d+$/.test(args[1] ?? '') && Number(args[1]) > 0 && args.length === 2) return Number(args[1]);
  throw new Error('understood: --runs N');
}

async function main(): Promise<void> {
  const runs = runsOf(process.argv.slice(2));
  const databases = await provideDatabases(registry().databases);
  const { urls } = databases;
  const hub = openDatabase({ name: 'customer', url: urls.customer, max: 2 });
  try {
    const size = await readyDataSet(hub, urls, { journal: false });
    console.log(`data set: ${size.customers} customers, ${size.links} links`);
    const chosen = await hub.query<{ customer_id: string }>(
      `SELECT l.customer_id FROM identity_link l JOIN customer c ON c.id = l.customer_id AND c.merged_into IS NULL
        WHERE l.unlinked_at IS NULL
        GROUP BY l.customer_id ORDER BY count(DISTINCT l.system) DESC, count(*) DESC, l.customer_id LIMIT $1`,
      [runs],
    );
    const worker = startPrivacyWorker(urls);
    const times: number[] = [];
    try {
      for (const [n, { customer_id: customerId }] of chosen.entries()) {
        const started = process.hrtime.bigint();
        const { request } = await submitContactUpdate(hub, {
          customerId,
          change: { email: `bench.${n}.${Date.now()}@example.org` },
          requestedBy: 'agent:bench',
          idempotencyKey: null,
        });
        worker.wake();
        let done = null;
        while (!done) {
          const current = await getRequest(hub, request.id);
          if (current?.status === 'done') done = current;
          else if (current?.status === 'failed') throw new Error(`contact update ${request.id} failed: ${current.steps.map((s) => s.lastError).join(', ')}`);
          else await new Promise((resolve) => setTimeout(resolve, 2));
        }
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        times.push(ms);
        console.log(`update of ${customerId}: ${done.steps.length} systems (${done.steps.map((s) => s.system).join(', ')}), all receipts in ${ms.toFixed(1)} ms`);
      }
    } finally {
      await worker.stop();
    }
    const sorted = [...times].sort((a, b) => a - b);
    if (times.length) {
      console.log(
        `updateContactDetails → all receipts: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms over ${times.length} customers at ${size.customers} customers`,
      );
    }
  } finally {
    await Promise.allSettled([hub.close()]);
    await databases.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`contact bench: ${(error as Error).message}`);
  process.exit(1);
});
