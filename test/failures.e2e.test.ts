// Trust under failure: when a channel subgraph is down or its legacy database unreachable, a
// customer query still answers everything else; the missing fields are null with an error naming
// the path and the service, and nothing of the failure (host, SQL, URL) reaches the client. Both
// recover without restarting the gateway.
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let customerId: string;

const QUERY = `query ($id: ID!) { customer(id: $id) { id activeLoyaltyAccount { cardNumber } orders(first: 1) { nodes { reference } } } }`;

beforeAll(async () => {
  graph = await startTestGraph();
  // One customer with one card (store) and one web account that has orders (ecommerce).
  const [card] = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ card: string }>(`SELECT "NUM_CARTE" AS card FROM "CARTE_FIDELITE" WHERE "STATUT" = 'A' ORDER BY 1 LIMIT 1`),
  );
  const [account] = await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
    db.query<{ id: number }>('SELECT customer_id AS id FROM orders ORDER BY id LIMIT 1'),
  );
  customerId = await withDatabase('customer', graph.databases.urls.customer, async (db) => {
    const [{ id }] = await db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
    for (const [system, key] of [['store', card.card.trim()], ['ecommerce', String(account.id)]]) {
      await db.query('UPDATE identity_link SET unlinked_at = now() WHERE system = $1 AND local_key = $2 AND unlinked_at IS NULL', [system, key]);
      await db.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, $2, $3, 'test')", [id, system, key]);
    }
    return id;
  });
});

afterAll(async () => {
  await graph?.stop();
});

function expectNoLeak(answer: unknown): void {
  expect(JSON.stringify(answer)).not.toMatch(/127\.0\.0\.1|localhost|ECONN|SELECT|relation|database "|http:|stack/i);
}

it('answers everything when all is up', async () => {
  const answer = await graph.query(QUERY, { id: customerId });
  expect(answer.errors).toBeUndefined();
  expect(answer.data.customer.activeLoyaltyAccount.cardNumber).toMatch(/^\d{13}$/);
  expect(answer.data.customer.orders.nodes).toHaveLength(1);
});

it('keeps the other channels when the store subgraph is down, and recovers when it is back', async () => {
  await graph.graph.stopSubgraph('store');
  try {
    const answer = await graph.query(QUERY, { id: customerId });
    expect(answer.data.customer.id).toBe(customerId);
    expect(answer.data.customer.orders.nodes).toHaveLength(1);
    expect(answer.data.customer.activeLoyaltyAccount).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: 'The store service is unavailable',
        path: ['customer'],
        extensions: { code: 'UPSTREAM_UNAVAILABLE', serviceName: 'store' },
      }),
    ]);
    expectNoLeak(answer);
  } finally {
    await graph.graph.restartSubgraph('store');
  }
  const back = await graph.query(QUERY, { id: customerId });
  expect(back.errors).toBeUndefined();
  expect(back.data.customer.activeLoyaltyAccount.cardNumber).toMatch(/^\d{13}$/);
});

it('keeps the other channels when the store legacy database is unreachable, and recovers when it is back', async () => {
  const name = new URL(graph.databases.urls.store).pathname.slice(1);
  // The store system goes away: its connections are cut and the database cannot be reached.
  await withDatabase('admin', graph.databases.adminUrl, async (admin) => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    await admin.query(`ALTER DATABASE ${name} RENAME TO ${name}_down`);
    await admin.query(`ALTER DATABASE ${name}_down ALLOW_CONNECTIONS true`);
  });
  try {
    const answer = await graph.query(QUERY, { id: customerId });
    expect(answer.data.customer.id).toBe(customerId);
    expect(answer.data.customer.orders.nodes).toHaveLength(1);
    expect(answer.data.customer.activeLoyaltyAccount).toBeNull();
    expect(answer.errors).toEqual([
      expect.objectContaining({
        path: ['customer', 'activeLoyaltyAccount'],
        extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', serviceName: 'store' }),
      }),
    ]);
    expectNoLeak(answer);
  } finally {
    await withDatabase('admin', graph.databases.adminUrl, (admin) => admin.query(`ALTER DATABASE ${name}_down RENAME TO ${name}`));
  }
  const back = await graph.query(QUERY, { id: customerId });
  expect(back.errors).toBeUndefined();
  expect(back.data.customer.activeLoyaltyAccount.cardNumber).toMatch(/^\d{13}$/);
});
