// Clean refusals at the gateway (issue 13): every client mistake is a 4xx with a coded message,
// never a 500, a connection reset or "the service is unavailable"; and nothing reaches a subgraph.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { watchStatements } from '../subgraphs/kit/database';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let token: string;

beforeAll(async () => {
  graph = await startTestGraph();
  token = await graph.token({ role: 'privacy_officer' });
}, 300_000);

afterAll(async () => {
  await graph?.stop();
});

interface Sent {
  status: number;
  body: any;
  headers: Headers;
}

async function send(init: { method?: string; body?: string; contentType?: string | null; path?: string }): Promise<Sent> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.contentType !== null) headers['content-type'] = init.contentType ?? 'application/json';
  const response = await fetch(graph.graph.gateway.url.replace('/graphql', init.path ?? '/graphql'), {
    method: init.method ?? 'POST',
    headers,
    body: init.body,
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the assertion's message
  }
  return { status: response.status, body, headers: response.headers };
}

const post = (payload: unknown) => send({ body: JSON.stringify(payload) });

/** Runs `work` and counts the SQL statements every subgraph sent meanwhile. */
async function statementsDuring(work: () => Promise<void>): Promise<number> {
  let statements = 0;
  // Subgraphs' statements only: the access log's writer flushes earlier tests' reads on its own timer.
  const unwatch = watchStatements((database) => {
    if (database !== 'access_log') statements += 1;
  });
  try {
    await work();
  } finally {
    unwatch();
  }
  return statements;
}

const codeOf = (sent: Sent): unknown => sent.body?.errors?.[0]?.extensions?.code;

it.each<[string, unknown, string]>([
  ['a syntax error', { query: '{ stores { nodes { code }' }, 'GRAPHQL_PARSE_FAILED'],
  ['an unknown field', { query: '{ storez { nodes { code } } }' }, 'GRAPHQL_VALIDATION_FAILED'],
  ['a subscription', { query: 'subscription { stores { nodes { code } } }' }, 'GRAPHQL_VALIDATION_FAILED'],
  ['an unknown operationName', { query: 'query A { stores { nodes { code } } }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
  ['too many tokens', { query: `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(' ')} }` }, 'BAD_USER_INPUT'],
  ['too many __typename aliases', { query: `{ ${Array.from({ length: 40 }, (_, i) => `t${i}: __typename`).join(' ')} }` }, 'GRAPHQL_VALIDATION_FAILED'],
  ['too many fields, __typename repeated', { query: `{ ${Array.from({ length: 300 }, () => '__typename').join(' ')} }` }, 'GRAPHQL_VALIDATION_FAILED'],
  ['a directive repeated on one field', { query: '{ __typename @include(if: true) @include(if: true) }' }, 'GRAPHQL_VALIDATION_FAILED'],
  ['a variable of the wrong type', { query: 'query ($n: Int) { stores(first: $n) { nodes { code } } }', variables: { n: 'ten' } }, 'BAD_USER_INPUT'],
  ['a NUL byte in a variable', { query: 'query ($c: String!) { store(code: $c) { code } }', variables: { c: 'P0\u000001' } }, 'BAD_USER_INPUT'],
  ['a NUL byte in the document', { query: '{ store(code: "P0\\u000001") { code } }' }, 'GRAPHQL_VALIDATION_FAILED'],
  ['an invalid instant written in the document', { query: '{ interactions(filter: { since: "yesterday" }, first: 1) { nodes { id } } }' }, 'BAD_USER_INPUT'],
  ['an invalid instant in a filter', { query: 'query ($s: DateTimeISO) { interactions(filter: { since: $s }, first: 1) { nodes { id } } }', variables: { s: 'not-a-date' } }, 'BAD_USER_INPUT'],
])('%s: 400 with a client code, no SQL', async (_case, payload, code) => {
  let sent!: Sent;
  const statements = await statementsDuring(async () => {
    sent = await post(payload);
  });
  expect({ status: sent.status, code: codeOf(sent) }).toEqual({ status: 400, code });
  expect(JSON.stringify(sent.body)).not.toMatch(/Internal error|unavailable|stack/i);
  expect(statements).toBe(0);
});

it('a body over the limit: 413 with a JSON message, not a reset connection', async () => {
  const sent = await send({ body: JSON.stringify({ query: `{ stores { nodes { code } } } # ${'x'.repeat(1_100_000)}` }) });
  expect(sent.status).toBe(413);
  expect(sent.body.errors[0].message).toMatch(/too large/i);
});

it('a content type other than JSON: 415', async () => {
  const sent = await send({ body: '{ stores { nodes { code } } }', contentType: 'text/plain' });
  expect(sent.status).toBe(415);
  expect(sent.body.errors[0].message).toMatch(/application\/json/);
});

it('a method other than GET or POST: 405 with Allow', async () => {
  const sent = await send({ method: 'PUT', body: JSON.stringify({ query: '{ __typename }' }) });
  expect(sent.status).toBe(405);
  expect(sent.headers.get('allow')).toBe('GET, POST');
});

it('a JSON body that is not a GraphQL request: 400', async () => {
  for (const body of ['not json', '[]', '{"query": 42}']) {
    const sent = await send({ body });
    expect({ body, status: sent.status }).toEqual({ body, status: 400 });
  }
});

it('trusted documents only (TRUSTED_DOCUMENTS_FILE): a listed document runs, by text or by hash; any other is 400', async () => {
  const body = '{ stores(first: 1) { nodes { code } } }';
  const id = createHash('sha256').update(body).digest('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trusted-'));
  const file = path.join(dir, 'manifest.json');
  fs.writeFileSync(file, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id, body, name: 'OneStore', type: 'query' }] }));
  const trusted = await graph.startGateway({ TRUSTED_DOCUMENTS_FILE: file });
  const post = async (payload: unknown) => {
    const response = await fetch(trusted.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const byText = await post({ query: body });
  expect(byText.status).toBe(200);
  expect(byText.body.data.stores.nodes).toHaveLength(1);
  const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });
  expect(byHash.status).toBe(200);
  expect(byHash.body.data.stores.nodes).toHaveLength(1);
  for (const payload of [{ query: '{ stores(first: 2) { nodes { code } } }' }, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }]) {
    const refused = await post(payload);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
