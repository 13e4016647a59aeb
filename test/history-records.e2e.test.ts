// The records the shared history points at, as their owners resolve them by key (`_entities`):
// points movements (store), carts, reviews and searches (ecommerce), callback requests (call
// centre), consent decisions (marketing). Each resolves the legacy row as SQL reads it, costs one statement for 3 keys as for
// 30 (or every row the test set has, when fewer), and gives null for a key that is none (unknown,
// malformed, out of range).
import { watchStatements } from '../subgraphs/kit/database';
import { DatabaseRole, withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph, signAs } from './support/test-graph';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

type Subgraph = 'store' | 'ecommerce' | 'callcentre' | 'marketing';

const sql = <T>(role: DatabaseRole, text: string, params: unknown[] = []) =>
  withDatabase(role, graph.databases.urls[role], (db) => db.query<T & Record<string, unknown>>(text, params));

/** `_entities` for these keys, posted signed straight to the owner, with the statements it cost there. */
async function entities(subgraph: Subgraph, typename: string, selection: string, ids: string[]): Promise<{ found: any[]; statements: number }> {
  const body = JSON.stringify({
    query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`,
    variables: { representations: ids.map((id) => ({ __typename: typename, id })) },
  });
  let statements = 0;
  const unwatch = watchStatements((database) => {
    if (database === subgraph) statements += 1;
  });
  try {
    const response = await fetch(graph.graph.subgraphs.get(subgraph)!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, subgraph, body) },
      body,
    });
    const json = (await response.json()) as { data?: { _entities: any[] }; errors?: unknown[] };
    expect(json.errors).toBeUndefined();
    return { found: json.data!._entities, statements };
  } finally {
    unwatch();
  }
}

const CASES_STORE = [
  {
    subgraph: 'store' as const,
    typename: 'LoyaltyMovement',
    selection: 'id cardNumber occurredOn points reasonCode expiresOn receiptId',
    ids: 'SELECT "ID_MVT"::text AS id FROM "MOUVEMENT_POINTS" WHERE "NUM_TICKET" IS NULL ORDER BY 1',
    row: `SELECT "ID_MVT"::text AS id, trim("NUM_CARTE") AS card, "DATE_MVT" AS date, "POINTS" AS points, trim("MOTIF") AS motive,
                 "DATE_EXPIRATION" AS expires FROM "MOUVEMENT_POINTS" WHERE "ID_MVT" = $1::bigint`,
    expected: (r: any) => ({
      id: r.id,
      cardNumber: r.card,
      occurredOn: `${r.date.slice(0, 4)}-${r.date.slice(4, 6)}-${r.date.slice(6, 8)}`,
      points: r.points,
      reasonCode: r.motive,
      expiresOn: r.expires === null ? null : `${r.expires.slice(0, 4)}-${r.expires.slice(4, 6)}-${r.expires.slice(6, 8)}`,
      receiptId: null,
    }),
  },
];

const CASES: { subgraph: Subgraph; typename: string; selection: string; ids: string; row: string; expected: (r: any) => Record<string, unknown> }[] = [
  {
    subgraph: 'ecommerce',
    typename: 'Cart',
    selection: 'id webAccountId updatedAt abandoned',
    ids: 'SELECT id::text AS id FROM carts WHERE converted_order_id IS NULL ORDER BY id',
    row: `SELECT id::text AS id, customer_id::text AS account, updated_at AT TIME ZONE 'UTC' AS updated FROM carts WHERE id = $1::int`,
    expected: (r) => ({ id: r.id, webAccountId: r.account, updatedAt: r.updated.toISOString(), abandoned: true }),
  },
  {
    subgraph: 'ecommerce',
    typename: 'Review',
    selection: 'id rating title webAccountId',
    ids: 'SELECT id::text AS id FROM reviews ORDER BY id',
    row: 'SELECT id::text AS id, rating, title, customer_id::text AS account FROM reviews WHERE id = $1::int',
    expected: (r) => ({ id: r.id, rating: r.rating, title: r.title, webAccountId: r.account }),
  },
  {
    subgraph: 'ecommerce',
    typename: 'Search',
    selection: 'id query searchedAt',
    ids: 'SELECT id::text AS id FROM searches WHERE customer_id IS NOT NULL ORDER BY id',
    row: `SELECT id::text AS id, query, searched_at AT TIME ZONE 'UTC' AS at FROM searches WHERE id = $1::bigint`,
    expected: (r) => ({ id: r.id, query: r.query, searchedAt: r.at.toISOString() }),
  },
  {
    subgraph: 'callcentre',
    typename: 'CallbackWindow',
    selection: 'id contactId windowStart windowEnd done',
    ids: 'SELECT id::text AS id FROM callbacks ORDER BY id',
    row: `SELECT id::text AS id, contact_id::text AS contact, to_char(window_start, 'HH24:MI') AS ws, to_char(window_end, 'HH24:MI') AS we, done FROM callbacks WHERE id = $1::int`,
    expected: (r) => ({ id: r.id, contactId: r.contact, windowStart: r.ws, windowEnd: r.we, done: r.done }),
  },
  {
    subgraph: 'marketing',
    typename: 'MarketingConsentRecord',
    selection: 'id contactId channelCode purposeCode granted inForce',
    ids: 'SELECT id::text AS id FROM mk_consent ORDER BY id',
    row: `SELECT c.id::text AS id, c.contact_uuid::text AS contact, c.channel, c.purpose, c.granted,
                 NOT EXISTS (SELECT 1 FROM mk_consent n WHERE n.contact_uuid = c.contact_uuid AND n.channel = c.channel
                                AND n.purpose = c.purpose AND (n.at, n.id) > (c.at, c.id)) AS in_force
            FROM mk_consent c WHERE c.id = $1::bigint`,
    expected: (r) => ({ id: r.id, contactId: r.contact, channelCode: r.channel, purposeCode: r.purpose, granted: r.granted, inForce: r.in_force }),
  },
];

describe.each([...CASES_STORE, ...CASES])('$typename ($subgraph)', ({ subgraph, typename, selection, ids, row, expected }) => {
  it('resolves the legacy row by key, at the same statement cost for 3 keys as for 30', async () => {
    const keys = (await sql<{ id: string }>(subgraph, ids)).map((r) => r.id);
    const many = keys.slice(0, 30); // the 400-person test set has 23 callbacks: all of them then
    expect(many.length).toBeGreaterThanOrEqual(20);
    const [one] = await sql(subgraph, row, [keys[0]]);
    const three = await entities(subgraph, typename, selection, keys.slice(0, 3));
    expect(three.found[0]).toEqual(expected(one));
    const thirty = await entities(subgraph, typename, selection, many);
    expect(thirty.found.map((entity) => entity.id)).toEqual(many);
    console.log(`${typename}: ${three.statements} statement(s) for 3 keys, ${thirty.statements} for ${many.length}`);
    expect(three.statements).toBe(1);
    expect(thirty.statements).toBe(three.statements);
  });

  it('gives null for a key that is none', async () => {
    const { found } = await entities(subgraph, typename, 'id', ['999999999', 'abc', '-1', '99999999999999999999999']);
    expect(found).toEqual([null, null, null, null]);
  });
});
