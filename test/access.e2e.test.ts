// Access, through the real gateway over HTTP with real tokens: each role reads exactly what the
// committed access matrix says (schema/access-matrix.md), anonymous callers read nothing personal,
// a customer reaches nobody else by any root field, alias, household member or `_entities` call,
// refused tokens are 401 before any subgraph is called, mutations need the right role, and every
// read of personal data leaves one access-log row with the verified subject and declared purpose.
import { SignJWT } from 'jose';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../subgraphs/customer/journal/ingest';
import { Caller, encodeCaller, Principal } from '../subgraphs/kit/access/principal';
import { watchStatements } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { PRINCIPAL_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../subgraphs/kit/signature';
import { readCommittedAccessMatrix } from '../schema/access-matrix';
import type { DevTokenRequest } from '../gateway/dev-tokens';
import { GraphQLResponse, signAs, startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
/** A customer known to all four systems, another one, and two members of one household. */
let rich: string;
let other: string;
let household: { a: string; b: string };

const hub = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
  withDatabase('customer', graph.databases.urls.customer, (db) => db.query<T>(sql, params));

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  await ingestTouchpoints(graph.databases.urls);
  [{ id: rich }] = await hub<{ id: string }>(
    `SELECT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL
      GROUP BY customer_id HAVING count(DISTINCT system) = 4 ORDER BY count(*) DESC, customer_id LIMIT 1`,
  );
  [{ id: other }] = await hub<{ id: string }>(
    `SELECT customer_id::text AS id FROM identity_link WHERE unlinked_at IS NULL AND customer_id <> $1
      GROUP BY customer_id HAVING count(DISTINCT system) >= 2 ORDER BY customer_id LIMIT 1`,
    [rich],
  );
  const [pair] = await hub<{ a: string; b: string }>(
    `SELECT min(customer_id::text) AS a, max(customer_id::text) AS b FROM household_member WHERE left_at IS NULL
      GROUP BY household_id HAVING count(*) >= 2 ORDER BY 1 LIMIT 1`,
  );
  household = pair;
}, 300_000);

afterAll(async () => {
  await graph?.stop();
});

// ---------------------------------------------------------------------------------------------
// The matrix, as committed

type Cell = string;
/** `Type.field` → role → cell, read from the committed schema/access-matrix.md. */
function committedMatrix(): Map<string, Record<string, Cell>> {
  const text = readCommittedAccessMatrix() ?? '';
  const fieldsSection = text.slice(text.indexOf('## Fields'));
  const lines = fieldsSection.split('\n').filter((line) => line.startsWith('| '));
  const header = lines[0].split('|').map((c) => c.trim()).filter(Boolean);
  const matrix = new Map<string, Record<string, Cell>>();
  for (const line of lines.slice(1)) {
    const cells = line.split('|').map((c) => c.trim()).slice(1, -1);
    matrix.set(cells[0], Object.fromEntries(header.slice(2).map((role, i) => [role, cells[i + 2]])));
  }
  return matrix;
}

/** Whether the matrix lets `who` read `field` on `ownData` (a customer's own customer, or not). */
function matrixAllows(matrix: Map<string, Record<string, Cell>>, field: string, role: string, opts: { own?: boolean; scopes?: string[] } = {}): boolean {
  const cell = matrix.get(field)?.[role];
  if (cell === undefined) throw new Error(`${field} is not in the committed access matrix`);
  if (cell === '✓') return true;
  if (cell === 'own') return opts.own === true;
  if (role === 'service') return cell.split(' or ').some((scope) => opts.scopes?.includes(scope));
  return false;
}

/** Every field group a channel or the hub adds to Customer, each with a small selection. */
const CUSTOMER_FIELDS: Record<string, string> = {
  createdAt: '',
  identities: '{ system }',
  systems: '',
  household: '{ id }',
  goldenRecord: '{ names { given } emails { value } phones { value } }',
  history: '(first: 2) { nodes { id } }',
  accessLog: '(first: 1) { nodes { id } }',
  loyaltyAccounts: '{ cardNumber }',
  activeLoyaltyAccount: '{ cardNumber }',
  receipts: '(first: 2) { edges { node { id } } }',
  favouriteStores: '(first: 2) { storeCode }',
  usualBasket: '(first: 2) { ean }',
  orders: '(first: 2) { nodes { reference } }',
  cart: '{ id }',
  reviews: '(first: 2) { nodes { id } }',
  searches: '(first: 2) { nodes { id } }',
  paymentMethods: '{ lastFour }',
  addresses: '{ city }',
  webAccounts: '{ id }',
  calls: '(first: 2) { edges { node { id } } }',
  tickets: '(first: 2) { nodes { id } }',
  openTickets: '(first: 2) { nodes { id } }',
  callbackWindows: '(first: 2) { nodes { id } }',
  messages: '(first: 2) { edges { node { id } } }',
  coupons: '(first: 2) { edges { node { code } } }',
  segments: '{ segment { name } }',
  marketingConsents: '{ current { granted } }',
};
const CUSTOMER_SELECTION = `id ${Object.entries(CUSTOMER_FIELDS).map(([field, selection]) => `${field}${selection ? ` ${selection}` : ''}`).join(' ')}`;
/** Fields that hold a value for the customer chosen (connections and lists are never null when allowed). */
const ALWAYS_PRESENT = ['identities', 'systems', 'history', 'accessLog', 'loyaltyAccounts', 'receipts', 'orders', 'webAccounts', 'calls', 'messages', 'marketingConsents'];

const forbiddenAt = (answer: GraphQLResponse, path: (string | number)[]) =>
  (answer.errors ?? []).find((e) => e.extensions?.code === 'FORBIDDEN' && JSON.stringify(e.path) === JSON.stringify(path));

/** Checks one Customer answer field by field against the matrix. */
function expectCustomerAsMatrixSays(answer: GraphQLResponse, root: string, role: string, opts: { own?: boolean; scopes?: string[] } = {}): void {
  const matrix = committedMatrix();
  const customer = answer.data?.[root];
  expect(customer).toBeTruthy();
  expect(customer.id).toBeDefined();
  for (const field of Object.keys(CUSTOMER_FIELDS)) {
    const allowed = matrixAllows(matrix, `Customer.${field}`, role, opts);
    const refusal = forbiddenAt(answer, [root, field]);
    if (allowed) {
      expect({ field, refusal }).toEqual({ field, refusal: undefined });
      if (ALWAYS_PRESENT.includes(field)) expect({ field, value: customer[field] }).toEqual({ field, value: expect.anything() });
    } else {
      expect({ field, value: customer[field] }).toEqual({ field, value: null });
      expect({ field, refused: refusal?.extensions?.field }).toEqual({ field, refused: `Customer.${field}` });
    }
  }
}

const CUSTOMER_QUERY = `query ($id: ID!) { customer(id: $id) { ${CUSTOMER_SELECTION} } }`;

// ---------------------------------------------------------------------------------------------

describe('each role reads exactly what the access matrix says', () => {
  const staff: [string, DevTokenRequest][] = [
    ['agent', { role: 'agent', subject: 'agent-7' }],
    ['marketing', { role: 'marketing', subject: 'mkt-1' }],
    ['privacy_officer', { role: 'privacy_officer', subject: 'dpo' }],
  ];
  it.each(staff)('%s: every Customer field group', async (role, as) => {
    const answer = await graph.query(CUSTOMER_QUERY, { id: rich }, { as });
    expect(answer.status).toBe(200);
    expectCustomerAsMatrixSays(answer, 'customer', role);
  });

  it('service with read:store reads the store fields only', async () => {
    const answer = await graph.query(CUSTOMER_QUERY, { id: rich }, { as: { role: 'service', subject: 'loyalty-sync', scopes: ['read:store', 'read:customer'] } });
    expectCustomerAsMatrixSays(answer, 'customer', 'service', { scopes: ['read:store', 'read:customer'] });
    expect(answer.data.customer.receipts).not.toBeNull();
    expect(answer.data.customer.orders).toBeNull();
  });

  it('customer: every field group of themself through me', async () => {
    const answer = await graph.query(`{ me { ${CUSTOMER_SELECTION} } }`, {}, { as: { role: 'customer', subject: 'web-user', customerId: rich } });
    expect(answer.data.me.id).toBe(rich);
    expectCustomerAsMatrixSays(answer, 'me', 'customer', { own: true });
  });

  it('analyst: aggregates and pseudonymous ids, no customer', async () => {
    const as: DevTokenRequest = { role: 'analyst', subject: 'bi-1' };
    const answer = await graph.query(
      `query ($id: ID!) {
        interactions(first: 3) { nodes { id channel reason customerId } }
        interactionCounts(groupBy: [CHANNEL]) { channel count }
        customer(id: $id) { id }
        customers(first: 2) { nodes { id } }
        stores(first: 1) { nodes { code } }
      }`,
      { id: rich },
      { as },
    );
    expect(answer.data.interactions.nodes).toHaveLength(3);
    expect(answer.data.interactionCounts.length).toBeGreaterThan(0);
    expect(answer.data.stores.nodes).toHaveLength(1);
    expect(answer.data.customer).toBeNull();
    expect(answer.data.customers).toBeNull();
    expect(forbiddenAt(answer, ['customer'])?.extensions?.field).toBe('Query.customer');
    expect(forbiddenAt(answer, ['customers'])?.extensions?.field).toBe('Query.customers');
  });

  it('a refused field is null with FORBIDDEN naming it; the rest of the answer is intact', async () => {
    const answer = await graph.query(
      `query ($id: ID!) { customer(id: $id) { id calls(first: 5) { edges { node { id reason notes } } } } }`,
      { id: rich },
      { as: { role: 'privacy_officer' } },
    );
    const calls = answer.data.customer.calls.edges;
    expect(calls.length).toBeGreaterThan(0);
    // Marketing may not read calls at all: refused as a whole, never an empty list.
    const marketing = await graph.query(`query ($id: ID!) { customer(id: $id) { id calls(first: 5) { edges { node { id } } } messages(first: 1) { edges { node { id } } } } }`, { id: rich }, { as: { role: 'marketing' } });
    expect(marketing.data.customer.calls).toBeNull();
    expect(marketing.data.customer.messages).not.toBeNull();
    expect(forbiddenAt(marketing, ['customer', 'calls'])?.message).toMatch(/Customer\.calls/);
  });
});

describe('anonymous callers read nothing personal', () => {
  it('the customer dump of the issue returns no personal data', async () => {
    const answer = await graph.query(
      `{ customers(first: 100) { nodes { id goldenRecord { names { given family } emails { value } phones { value } birthDates { value } }
          addresses { line1 city } paymentMethods { lastFour } } } }`,
      {},
      { as: null },
    );
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ customers: null });
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Query.customers' });
  });

  it('nor by id, identifier, record or history; the store directory stays open', async () => {
    const answer = await graph.query(
      `query ($id: ID!) {
        customer(id: $id) { id goldenRecord { emails { value } } }
        customerByIdentifier(kind: PHONE, value: "06 12 34 56 78") { candidates { id } }
        interactions(first: 1) { nodes { id } }
        stores(first: 2) { nodes { code name } }
      }`,
      { id: rich },
      { as: null },
    );
    expect(answer.data.customer).toBeNull();
    expect(answer.data.customerByIdentifier).toBeNull();
    expect(answer.data.interactions).toBeNull();
    expect(answer.data.stores.nodes).toHaveLength(2);
    expect(JSON.stringify(answer.data)).not.toMatch(/@|\+33/);
  });
});

describe('a customer reaches nobody else', () => {
  const asCustomer = (customerId: string): DevTokenRequest => ({ role: 'customer', subject: `web-${customerId.slice(0, 8)}`, customerId });

  it('by no root field or alias', async () => {
    const answer = await graph.query(
      `query ($other: ID!) {
        me { id }
        other: customer(id: $other) { id goldenRecord { emails { value } } }
        list: customers(first: 5) { nodes { id } }
        lookup: customerByIdentifier(kind: MARKETING_CONTACT, value: "00000000-0000-0000-0000-000000000000") { candidates { id } }
        order(reference: "CMD-0000001") { reference }
        receipt(id: "1") { id }
        interactions(first: 1) { nodes { customerId } }
        accessLog(customerId: $other) { nodes { id } }
      }`,
      { other },
      { as: asCustomer(rich) },
    );
    expect(answer.data.me).toEqual({ id: rich });
    for (const root of ['other', 'list', 'lookup', 'order', 'receipt', 'interactions', 'accessLog']) {
      expect({ root, value: answer.data[root] }).toEqual({ root, value: null });
      expect({ root, code: forbiddenAt(answer, [root])?.extensions?.code }).toEqual({ root, code: 'FORBIDDEN' });
    }
  });

  it('nor through a household member', async () => {
    expect(household).toBeDefined();
    const answer = await graph.query(
      `{ me { id household { members { role customer { id receipts(first: 1) { edges { node { id } } } goldenRecord { names { given } } } } } } }`,
      {},
      { as: asCustomer(household.a) },
    );
    const members = answer.data.me.household.members as { customer: { id: string; receipts: unknown; goldenRecord: unknown } }[];
    const self = members.find((m) => m.customer.id === household.a)!;
    const stranger = members.find((m) => m.customer.id !== household.a)!;
    expect(self.customer.goldenRecord).not.toBeNull();
    expect(stranger.customer.receipts).toBeNull();
    expect(stranger.customer.goldenRecord).toBeNull();
    const refused = (answer.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.extensions?.field);
    expect(refused).toEqual(expect.arrayContaining(['Customer.receipts', 'Customer.goldenRecord']));
  });

  it('nor by an _entities call: refused at the gateway, and by the subgraph itself if signed', async () => {
    const viaGateway = await graph.query(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id } } }`, {
      r: [{ __typename: 'Customer', id: other }],
    }, { as: asCustomer(rich) });
    expect(viaGateway.status).toBe(400);
    expect(viaGateway.data).toBeUndefined();

    // Even a request the gateway signed, for this customer, gets nothing of another from the subgraph.
    const body = JSON.stringify({
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id goldenRecord { emails { value } } history(first: 1) { nodes { id } } } } }',
      variables: { r: [{ __typename: 'Customer', id: other }] },
    });
    const principal: Principal = { subject: 'web', role: 'customer', scopes: [], customerId: rich };
    const response = await fetch(graph.graph.subgraphs.get('customer')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'customer', body, principal) },
      body,
    });
    const json = (await response.json()) as GraphQLResponse;
    expect(json.data?._entities[0]).toEqual({ id: other, goldenRecord: null, history: null });
    expect(json.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });
});

describe('refused tokens: 401 before any subgraph is called', () => {
  const sign = (claims: Record<string, unknown>, options: { secret?: string; audience?: string; issuer?: string; expiresIn?: number } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(options.issuer ?? graph.auth.issuer)
      .setAudience(options.audience ?? graph.auth.audience)
      .setIssuedAt(now - 120)
      .setExpirationTime(now + (options.expiresIn ?? 600))
      .sign(new TextEncoder().encode(options.secret ?? graph.auth.devSecret!));
  };

  const cases: [string, () => Promise<string>, RegExp][] = [
    ['expired', () => sign({ role: 'agent' }, { expiresIn: -60 }), /expired/],
    ['forged (another secret)', () => sign({ role: 'privacy_officer' }, { secret: 'an-attacker-secret-of-32-characters!!' }), /not signed by a key/],
    ['for another audience', () => sign({ role: 'agent' }, { audience: 'another-api' }), /audience/],
    ['from another issuer', () => sign({ role: 'agent' }, { issuer: 'https://evil.example' }), /issuer/],
    ['with an unknown role', () => sign({ role: 'admin' }), /role/],
    ['a customer without a customer id', () => sign({ role: 'customer' }), /customer id/],
    ['not a JWT', async () => 'not.a.jwt', /not a valid JWT/],
  ];
  it.each(cases)('%s', async (_name, make, why) => {
    let statements = 0;
    // Subgraphs' statements only: the access log's writer flushes earlier tests' reads on its own timer.
    const unwatch = watchStatements((database) => {
      if (database !== 'access_log') statements += 1;
    });
    try {
      const answer = await graph.query(`query ($id: ID!) { customer(id: $id) { id goldenRecord { emails { value } } } }`, { id: rich }, { token: await make() });
      expect(answer.status).toBe(401);
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(answer.errors?.[0].message).toMatch(why);
    } finally {
      unwatch();
    }
    expect(statements).toBe(0);
  });

  it('a malformed Authorization header is 401, an identity header a client sends is ignored', async () => {
    const malformed = await graph.query('{ me { id } }', {}, { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(malformed.status).toBe(401);

    const caller: Caller = { principal: { subject: 'x', role: 'privacy_officer', scopes: [] }, requestId: 'forged', purpose: null };
    const spoofed = await graph.query(`query ($id: ID!) { customer(id: $id) { id } }`, { id: rich }, {
      token: null,
      headers: { [PRINCIPAL_HEADER]: encodeCaller(caller), [SIGNATURE_HEADER]: 'forged', [TIMESTAMP_HEADER]: String(Math.floor(Date.now() / 1000)) },
    });
    expect(spoofed.data).toEqual({ customer: null });
    expect(spoofed.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('identity decisions need an agent or a privacy officer', () => {
  const MERGE = `mutation ($s: ID!, $t: ID!) { mergeCustomers(sourceId: $s, targetId: $t, reason: "same person") { target { id } } }`;
  // Factories: the customer id is known only once the hub has resolved (beforeAll).
  it.each<[string, () => DevTokenRequest | null]>([
    ['anonymous', () => null],
    ['customer', () => ({ role: 'customer', customerId: rich })],
    ['marketing', () => ({ role: 'marketing' })],
    ['analyst', () => ({ role: 'analyst' })],
    ['service without write:identity', () => ({ role: 'service', scopes: ['read:customer'] })],
  ])('%s: FORBIDDEN and nothing changed in the hub', async (_who, who) => {
    const as = who();
    const count = async () => (await hub<{ d: number; l: number }>(
      `SELECT (SELECT count(*) FROM identity_decision)::int AS d, (SELECT count(*) FROM identity_link WHERE unlinked_at IS NULL)::int AS l`,
    ))[0];
    const before = await count();
    const answer = await graph.query(MERGE, { s: other, t: rich }, { as });
    // The mutation is nullable (a refusal keeps the rest of an answer): null, with FORBIDDEN.
    expect(answer.data?.mergeCustomers ?? null).toBeNull();
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Mutation.mergeCustomers' });
    expect(await count()).toEqual(before);
  });
});

describe('the access log', () => {
  it('holds one entry per customer read, with the verified subject, the declared purpose and what was read', async () => {
    const before = await hub<{ n: number }>('SELECT count(*)::int AS n FROM access_log');
    const agent: DevTokenRequest = { role: 'agent', subject: 'agent-screen-pop' };
    await graph.query(CUSTOMER_QUERY, { id: rich }, { as: agent, purpose: 'screen_pop' });
    const three = await graph.query(`{ customers(first: 3) { nodes { id goldenRecord { names { given } } } } }`, {}, { as: agent, purpose: 'search' });
    const ids = (three.data.customers.nodes as { id: string }[]).map((c) => c.id);
    // Reading the store directory reads nobody.
    await graph.query('{ stores(first: 3) { nodes { code } } }', {}, { as: agent, purpose: 'directory' });
    await graph.graph.accessLog.flush();

    const rows = await hub<{ customer_id: string; subject: string; role: string; purpose: string; data_classes: string[]; subgraphs: string[] }>(
      `SELECT customer_id::text, subject, role, purpose, data_classes, subgraphs FROM access_log WHERE subject = 'agent-screen-pop' ORDER BY id`,
    );
    const screenPop = rows.filter((r) => r.purpose === 'screen_pop');
    expect(screenPop).toHaveLength(1);
    expect(screenPop[0]).toMatchObject({ customer_id: rich, role: 'agent' });
    expect(screenPop[0].data_classes).toEqual(expect.arrayContaining(['activity', 'contact', 'household', 'identity', 'marketing', 'consent']));
    // No profiling consent is staged for this customer, so the usual basket and favourite stores were
    // refused (consent enforced at read, test/consent-enforcement.e2e.test.ts): not read, not logged.
    expect(screenPop[0].data_classes).not.toContain('profiling');
    // Refused classes were not read: not logged.
    expect(screenPop[0].data_classes).not.toContain('payment');
    expect(screenPop[0].subgraphs).toEqual(['callcentre', 'customer', 'ecommerce', 'marketing', 'store']);
    expect(rows.filter((r) => r.purpose === 'search').map((r) => r.customer_id).sort()).toEqual([...ids].sort());
    expect(rows.filter((r) => r.purpose === 'directory')).toEqual([]);
    const [{ n }] = await hub<{ n: number }>('SELECT count(*)::int AS n FROM access_log');
    expect(n - before[0].n).toBe(1 + ids.length);

    // The privacy officer reads it; the customer sees who read them; an agent may not.
    const officer = await graph.query(`query ($id: ID!) { accessLog(customerId: $id, first: 5) { nodes { subject role purpose dataClasses } } }`, { id: rich });
    expect(officer.data.accessLog.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ subject: 'agent-screen-pop', role: 'agent', purpose: 'screen_pop' })]));
    const self = await graph.query('{ me { accessLog(first: 20) { nodes { subject purpose } } } }', {}, { as: { role: 'customer', customerId: rich } });
    expect(self.data.me.accessLog.nodes).toEqual(expect.arrayContaining([{ subject: 'agent-screen-pop', purpose: 'screen_pop' }]));
    const refused = await graph.query(`query ($id: ID!) { accessLog(customerId: $id) { nodes { id } } }`, { id: rich }, { as: agent });
    expect(refused.data.accessLog).toBeNull();
  });

  it('a malformed purpose is refused (400), never stored', async () => {
    const answer = await graph.query('{ stores(first: 1) { nodes { code } } }', {}, { as: { role: 'agent' }, purpose: 'Marie Dupont 0612345678' });
    expect(answer.status).toBe(400);
  });
});

describe('production switch (NODE_ENV=production)', () => {
  it('answers no introspection, no field suggestion and no explorer page', async () => {
    // Stopped with the test graph.
    const production = await graph.startGateway({ NODE_ENV: 'production' });
    const token = await graph.token({ role: 'privacy_officer' });
    const post = async (query: string) => {
      const response = await fetch(production.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as GraphQLResponse;
    };
    const introspection = await post('{ __schema { types { name } } }');
    expect(introspection.data).toBeUndefined();
    expect(introspection.errors?.[0].message).toMatch(/introspection/i);
    const typo = await post('{ stors { code } }');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    expect((await post('{ stores { nodes { code } } }')).data?.stores.nodes.length).toBeGreaterThan(0);
    const page = await fetch(production.url.replace('/graphql', '/'), { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/<html/i);
  });
});
