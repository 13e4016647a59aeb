// The call centre's entities — `Call` and `Ticket` — by id through the gateway, as references from
// other subgraphs (`_entities`) at a constant SQL cost per batch, and null for ids that are none.
import { watchStatements } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph, signAs } from './support/test-graph';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

function callcentre<T>(work: (db: { query<R>(text: string, params?: unknown[]): Promise<R[]> }) => Promise<T>): Promise<T> {
  return withDatabase('callcentre', graph.databases.urls.callcentre, (db) => work(db as never));
}

/** Posts a signed request straight to the call-centre subgraph, counting its statements. */
async function onSubgraph(query: string, variables: Record<string, unknown>): Promise<{ json: any; statements: number }> {
  const body = JSON.stringify({ query, variables });
  let statements = 0;
  const unwatch = watchStatements((database) => {
    if (database === 'callcentre') statements += 1;
  });
  try {
    const response = await fetch(graph.graph.subgraphs.get('callcentre')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'callcentre', body) },
      body,
    });
    return { json: await response.json(), statements };
  } finally {
    unwatch();
  }
}

it('gives a call by id, with its notes and the order they quote, as the legacy row says', async () => {
  const [row] = await callcentre((db) =>
    db.query<{ id: string; contact: string | null; started: Date; reason: string; notes: string; ani: string }>(
      `SELECT call_id::text AS id, contact_id::text AS contact, to_timestamp(start_epoch) AS started, reason_code AS reason, notes, ani
         FROM calls WHERE notes ~ 'CMD-[0-9]{7}' ORDER BY call_id LIMIT 1`,
    ),
  );
  const reference = /CMD-\d{7}/.exec(row.notes)![0];
  const [order] = await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
    db.query<{ placed: Date }>("SELECT placed_at AT TIME ZONE 'UTC' AS placed FROM orders WHERE reference = $1", [reference]),
  );
  // Leading zeros are the same id.
  const answer = await graph.query(
    'query ($id: ID!) { call(id: $id) { id contactId startedAt reasonCode callingNumberAsCaptured notes quotedOrder { reference occurredAt } } }',
    { id: `000${row.id}` },
  );
  expect(answer.errors).toBeUndefined();
  expect(answer.data.call).toEqual({
    id: row.id,
    contactId: row.contact,
    startedAt: row.started.toISOString(),
    reasonCode: row.reason,
    callingNumberAsCaptured: row.ani,
    notes: row.notes,
    quotedOrder: { reference, occurredAt: order.placed.toISOString() },
  });
});

it('gives an unidentified call without a contact, and a call quoting nothing without an order', async () => {
  const [unidentified] = await callcentre((db) => db.query<{ id: string }>('SELECT call_id::text AS id FROM calls WHERE contact_id IS NULL LIMIT 1'));
  const [plain] = await callcentre((db) => db.query<{ id: string }>("SELECT call_id::text AS id FROM calls WHERE notes !~ 'CMD-' LIMIT 1"));
  const answer = await graph.query(
    'query ($a: ID!, $b: ID!) { a: call(id: $a) { id contactId } b: call(id: $b) { id quotedOrder { reference } } }',
    { a: unidentified.id, b: plain.id },
  );
  expect(answer.errors).toBeUndefined();
  expect(answer.data).toEqual({ a: { id: unidentified.id, contactId: null }, b: { id: plain.id, quotedOrder: null } });
});

it('gives a ticket by id with its events in order and the order it concerns', async () => {
  const [ticket] = await callcentre((db) =>
    db.query<{ id: string; status: string; order_ref: string; opened: Date; closed: Date | null; satisfaction: number | null }>(
      `SELECT ticket_id::text AS id, status, order_ref, to_timestamp(opened_epoch) AS opened, to_timestamp(closed_epoch) AS closed, satisfaction
         FROM tickets t WHERE order_ref IS NOT NULL AND (SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.ticket_id) > 2
        ORDER BY ticket_id LIMIT 1`,
    ),
  );
  const events = await callcentre((db) =>
    db.query<{ id: string; at: Date; kind: string; author: string; body: string }>(
      `SELECT id::text AS id, to_timestamp(at_epoch) AS at, kind, author, body FROM ticket_events WHERE ticket_id = $1 ORDER BY at_epoch, id`,
      [ticket.id],
    ),
  );
  const answer = await graph.query(
    `query ($id: ID!) { ticket(id: $id) { id statusCode openedAt closedAt satisfaction order { reference }
                                          events { id at kind kindCode author body } } }`,
    { id: ticket.id },
  );
  expect(answer.errors).toBeUndefined();
  expect(answer.data.ticket).toEqual({
    id: ticket.id,
    statusCode: ticket.status,
    openedAt: ticket.opened.toISOString(),
    closedAt: ticket.closed?.toISOString() ?? null,
    satisfaction: ticket.satisfaction,
    order: { reference: ticket.order_ref.trim() },
    events: events.map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, kindCode: e.kind, author: e.author, body: e.body })),
  });
});

it('answers null, not an error, for ids that are no call or ticket', async () => {
  for (const id of ['99999999999', '0', '-1', 'abc', '1e3', '', ' ', '99999999999999999999999', '9223372036854775808']) {
    const answer = await graph.query('query ($id: ID!) { call(id: $id) { id } ticket(id: $id) { id } }', { id });
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ call: null, ticket: null });
  }
});

it('resolves _entities batches of 3 or about 30 calls and tickets with the same statements, unknown ones as null', async () => {
  const calls = await callcentre((db) => db.query<{ id: string }>('SELECT call_id::text AS id FROM calls ORDER BY call_id LIMIT 30'));
  const tickets = await callcentre((db) => db.query<{ id: string }>('SELECT ticket_id::text AS id FROM tickets ORDER BY ticket_id LIMIT 30'));
  expect(calls).toHaveLength(30);
  expect(tickets.length).toBeGreaterThanOrEqual(20); // the 400-person data set has a few dozen tickets
  const query = `query ($r: [_Any!]!) { _entities(representations: $r) {
      ... on Call { id reason startedAt notes quotedOrder { reference } }
      ... on Ticket { id status order { reference } events { kind at } }
    } }`;
  const cost = async (n: number) => {
    const representations = [
      ...calls.slice(0, n).map((c) => ({ __typename: 'Call', id: c.id })),
      { __typename: 'Call', id: '99999999999' },
      { __typename: 'Call', id: 'not-a-call' },
      ...tickets.slice(0, n).map((t) => ({ __typename: 'Ticket', id: t.id })),
      { __typename: 'Ticket', id: '2147483647' },
    ];
    const { json, statements } = await onSubgraph(query, { r: representations });
    expect(json.errors).toBeUndefined();
    const entities = json.data._entities as ({ id: string } | null)[];
    expect(entities.map((entity) => entity?.id ?? null)).toEqual([
      ...calls.slice(0, n).map((c) => c.id),
      null,
      null,
      ...tickets.slice(0, n).map((t) => t.id),
      null,
    ]);
    return statements;
  };
  const three = await cost(3);
  expect(await cost(30)).toBe(three);
  // calls, their notes, tickets, their events.
  expect(three).toBe(4);
});
