// The single-process layout's shortcut (gateway/in-process-data-source.ts): the gateway hands each
// subgraph request and its verified caller to the subgraph in the same process, with no HTTP hop.
// Two graphs on the same databases — one calling over signed HTTP, one in-process — must answer
// alike, decide access alike, log reads alike, and fail alike when a subgraph is stopped.
import { randomBytes } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { RunningGraph, startGraph } from '../gateway/graph';
import { DevTokenRequest, signDevelopmentToken } from '../gateway/dev-tokens';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { readGatewayConfig, SigningConfig, SubgraphName } from '../subgraphs/kit/config';
import { Caller, encodeCaller } from '../subgraphs/kit/access/principal';
import { signRequest } from '../subgraphs/kit/signature';
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

describe("the in-process short way (kit/in-process-execute.ts) answers as Apollo's pipeline and the signed HTTP endpoint do", () => {
  const callerOf = (requestId: string): Caller => ({ principal: { subject: 'short-way-agent', role: 'agent', scopes: [] }, requestId, purpose: 'screen_pop' });
  /** The same request, over the subgraph's signed HTTP endpoint and in-process. */
  const both = async (name: SubgraphName, body: { query: string; variables?: Record<string, unknown> }, requestId: string) => {
    const subgraph = inProcess.subgraphs.get(name)!;
    const text = JSON.stringify(body);
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequest(signing, name, text, encodeCaller(callerOf(requestId))) },
      body: text,
    });
    const http = { status: response.status, result: await response.json() };
    const local = await subgraph.execute(body, callerOf(requestId));
    // As the gateway would read it off the wire.
    return { http, local: { status: local.status, result: JSON.parse(JSON.stringify(local.result)) } };
  };
  let pipeline: jest.SpyInstance;
  let logged: jest.SpyInstance;
  beforeEach(() => {
    pipeline = jest.spyOn(ApolloServer.prototype, 'executeOperation');
    logged = jest.spyOn(inProcess.accessLog, 'record');
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs an accepted document without the pipeline, with the same answer and the same access-log record', async () => {
    const body = { query: 'query ShortWay($id: ID!) { customer(id: $id) { id identities { system } } }', variables: { id: customerId } };
    await both('customer', body, 'short-way-1'); // the first sight of the text goes through the pipeline, which accepts it
    pipeline.mockClear();
    logged.mockClear();
    const { http, local } = await both('customer', body, 'short-way-2');
    expect(pipeline).not.toHaveBeenCalled();
    expect(local).toEqual(http);
    expect(local.status).toBe(200);
    expect(local.result.data.customer.id).toBe(customerId);
    // One record per path (HTTP, then in-process), alike: who, which subgraph, whose data of which class.
    expect(logged).toHaveBeenCalledTimes(2);
    const [overHttp, shortWay] = logged.mock.calls;
    expect(shortWay).toEqual(overHttp);
    expect(shortWay[0]).toMatchObject({ requestId: 'short-way-2', purpose: 'screen_pop' });
    expect([...(shortWay[2] as Map<string, Set<string>>).keys()]).toEqual([customerId]);
  });

  it('answers a variable that does not coerce with 400 and BAD_USER_INPUT, as the pipeline does', async () => {
    const query = 'query ShortWayVars($first: Int) { stores(first: $first) { nodes { code } } }';
    await both('store', { query, variables: { first: 1 } }, 'short-way-3');
    pipeline.mockClear();
    const { http, local } = await both('store', { query, variables: { first: 'many' } }, 'short-way-4');
    expect(pipeline).not.toHaveBeenCalled();
    expect(local).toEqual(http);
    expect(local.status).toBe(400);
    expect(local.result.data).toBeUndefined();
    expect(local.result.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('masks a resolver error as formatSubgraphError does (200, data and "Internal error", no stack)', async () => {
    const query = 'query ShortWayEntities($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';
    await both('store', { query, variables: { representations: [] } }, 'short-way-5');
    pipeline.mockClear();
    const { http, local } = await both('store', { query, variables: { representations: [{ __typename: 'NoSuchType', id: 'x' }] } }, 'short-way-6');
    expect(pipeline).not.toHaveBeenCalled();
    expect(local).toEqual(http);
    expect(local.status).toBe(200);
    expect(local.result.errors).toEqual([{ message: 'Internal error', path: ['_entities'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  });

  it('leaves an invalid document to the pipeline: the same 400 and validation errors as over HTTP', async () => {
    const body = { query: '{ stores(first: 1) { nodes { noSuchField } } }' };
    const first = await both('store', body, 'short-way-7');
    const again = await both('store', body, 'short-way-8');
    for (const { http, local } of [first, again]) {
      expect(local).toEqual(http);
      expect(local.status).toBe(400);
      expect(local.result.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // Never accepted, so never run the short way: every in-process call went through the pipeline.
    expect(pipeline).toHaveBeenCalledTimes(2);
  });
});
