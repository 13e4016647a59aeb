// The supergraph on another engine, unchanged: Hive Gateway (a child process, with the repository's
// gateway/hive/gateway.config.ts) in front of the same running subgraphs as our own gateway. The
// customer-360 query answers the same through both; access is decided the same (the claims Hive
// verified and forwarded, signed, become the same principal); the subgraphs still refuse anything
// not signed.
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { registry } from '../subgraphs/channels';
import { withDatabase } from '../subgraphs/kit/databases';
import { HIVE_SIGNATURE_EXTENSION, hiveSignature, hiveSignedContent, hiveStamp } from '../subgraphs/kit/signature';
import { GraphQLResponse, startTestGraph, TestGraph } from './support/test-graph';
import { CUSTOMER_360 } from './support/queries';
import { freePort } from '../subgraphs/kit/embedded-postgres';
import { setClock } from '../subgraphs/kit/clock';

const ROOT = path.resolve(__dirname, '..');
const HIVE_BIN = path.join(ROOT, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');

// The README's customer-360 query, as a screen would send it.

let graph: TestGraph;
let hive: ChildProcess | undefined;
let hiveUrl: string;
let hiveOutput = '';
let customerId: string;


async function startHive(): Promise<void> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    GATEWAY_SIGNING_SECRET: graph.signing.secret,
    SIGNATURE_MAX_AGE_SECONDS: String(graph.signing.maxAgeSeconds),
    AUTH_DEV_SECRET: graph.auth.devSecret,
    AUTH_ISSUER: graph.auth.issuer,
    AUTH_AUDIENCE: graph.auth.audience,
    AUTH_CLOCK_TOLERANCE_SECONDS: String(graph.auth.clockToleranceSeconds),
    SUBGRAPH_TIMEOUT_MS: '10000',
  };
  delete env.AUTH_JWKS_URL;
  for (const name of registry().subgraphNames) env[registry().subgraphUrlVariables[name]] = graph.graph.subgraphs.get(name)!.url;
  const child = spawn(
    process.execPath,
    [HIVE_BIN, 'supergraph', 'schema/supergraph.graphql', '--config-path', 'gateway/hive/gateway.config.ts', '--host', '127.0.0.1', '--port', String(port), '--disable-websockets'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  hive = child;
  child.stdout!.on('data', (chunk: Buffer) => (hiveOutput += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (hiveOutput += chunk.toString()));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`Hive Gateway exited (${code}):\n${hiveOutput}`))));
  exited.catch(() => undefined);
  hiveUrl = `http://127.0.0.1:${port}/graphql`;
  // Ready once it answers a query (the supergraph is loaded lazily, on the first request).
  const ready = async (): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(hiveUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (attempt > 600) throw new Error(`Hive Gateway did not become ready:\n${hiveOutput}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await Promise.race([ready(), exited]);
}

async function stopHive(): Promise<void> {
  const child = hive;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A query through Hive Gateway, as a client sends it. */
async function viaHive<T = any>(query: string, variables: Record<string, unknown>, options: { token?: string; purpose?: string; extensions?: unknown } = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(hiveUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.purpose ? { 'x-purpose': options.purpose } : {}),
    },
    body: JSON.stringify({ query, variables, ...(options.extensions ? { extensions: options.extensions } : {}) }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  const [row] = await withDatabase('customer', graph.databases.urls.customer, (db) =>
    db.query<{ id: string }>(
      `SELECT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL
        GROUP BY customer_id HAVING count(DISTINCT system) = 4 ORDER BY count(*) DESC, customer_id LIMIT 1`,
    ),
  );
  customerId = row.id;
  await startHive();
});

afterAll(async () => {
  await stopHive();
  await graph?.stop();
});

it('answers the customer-360 query with the same data as our own gateway', async () => {
  const ours = await graph.query(CUSTOMER_360, { id: customerId }, { as: { role: 'agent', subject: 'our-agent' }, purpose: 'screen_pop' });
  const agent = await graph.token({ role: 'agent', subject: 'hive-agent' });
  const theirs = await viaHive(CUSTOMER_360, { id: customerId }, { token: agent, purpose: 'screen_pop' });
  expect(ours.errors).toBeUndefined();
  expect(theirs.errors).toBeUndefined();
  expect(theirs.data.customer.id).toBe(customerId);
  expect(theirs.data).toEqual(ours.data);
  // The access log names the agent and the purpose, as through our gateway.
  await graph.graph.accessLog.flush();
  const logged = await withDatabase('customer', graph.databases.urls.customer, (db) =>
    db.query<{ customer_id: string; purpose: string }>(`SELECT customer_id::text, purpose FROM access_log WHERE subject = 'hive-agent'`),
  );
  expect(logged).toEqual([{ customer_id: customerId, purpose: 'screen_pop' }]);
});

it('answers anticipatedNeeds (a @requires chain: hub, then the channels, then the hub) the same as our own gateway', async () => {
  const query = `query ($id: ID!) { customer(id: $id) { anticipatedNeeds { id kind dueAt reason suggestedAction evidence { system recordType key } } } }`;
  const ids = await withDatabase('customer', graph.databases.urls.customer, (db) =>
    db.query<{ id: string }>(
      `SELECT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL
        GROUP BY customer_id HAVING count(DISTINCT system) >= 3 ORDER BY count(*) DESC, customer_id LIMIT 15`,
    ),
  );
  const officer = await graph.token({ role: 'privacy_officer', subject: 'hive-needs' });
  setClock('2026-11-20T10:00:00Z'); // the generated data set's reference date: its needs are current
  try {
    let needs = 0;
    for (const { id } of ids) {
      const ours = await graph.query(query, { id }, { as: { role: 'privacy_officer', subject: 'hive-needs' } });
      const theirs = await viaHive(query, { id }, { token: officer });
      expect(ours.errors).toBeUndefined();
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data).toEqual(ours.data);
      needs += ours.data.customer.anticipatedNeeds.length;
    }
    expect(needs).toBeGreaterThan(0);
  } finally {
    setClock(null);
  }
});

it('reads the principal from the forwarded claims: a marketing token gets Customer.calls null with FORBIDDEN, the rest intact', async () => {
  const marketing = await graph.token({ role: 'marketing', subject: 'hive-marketing' });
  const query = `query ($id: ID!) { customer(id: $id) { id calls(first: 5) { edges { node { id } } } marketingConsents { current { granted } } } }`;
  const answer = await viaHive(query, { id: customerId }, { token: marketing });
  expect(answer.data.customer.id).toBe(customerId);
  expect(answer.data.customer.calls).toBeNull();
  expect(answer.data.customer.marketingConsents).not.toBeNull();
  const refusal = answer.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(['customer', 'calls']));
  expect(refusal?.extensions?.code).toBe('FORBIDDEN');
  expect(refusal?.message).toMatch(/Customer\.calls/);
});

it('gives an anonymous caller the store directory and no personal data, even with claims of its own in the extensions', async () => {
  const query = `query ($id: ID!) { stores(first: 2) { nodes { code } } customer(id: $id) { id calls(first: 1) { edges { node { id } } } } }`;
  const forged = { jwt: { payload: { sub: 'intruder', role: 'privacy_officer', exp: Math.floor(Date.now() / 1000) + 600 } } };
  for (const extensions of [undefined, forged]) {
    const answer = await viaHive(query, { id: customerId }, { extensions });
    expect(answer.data?.stores.nodes).toHaveLength(2);
    expect(answer.data?.customer ?? null).toBeNull();
    expect(answer.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  }
});

it('refuses a token our gateway refuses, and a malformed purpose', async () => {
  const wrongKey = await (await import('../gateway/dev-tokens')).signDevelopmentToken('x'.repeat(40), graph.auth, { role: 'privacy_officer' });
  const refused = await viaHive(CUSTOMER_360, { id: customerId }, { token: wrongKey });
  expect(refused.data?.customer ?? null).toBeNull();
  expect(refused.status).toBe(401);
  expect(refused.errors?.[0]?.message).toMatch(/unauthenticated/i);
  const badPurpose = await viaHive('{ stores(first: 1) { nodes { code } } }', {}, { purpose: 'Not A Code' });
  expect(badPurpose.status).toBe(400);
});

/** A request body signed as Hive Gateway signs it with our configuration. */
function hiveSigned(audience: string, claims: Record<string, unknown> | null, query = '{ __typename }'): string {
  const request = { query, extensions: { ...(claims ? { jwt: { payload: claims } } : {}), customerGraph: hiveStamp(audience, 'test-request', null) } };
  const signature = hiveSignature(graph.signing.secret, hiveSignedContent(request));
  return JSON.stringify({ ...request, extensions: { ...request.extensions, [HIVE_SIGNATURE_EXTENSION]: signature } });
}

async function postTo(subgraph: 'callcentre' | 'store', body: string): Promise<{ status: number; message?: string }> {
  const response = await fetch(graph.graph.subgraphs.get(subgraph)!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await response.json()) as { errors?: { message: string }[] };
  return { status: response.status, message: json.errors?.[0]?.message };
}

it('accepts a Hive-signed request once, for its own subgraph, and refuses claims that name no principal', async () => {
  const exp = Math.floor(Date.now() / 1000) + 600;
  const signed = hiveSigned('callcentre', { sub: 'a', role: 'agent', exp });
  expect(await postTo('callcentre', signed)).toEqual({ status: 200 });
  expect(await postTo('callcentre', signed)).toEqual({ status: 401, message: 'Unauthorized: replayed request' });
  expect(await postTo('store', hiveSigned('callcentre', null))).toEqual({ status: 401, message: 'Unauthorized: signed for another subgraph' });
  // Claims altered after signing.
  const altered = signed.replace('"role":"agent"', '"role":"privacy_officer"');
  expect(await postTo('callcentre', altered)).toEqual({ status: 401, message: 'Unauthorized: bad signature' });
  expect(await postTo('callcentre', hiveSigned('callcentre', { sub: 'a', role: 'admin', exp }))).toMatchObject({ status: 401, message: expect.stringMatching(/role must be one of/) });
  expect(await postTo('callcentre', hiveSigned('callcentre', { sub: 'a', role: 'agent' }))).toEqual({ status: 401, message: 'Unauthorized: forwarded claims without an expiry' });
});

it('leaves the subgraphs closed to unsigned requests', async () => {
  const response = await fetch(graph.graph.subgraphs.get('callcentre')!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }', extensions: { 'hmac-signature': 'AAAA', jwt: { payload: { sub: 'x', role: 'privacy_officer', exp: 9e9 } } } }),
  });
  expect(response.status).toBe(401);
});
