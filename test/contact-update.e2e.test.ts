// "Tell us once" (issue 15 item 2) on real PostgreSQL, through the gateway over HTTP: one
// updateContactDetails changes the e-mail in all four legacy databases, each in its own format
// (checked by SQL in each), and after the hub's next identity pass the customer is found by the new
// e-mail and no longer by the old one. Faults, as for erasure (test/privacy-erasure.e2e.test.ts): a
// legacy database refusing connections (the request completes when it comes back), a worker killed
// with -9 mid-request (a new worker completes it, each system written once). A concurrent legacy
// change is reported as a conflict, not overwritten. Who may ask: an agent for anyone, a customer
// for themself only (updateMyContactDetails); marketing and analysts never.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Database, openDatabase } from '../subgraphs/kit/database';
import type { PrivacyWorker } from '../subgraphs/customer/privacy/privacy.worker';
import { resolveChanges, resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { startTestGraph, TestGraph } from './support/test-graph';
import { customersOfFourSystems, Links, until } from './support/customers';
import { compileChild, KillableChild } from './support/child-process';
import { openSystemDatabases, startTestWorker, stopTestWorkers, WRITE_THROUGH_FIELDS, writeThroughRequests } from './support/outbox-e2e';

const AGENT = { role: 'agent', subject: 'agent-7' } as const;

let graph: TestGraph;
const dbs: Record<string, Database> = {};
const workers: PrivacyWorker[] = [];
let pool: { id: string; links: Links }[] = [];

const FIELDS = WRITE_THROUGH_FIELDS;

async function update(customerId: string, variables: Record<string, unknown>, as: Record<string, unknown> = AGENT) {
  return graph.query(
    `mutation($id: ID!, $email: String, $phone: String, $key: String) {
       updateContactDetails(customerId: $id, email: $email, phone: $phone, idempotencyKey: $key) { ${FIELDS} } }`,
    { id: customerId, ...variables },
    { as: as as never },
  );
}

const { request: contactRequest, done: doneRequest } = writeThroughRequests(() => graph, 'contactUpdateRequest', 'contact update', AGENT);

const startWorker = (): PrivacyWorker => startTestWorker(graph, workers);

const lookup = async (email: string) => {
  const answer = await graph.query('query($v: String!) { customerByIdentifier(kind: EMAIL, value: $v) { customer { id } } }', { v: email }, { as: AGENT as never });
  expect(answer.errors).toBeUndefined();
  return answer.data.customerByIdentifier?.customer?.id ?? null;
};

/** What each legacy database holds of the customer's e-mails, each in its own column. */
async function emailsIn(links: Links) {
  const store = await dbs.store.query<{ EMAIL: string | null }>('SELECT "EMAIL" FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = ANY($1) ORDER BY 1', [links.store]);
  const ecommerce = await dbs.ecommerce.query<{ email: string }>('SELECT email FROM customers WHERE id = ANY($1) AND deleted_at IS NULL ORDER BY 1', [links.ecommerce.map(Number)]);
  const callcentre = await dbs.callcentre.query<{ email: string | null }>('SELECT email FROM contacts WHERE contact_id = ANY($1) ORDER BY 1', [links.callcentre.map(Number)]);
  const marketing = await dbs.marketing.query<{ email: string | null; email_sha256: string | null }>(
    'SELECT email, email_sha256 FROM mk_contact WHERE contact_uuid = ANY($1::uuid[]) ORDER BY 1',
    [links.marketing],
  );
  return { store: store.map((r) => r.EMAIL), ecommerce: ecommerce.map((r) => r.email), callcentre: callcentre.map((r) => r.email), marketing };
}

/** The hub's e-mails of the customer's records, held by no record of anybody else. */
async function ownEmails(customerId: string): Promise<string[] | null> {
  const rows = await dbs.customer.query<{ value: string; others: number }>(
    `SELECT i.value, (SELECT count(*) FROM identity_identifier o
                        LEFT JOIN identity_link ol ON ol.system = o.system AND ol.local_key = o.local_key AND ol.unlinked_at IS NULL
                       WHERE o.kind = 'email' AND o.value = i.value AND ol.customer_id IS DISTINCT FROM $1)::int AS others
       FROM identity_link l JOIN identity_identifier i ON i.system = l.system AND i.local_key = l.local_key AND i.kind = 'email' AND i.role = 'holder'
      WHERE l.customer_id = $1 AND l.unlinked_at IS NULL GROUP BY i.value`,
    [customerId],
  );
  return rows.length > 0 && rows.every((row) => row.others === 0) ? rows.map((row) => row.value) : null;
}

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  Object.assign(dbs, openSystemDatabases(graph));
  const all = await customersOfFourSystems(dbs.customer, dbs.callcentre);
  for (const customer of all) {
    // Not in a household (a shared mailbox would keep the old e-mail found), e-mails of their own.
    const [household] = await dbs.customer.query('SELECT 1 FROM household_member WHERE customer_id = $1 AND left_at IS NULL', [customer.id]);
    if (!household && (await ownEmails(customer.id))) pool.push(customer);
    if (pool.length >= 4) break;
  }
  expect(pool.length).toBe(4);
}, 180_000);

afterEach(() => stopTestWorkers(workers));

afterAll(async () => {
  await Promise.all(Object.values(dbs).map((db) => db.close()));
  await graph?.stop();
});

describe('updateContactDetails', () => {
  it('writes the new e-mail into all four legacy databases in their formats; the customer is then found by it, not by the old one', async () => {
    const { id: customerId, links } = pool[0];
    const old = (await ownEmails(customerId))!;
    expect(await lookup(old[0])).toBe(customerId);
    const fresh = `Tell.Us.Once+${Date.now()}@Example.org`;
    const expected = fresh.toLowerCase();

    // Who may not.
    const other = pool[1].id;
    for (const as of [{ role: 'customer', subject: 'c1', customerId: other }, { role: 'marketing', subject: 'm1' }, { role: 'analyst', subject: 'x1' }]) {
      const refused = await update(customerId, { email: fresh }, as);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const followed = await graph.query('query { contactUpdateRequest(id: "00000000-0000-0000-0000-000000000000") { id } }', {}, { as: as as never });
      expect(followed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const self = await graph.query('mutation { updateMyContactDetails(email: "x@example.org") { id } }', {}, { as: { role: 'marketing', subject: 'm1' } as never });
    expect(self.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await update(customerId, { email: 'not an e-mail' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const asked = await update(customerId, { email: ` ${fresh} `, key: 'once-1' });
    expect(asked.errors).toBeUndefined();
    const request = asked.data.updateContactDetails;
    expect(request).toMatchObject({ customerId, fields: ['email'], requestedBy: 'agent:agent-7', status: 'PENDING' });
    expect(request.steps.map((step: { system: string }) => step.system)).toEqual(['callcentre', 'ecommerce', 'marketing', 'store']);
    // The same key: the same request.
    expect((await update(customerId, { email: fresh, key: 'once-1' })).data.updateContactDetails.id).toBe(request.id);

    const started = Date.now();
    startWorker();
    const done = await doneRequest(request.id);
    const elapsedMs = Date.now() - started;
    expect(done.conflicts).toBe(0);
    for (const step of done.steps) {
      expect(step).toMatchObject({ status: 'DONE', attempts: 1, lastError: null, conflict: false });
      expect(step.receipt).toMatchObject({ action: 'contactUpdated', alreadyApplied: false, conflict: false });
      expect(step.receipt.fields.email.written).toBeGreaterThan(0);
    }
    const receipts = JSON.stringify(done.steps.map((step: { receipt: unknown }) => step.receipt));
    expect(receipts).not.toContain(expected);
    for (const email of old) expect(receipts).not.toContain(email);

    // In each system, in its own format (marketing: lower case and its SHA-256 beside it).
    const after = await emailsIn(links);
    expect(after.store.every((email) => email === expected)).toBe(true);
    expect(after.ecommerce.every((email) => email === expected)).toBe(true);
    expect(after.callcentre.every((email) => email === expected)).toBe(true);
    for (const contact of after.marketing) {
      expect(contact.email).toBe(expected);
      expect(contact.email_sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    }
    // The stamps moved as each application would move them: the hub's next pass re-reads the records.
    await resolveChanges(graph.databases.urls);
    expect(await lookup(fresh)).toBe(customerId);
    // Every record stays with the customer, a nameless one too (its new mailbox names nobody: the
    // customer's statement pins its link, decided by `write_through`).
    const kept = await dbs.customer.query<{ system: string; local_key: string }>(
      'SELECT system, local_key FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NULL ORDER BY system, local_key',
      [customerId],
    );
    expect(kept.map((row) => `${row.system}:${row.local_key}`)).toEqual(
      Object.entries(links).flatMap(([system, keys]) => keys.map((key) => `${system}:${key}`)).sort(),
    );
    for (const email of old) expect(await lookup(email)).toBeNull();
    // The payload (old and new values) is scrubbed once done; the receipts stay.
    const [outbox] = await dbs.customer.query('SELECT payload, summary FROM outbox_request WHERE id = $1', [request.id]);
    expect(outbox.payload).toBeNull();
    expect(outbox.summary).toMatchObject({ customerId, fields: ['email'] });
    process.stdout.write(`contact update, all four receipts: ${elapsedMs} ms\n`);
  }, 120_000);

  it('reports a value the legacy application changed after the request as a conflict and leaves it', async () => {
    const { id: customerId, links } = pool[1];
    const me = { role: 'customer', subject: 'cust-2', customerId };
    const fresh = `moved.${Date.now()}@example.net`;
    const asked = await graph.query(`mutation($e: String) { updateMyContactDetails(email: $e, phone: "07 98 76 54 32") { ${FIELDS} } }`, { e: fresh }, { as: me as never });
    expect(asked.errors).toBeUndefined();
    const id = asked.data.updateMyContactDetails.id;
    expect(asked.data.updateMyContactDetails.requestedBy).toBe('customer:cust-2');
    // The web shop's own application changes the e-mail after the request (a later stamp).
    const concurrent = `own.change.${Date.now()}@example.com`;
    await dbs.ecommerce.query(
      `UPDATE customers SET email = $2, updated_at = (now() AT TIME ZONE 'UTC') + interval '2 seconds' WHERE id = ANY($1)`,
      [links.ecommerce.map(Number), concurrent],
    );
    startWorker();
    const done = await until('done', async () => {
      const answer = await graph.query(`query($id: ID!) { myContactUpdateRequest(id: $id) { ${FIELDS} } }`, { id }, { as: me as never });
      expect(answer.errors).toBeUndefined();
      return answer.data.myContactUpdateRequest.status === 'DONE' ? answer.data.myContactUpdateRequest : undefined;
    });
    const bySystem = Object.fromEntries(done.steps.map((step: { system: string }) => [step.system, step]));
    expect(bySystem.ecommerce.conflict).toBe(true);
    expect(bySystem.ecommerce.receipt.fields.email.conflict).toBe(links.ecommerce.length);
    expect(done.conflicts).toBeGreaterThan(0);
    for (const system of ['store', 'callcentre', 'marketing']) expect(bySystem[system].receipt.fields.email).toMatchObject({ conflict: 0 });
    const after = await emailsIn(links);
    expect(after.ecommerce.every((email) => email === concurrent)).toBe(true);
    expect(after.store.every((email) => email === fresh)).toBe(true);
    // The phone in each system's spelling.
    const [card] = await dbs.store.query('SELECT "TEL" FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = $1', [links.store[0]]);
    expect(card.TEL).toBe('07 98 76 54 32');
    const [contact] = await dbs.callcentre.query('SELECT phone FROM contacts WHERE contact_id = $1', [Number(links.callcentre[0])]);
    expect(contact.phone).toBe('0798765432');
    const [mk] = await dbs.marketing.query('SELECT mobile_e164 FROM mk_contact WHERE contact_uuid = $1::uuid', [links.marketing[0]]);
    expect(mk.mobile_e164).toBe('+33798765432');
    // Another customer cannot follow it.
    const stranger = await graph.query('query($id: ID!) { myContactUpdateRequest(id: $id) { id } }', { id }, { as: { role: 'customer', subject: 'c9', customerId: pool[0].id } as never });
    expect(stranger.data.myContactUpdateRequest).toBeNull();
  }, 90_000);
});

describe('faults', () => {
  it('completes when a legacy database that refused connections comes back, without a new request', async () => {
    const { id: customerId, links } = pool[2];
    const fresh = `back.again.${Date.now()}@example.org`;
    const admin = openDatabase({ name: 'admin', url: graph.databases.adminUrl, max: 1 });
    const callcentreName = new URL(graph.databases.urls.callcentre).pathname.slice(1);
    let id: string;
    await admin.query(`ALTER DATABASE ${callcentreName} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [callcentreName]);
    try {
      const asked = await update(customerId, { email: fresh });
      expect(asked.errors).toBeUndefined();
      id = asked.data.updateContactDetails.id;
      startWorker();
      const waiting = await until('the call centre step retried, the others done', async () => {
        const request = await contactRequest(id);
        const callcentre = request.steps.find((step: { system: string }) => step.system === 'callcentre');
        const others = request.steps.filter((step: { system: string }) => step.system !== 'callcentre');
        return callcentre.attempts >= 3 && others.every((step: { status: string }) => step.status === 'DONE') ? request : undefined;
      });
      expect(waiting.status).toBe('RUNNING');
      expect(waiting.steps.find((step: { system: string }) => step.system === 'callcentre').lastError).toBe('DatabaseError 55000');
    } finally {
      await admin.query(`ALTER DATABASE ${callcentreName} ALLOW_CONNECTIONS true`);
      await admin.close();
    }
    const done = await doneRequest(id!);
    expect(done.steps.find((step: { system: string }) => step.system === 'callcentre').receipt).toMatchObject({ alreadyApplied: false, conflict: false });
    expect((await emailsIn(links)).callcentre.every((email) => email === fresh)).toBe(true);
  }, 90_000);

  describe('a worker killed with -9', () => {
    let child: KillableChild;

    beforeAll(() => {
      child = compileChild(path.join(__dirname, 'support', 'slowed-outbox-child.ts'));
    }, 180_000);

    afterAll(() => child?.remove());

    it('leaves the request to a new worker, which completes it with each system written once', async () => {
      const { id: customerId, links } = pool[3];
      const fresh = `after.kill.${Date.now()}@example.org`;
      // The child's compilation blocked this process long enough for the gateway to drop its idle
      // keep-alive connection: the first request on it may be reset.
      await graph.query('{ __typename }').catch(() => undefined);
      const asked = await update(customerId, { email: fresh });
      const id: string = asked.data.updateContactDetails.id;
      child.start({
        OUTBOX_KIND: 'contact_update',
        OUTBOX_URLS: JSON.stringify(graph.databases.urls),
        OUTBOX_LEASE_MS: '1500',
        OUTBOX_SLEEP_SECONDS: '30',
        OUTBOX_AFTER: 'store,marketing',
      });

      await until('every step running in the child, store and marketing written', async () => {
        child.checkAlive();
        const request = await contactRequest(id);
        const emails = await emailsIn(links);
        const running = request.steps.every((step: { status: string }) => step.status === 'RUNNING');
        return running && emails.store.every((e) => e === fresh) && emails.marketing.every((m) => m.email === fresh) ? true : undefined;
      });
      expect((await emailsIn(links)).ecommerce.some((email) => email !== fresh)).toBe(true);

      expect(await child.kill()).toBe('SIGKILL');

      startWorker();
      const done = await doneRequest(id);
      const bySystem = Object.fromEntries(done.steps.map((step: { system: string }) => [step.system, step]));
      for (const system of ['store', 'marketing']) {
        // Written by the killed worker: the second run finds the value set and writes nothing.
        expect(bySystem[system]).toMatchObject({ status: 'DONE', attempts: 2, receipt: expect.objectContaining({ alreadyApplied: true, conflict: false }) });
      }
      for (const system of ['ecommerce', 'callcentre']) {
        expect(bySystem[system]).toMatchObject({ status: 'DONE', attempts: 2, receipt: expect.objectContaining({ alreadyApplied: false, conflict: false }) });
      }
      const emails = await emailsIn(links);
      expect([...emails.store, ...emails.ecommerce, ...emails.callcentre, ...emails.marketing.map((m) => m.email)].every((email) => email === fresh)).toBe(true);
    }, 120_000);
  });
});
