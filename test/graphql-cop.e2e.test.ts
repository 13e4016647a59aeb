// graphql-cop's 13 checks (github.com/dolevf/graphql-cop, lib/tests), sent as it sends them to a
// gateway with production settings (NODE_ENV=production), each with graphql-cop's own verdict of
// "vulnerable": every one must come out not vulnerable. Requests carry no token, as graphql-cop's.
import { RunningGateway } from '../gateway/server';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let production: RunningGateway;

beforeAll(async () => {
  graph = await startTestGraph();
  production = await graph.startGateway({ NODE_ENV: 'production' });
}, 300_000);

afterAll(async () => {
  await graph?.stop();
});

/** graphql-cop's graph_query: a JSON POST of { query, operationName: 'cop' }, or a batch of ten. */
async function graphQuery(payload: string, options: { batch?: boolean; operation?: string } = {}): Promise<any> {
  const operation = options.operation ?? 'query';
  const data = options.batch ? Array.from({ length: 10 }, () => ({ [operation]: payload })) : { [operation]: payload, operationName: 'cop' };
  const response = await fetch(production.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
  return parsed(response);
}

async function parsed(response: Response): Promise<any> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

/** graphql-cop's verdicts read `json['data'][…]` in a try block: any missing key is "not vulnerable". */
const dig = (value: any, ...keys: (string | number)[]): any => keys.reduce((at, key) => (at === undefined || at === null ? undefined : at[key]), value);

describe("graphql-cop's 13 checks against production settings", () => {
  it('alias overloading (101 aliases) is refused', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `alias${i}:__typename \n`).join('');
    expect(dig(await graphQuery(`query cop { ${aliases} }`), 'data', 'alias100')).toBeUndefined();
  });

  it('array-based batching is refused', async () => {
    const answer = await graphQuery('query cop { __typename }', { batch: true });
    expect(Array.isArray(answer) && answer.length >= 10).toBe(false);
  });

  it('circular introspection is refused', async () => {
    const q = 'query cop { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }';
    expect(dig(await graphQuery(q), 'data', '__schema', 'types')).toBeUndefined();
  });

  it('directive overloading does not report each copy', async () => {
    const answer = await graphQuery('query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }');
    expect(answer.errors?.length).not.toBe(10);
  });

  it('field duplication (500 __typename) is refused', async () => {
    const answer = await graphQuery(`query cop { ${'__typename \n'.repeat(500)}} `);
    expect(dig(answer, 'data', '__typename')).toBeUndefined();
  });

  it('field suggestions are off', async () => {
    const answer = await graphQuery('query cop { __schema { directive } }');
    expect(JSON.stringify(answer.errors ?? [])).not.toContain('Did you mean');
  });

  it('a mutation over GET is refused', async () => {
    const response = await fetch(`${production.url}?${new URLSearchParams({ query: 'mutation cop {__typename}' })}`);
    expect(dig(await parsed(response), 'data', '__typename')).toBeUndefined();
  });

  it('a query over GET (CSRF) is refused', async () => {
    const response = await fetch(`${production.url}?${new URLSearchParams({ query: 'query cop {__typename}' })}`);
    expect(dig(await parsed(response), 'data', '__typename')).toBeUndefined();
  });

  it('no GraphiQL or Playground page', async () => {
    const response = await fetch(production.url, { headers: { accept: 'text/html' } });
    const text = await response.text();
    for (const word of ['graphiql.min.css', 'GraphQL Playground', 'GraphiQL', 'graphql-playground']) expect(text).not.toContain(word);
  });

  it('introspection is off', async () => {
    expect(dig(await graphQuery('query cop { __schema { types { name fields { name } } } }'), 'data', '__schema', 'types')).toBeUndefined();
  });

  it('a url-encoded POST (CSRF) is refused', async () => {
    const response = await fetch(production.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'query cop { __typename }' }).toString(),
    });
    expect(dig(await parsed(response), 'data', '__typename')).toBeUndefined();
  });

  it('no tracing in answers', async () => {
    const answer = await graphQuery('query cop { __typename }');
    expect(dig(answer, 'errors', 0, 'extensions', 'tracing')).toBeUndefined();
    expect(JSON.stringify(answer).toLowerCase()).not.toContain('"tracing"');
  });

  it('no exception details in an unhandled error', async () => {
    const answer = await graphQuery('qwerty cop { abc }');
    expect(dig(answer, 'errors', 0, 'extensions', 'exception')).toBeUndefined();
    expect(JSON.stringify(answer).toLowerCase()).not.toMatch(/"exception"|stacktrace/);
  });
});
