// The call centre's part of a customer — calls, tickets, open tickets, callback windows — through
// the gateway over HTTP, checked against the legacy rows read here with SQL of the test's own; and
// the subgraph's SQL cost per `_entities` batch of customers.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { watchStatements } from '../subgraphs/kit/database';
import { callbackCursor, callCursor, openTicketCursor, ticketCursor } from '../subgraphs/callcentre/cursor';
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

/** A fresh hub customer linked to exactly these call-centre contacts (any earlier link of them is undone). */
async function hubCustomerFor(contacts: string[]): Promise<string> {
  return withDatabase('customer', graph.databases.urls.customer, async (db) => {
    const [{ id }] = await db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
    for (const contact of contacts) {
      await db.query("UPDATE identity_link SET unlinked_at = now() WHERE system = 'callcentre' AND local_key = $1 AND unlinked_at IS NULL", [
        contact,
      ]);
      await db.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, 'callcentre', $2, 'test')", [id, contact]);
    }
    return id;
  });
}

/** Every generated person's call-centre contacts (from the ground truth), by person. */
async function contactsByPerson(): Promise<{ person: number; contacts: string[] }[]> {
  return withDatabase('truth', graph.databases.urls.truth, (db) =>
    db.query<{ person: number; contacts: string[] }>(
      `SELECT person_id AS person, array_agg(local_key ORDER BY local_key::int) AS contacts
         FROM record_owner WHERE system = 'callcentre.contact' GROUP BY person_id ORDER BY person_id`,
    ),
  );
}

const FEATURES = ['quotes an order in a call', 'an open ticket', 'a closed ticket', 'a ticket about an order', 'a callback'] as const;

/**
 * Generated people known to the call centre, chosen with the answer key (ground truth), ranked by
 * how many of FEATURES their records have, then several contacts, then the most calls. In a small
 * data set nobody may have all of them: `generatedCallers` gives the fewest people, best first,
 * who together have every feature.
 */
async function rankedCallers(): Promise<{ contacts: string[]; features: boolean[] }[]> {
  const owners = await contactsByPerson();
  const stats = await callcentre((db) =>
    db.query<{ contact: string; calls: number; quoting: number; open: number; closed: number; about_order: number; callbacks: number }>(
      `SELECT c.contact_id::text AS contact,
              (SELECT count(*) FROM calls k WHERE k.contact_id = c.contact_id)::int AS calls,
              (SELECT count(*) FROM calls k WHERE k.contact_id = c.contact_id AND k.notes ~ 'CMD-[0-9]{7}')::int AS quoting,
              (SELECT count(*) FROM tickets t WHERE t.contact_id = c.contact_id AND t.status IN ('OUVERT', 'EN_COURS'))::int AS open,
              (SELECT count(*) FROM tickets t WHERE t.contact_id = c.contact_id AND t.status = 'CLOS')::int AS closed,
              (SELECT count(*) FROM tickets t WHERE t.contact_id = c.contact_id AND t.order_ref IS NOT NULL)::int AS about_order,
              (SELECT count(*) FROM callbacks b WHERE b.contact_id = c.contact_id)::int AS callbacks
         FROM contacts c`,
    ),
  );
  const byContact = new Map(stats.map((row) => [row.contact, row]));
  return owners
    .map((owner) => {
      const rows = owner.contacts.map((contact) => byContact.get(contact)!).filter(Boolean);
      const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
      const features = [sum((r) => r.quoting), sum((r) => r.open), sum((r) => r.closed), sum((r) => r.about_order), sum((r) => r.callbacks)].map(
        (count) => count > 0,
      );
      const score = [features.filter(Boolean).length, Number(owner.contacts.length > 1), sum((r) => r.calls)];
      return { contacts: owner.contacts, features, score };
    })
    .sort((a, b) => b.score.reduce((order, value, i) => order || value - a.score[i], 0));
}

async function generatedCallers(): Promise<string[][]> {
  const chosen: string[][] = [];
  const covered = FEATURES.map(() => false);
  for (const caller of await rankedCallers()) {
    if (caller.features.some((has, i) => has && !covered[i])) {
      chosen.push(caller.contacts);
      caller.features.forEach((has, i) => (covered[i] ||= has));
    }
    if (covered.every(Boolean)) break;
  }
  // The data set has them all: every group of fields is checked on real rows, not on empty lists.
  expect(FEATURES.filter((_, i) => !covered[i])).toEqual([]);
  return chosen;
}

/** The best ranked generated person known to the call centre. */
async function generatedCaller(): Promise<string[]> {
  return (await rankedCallers())[0].contacts;
}

// The legacy codes, written again here from the legacy README (not imported from the subgraph).
const DIRECTION: Record<string, string> = { I: 'INBOUND', O: 'OUTBOUND' };
const QUEUE: Record<string, string> = { SAV: 'AFTER_SALES', COMMANDES: 'ORDERS', RECLAMATIONS: 'COMPLAINTS', INFO: 'INFORMATION' };
const REASON: Record<string, string> = {
  RECL: 'COMPLAINT',
  SUIVI: 'ORDER_TRACKING',
  INFO: 'INFORMATION',
  RETOUR: 'RETURN',
  FACT: 'INVOICE',
  RESIL: 'CANCELLATION',
};
const OUTCOME: Record<string, string> = { RESOLU: 'RESOLVED', RAPPEL: 'CALLBACK', ESCALADE: 'ESCALATED', ABANDON: 'ABANDONED' };
const STATUS: Record<string, string> = { OUVERT: 'OPEN', EN_COURS: 'IN_PROGRESS', CLOS: 'CLOSED' };
const CATEGORY: Record<string, string> = { RECLAMATION: 'COMPLAINT', SAV: 'AFTER_SALES', INFO: 'INFORMATION', LITIGE: 'DISPUTE' };
const PRIORITY: Record<number, string> = { 1: 'HIGH', 2: 'MEDIUM', 3: 'LOW' };

const CALL_FIELDS = `id direction directionCode queue queueCode reason reasonCode outcome outcomeCode startedAt durationSeconds agentId
                     callingNumber callingNumberAsCaptured contactId notes quotedOrder { reference occurredAt }`;
const TICKET_FIELDS = `id status statusCode category categoryCode subject priority priorityLevel satisfaction openedAt closedAt contactId
                       order { reference occurredAt } events { id at kind kindCode author body }`;

interface LegacyCall {
  id: string;
  contact: string;
  ani: string;
  direction: string;
  queue: string;
  agent: string;
  started: Date;
  start_epoch: string;
  duration: number;
  reason: string;
  outcome: string;
  notes: string;
}

interface LegacyTicket {
  id: string;
  contact: string;
  opened: Date;
  closed: Date | null;
  opened_epoch: string;
  status: string;
  category: string;
  subject: string;
  order_ref: string | null;
  priority: number;
  satisfaction: number | null;
}

/** When each web order was placed (the ecommerce subgraph resolves the `Order` stubs). */
async function placedAt(references: string[]): Promise<Map<string, string>> {
  const rows = await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
    db.query<{ reference: string; placed: Date }>(
      "SELECT reference, placed_at AT TIME ZONE 'UTC' AS placed FROM orders WHERE reference = ANY($1::text[])",
      [references],
    ),
  );
  return new Map(rows.map((row) => [row.reference, row.placed.toISOString()]));
}

it("gives generated people's calls, tickets, open tickets and callback windows as the legacy rows say", async () => {
  const people = await generatedCallers();
  const seen = { quotedOrders: 0, ticketsAboutOrders: 0, openTickets: 0, closedTickets: 0, callbacks: 0 };
  for (const contacts of people) {
    const found = await checkAgainstLegacy(contacts);
    for (const key of Object.keys(seen) as (keyof typeof seen)[]) seen[key] += found[key];
  }
  // What the people were chosen for really is in the answers (not only equal empty lists).
  for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
});

/** Queries one linked customer through the gateway and compares with the legacy rows; says what it saw. */
async function checkAgainstLegacy(contacts: string[]) {
  const id = await hubCustomerFor(contacts);

  const legacy = await callcentre(async (db) => ({
    calls: await db.query<LegacyCall>(
      `SELECT call_id::text AS id, contact_id::text AS contact, ani, direction, queue, agent_id AS agent, to_timestamp(start_epoch) AS started,
              start_epoch::text, duration_s AS duration, reason_code AS reason, outcome, notes
         FROM calls WHERE contact_id = ANY($1::int[]) ORDER BY start_epoch DESC, call_id DESC`,
      [contacts],
    ),
    tickets: await db.query<LegacyTicket>(
      `SELECT ticket_id::text AS id, contact_id::text AS contact, to_timestamp(opened_epoch) AS opened, to_timestamp(closed_epoch) AS closed,
              opened_epoch::text, status, category, subject, order_ref, priority, satisfaction
         FROM tickets WHERE contact_id = ANY($1::int[]) ORDER BY opened_epoch DESC, ticket_id DESC`,
      [contacts],
    ),
    events: await db.query<{ id: string; ticket: string; at: Date; kind: string; author: string; body: string }>(
      `SELECT e.id::text AS id, e.ticket_id::text AS ticket, to_timestamp(e.at_epoch) AS at, e.kind, e.author, e.body
         FROM ticket_events e JOIN tickets t ON t.ticket_id = e.ticket_id
        WHERE t.contact_id = ANY($1::int[]) ORDER BY e.at_epoch, e.id`,
      [contacts],
    ),
    callbacks: await db.query<{ id: string; contact: string; requested: Date; start: string; end: string; done: boolean }>(
      `SELECT id::text AS id, contact_id::text AS contact, to_timestamp(requested_epoch) AS requested,
              window_start::text AS start, window_end::text AS end, done
         FROM callbacks WHERE contact_id = ANY($1::int[]) ORDER BY requested_epoch DESC, id DESC`,
      [contacts],
    ),
  }));

  const quoted = (notes: string): string | null => /\bCMD-\d{7}\b/.exec(notes)?.[0] ?? null;
  const references = [
    ...legacy.calls.map((call) => quoted(call.notes)),
    ...legacy.tickets.map((ticket) => ticket.order_ref?.trim() ?? null),
  ].filter((reference): reference is string => reference !== null);
  const placed = await placedAt(references);
  const order = (reference: string | null) => (reference ? { reference, occurredAt: placed.get(reference) ?? null } : null);

  const calls = legacy.calls.map((call) => ({
    id: call.id,
    direction: DIRECTION[call.direction],
    directionCode: call.direction,
    queue: QUEUE[call.queue],
    queueCode: call.queue,
    reason: REASON[call.reason],
    reasonCode: call.reason,
    outcome: OUTCOME[call.outcome],
    outcomeCode: call.outcome,
    startedAt: call.started.toISOString(),
    durationSeconds: call.duration,
    agentId: call.agent,
    callingNumber: parsePhoneNumberFromString(call.ani, 'FR')!.number,
    callingNumberAsCaptured: call.ani,
    contactId: call.contact,
    notes: call.notes,
    quotedOrder: order(quoted(call.notes)),
  }));
  const tickets = legacy.tickets.map((ticket) => ({
    id: ticket.id,
    status: STATUS[ticket.status],
    statusCode: ticket.status,
    category: CATEGORY[ticket.category],
    categoryCode: ticket.category,
    subject: ticket.subject,
    priority: PRIORITY[ticket.priority],
    priorityLevel: ticket.priority,
    satisfaction: ticket.satisfaction,
    openedAt: ticket.opened.toISOString(),
    closedAt: ticket.closed?.toISOString() ?? null,
    contactId: ticket.contact,
    order: order(ticket.order_ref?.trim() ?? null),
    events: legacy.events
      .filter((event) => event.ticket === ticket.id)
      .map((event) => ({
        id: event.id,
        at: event.at.toISOString(),
        kind: event.kind,
        kindCode: event.kind,
        author: event.author,
        body: event.body,
      })),
  }));
  const openTickets = tickets
    .map((ticket, i) => ({ ticket, legacy: legacy.tickets[i] }))
    .filter(({ legacy: row }) => row.status === 'OUVERT' || row.status === 'EN_COURS')
    .sort((a, b) => a.legacy.priority - b.legacy.priority || Number(BigInt(b.legacy.opened_epoch) - BigInt(a.legacy.opened_epoch)) || Number(b.ticket.id) - Number(a.ticket.id))
    .map(({ ticket }) => ticket);
  const callbackWindows = legacy.callbacks.map((callback) => ({
    id: callback.id,
    requestedAt: callback.requested.toISOString(),
    windowStart: callback.start.slice(0, 5),
    windowEnd: callback.end.slice(0, 5),
    done: callback.done,
    contactId: callback.contact,
  }));

  // One query per group: all of them at 100 items a list would exceed the gateway's cost limit.
  const customer: Record<string, any> = {};
  for (const fields of [
    `calls(first: 100) { edges { cursor node { ${CALL_FIELDS} } } pageInfo { hasNextPage endCursor } }`,
    `tickets(first: 100) { nodes { ${TICKET_FIELDS} } pageInfo { hasNextPage } }
     closed: tickets(status: CLOSED, first: 100) { nodes { id } }
     inProgress: tickets(status: IN_PROGRESS, first: 100) { nodes { id } }`,
    `openTickets(first: 100) { nodes { ${TICKET_FIELDS} } pageInfo { hasNextPage } }
     callbackWindows(first: 100) { nodes { id requestedAt windowStart windowEnd done contactId } pageInfo { hasNextPage } }`,
  ]) {
    const answer = await graph.query(`query ($id: ID!) { customer(id: $id) { ${fields} } }`, { id });
    expect(answer.errors).toBeUndefined();
    Object.assign(customer, answer.data.customer);
  }
  expect(customer.calls.edges.map((edge: { node: unknown }) => edge.node)).toEqual(calls.slice(0, 100));
  expect(customer.calls.pageInfo.hasNextPage).toBe(calls.length > 100);
  expect(customer.tickets.nodes).toEqual(tickets.slice(0, 100));
  expect(customer.tickets.pageInfo.hasNextPage).toBe(tickets.length > 100);
  expect(customer.closed.nodes.map((t: { id: string }) => t.id)).toEqual(legacy.tickets.filter((t) => t.status === 'CLOS').map((t) => t.id));
  expect(customer.inProgress.nodes.map((t: { id: string }) => t.id)).toEqual(legacy.tickets.filter((t) => t.status === 'EN_COURS').map((t) => t.id));
  expect(customer.openTickets).toEqual({ nodes: openTickets, pageInfo: { hasNextPage: false } });
  expect(customer.callbackWindows).toEqual({ nodes: callbackWindows, pageInfo: { hasNextPage: false } });

  // The same calls, walked two at a time with the cursors.
  const walked: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 200; page += 1) {
    const next: any = await graph.query(
      'query ($id: ID!, $after: String) { customer(id: $id) { calls(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }',
      { id, after },
    );
    expect(next.errors).toBeUndefined();
    walked.push(...next.data.customer.calls.edges.map((edge: { node: { id: string } }) => edge.node.id));
    if (!next.data.customer.calls.pageInfo.hasNextPage) break;
    after = next.data.customer.calls.pageInfo.endCursor;
  }
  expect(walked).toEqual(calls.map((call) => call.id));

  return {
    quotedOrders: calls.filter((call) => call.quotedOrder !== null && call.quotedOrder.occurredAt !== null).length,
    ticketsAboutOrders: tickets.filter((ticket) => ticket.order !== null && ticket.order.occurredAt !== null && ticket.events.length > 1).length,
    openTickets: openTickets.length,
    closedTickets: tickets.filter((ticket) => ticket.closedAt !== null && ticket.events.at(-1)?.kind === 'CLOSED').length,
    callbacks: callbackWindows.length,
  };
}

it('answers a customer the call centre does not know with empty lists', async () => {
  const id = await hubCustomerFor([]);
  const answer = await graph.query(
    `query ($id: ID!) { customer(id: $id) {
       calls { edges { cursor } pageInfo { hasNextPage endCursor } }
       tickets { edges { cursor } nodes { id } pageInfo { hasNextPage endCursor } }
       openTickets { edges { cursor } nodes { id } pageInfo { hasNextPage endCursor } }
       callbackWindows { edges { cursor } nodes { id } pageInfo { hasNextPage endCursor } }
     } }`,
    { id },
  );
  expect(answer.errors).toBeUndefined();
  const empty = { edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
  expect(answer.data.customer).toEqual({
    calls: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    tickets: empty,
    openTickets: empty,
    callbackWindows: empty,
  });
});

it('refuses a page larger than 100, saying the maximum, and a cursor it did not give', async () => {
  const id = await hubCustomerFor((await contactsByPerson())[0].contacts);
  for (const field of [
    'calls(first: 101) { edges { cursor } }',
    'tickets(first: 101) { nodes { id } }',
    'openTickets(first: 500) { nodes { id } }',
    'callbackWindows(first: 101) { nodes { id } }',
  ]) {
    const answer = await graph.query(`query ($id: ID!) { customer(id: $id) { ${field} } }`, { id });
    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0].message).toContain('at most 100');
  }
  const raw = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
  const malformed = ['nonsense', raw(['receipt', '12']), 'x'.repeat(500), raw(['call', '1', 'x'])];
  // Each list's cursors are its own: another list's (even another list of tickets) is refused, not misread.
  const foreign: Record<string, string[]> = {
    calls: [ticketCursor({ openedEpoch: '1', id: '1' }), callbackCursor({ requestedEpoch: '1', id: '1' })],
    tickets: [
      callCursor({ startEpoch: '1', id: '1' }),
      openTicketCursor({ priority: '1', openedEpoch: '1', id: '1' }),
      raw(['ticket', '1', 'x']),
      raw(['ticket', '1', '99999999999999999999']),
      raw(['ticket', '1', '1', '1']),
    ],
    openTickets: [ticketCursor({ openedEpoch: '1', id: '1' }), raw(['openTicket', 'HIGH', '1', '1']), raw(['openTicket', '1', '1'])],
    callbackWindows: [callCursor({ startEpoch: '1', id: '1' }), ticketCursor({ openedEpoch: '1', id: '1' }), raw(['callback', '1.5', '1'])],
  };
  for (const [field, cursors] of Object.entries(foreign)) {
    for (const after of [...malformed, ...cursors]) {
      const answer = await graph.query(`query ($id: ID!, $after: String) { customer(id: $id) { ${field}(after: $after) { edges { cursor } } } }`, {
        id,
        after,
      });
      expect({ field, after, code: answer.errors?.[0].extensions?.code }).toEqual({ field, after, code: 'BAD_USER_INPUT' });
    }
  }
  // A cursor of the right shape at a position no page gave is not a database error: the list goes on from there.
  const extreme = '999999999999999999';
  const answer = await graph.query(
    `query ($id: ID!) { customer(id: $id) {
       tickets(after: "${ticketCursor({ openedEpoch: `-${extreme}`, id: extreme })}") { nodes { id } }
       openTickets(after: "${openTicketCursor({ priority: extreme, openedEpoch: extreme, id: extreme })}") { nodes { id } }
       callbackWindows(after: "${callbackCursor({ requestedEpoch: `-${extreme}`, id: extreme })}") { nodes { id } }
     } }`,
    { id },
  );
  expect(answer.errors).toBeUndefined();
  expect(answer.data.customer).toEqual({ tickets: { nodes: [] }, openTickets: { nodes: [] }, callbackWindows: { nodes: [] } });
});

it('answers each alias with its own arguments', async () => {
  const id = await hubCustomerFor(await generatedCaller());
  const answer = await graph.query(
    `query ($id: ID!) { customer(id: $id) {
       one: calls(first: 1) { edges { node { id } } }
       three: calls(first: 3) { edges { node { id } } }
       all: tickets { nodes { id status } }
       closed: tickets(status: CLOSED) { nodes { id } }
       open: openTickets(first: 1) { nodes { id } }
       allOpen: openTickets { nodes { id } }
     } }`,
    { id },
  );
  expect(answer.errors).toBeUndefined();
  const { one, three, all, closed, open, allOpen } = answer.data.customer;
  expect(one.edges).toHaveLength(1);
  expect(three.edges).toHaveLength(3);
  expect(three.edges[0]).toEqual(one.edges[0]);
  expect(closed.nodes).toEqual(all.nodes.filter((t: { status: string }) => t.status === 'CLOSED').map((t: { id: string }) => ({ id: t.id })));
  expect(open.nodes).toEqual(allOpen.nodes.slice(0, 1));
});

describe('walking a list with `after`, two at a time, gives the one big page, item for item', () => {
  let id: string;
  /** Each list's ids in its order, from the test's own SQL. */
  let expected: Record<string, string[]>;

  beforeAll(async () => {
    const contacts = await callcentre(async (db) => {
      // Generated contacts with the most tickets and callbacks, while one page of 100 still holds them all.
      const counts = await db.query<{ contact: string; tickets: number; open: number; callbacks: number }>(
        `SELECT c.contact_id::text AS contact,
                (SELECT count(*) FROM tickets t WHERE t.contact_id = c.contact_id)::int AS tickets,
                (SELECT count(*) FROM tickets t WHERE t.contact_id = c.contact_id AND t.status IN ('OUVERT', 'EN_COURS'))::int AS open,
                (SELECT count(*) FROM callbacks b WHERE b.contact_id = c.contact_id)::int AS callbacks
           FROM contacts c ORDER BY 3 DESC, 4 DESC, 2 DESC, 1`,
      );
      const chosen: string[] = [];
      const total = { tickets: 0, open: 0, callbacks: 0 };
      for (const row of counts) {
        if (total.tickets + row.tickets > 80 || total.callbacks + row.callbacks > 80) continue;
        if (row.tickets + row.callbacks === 0) continue;
        chosen.push(row.contact);
        total.tickets += row.tickets;
        total.open += row.open;
        total.callbacks += row.callbacks;
        if (total.open >= 10 && total.callbacks >= 10 && total.tickets >= 20) break;
      }
      // A contact of the test's own whose tickets and callbacks tie on every sort key but the id, and
      // whose statuses are spelt the way the legacy tool lets agents spell them.
      const [{ fresh }] = await db.query<{ fresh: string }>(
        `SELECT (greatest((SELECT max(contact_id) FROM contacts), (SELECT max(contact_id) FROM tickets), (SELECT max(contact_id) FROM callbacks)) + 1000)::text AS fresh`,
      );
      const at = 1_700_000_000;
      for (const [opened, status, priority] of [
        [at, 'OUVERT', 2],
        [at, 'OUVERT', 2],
        [at, 'ouvert ', 2],
        [at, ' EN_COURS', 1],
        [at, 'EN_COURS', 1],
        [at, 'CLOS', 3],
        [at + 1, 'OUVERT', 2],
        [at + 1, 'OUVERT', 3],
      ] as const) {
        await db.query(
          `INSERT INTO tickets (contact_id, opened_epoch, closed_epoch, status, category, subject, order_ref, priority, satisfaction)
           VALUES ($1, $2, $3, $4, 'INFO', 'tie', NULL, $5, NULL)`,
          [fresh, opened, status === 'CLOS' ? opened + 60 : null, status, priority],
        );
      }
      for (const requested of [at, at, at, at + 1]) {
        await db.query("INSERT INTO callbacks (contact_id, requested_epoch, window_start, window_end, done) VALUES ($1, $2, '09:00', '12:00', false)", [
          fresh,
          requested,
        ]);
      }
      return [...chosen, fresh];
    });
    id = await hubCustomerFor(contacts);
    expected = await callcentre(async (db) => {
      const ids = async (sql: string) => (await db.query<{ id: string }>(sql, [contacts])).map((row) => row.id);
      return {
        tickets: await ids('SELECT ticket_id::text AS id FROM tickets WHERE contact_id = ANY($1::int[]) ORDER BY opened_epoch DESC, ticket_id DESC'),
        'tickets(status: OPEN)': await ids(
          "SELECT ticket_id::text AS id FROM tickets WHERE contact_id = ANY($1::int[]) AND upper(trim(status)) = 'OUVERT' ORDER BY opened_epoch DESC, ticket_id DESC",
        ),
        openTickets: await ids(
          `SELECT ticket_id::text AS id FROM tickets WHERE contact_id = ANY($1::int[]) AND upper(trim(status)) IN ('OUVERT', 'EN_COURS')
            ORDER BY priority, opened_epoch DESC, ticket_id DESC`,
        ),
        callbackWindows: await ids('SELECT id::text AS id FROM callbacks WHERE contact_id = ANY($1::int[]) ORDER BY requested_epoch DESC, id DESC'),
      };
    });
  });

  async function page(list: string, first: number, after: string | null) {
    const [name, args] = /^(\w+)(?:\((.*)\))?$/.exec(list)!.slice(1);
    const answer = await graph.query(
      `query ($id: ID!, $after: String) { customer(id: $id) {
         page: ${name}(${args ? `${args}, ` : ''}first: ${first}, after: $after) { edges { cursor node { id } } nodes { id } pageInfo { hasNextPage endCursor } }
       } }`,
      { id, after },
    );
    expect(answer.errors).toBeUndefined();
    const result = answer.data.customer.page as {
      edges: { cursor: string; node: { id: string } }[];
      nodes: { id: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    expect(result.nodes).toEqual(result.edges.map((edge) => edge.node));
    expect(result.pageInfo.endCursor).toBe(result.edges.at(-1)?.cursor ?? null);
    return result;
  }

  it.each(['tickets', 'tickets(status: OPEN)', 'openTickets', 'callbackWindows'])('%s', async (list) => {
    const big = await page(list, 100, null);
    expect(big.pageInfo.hasNextPage).toBe(false);
    const all = big.nodes.map((node) => node.id);
    expect(all).toEqual(expected[list]);
    expect(all.length).toBeGreaterThanOrEqual(5);

    const pages: string[][] = [];
    let after: string | null = null;
    for (let n = 0; n <= all.length; n += 1) {
      const next = await page(list, 2, after);
      pages.push(next.nodes.map((node) => node.id));
      if (!next.pageInfo.hasNextPage) break;
      after = next.pageInfo.endCursor;
    }
    expect(pages.flat()).toEqual(all);
    expect(pages.map((ids) => ids.length)).toEqual(Array.from({ length: Math.ceil(all.length / 2) }, (_, i) => Math.min(2, all.length - 2 * i)));

    // Any edge's cursor, not only a page's last, continues right after that item.
    const third = big.edges[2].cursor;
    expect((await page(list, 100, third)).nodes.map((node) => node.id)).toEqual(all.slice(3));
  });
});

it('resolves every call-centre field of 3 or 30 customers, in pages of 1, 5 or 100, with the same number of statements, notes only when asked', async () => {
  const owners = (await contactsByPerson()).slice(0, 30);
  expect(owners).toHaveLength(30);
  const customers: { id: string; contacts: string[] }[] = [];
  for (const owner of owners) customers.push({ id: await hubCustomerFor(owner.contacts), contacts: owner.contacts });

  // Every list, each with and without `after`, `first` items a page.
  const everything = (first: number) => `
      calls(first: ${first}) { edges { cursor node { id reason outcome startedAt callingNumber notes quotedOrder { reference } } } pageInfo { hasNextPage endCursor } }
      older: calls(first: 2, after: "${callCursor({ startEpoch: '9999999999', id: '1' })}") { edges { node { id } } }
      tickets(first: ${first}) { edges { cursor node { id status order { reference } events { kind at } } } pageInfo { hasNextPage endCursor } }
      closed: tickets(status: CLOSED, first: 3, after: "${ticketCursor({ openedEpoch: '9999999999', id: '1' })}") { nodes { id } }
      openTickets(first: ${first}) { nodes { id priority events { kind } } pageInfo { hasNextPage endCursor } }
      lessUrgent: openTickets(first: 2, after: "${openTicketCursor({ priority: '1', openedEpoch: '9999999999', id: '1' })}") { nodes { id } }
      callbackWindows(first: ${first}) { nodes { windowStart windowEnd done } pageInfo { hasNextPage endCursor } }
      olderCallbacks: callbackWindows(first: 2, after: "${callbackCursor({ requestedEpoch: '9999999999', id: '1' })}") { nodes { done } }`;
  type Entity = { calls: { edges: unknown[] }; tickets?: { edges: unknown[] }; callbackWindows?: { nodes: unknown[] } };
  const cost = async (n: number, fields: string): Promise<{ statements: string[]; answered: number; items: number }> => {
    const body = JSON.stringify({
      query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id ${fields} } } }`,
      variables: {
        r: customers.slice(0, n).map((c) => ({ __typename: 'Customer', id: c.id, linkedRecords: { records: c.contacts.map((localKey: string) => ({ system: 'callcentre', localKey })) } })),
      },
    });
    const statements: string[] = [];
    const unwatch = watchStatements((database, text) => {
      if (database === 'callcentre') statements.push(text);
    });
    const response = await fetch(graph.graph.subgraphs.get('callcentre')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'callcentre', body) },
      body,
    });
    const json = (await response.json()) as { data: { _entities: Entity[] }; errors?: unknown };
    unwatch();
    expect(json.errors).toBeUndefined();
    const entities = json.data._entities;
    return {
      statements,
      answered: entities.filter((entity) => entity.calls.edges.length > 0).length,
      items: entities.reduce((sum, e) => sum + e.calls.edges.length + (e.tickets?.edges.length ?? 0) + (e.callbackWindows?.nodes.length ?? 0), 0),
    };
  };
  const three = await cost(3, everything(5));
  const thirty = await cost(30, everything(5));
  expect(thirty.answered).toBeGreaterThan(three.answered);
  expect(thirty.statements).toHaveLength(three.statements.length);
  // call pages, notes, ticket pages (tickets and openTickets, with or without `after`, together), events, callbacks.
  expect(three.statements).toHaveLength(5);
  // The page size changes what the statements return, never how many there are.
  const small = await cost(30, everything(1));
  const large = await cost(30, everything(100));
  expect(large.items).toBeGreaterThan(thirty.items);
  expect(thirty.items).toBeGreaterThan(small.items);
  expect(small.statements).toHaveLength(5);
  expect(large.statements).toHaveLength(5);

  // Without `notes`, the agents' free text does not leave the database: the one statement only
  // extracts the quoted order reference from it.
  const withoutNotes = await cost(30, 'calls(first: 5) { edges { node { id reason quotedOrder { reference } } } }');
  expect(withoutNotes.statements).toHaveLength(1);
  expect(withoutNotes.statements[0].replace(/substring\(c\.notes FROM '[^']*'\)/, '')).not.toMatch(/\bnotes\b/);
});
