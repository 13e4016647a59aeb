// A customer's export (issue 11 item 4) through the gateway over HTTP, on real PostgreSQL: a
// generated customer known to all four systems (identities resolved and the journal ingested from
// the generated data), requested by the customer themself and by a privacy officer, made by the
// hub's outbox worker run here with the export handlers, downloaded whole by the requester only.
// The document holds every system's rows of that customer (checked against the legacy tables read
// directly) and the hub's links, decisions, journal and access log — and nothing of another
// customer, whose identifiers are looked for in the whole JSON text.
import { randomUUID } from 'node:crypto';
import { exportHandlers } from '../subgraphs/customer/export/export.handlers';
import { OutboxWorker, runOutbox } from '../subgraphs/customer/outbox/outbox';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../subgraphs/customer/journal/ingest';
import { ecommerceExportRecords } from '../subgraphs/ecommerce/privacy.export';
import { storeExportRecords } from '../subgraphs/store/privacy.export';
import { callcentreExportRecords } from '../subgraphs/callcentre/privacy.export';
import { marketingExportRecords } from '../subgraphs/marketing/privacy.export';
import { Database, openDatabase, watchStatements } from '../subgraphs/kit/database';
import type { RecordExporter } from '../subgraphs/kit/privacy';
import { AsWhom, startTestGraph, TestGraph } from './support/test-graph';
import { customersOfFourSystems, until } from './support/customers';

type System = 'store' | 'ecommerce' | 'callcentre' | 'marketing';
const SYSTEMS: System[] = ['store', 'ecommerce', 'callcentre', 'marketing'];
type Links = Record<System, string[]>;

let graph: TestGraph;
let hub: Database;
const legacy = {} as Record<System, Database>;
let worker: OutboxWorker | undefined;

let a: { id: string; links: Links };
let b: { id: string; links: Links };

const REQUEST = `mutation ($id: ID!, $key: String) { requestExport(customerId: $id, idempotencyKey: $key) {
  id customerId status requestedAt expiresAt sections { system status attempts doneAt lastError } } }`;
const STATUS = `query ($id: ID!) { exportRequest(id: $id) { id status sections { system status } } }`;
const DOCUMENT = `query ($id: ID!) { exportDocument(requestId: $id) }`;

beforeAll(async () => {
  graph = await startTestGraph();
  const urls = graph.databases.urls as unknown as Record<string, string>;
  hub = openDatabase({ name: 'test-hub', url: urls.customer, max: 4 });
  for (const system of SYSTEMS) legacy[system] = openDatabase({ name: system, url: urls[system], max: 2 });
  await resolveIdentities(graph.databases.urls);
  await ingestTouchpoints(graph.databases.urls);
  [a, b] = await twoCustomersOfFourSystems();
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([hub, ...Object.values(legacy)].map((db) => db?.close()));
  await graph?.stop();
});

/** The customer with the most calls among those known to all four systems, and another such customer outside their household. */
async function twoCustomersOfFourSystems(): Promise<{ id: string; links: Links }[]> {
  const ranked = (await customersOfFourSystems(hub, legacy.callcentre)).map(({ id, links }) => [id, links] as const);
  const [first] = ranked;
  const households = await hub.query<{ customer_id: string }>(
    `SELECT m.customer_id::text AS customer_id FROM household_member m
      WHERE m.left_at IS NULL AND m.household_id IN (SELECT household_id FROM household_member WHERE customer_id = $1 AND left_at IS NULL)`,
    [first[0]],
  );
  const housemates = new Set(households.map((row) => row.customer_id));
  const second = ranked.find(([id]) => id !== first[0] && !housemates.has(id))!;
  expect(second).toBeDefined();
  return [
    { id: first[0], links: first[1] },
    { id: second[0], links: second[1] },
  ];
}

const asCustomer = (customer: { id: string }, subject = `customer-${customer.id.slice(0, 8)}`): AsWhom => ({
  as: { role: 'customer', subject, customerId: customer.id },
});
const OFFICER: AsWhom = { as: { role: 'privacy_officer', subject: 'officer-alice' } };
const OTHER_OFFICER: AsWhom = { as: { role: 'privacy_officer', subject: 'officer-bob' } };
const AGENT: AsWhom = { as: { role: 'agent', subject: 'agent-marie' } };

function startWorker(): void {
  worker ??= runOutbox({
    hubDb: hub,
    databases: { customer: hub, ...legacy },
    handlers: { export: exportHandlers(hub) },
    intervalMs: 100,
    minIntervalMs: 10,
  });
}


async function request(customerId: string, who: AsWhom, key?: string): Promise<any> {
  const answer = await graph.query(REQUEST, { id: customerId, key: key ?? null }, who);
  expect(answer.errors).toBeUndefined();
  return answer.data.requestExport;
}

async function done(requestId: string, who: AsWhom): Promise<void> {
  startWorker();
  await until(`export ${requestId} done`, async () => {
    const answer = await graph.query(STATUS, { id: requestId }, who);
    expect(answer.errors).toBeUndefined();
    return answer.data.exportRequest.status === 'DONE' ? true : undefined;
  });
}

async function download(requestId: string, who: AsWhom): Promise<any> {
  const answer = await graph.query(DOCUMENT, { id: requestId }, who);
  expect(answer.errors).toBeUndefined();
  return answer.data.exportDocument;
}

function codes(answer: { errors?: { extensions?: Record<string, unknown> }[] }): unknown[] {
  return (answer.errors ?? []).map((error) => error.extensions?.code);
}

const ids = (rows: any[], column: string): string[] => rows.map((row) => String(row[column]).trim()).sort();

describe('a customer’s export', () => {
  let requestId: string;
  let document: any;
  let text: string;

  beforeAll(async () => {
    // Something for the hub's sections: a read of the customer by an agent (the access log), and a
    // keep-apart decision between the customer's card and another customer's (whose key must not show).
    const read = await graph.query('query ($id: ID!) { customer(id: $id) { id goldenRecord { names { given } } } }', { id: a.id }, { ...AGENT, purpose: 'screen_pop' });
    expect(read.errors).toBeUndefined();
    await until('the agent’s read in the access log', async () => {
      const [row] = await hub.query('SELECT 1 FROM access_log WHERE customer_id = $1 AND subject = $2', [a.id, 'agent-marie']);
      return row ? true : undefined;
    });
    await hub.query(
      `INSERT INTO identity_decision (kind, system, local_key, other_system, other_local_key, customer_id, other_customer_id, decided_by, reason)
       VALUES ('keep_apart', 'store', $1, 'store', $2, $3, $4, 'agent:agent-marie', 'export test: two different people')`,
      [a.links.store[0], b.links.store[0], a.id, b.id],
    );

    const made = await request(a.id, asCustomer(a));
    expect(made).toMatchObject({ customerId: a.id, status: 'PENDING' });
    expect(made.sections.map((section: { system: string }) => section.system).sort()).toEqual(['callcentre', 'customer', 'ecommerce', 'marketing', 'store']);
    expect(new Date(made.expiresAt).getTime() - new Date(made.requestedAt).getTime()).toBe(7 * 24 * 3600 * 1000);
    requestId = made.id;

    // Not downloadable before every section is made (no worker runs yet).
    expect(codes(await graph.query(DOCUMENT, { id: requestId }, asCustomer(a)))).toEqual(['FORBIDDEN']);

    await done(requestId, asCustomer(a));
    document = await download(requestId, asCustomer(a));
    text = JSON.stringify(document);
  });

  it('has a section per system', () => {
    expect(document).toMatchObject({ requestId, customerId: a.id });
    expect(Object.keys(document.sections).sort()).toEqual(['callcentre', 'customer', 'ecommerce', 'marketing', 'store']);
    for (const system of SYSTEMS) expect(document.sections[system].records).toEqual(a.links[system]);
  });

  it('holds the store’s card, points, receipts and lines of the customer’s cards', async () => {
    const store = document.sections.store.tables;
    expect(ids(store.CARTE_FIDELITE, 'NUM_CARTE')).toEqual(a.links.store);
    const receipts = await legacy.store.query<{ id: string }>(
      'SELECT "NUM_TICKET"::text AS id FROM "TICKET" WHERE trim("NUM_CARTE") = ANY($1) ORDER BY 1',
      [a.links.store],
    );
    expect(receipts.length).toBeGreaterThan(0);
    expect(ids(store.TICKET, 'NUM_TICKET')).toEqual(receipts.map((row) => row.id).sort());
    const [{ lines, movements }] = await legacy.store.query<{ lines: number; movements: number }>(
      `SELECT (SELECT count(*)::int FROM "LIGNE_TICKET" WHERE "NUM_TICKET" = ANY($2::bigint[])) AS lines,
              (SELECT count(*)::int FROM "MOUVEMENT_POINTS" WHERE trim("NUM_CARTE") = ANY($1)) AS movements`,
      [a.links.store, receipts.map((row) => row.id)],
    );
    expect(store.LIGNE_TICKET).toHaveLength(lines);
    expect(store.MOUVEMENT_POINTS).toHaveLength(movements);
    // Columns as the till stores them.
    expect(Object.keys(store.CARTE_FIDELITE[0])).toEqual(expect.arrayContaining(['NUM_CARTE', 'NOM', 'PRENOM', 'TEL', 'DATE_NAIS', 'OPT_SMS']));
  });

  it('holds the web shop’s accounts, orders, addresses, cards and the rest, without the password hash', async () => {
    const web = document.sections.ecommerce.tables;
    expect(ids(web.customers, 'id')).toEqual(a.links.ecommerce.slice().sort());
    const q = async (sql: string) => (await legacy.ecommerce.query<{ k: string }>(sql, [a.links.ecommerce.map(Number)])).map((row) => row.k).sort();
    expect(ids(web.orders, 'reference')).toEqual(await q('SELECT reference AS k FROM orders WHERE customer_id = ANY($1)'));
    expect(ids(web.addresses, 'id')).toEqual(await q('SELECT id::text AS k FROM addresses WHERE customer_id = ANY($1)'));
    expect(ids(web.payment_methods, 'id')).toEqual(await q('SELECT id::text AS k FROM payment_methods WHERE customer_id = ANY($1)'));
    expect(ids(web.reviews, 'id')).toEqual(await q('SELECT id::text AS k FROM reviews WHERE customer_id = ANY($1)'));
    expect(ids(web.searches, 'id')).toEqual(await q('SELECT id::text AS k FROM searches WHERE customer_id = ANY($1)'));
    expect(ids(web.carts, 'id')).toEqual(await q('SELECT id::text AS k FROM carts WHERE customer_id = ANY($1)'));
    expect(ids(web.order_items, 'id')).toEqual(await q('SELECT i.id::text AS k FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.customer_id = ANY($1)'));
    expect(web.orders.length).toBeGreaterThan(0);
    for (const account of web.customers) expect(account).not.toHaveProperty('password_hash');
    const [{ hash }] = await legacy.ecommerce.query<{ hash: string }>('SELECT password_hash AS hash FROM customers WHERE id = $1', [Number(a.links.ecommerce[0])]);
    expect(text).not.toContain(hash);
    expect(document.sections.ecommerce.withheld).toEqual([expect.objectContaining({ table: 'customers', column: 'password_hash' })]);
  });

  it('holds the call centre’s contact, calls, tickets with their events, and callbacks', async () => {
    const cc = document.sections.callcentre.tables;
    expect(ids(cc.contacts, 'contact_id')).toEqual(a.links.callcentre.slice().sort());
    const q = async (sql: string) => (await legacy.callcentre.query<{ k: string }>(sql, [a.links.callcentre.map(Number)])).map((row) => row.k).sort();
    const calls = await q('SELECT call_id::text AS k FROM calls WHERE contact_id = ANY($1)');
    expect(calls.length).toBeGreaterThan(0);
    expect(ids(cc.calls, 'call_id')).toEqual(calls);
    expect(ids(cc.tickets, 'ticket_id')).toEqual(await q('SELECT ticket_id::text AS k FROM tickets WHERE contact_id = ANY($1)'));
    expect(ids(cc.ticket_events, 'id')).toEqual(await q('SELECT e.id::text AS k FROM ticket_events e JOIN tickets t USING (ticket_id) WHERE t.contact_id = ANY($1)'));
    expect(ids(cc.callbacks, 'id')).toEqual(await q('SELECT id::text AS k FROM callbacks WHERE contact_id = ANY($1)'));
  });

  it('holds marketing’s contact, consents, messages, coupons and segment memberships', async () => {
    const mk = document.sections.marketing.tables;
    expect(ids(mk.mk_contact, 'contact_uuid')).toEqual(a.links.marketing.slice().sort());
    const q = async (sql: string) => (await legacy.marketing.query<{ k: string }>(sql, [a.links.marketing])).map((row) => row.k).sort();
    expect(ids(mk.mk_consent, 'id')).toEqual(await q('SELECT id::text AS k FROM mk_consent WHERE contact_uuid = ANY($1::uuid[])'));
    expect(ids(mk.mk_message, 'message_id')).toEqual(await q('SELECT message_id::text AS k FROM mk_message WHERE contact_uuid = ANY($1::uuid[])'));
    expect(ids(mk.mk_coupon, 'code')).toEqual(await q('SELECT code AS k FROM mk_coupon WHERE contact_uuid = ANY($1::uuid[])'));
    expect(mk.mk_segment_member).toHaveLength((await q('SELECT segment_id::text AS k FROM mk_segment_member WHERE contact_uuid = ANY($1::uuid[])')).length);
  });

  it('holds the hub’s links, decisions, journal and access log, withholding another customer’s record', async () => {
    const own = document.sections.customer.tables;
    expect(own.customer.map((row: { id: string }) => row.id)).toContain(a.id);
    expect(own.identity_link.map((row: any) => `${row.system}:${row.local_key}`).sort()).toEqual(
      SYSTEMS.flatMap((system) => a.links[system].map((key) => `${system}:${key}`)).sort(),
    );
    const decision = own.identity_decision.find((row: any) => row.reason === 'export test: two different people');
    expect(decision).toMatchObject({ kind: 'keep_apart', local_key: a.links.store[0], other_local_key: null, customer_id: a.id, other_customer_id: null });
    const [{ n }] = await hub.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM touchpoint t JOIN identity_link l ON l.system = t.identity_system AND l.local_key = t.identity_key
        WHERE l.customer_id = $1 AND l.unlinked_at IS NULL`,
      [a.id],
    );
    expect(n).toBeGreaterThan(0);
    expect(own.touchpoint).toHaveLength(n);
    expect(own.access_log).toEqual(expect.arrayContaining([expect.objectContaining({ subject: 'agent-marie', role: 'agent', purpose: 'screen_pop' })]));
  });

  it('holds nothing of another customer', async () => {
    const lower = text.toLowerCase();
    const cards = b.links.store;
    const [emails, references, contactEmails, marketingEmails] = await Promise.all([
      legacy.ecommerce.query<{ v: string }>('SELECT lower(trim(email)) AS v FROM customers WHERE id = ANY($1)', [b.links.ecommerce.map(Number)]),
      legacy.ecommerce.query<{ v: string }>('SELECT reference AS v FROM orders WHERE customer_id = ANY($1)', [b.links.ecommerce.map(Number)]),
      legacy.callcentre.query<{ v: string }>('SELECT lower(email) AS v FROM contacts WHERE contact_id = ANY($1) AND email IS NOT NULL', [b.links.callcentre.map(Number)]),
      legacy.marketing.query<{ v: string }>('SELECT lower(email) AS v FROM mk_contact WHERE contact_uuid = ANY($1::uuid[]) AND email IS NOT NULL', [b.links.marketing]),
    ]);
    const receipts = await legacy.store.query<{ v: string }>('SELECT "NUM_TICKET"::text AS v FROM "TICKET" WHERE trim("NUM_CARTE") = ANY($1)', [cards]);
    const identifiers = [
      b.id,
      ...cards,
      ...b.links.marketing,
      ...[...emails, ...contactEmails, ...marketingEmails].map((row) => row.v),
      ...references.map((row) => row.v),
    ].filter((value) => value.length >= 6);
    expect(identifiers.length).toBeGreaterThan(4);
    for (const identifier of identifiers) expect({ identifier, found: lower.includes(identifier.toLowerCase()) }).toEqual({ identifier, found: false });
    // Numeric keys are compared where they are keys (a bare number could be any amount).
    const tables = (system: string) => document.sections[system].tables;
    expect(ids(tables('callcentre').contacts, 'contact_id')).not.toEqual(expect.arrayContaining([b.links.callcentre[0]]));
    expect(ids(tables('ecommerce').customers, 'id')).not.toEqual(expect.arrayContaining([b.links.ecommerce[0]]));
    const ownReceipts = new Set(ids(tables('store').TICKET, 'NUM_TICKET'));
    expect(receipts.filter((row) => ownReceipts.has(row.v))).toEqual([]);
  });

  it('keeps no personal data in the outbox’s receipts', async () => {
    const steps = await hub.query<{ receipt: unknown }>('SELECT receipt FROM outbox_step WHERE request_id = $1', [requestId]);
    expect(steps).toHaveLength(5);
    const receipts = JSON.stringify(steps.map((step) => step.receipt));
    for (const value of [a.id, ...a.links.store, ...a.links.marketing]) expect(receipts).not.toContain(value);
    expect(steps.map((step) => step.receipt)).toEqual(expect.arrayContaining([expect.objectContaining({ records: a.links.store.length })]));
  });

  it('is downloaded by the requester only, every download in the access log', async () => {
    for (const who of [asCustomer(b), AGENT, OFFICER, asCustomer(a, 'someone-else-with-that-customer-id')]) {
      expect(codes(await graph.query(DOCUMENT, { id: requestId }, who))).toEqual(['FORBIDDEN']);
      expect(codes(await graph.query(STATUS, { id: requestId }, who))).toEqual(['FORBIDDEN']);
    }
    // An unknown id is refused the same way: no answer tells whether a request exists.
    expect(codes(await graph.query(DOCUMENT, { id: randomUUID() }, asCustomer(a)))).toEqual(['FORBIDDEN']);
    await until('the download in the access log', async () => {
      const rows = await hub.query<{ data_classes: string[] }>(
        "SELECT data_classes FROM access_log WHERE customer_id = $1 AND role = 'customer' AND subject = $2",
        [a.id, `customer-${a.id.slice(0, 8)}`],
      );
      return rows.some((row) => row.data_classes.includes('contact') && row.data_classes.includes('activity')) ? true : undefined;
    });
  });
});

describe('who may request an export', () => {
  it('refuses a customer asking for another customer, and the roles that handle no privacy request', async () => {
    expect(codes(await graph.query(REQUEST, { id: b.id }, asCustomer(a)))).toEqual(['FORBIDDEN']);
    for (const who of [AGENT, { as: { role: 'marketing' as const, subject: 'm' } }, { as: { role: 'analyst' as const, subject: 'an' } }, { as: null }]) {
      expect(codes(await graph.query(REQUEST, { id: a.id }, who))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await graph.query(REQUEST, { id: a.id }, { as: { role: 'service', subject: 'job', scopes: ['read:customer'] } }))).toEqual(['FORBIDDEN']);
    const [{ n }] = await hub.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox_request WHERE kind = 'export' AND payload->>'customerId' = $1", [b.id]);
    expect(n).toBe(0);
  });

  it('lets a privacy officer export anyone, for themself only; a client key makes it idempotent', async () => {
    const key = `officer-${randomUUID()}`;
    const made = await request(b.id, OFFICER, key);
    expect((await request(b.id, OFFICER, key)).id).toBe(made.id);
    // The same key from another principal is another request (each requester has their own keys).
    const other = await request(b.id, OTHER_OFFICER, key);
    expect(other.id).not.toBe(made.id);
    expect(codes(await graph.query(REQUEST, { id: a.id, key }, OFFICER))).toEqual(['BAD_USER_INPUT']);

    await done(made.id, OFFICER);
    const document = await download(made.id, OFFICER);
    expect(document.customerId).toBe(b.id);
    expect(ids(document.sections.store.tables.CARTE_FIDELITE, 'NUM_CARTE')).toEqual(b.links.store);
    expect(JSON.stringify(document)).not.toContain(a.links.store[0]);
    for (const who of [OTHER_OFFICER, asCustomer(b), AGENT]) expect(codes(await graph.query(DOCUMENT, { id: made.id }, who))).toEqual(['FORBIDDEN']);
  });

  it('refuses a malformed or unknown customer', async () => {
    expect(codes(await graph.query(REQUEST, { id: 'not-a-uuid' }, OFFICER))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await graph.query(REQUEST, { id: randomUUID() }, OFFICER))).toEqual(['NOT_FOUND']);
  });
});

describe('retention', () => {
  it('deletes a document past its 7 days, which can then no longer be downloaded', async () => {
    const made = await request(a.id, OFFICER);
    await done(made.id, OFFICER);
    await hub.query("UPDATE export_section SET expires_at = now() - interval '1 second' WHERE request_id = $1", [made.id]);
    const answer = await graph.query(DOCUMENT, { id: made.id }, OFFICER);
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(answer.errors![0].message).toMatch(/expired/);
    const [{ n }] = await hub.query<{ n: number }>('SELECT count(*)::int AS n FROM export_section WHERE request_id = $1', [made.id]);
    expect(n).toBe(0);
  });
});

describe('statements', () => {
  const EXPORTERS: Record<System, RecordExporter> = {
    store: storeExportRecords,
    ecommerce: ecommerceExportRecords,
    callcentre: callcentreExportRecords,
    marketing: marketingExportRecords,
  };

  it('reads each legacy system with one statement, however many records and rows', async () => {
    for (const system of SYSTEMS) {
      const many = await legacy[system].query<{ k: string }>(
        {
          store: 'SELECT trim("NUM_CARTE") AS k FROM "CARTE_FIDELITE" ORDER BY 1 LIMIT 40',
          ecommerce: 'SELECT id::text AS k FROM customers ORDER BY 1 LIMIT 40',
          callcentre: 'SELECT contact_id::text AS k FROM contacts ORDER BY 1 LIMIT 40',
          marketing: 'SELECT contact_uuid::text AS k FROM mk_contact ORDER BY 1 LIMIT 40',
        }[system],
      );
      for (const keys of [a.links[system], many.map((row) => row.k), ['not-a-key']]) {
        const before = legacy[system].statementCount();
        await EXPORTERS[system](legacy[system], keys);
        expect({ system, keys: keys.length, statements: legacy[system].statementCount() - before }).toEqual({ system, keys: keys.length, statements: 1 });
      }
    }
  });

  it('costs one statement per legacy system in a whole export, whoever the customer', async () => {
    const counts: Record<string, number> = {};
    const stop = watchStatements((database) => {
      if ((SYSTEMS as string[]).includes(database)) counts[database] = (counts[database] ?? 0) + 1;
    });
    try {
      for (const customer of [a, b]) {
        for (const key of Object.keys(counts)) delete counts[key];
        const made = await request(customer.id, OFFICER);
        await done(made.id, OFFICER);
        expect(counts).toEqual({ store: 1, ecommerce: 1, callcentre: 1, marketing: 1 });
      }
    } finally {
      stop();
    }
  });
});
