// The single-process layout's shortcut (gateway/in-process-data-source.ts): the gateway hands each
// subgraph request and its verified caller to the subgraph in the same process, with no HTTP hop.
// Two graphs on the same databases — one calling over signed HTTP, one in-process — must answer
// alike, decide access alike, log reads alike, and fail alike when a subgraph is stopped.
import { randomBytes } from 'node:crypto';
import { RunningGraph, startGraph } from '../gateway/graph';
import { DevTokenRequest, signDevelopmentToken } from '../gateway/dev-tokens';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { readGatewayConfig, SigningConfig } from '../subgraphs/kit/config';
import { withDatabase } from '../subgraphs/kit/databases';
import { watchStatements } from '../subgraphs/kit/database';
import { CUSTOMER_360 } from './support/queries';
import { GraphQLResponse, PRIVACY_OFFICER, testAuthConfig } from './support/test-graph';
import { createTestDatabases, TestDatabases } from './support/test-databases';

let databases: TestDatabases;
let overHttp: RunningGraph;
let inProcess: RunningGraph;
let customerId: string;
const auth = testAuthConfig();
const signing: SigningConfig = { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 };

async function query(graph: RunningGraph, text: string, variables: Record<string, unknown>, who: DevTokenRequest, purpose?: string): Promise<GraphQLResponse> {
  const token = await signDevelopmentToken(auth.devSecret!, auth, who);
  const response = await fetch(graph.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
    body: JSON.stringify({ query: text, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

beforeAll(async () => {
  databases = await createTestDatabases();
  await resolveIdentities(databases.urls);
  const [row] = await withDatabase('customer', databases.urls.customer, (db) =>
    db.query<{ id: string }>(
      `SELECT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL
        GROUP BY customer_id HAVING count(DISTINCT system) = 4 ORDER BY count(*) DESC, customer_id LIMIT 1`,
    ),
  );
  customerId = row.id;
  const gateway = { ...readGatewayConfig({}), port: 0, subgraphTimeoutMs: 10_000, breakerFailureThreshold: 1000 };
  overHttp = await startGraph({ databaseUrls: databases.urls, signing, auth, gateway });
  inProcess = await startGraph({ databaseUrls: databases.urls, signing, auth, gateway, inProcessCalls: true });
});

afterAll(async () => {
  await inProcess?.stop();
  await overHttp?.stop();
  await databases?.drop();
});

it('serves the customer-360 query exactly as over signed HTTP, with the same SQL', async () => {
  const count = async (graph: RunningGraph): Promise<{ answer: GraphQLResponse; statements: number }> => {
    let statements = 0;
    const stop = watchStatements((database) => {
      if (database !== 'access_log') statements += 1;
    });
    try {
      return { answer: await query(graph, CUSTOMER_360, { id: customerId }, PRIVACY_OFFICER), statements };
    } finally {
      stop();
    }
  };
  const http = await count(overHttp);
  const local = await count(inProcess);
  expect(http.answer.errors).toBeUndefined();
  expect(local.answer.status).toBe(200);
  expect(local.answer.errors).toBeUndefined();
  expect(local.answer.data.customer.id).toBe(customerId);
  expect(local.answer.data).toEqual(http.answer.data);
  expect(local.statements).toBe(http.statements);
});

it('keeps every field policy: a marketing token gets Customer.calls null with FORBIDDEN, as over HTTP', async () => {
  const text = `query ($id: ID!) { customer(id: $id) { id calls(first: 5) { edges { node { id } } } marketingConsents { current { granted } } } }`;
  const who: DevTokenRequest = { role: 'marketing', subject: 'in-process-marketing' };
  const http = await query(overHttp, text, { id: customerId }, who);
  const local = await query(inProcess, text, { id: customerId }, who);
  expect(local.data).toEqual(http.data);
  expect(local.data.customer.calls).toBeNull();
  expect(local.data.customer.marketingConsents).not.toBeNull();
  const refusal = local.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(['customer', 'calls']));
  expect(refusal?.extensions?.code).toBe('FORBIDDEN');
  expect(local.errors?.map((e) => e.extensions?.code)).toEqual(http.errors?.map((e) => e.extensions?.code));
});

it('gives a customer only themself: another customer is refused in-process too', async () => {
  const [other] = await withDatabase('customer', databases.urls.customer, (db) =>
    db.query<{ id: string }>('SELECT id::text FROM customer WHERE id <> $1 ORDER BY id LIMIT 1', [customerId]),
  );
  const who: DevTokenRequest = { role: 'customer', subject: 'in-process-customer', customerId: other.id };
  const local = await query(inProcess, '{ me { id } }', {}, who);
  expect(local.data.me.id).toBe(other.id);
  const refused = await query(inProcess, 'query ($id: ID!) { customer(id: $id) { id } }', { id: customerId }, who);
  expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

it('writes the read to the access log with who, the purpose and the gateway request id', async () => {
  const who: DevTokenRequest = { role: 'agent', subject: 'in-process-agent' };
  const answer = await query(inProcess, CUSTOMER_360, { id: customerId }, who, 'screen_pop');
  expect(answer.errors).toBeUndefined();
  await inProcess.accessLog.flush();
  const logged = await withDatabase('customer', databases.urls.customer, (db) =>
    db.query<{ customer_id: string; purpose: string; subgraphs: string[] }>(
      `SELECT customer_id::text, purpose, subgraphs FROM access_log WHERE subject = 'in-process-agent'`,
    ),
  );
  // One row for the request (the gateway's request id reached every subgraph), naming the subgraphs that read.
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ customer_id: customerId, purpose: 'screen_pop' });
  expect(logged[0].subgraphs.length).toBeGreaterThanOrEqual(2);
});

it('answers UPSTREAM_UNAVAILABLE naming a stopped subgraph, and serves again once it is restarted', async () => {
  await inProcess.stopSubgraph('store');
  try {
    const ready = await fetch(inProcess.gateway.url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(503);
    const down = await query(inProcess, '{ stores(first: 1) { nodes { code } } }', {}, PRIVACY_OFFICER);
    expect(down.errors?.[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', serviceName: 'store' });
  } finally {
    await inProcess.restartSubgraph('store');
  }
  const back = await query(inProcess, '{ stores(first: 1) { nodes { code } } }', {}, PRIVACY_OFFICER);
  expect(back.errors).toBeUndefined();
  expect(back.data.stores.nodes).toHaveLength(1);
});
