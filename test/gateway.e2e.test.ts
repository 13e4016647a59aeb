// The gateway and the subgraphs over real HTTP, on real PostgreSQL: signed subgraph calls, health,
// masked errors, a subgraph going down and coming back without a gateway restart.
import { watchStatements } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { AUDIENCE_HEADER, signRequest } from '../subgraphs/kit/signature';
import { startTestGraph, TestGraph, signAs } from './support/test-graph';

let graph: TestGraph;

beforeAll(async () => {
  graph = await startTestGraph();
});

afterAll(async () => {
  await graph?.stop();
});

function subgraphUrl(name: string): string {
  const running = graph.graph.subgraphs.get(name as never);
  if (!running) throw new Error(`subgraph ${name} is not running`);
  return running.url;
}

async function postToSubgraph(name: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(subgraphUrl(name), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, json: await response.json() };
}

describe('nobody reaches a subgraph around the gateway', () => {
  const body = JSON.stringify({ query: '{ stores(first: 1) { nodes { code } } }' });

  it('refuses an unsigned request with 401', async () => {
    const { status, json } = await postToSubgraph('store', body);
    expect(status).toBe(401);
    expect(json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(json.data).toBeUndefined();
  });

  it('refuses a request signed with another secret', async () => {
    const forged = signRequest({ secret: 'x'.repeat(40), maxAgeSeconds: 30 }, 'store', body);
    expect((await postToSubgraph('store', body, forged)).status).toBe(401);
  });

  it('refuses a stale signature (replayed later)', async () => {
    const old = signRequest(graph.signing, 'store', body, '', Date.now() - 120_000);
    expect((await postToSubgraph('store', body, old)).status).toBe(401);
  });

  it('refuses a signature made for another body', async () => {
    const headers = signRequest(graph.signing, 'store', JSON.stringify({ query: '{ __typename }' }));
    expect((await postToSubgraph('store', body, headers)).status).toBe(401);
  });

  it('answers a request the gateway signed, once: the same signed request again is a replay (401)', async () => {
    const headers = signRequest(graph.signing, 'store', body);
    const { status, json } = await postToSubgraph('store', body, headers);
    expect(status).toBe(200);
    expect(json.data.stores.nodes).toHaveLength(1);
    const replay = await postToSubgraph('store', body, headers);
    expect(replay.status).toBe(401);
    expect(replay.json.errors[0].message).toMatch(/replayed/);
  });

  it('refuses a request signed for another subgraph (the audience is signed)', async () => {
    const forEcommerce = signRequest(graph.signing, 'ecommerce', body);
    const answer = await postToSubgraph('store', body, forEcommerce);
    expect(answer.status).toBe(401);
    expect(answer.json.errors[0].message).toMatch(/another subgraph/);
    // Changing the audience header does not help: it is covered by the signature.
    const relabelled = await postToSubgraph('store', body, { ...signRequest(graph.signing, 'ecommerce', body), [AUDIENCE_HEADER]: 'store' });
    expect(relabelled.status).toBe(401);
    expect(relabelled.json.errors[0].message).toMatch(/bad signature/);
  });
});

describe('the graph through the gateway', () => {
  it('answers customer(id) for a customer of the hub, and null for an unknown id', async () => {
    const [{ id }] = await withDatabase('customer', graph.databases.urls.customer, (db) =>
      db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id'),
    );
    const found = await graph.query('query ($id: ID!) { customer(id: $id) { id } }', { id });
    expect(found.errors).toBeUndefined();
    expect(found.data.customer).toEqual({ id });
    const unknown = await graph.query('{ customer(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(unknown.data.customer).toBeNull();
  });

  it('reads each legacy system as it is (stores, an order with its amount)', async () => {
    const [store] = await withDatabase('store', graph.databases.urls.store, (db) =>
      db.query<{ code: string; name: string; open: string }>('SELECT "CODE_MAG" AS code, "LIBELLE" AS name, "OUVERT" AS open FROM "MAGASIN" ORDER BY 1 LIMIT 1'),
    );
    const stores = await graph.query('{ stores(first: 1) { nodes { code name open } } }');
    expect(stores.data.stores.nodes).toEqual([{ code: store.code.trim(), name: store.name, open: store.open === 'O' }]);

    const [order] = await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
      db.query<{ reference: string; total: string }>('SELECT reference, total_amount::text AS total FROM orders ORDER BY id LIMIT 1'),
    );
    const answer = await graph.query('query ($r: String!) { order(reference: $r) { reference total { amount currency } } }', {
      r: order.reference,
    });
    expect(answer.data.order).toEqual({ reference: order.reference, total: { amount: order.total, currency: 'EUR' } });
  });

  it('bounds page sizes with a message that says the maximum', async () => {
    const answer = await graph.query('{ stores(first: 5000) { nodes { code } } }');
    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0].message).toContain('at most 100');
  });

  it('refuses a query with more aliases than the limit (query cost protection)', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: stores(first: 1) { nodes { code } }`).join(' ');
    const answer = await graph.query(`{ ${aliases} }`);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0].message).toMatch(/aliases/i);
  });

  it('resolves an _entities batch of any length with one SQL statement', async () => {
    const references = await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
      db.query<{ reference: string }>('SELECT reference FROM orders ORDER BY id LIMIT 25'),
    );
    const count = async (n: number): Promise<number> => {
      const body = JSON.stringify({
        query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { reference } } }',
        variables: { r: references.slice(0, n).map(({ reference }) => ({ __typename: 'Order', reference })) },
      });
      let statements = 0;
      const unwatch = watchStatements((database) => {
        if (database === 'ecommerce') statements += 1;
      });
      const { json } = await postToSubgraph('ecommerce', body, signAs(graph.signing, 'ecommerce', body));
      unwatch();
      expect(json.data._entities).toHaveLength(n);
      expect(json.data._entities.map((order: { reference: string }) => order.reference)).toEqual(
        references.slice(0, n).map(({ reference }) => reference),
      );
      return statements;
    };
    expect(await count(25)).toBe(1);
    expect(await count(2)).toBe(1);
  });
});

describe('failures stay inside the graph', () => {
  it('masks an internal failure: no SQL, no table, no host reaches the client', async () => {
    // Break the marketing copy of this test file only: its campaigns table disappears.
    await withDatabase('marketing', graph.databases.urls.marketing, (db) => db.query('ALTER TABLE mk_campaign RENAME TO mk_campaign_gone'));
    try {
      const answer = await graph.query('{ campaigns(first: 2) { nodes { id } } }');
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors?.[0].message).toBe('Internal error');
      expect(answer.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', serviceName: 'marketing' });
      expect(JSON.stringify(answer)).not.toMatch(/mk_campaign|relation|SELECT|127\.0\.0\.1|stack/i);
    } finally {
      await withDatabase('marketing', graph.databases.urls.marketing, (db) => db.query('ALTER TABLE mk_campaign_gone RENAME TO mk_campaign'));
    }
  });

  it('reports a stopped subgraph by name in /ready (not /health: the gateway lives) and in errors, and recovers without a gateway restart', async () => {
    const health = graph.graph.gateway.url.replace('/graphql', '/health');
    const ready = graph.graph.gateway.url.replace('/graphql', '/ready');
    expect((await fetch(ready)).status).toBe(200);

    await graph.graph.stopSubgraph('store');
    expect((await fetch(health)).status).toBe(200);
    const down = await fetch(ready);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual(
      expect.objectContaining({
        ok: false,
        subgraphs: expect.objectContaining({ store: expect.objectContaining({ service: 'down' }), customer: expect.objectContaining({ service: 'up' }) }),
      }),
    );
    const answer = await graph.query('{ stores(first: 1) { nodes { code } } }');
    expect(answer.errors?.[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', serviceName: 'store' });
    expect(JSON.stringify(answer)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|http:/);

    await graph.graph.restartSubgraph('store');
    expect((await fetch(ready)).status).toBe(200);
    const back = await graph.query('{ stores(first: 1) { nodes { code } } }');
    expect(back.errors).toBeUndefined();
    expect(back.data.stores.nodes).toHaveLength(1);
  });
});
