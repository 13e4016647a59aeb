// What the outbox's end-to-end tests (erasure, contact details and preferences updates) set up
// alike: a pool on the hub and on each legacy database, outbox workers with fast retries stopped
// after each test, and a write-through request followed by id until done.
import { Database, openDatabase } from '../../subgraphs/kit/database';
import { registry } from '../../subgraphs/channels';
import { startPrivacyWorker, PrivacyWorker } from '../../subgraphs/customer/privacy/privacy.worker';
import type { TestGraph } from './test-graph';
import { until } from './customers';

/** The hub's and every legacy system's database, by role: small pools whose connections fail within 2 s (a database made to refuse them). */
export function openSystemDatabases(graph: TestGraph): Record<string, Database> {
  const dbs: Record<string, Database> = {};
  for (const [role, url] of Object.entries(graph.databases.urls)) {
    if (role === 'customer' || registry().legacySystems.includes(role)) dbs[role] = openDatabase({ name: role, url, max: 3, connectionTimeoutMs: 2000 });
  }
  return dbs;
}

/** An outbox worker on the graph's databases, retrying fast (a lease of 1.5 s), kept in `workers` to be stopped. */
export function startTestWorker(graph: TestGraph, workers: PrivacyWorker[]): PrivacyWorker {
  const worker = startPrivacyWorker(graph.databases.urls as never, { intervalMs: 100, backoff: { baseMs: 150, capMs: 1000 }, leaseMs: 1500 });
  workers.push(worker);
  return worker;
}

/** Stops every worker `workers` holds, and empties it. */
export async function stopTestWorkers(workers: PrivacyWorker[]): Promise<void> {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
}

/** What the tests read of a write-through request (contact details, preferences). */
export const WRITE_THROUGH_FIELDS = 'id customerId fields requestedBy requestedAt status completedAt conflicts steps { system status attempts lastError doneAt conflict receipt }';

/** A write-through request by id through `field` (its query) as `as` reads it; `done` waits (up to 60 s) until it is done, `what` naming it. */
export function writeThroughRequests(graph: () => TestGraph, field: string, what: string, as: Record<string, unknown>) {
  const request = async (id: string) => {
    const answer = await graph().query(`query($id: ID!) { ${field}(id: $id) { ${WRITE_THROUGH_FIELDS} } }`, { id }, { as: as as never });
    expect(answer.errors).toBeUndefined();
    return answer.data[field];
  };
  const done = (id: string) =>
    until(`${what} ${id} done`, async () => {
      const found = await request(id);
      return found.status === 'DONE' ? found : undefined;
    }, 60_000);
  return { request, done };
}
