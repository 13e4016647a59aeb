// The gateway's query cost limit over real HTTP (gateway/query-cost.ts): an analyst's page of 100
// customers' histories passes, the same with bigger pages is refused before any subgraph is
// called, `first` counts the same from a literal, a variable or its default (the bypass armor's
// rule allowed), introspection stays free, and MAX_QUERY_COST sets the limit.
import { getIntrospectionQuery } from 'graphql';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../subgraphs/customer/journal/ingest';
import { watchStatements } from '../subgraphs/kit/database';
import type { RunningGateway } from '../gateway/server';
import { GraphQLResponse, PRIVACY_OFFICER, startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
/** A second gateway in front of the same subgraphs, started with MAX_QUERY_COST=100. */
let strict: RunningGateway;
let officerToken: string;

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  await ingestTouchpoints(graph.databases.urls);
  // Stopped with the test graph.
  strict = await graph.startGateway({ MAX_QUERY_COST: '100' });
  officerToken = await graph.token(PRIVACY_OFFICER);
}, 300_000);

afterAll(async () => {
  await graph?.stop();
});

async function queryStrict(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  const response = await fetch(strict.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${officerToken}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

const ENTRY = `id occurredAt channel reason role place { kind code store { code name } } summary
  amount { amountMinor currency amount } recordType recordKey
  record { __typename ... on Receipt { id occurredAt total { amount currency } storeCode } ... on Order { reference status total { amount currency } occurredAt } }`;

/** 100 customers' histories, `entries` (a literal or a variable) entries each. */
const analystQuery = (entries: string, variables = '') =>
  `query ${variables} { customers(first: 100) { nodes { id history(first: ${entries}) { nodes { ${ENTRY} } } } } }`;

/** The cost figure a refusal gives. */
const costOf = (answer: GraphQLResponse): number => {
  const figure = /could return about ([\d,]+) values/.exec(answer.errors?.[0].message ?? '')?.[1];
  if (!figure) throw new Error(`not a cost refusal: ${JSON.stringify(answer)}`);
  return Number(figure.replace(/,/g, ''));
};

describe('the default limit', () => {
  it("passes an analyst's 100 customers x 20 history entries with their records", async () => {
    const answer = await graph.query(analystQuery('20'));
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    const entries = answer.data.customers.nodes.flatMap((customer: { history: { nodes: unknown[] } }) => customer.history.nodes);
    expect(answer.data.customers.nodes).toHaveLength(100);
    expect(entries.length).toBeGreaterThan(100);
    expect(entries.some((entry: { record: unknown }) => entry.record !== null)).toBe(true);
  });

  it('refuses 100 customers x 100 entries with 400, a code and a message an analyst can act on, before calling any subgraph', async () => {
    let statements = 0;
    const unwatch = watchStatements(() => {
      statements += 1;
    });
    let answer: GraphQLResponse;
    try {
      answer = await graph.query(analystQuery('100'));
    } finally {
      unwatch();
    }
    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toEqual([
      {
        message: 'This query could return about 270,301 values; the limit is 100,000. Ask for fewer items (first) or fewer fields.',
        extensions: { code: 'QUERY_TOO_COSTLY' },
      },
    ]);
    expect(statements).toBe(0);
  });

  it('counts `first` given as a variable as the value it runs with (no bypass)', async () => {
    const literal = await graph.query(analystQuery('100'));
    const variable = await graph.query(analystQuery('$n', '($n: Int)'), { n: 100 });
    const defaulted = await graph.query(analystQuery('$n', '($n: Int = 100)'));
    for (const answer of [variable, defaulted]) {
      expect(answer.status).toBe(400);
      expect(answer.errors).toEqual(literal.errors);
    }
    // A variable that passes is costed by its value, too: the same page size as the literal 20.
    const twenty = await graph.query(analystQuery('$n', '($n: Int)'), { n: 20 });
    expect(twenty.errors).toBeUndefined();
  });

  it('refuses a `first` variable of the wrong type as bad input, not as an internal error', async () => {
    const answer = await graph.query('query ($n: Int) { stores(first: $n) { nodes { code } } }', { n: 'many' });
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(answer.errors?.[0].message).toMatch(/\$n/);
  });

  it('does not let a negative `first` lower the total', async () => {
    const answer = await graph.query(
      `{ a: stores(first: -1000000) { nodes { code } } b: customers(first: 100) { nodes { history(first: 100) { nodes { ${ENTRY} } } } } }`,
    );
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COSTLY' });
  });

  it('keeps introspection free: the explorer loads the schema', async () => {
    const answer = await graph.query(getIntrospectionQuery());
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.__schema.types.length).toBeGreaterThan(50);
  });
});

describe('MAX_QUERY_COST=100', () => {
  it('refuses a small query above it and passes one below', async () => {
    const refused = await queryStrict('{ stores(first: 100) { nodes { code name } } }');
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]).toEqual({
      // 1 + 100 × (nodes 1 + code 1 + name 1): the store directory is a connection now.
      message: 'This query could return about 301 values; the limit is 100. Ask for fewer items (first) or fewer fields.',
      extensions: { code: 'QUERY_TOO_COSTLY' },
    });
    const passed = await queryStrict('{ stores(first: 10) { nodes { code name } } }');
    expect(passed.errors).toBeUndefined();
    expect(passed.data.stores.nodes).toHaveLength(10);
  });

  it('costs an absent `first` as the default page size the subgraphs use (20)', async () => {
    const query = (first: string) => `query ($id: ID!) { customer(id: $id) { history${first} { nodes { id channel reason summary } } } }`;
    const id = '00000000-0000-4000-8000-000000000000';
    const absent = await queryStrict(query(''), { id });
    expect(costOf(absent)).toBe(costOf(await queryStrict(query('(first: 20)'), { id })));
    expect(costOf(absent)).toBeLessThan(costOf(await queryStrict(query('(first: 21)'), { id })));
  });

  it('still answers introspection', async () => {
    const answer = await queryStrict(getIntrospectionQuery());
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
  });
});
