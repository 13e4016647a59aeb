// Analysts' questions answered by the server (issue 13 item 7), through the gateway with an analyst
// token, each checked against SQL over the hub's journal: counts and lists by record type, and
// customers by cross-channel conditions in one request, by hub id only.
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../subgraphs/customer/journal/ingest';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
const analyst = { as: { role: 'analyst' as const, subject: 'bi-1' } };

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  await ingestTouchpoints(graph.databases.urls);
}, 300_000);

afterAll(async () => {
  await graph?.stop();
});

const hub = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  withDatabase('customer', graph.databases.urls.customer, (db) => db.query<T>(sql, params));

it('counts calls per reason without ticket steps or callbacks (filter by record type), as SQL does', async () => {
  const answer = await graph.query(
    '{ interactionCounts(filter: { channels: [CALL_CENTRE], recordTypes: ["Call"] }, groupBy: [REASON]) { reason count } }',
    {},
    analyst,
  );
  expect(answer.errors).toBeUndefined();
  const sql = await hub<{ reason: string; count: number }>(
    `SELECT reason, count(*)::int AS count FROM touchpoint WHERE channel = 'CALL_CENTRE' AND record_type = 'Call' GROUP BY reason ORDER BY reason`,
  );
  expect(sql.length).toBeGreaterThan(1);
  const byReason = (rows: { reason: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.reason, r.count]));
  expect(byReason(answer.data.interactionCounts)).toEqual(byReason(sql));
});

it('groups counts by record type over a range, as SQL does', async () => {
  const [{ newest }] = await hub<{ newest: Date }>('SELECT max(occurred_at) AS newest FROM touchpoint');
  const since = new Date(newest.getTime() - 120 * 86_400_000).toISOString();
  const answer = await graph.query(
    'query ($since: DateTimeISO) { interactionCounts(filter: { since: $since }, groupBy: [RECORD_TYPE, CHANNEL]) { recordType channel count } }',
    { since },
    analyst,
  );
  expect(answer.errors).toBeUndefined();
  const sql = await hub<{ recordType: string; channel: string; count: number }>(
    `SELECT record_type AS "recordType", channel, count(*)::int AS count FROM touchpoint WHERE occurred_at >= $1 GROUP BY 1, 2`,
    [since],
  );
  const key = (r: { recordType: string; channel: string }) => `${r.recordType}|${r.channel}`;
  const sorted = (rows: { recordType: string; channel: string; count: number }[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
  expect(sorted(answer.data.interactionCounts)).toEqual(sorted(sql));
});

it('lists interactions of one record type only, and refuses an unknown record type saying which exist', async () => {
  const answer = await graph.query('{ interactions(filter: { recordTypes: ["Ticket"] }, first: 30) { nodes { recordType channel } } }', {}, analyst);
  expect(answer.data.interactions.nodes.length).toBeGreaterThan(0);
  expect(new Set(answer.data.interactions.nodes.map((n: { recordType: string }) => n.recordType))).toEqual(new Set(['Ticket']));
  const unknown = await graph.query('{ interactions(filter: { recordTypes: ["Invoice"] }, first: 1) { nodes { id } } }', {}, analyst);
  expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(unknown.errors?.[0].message).toMatch(/Receipt/);
});

it('finds customers who bought in store and online in a period, in one request, by hub id', async () => {
  const [{ newest }] = await hub<{ newest: Date }>('SELECT max(occurred_at) AS newest FROM touchpoint');
  const since = new Date(newest.getTime() - 365 * 86_400_000).toISOString();
  const query = `query ($since: DateTimeISO, $first: Int, $after: String) {
    customersMatching(conditions: [{ channels: [STORE], reasons: [PURCHASE] }, { channels: [WEB], reasons: [PURCHASE] }], since: $since, first: $first, after: $after) {
      totalCount nodes { customerId touchpoints } pageInfo { hasNextPage endCursor } } }`;
  const sql = await hub<{ id: string }>(
    `SELECT l.customer_id::text AS id
       FROM touchpoint t JOIN identity_link l ON l.system = t.identity_system AND l.local_key = t.identity_key AND l.unlinked_at IS NULL
      WHERE t.occurred_at >= $1 AND t.reason = 'PURCHASE'
      GROUP BY l.customer_id HAVING bool_or(t.channel = 'STORE') AND bool_or(t.channel = 'WEB') ORDER BY 1`,
    [since],
  );
  expect(sql.length).toBeGreaterThan(3);
  // Pages of 2 give exactly the set SQL gives, in hub id order.
  const walked: string[] = [];
  let after: string | null = null;
  let total = 0;
  for (let page = 0; page < 500; page += 1) {
    const answer: any = await graph.query(query, { since, first: 2, after }, analyst);
    expect(answer.errors).toBeUndefined();
    total = answer.data.customersMatching.totalCount;
    walked.push(...answer.data.customersMatching.nodes.map((n: { customerId: string }) => n.customerId));
    if (!answer.data.customersMatching.pageInfo.hasNextPage) break;
    after = answer.data.customersMatching.pageInfo.endCursor;
  }
  expect(walked).toEqual(sql.map((r) => r.id));
  expect(total).toBe(sql.length);
  // Not for marketing, nor anonymous callers.
  const marketing = await graph.query(query, { since, first: 1 }, { as: { role: 'marketing' } });
  expect(marketing.data.customersMatching).toBeNull();
  expect(marketing.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

it('finds customers who complained and left a cart, and refuses more than five conditions', async () => {
  const answer = await graph.query(
    '{ customersMatching(conditions: [{ reasons: [COMPLAINT] }, { reasons: [CART] }], first: 100) { totalCount nodes { customerId } } }',
    {},
    analyst,
  );
  expect(answer.errors).toBeUndefined();
  const sql = await hub<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT l.customer_id FROM touchpoint t JOIN identity_link l ON l.system = t.identity_system AND l.local_key = t.identity_key AND l.unlinked_at IS NULL
        GROUP BY l.customer_id HAVING bool_or(t.reason = 'COMPLAINT') AND bool_or(t.reason = 'CART')) x`,
  );
  expect(answer.data.customersMatching.totalCount).toBe(sql[0].n);
  const six = await graph.query(
    `{ customersMatching(conditions: [${Array.from({ length: 6 }, () => '{ reasons: [CART] }').join(', ')}]) { totalCount } }`,
    {},
    analyst,
  );
  expect(six.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});
