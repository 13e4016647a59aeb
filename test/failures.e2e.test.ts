// Partial data by design, on the production layout: every subgraph is its own process
// (`node dist/subgraphs/start.js <name>`), the real gateway in front of them. Each subgraph is
// killed in turn, then each database refuses connections in turn; each time the README's
// customer-360 query still answers HTTP 200 with every other system's data, the missing fields
// null with UPSTREAM_UNAVAILABLE errors naming the service and nothing of the failure (host, SQL,
// URL); /health stays 200 (the gateway lives) while /ready turns 503 naming the dependency; the
// gateway's circuit breaker opens; and after the restart the whole answer is back within 2 s,
// without restarting the gateway.
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { registry } from '../subgraphs/channels';
import { readGatewayConfig, SigningConfig, SubgraphName } from '../subgraphs/kit/config';
import { withDatabase, DatabaseRole } from '../subgraphs/kit/databases';
import { readCommittedSupergraph } from '../schema/compose';
import { createAuthenticator } from '../gateway/auth';
import { signDevelopmentToken } from '../gateway/dev-tokens';
import { RunningGateway, startGateway } from '../gateway/server';
import type { ReadinessReport } from '../gateway/health';
import { GraphQLResponse, PRIVACY_OFFICER, testAuthConfig } from './support/test-graph';
import { createTestDatabases, TestDatabases } from './support/test-databases';
import { ensureBuilt, freePort, SubgraphProcess } from './support/subgraph-processes';
import { randomBytes } from 'node:crypto';
import { CUSTOMER_360 } from './support/queries';

// The README's customer-360 query, as a screen sends it.

type Customer360 = Record<string, any>;

/**
 * What each channel contributes to the answer. An order's click-and-collect store is the store
 * system's (its name comes from there), so it is left out of the web shop's share.
 */
const SHARE: Record<Exclude<SubgraphName, 'customer'>, (customer: Customer360) => unknown> = {
  store: (c) => ({ activeLoyaltyAccount: c.activeLoyaltyAccount, receipts: c.receipts }),
  ecommerce: (c) => c.orders && { nodes: c.orders.nodes.map(({ clickAndCollectStore: _store, ...order }: Customer360) => order) },
  callcentre: (c) => ({ openTickets: c.openTickets, calls: c.calls }),
  marketing: (c) => ({ marketingConsents: c.marketingConsents }),
};
const CHANNELS = Object.keys(SHARE) as Exclude<SubgraphName, 'customer'>[];
/** Where the gateway is allowed to take to have the whole answer back after a restart. */
const RECOVERY_MS = 2000;

let databases: TestDatabases;
let signing: SigningConfig;
let gateway: RunningGateway | undefined;
let token: string;
let customerId: string;
let complete: Customer360;
const processes = new Map<SubgraphName, SubgraphProcess>();

beforeAll(async () => {
  ensureBuilt();
  databases = await createTestDatabases();
  await resolveIdentities(databases.urls);
  // A customer known to all four legacy systems, so that every part of the answer has data to lose.
  const [row] = await withDatabase('customer', databases.urls.customer, (db) =>
    db.query<{ id: string }>(
      `SELECT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL
        GROUP BY customer_id HAVING count(DISTINCT system) = 4 ORDER BY count(*) DESC, customer_id LIMIT 1`,
    ),
  );
  customerId = row.id;
  signing = { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 };
  for (const definition of registry().definitions) {
    const port = await freePort();
    processes.set(definition.name, new SubgraphProcess({ name: definition.name, database: definition.database, databaseUrls: databases.urls, signing, port }));
  }
  await Promise.all([...processes.values()].map((child) => child.start()));
  const auth = testAuthConfig();
  token = await signDevelopmentToken(auth.devSecret!, auth, PRIVACY_OFFICER);
  gateway = await startGateway({
    supergraphSdl: readCommittedSupergraph()!,
    subgraphUrls: Object.fromEntries([...processes].map(([name, child]) => [name, child.url])) as Record<SubgraphName, string>,
    signing,
    // The shipped breaker settings (BREAKER_FAILURE_THRESHOLD, BREAKER_RESET_MS): what is tested is what runs.
    config: { ...readGatewayConfig({}), port: 0, subgraphTimeoutMs: 10_000 },
    auth: createAuthenticator(auth, auth.devSecret),
  });
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([...processes.values()].map((child) => child.stop()));
  await databases?.drop();
});

async function query(text = CUSTOMER_360): Promise<GraphQLResponse<{ customer: Customer360 | null } & Record<string, any>>> {
  const response = await fetch(gateway!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: text, variables: { id: customerId } }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

async function probe(path: '/health' | '/ready'): Promise<{ status: number; body: ReadinessReport }> {
  const response = await fetch(gateway!.url.replace('/graphql', path));
  return { status: response.status, body: (await response.json()) as ReadinessReport };
}

function expectNoLeak(answer: unknown): void {
  expect(JSON.stringify(answer)).not.toMatch(/127\.0\.0\.1|localhost|ECONN|SELECT|relation|database "|http:|stack|_t[0-9a-f]{8}/i);
}

/** HTTP 200; every error UPSTREAM_UNAVAILABLE naming `service`; every other system's share intact. */
function expectPartial(answer: Awaited<ReturnType<typeof query>>, service: SubgraphName): void {
  expect(answer.status).toBe(200);
  expect(answer.errors?.length).toBeGreaterThan(0);
  for (const error of answer.errors ?? []) {
    expect(error).toEqual(
      expect.objectContaining({ message: expect.stringMatching(`^The ${service} (service|system) is unavailable$`), extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', serviceName: service }) }),
    );
  }
  expectNoLeak(answer);
  if (service === 'customer') {
    expect(answer.data?.customer ?? null).toBeNull();
    return;
  }
  expect(answer.data!.customer!.id).toBe(customerId);
  for (const channel of CHANNELS) {
    if (channel === service) expect({ [channel]: SHARE[channel](answer.data!.customer!) }).not.toEqual({ [channel]: SHARE[channel](complete) });
    else expect({ [channel]: SHARE[channel](answer.data!.customer!) }).toEqual({ [channel]: SHARE[channel](complete) });
  }
}

/** Sends queries until the breaker of `service` is open (the gateway answers for it without calling it). */
async function untilBreakerOpens(service: SubgraphName): Promise<void> {
  const threshold = readGatewayConfig({}).breakerFailureThreshold;
  // One query can call a subgraph several times (the store serves the store share and the stores of
  // web orders), so the breaker may open before `threshold` queries: stop as soon as it says so. Going
  // on would let BREAKER_RESET_MS pass on a loaded machine and find it half-open.
  let ready = await probe('/ready');
  for (let sent = 0; sent <= threshold && ready.body.subgraphs[service]?.breaker !== 'open'; sent++) {
    expectPartial(await query(), service);
    ready = await probe('/ready');
  }
  expect(ready.body.subgraphs[service]?.breaker).toBe('open');
  // Refused by the gateway itself: the service is named, not the system behind it.
  const refused = await query();
  expectPartial(refused, service);
  expect(refused.errors?.every((error) => error.message === `The ${service} service is unavailable` && !error.extensions?.system)).toBe(true);
}

/** Polls the customer-360 query from `since` until it is whole again; returns how long that took. */
async function untilWhole(since: number): Promise<number> {
  for (;;) {
    const answer = await query();
    if (!answer.errors && JSON.stringify(answer.data?.customer) === JSON.stringify(complete)) return Date.now() - since;
    if (Date.now() - since > 10_000) throw new Error(`not whole 10 s after the restart: ${JSON.stringify(answer.errors)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('answers the whole customer-360 when everything is up; /health and /ready are 200, naming no host', async () => {
  const answer = await query();
  expect(answer.status).toBe(200);
  expect(answer.errors).toBeUndefined();
  complete = answer.data!.customer!;
  expect(complete.id).toBe(customerId);
  // Every system has something to lose.
  expect(complete.activeLoyaltyAccount ?? complete.receipts.edges[0]).toBeTruthy();
  expect(complete.marketingConsents.current.length).toBeGreaterThan(0);
  expect(complete.orders.nodes.length + complete.calls.edges.length + complete.openTickets.nodes.length).toBeGreaterThan(0);

  expect(await probe('/health')).toEqual({ status: 200, body: { ok: true } });
  const ready = await probe('/ready');
  expect(ready.status).toBe(200);
  expect(ready.body).toEqual({
    ok: true,
    subgraphs: Object.fromEntries(registry().definitions.map((d) => [d.name, { service: 'up', databases: { [d.database]: 'up' }, breaker: 'closed' }])),
  });
  expectNoLeak(ready.body);
});

describe.each(registry().definitions.map((definition) => definition.name))('the %s subgraph killed', (name) => {
  it('keeps the rest of the answer, turns /ready 503 naming it, opens its breaker, and is whole again within 2 s of its restart', async () => {
    const child = processes.get(name)!;
    await child.stop('SIGKILL');
    try {
      expectPartial(await query(), name);
      if (name === 'customer') {
        // Without the hub no customer is found, but the rest of the graph still answers.
        const directory = await query('{ stores(first: 1) { nodes { code } } campaigns(first: 1) { nodes { id } } }');
        expect(directory.errors).toBeUndefined();
        expect(directory.data!.stores.nodes).toHaveLength(1);
      }
      expect((await probe('/health')).status).toBe(200);
      const ready = await probe('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.ok).toBe(false);
      expect(ready.body.subgraphs[name]).toEqual(expect.objectContaining({ service: 'down' }));
      for (const other of registry().definitions.filter((d) => d.name !== name)) expect(ready.body.subgraphs[other.name]).toEqual(expect.objectContaining({ service: 'up' }));
      expectNoLeak(ready.body);
      await untilBreakerOpens(name);
    } finally {
      await child.start();
    }
    const restarted = Date.now();
    expect(await untilWhole(restarted)).toBeLessThanOrEqual(RECOVERY_MS);
    expect((await probe('/ready')).status).toBe(200);
  });
});

describe.each(registry().definitions.map((definition) => [definition.name, definition.database] as const))('the database of the %s subgraph refusing connections', (name, role: DatabaseRole) => {
  it('keeps the rest of the answer with UPSTREAM_UNAVAILABLE naming the system, turns /ready 503 naming the database, and is whole again within 2 s', async () => {
    const database = new URL(databases.urls[role]).pathname.slice(1);
    // The system goes away for us: no new connection is accepted, and every open one is cut.
    await withDatabase('admin', databases.adminUrl, async (admin) => {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
    });
    let restored = 0;
    try {
      const answer = await query();
      expectPartial(answer, name);
      // Answered by the subgraph itself: its legacy system is named, not "Internal error".
      expect(answer.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ message: `The ${name} system is unavailable`, extensions: { code: 'UPSTREAM_UNAVAILABLE', serviceName: name, system: name } })]),
      );
      expect((await probe('/health')).status).toBe(200);
      const ready = await probe('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.subgraphs[name]).toEqual(expect.objectContaining({ service: 'up', databases: { [role]: 'down' } }));
      for (const other of registry().definitions.filter((d) => d.name !== name)) {
        expect(ready.body.subgraphs[other.name]).toEqual(expect.objectContaining({ service: 'up', databases: { [other.database]: 'up' } }));
      }
      expectNoLeak(ready.body);
      await untilBreakerOpens(name);
    } finally {
      await withDatabase('admin', databases.adminUrl, (admin) => admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`));
      restored = Date.now();
    }
    expect(await untilWhole(restored)).toBeLessThanOrEqual(RECOVERY_MS);
    expect((await probe('/ready')).status).toBe(200);
  });
});

it('refuses a readiness probe not signed by the gateway: a subgraph answers it 401 and says nothing of its database', async () => {
  const url = processes.get('store')!.url.replace('/graphql', '/ready');
  const response = await fetch(url);
  expect(response.status).toBe(401);
  const body = await response.json();
  expect(body).toEqual({ errors: [{ message: 'Unauthorized: unsigned request', extensions: { code: 'UNAUTHENTICATED' } }] });
});
