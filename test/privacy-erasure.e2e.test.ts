// Erasure and restriction (issue 11 items 5 and 6) on real PostgreSQL, through the gateway over
// HTTP: a customer with records in every channel is erased by the privacy officer; the outbox
// worker applies it system by system; then every text, varchar, char and jsonb column of every
// table of the five databases (the hub and the four legacy systems) is scanned for the customer's
// names, e-mails, phones, address lines and birth date — none is left — while their receipts' and
// orders' totals are unchanged and each system has one receipt. Only the privacy officer may ask.
// Restriction hides a customer from agents and marketing, not from the privacy officer.
// Faults: a legacy database refusing connections (the request completes when it is allowed again,
// without a new request), and a worker process killed with -9 mid-erasure (a new worker completes
// it, each system's effect once).
import path from 'node:path';
import { Database, openDatabase } from '../subgraphs/kit/database';
import { registry } from '../subgraphs/channels';
import type { PrivacyWorker } from '../subgraphs/customer/privacy/privacy.worker';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../subgraphs/customer/journal/ingest';
import { startTestGraph, TestGraph } from './support/test-graph';
import { until } from './support/customers';
import { compileChild, KillableChild } from './support/child-process';
import { openSystemDatabases, startTestWorker, stopTestWorkers } from './support/outbox-e2e';

const OFFICER = { role: 'privacy_officer', subject: 'officer-1' } as const;

let graph: TestGraph;
const dbs: Record<string, Database> = {};
const workers: PrivacyWorker[] = [];


const REQUEST_FIELDS = `id kind customerId requestedBy requestedAt deadline status completedAt reason
  steps { system status attempts lastError doneAt receipt }`;

async function requestErasure(customerId: string, as: { role: string; subject: string; customerId?: string } = OFFICER) {
  return graph.query(`mutation($id: ID!) { requestErasure(customerId: $id, reason: "art17_test") { ${REQUEST_FIELDS} } }`, { id: customerId }, { as: as as never });
}

async function privacyRequest(id: string) {
  const answer = await graph.query(`query($id: ID!) { privacyRequest(id: $id) { ${REQUEST_FIELDS} } }`, { id }, { as: OFFICER as never });
  expect(answer.errors).toBeUndefined();
  return answer.data.privacyRequest;
}

const doneRequest = (id: string) => until(`request ${id} done`, async () => {
  const request = await privacyRequest(id);
  return request.status === 'DONE' ? request : undefined;
});

const startWorker = (): PrivacyWorker => startTestWorker(graph, workers);

/** Customers with records in every system, alone in their household, whose identifiers and name no other customer shares. */
async function candidates(systems: readonly string[]): Promise<string[]> {
  const rows = await dbs.customer.query<{ customer_id: string }>(
    `SELECT l.customer_id FROM identity_link l JOIN customer c ON c.id = l.customer_id
      WHERE l.unlinked_at IS NULL AND c.merged_into IS NULL
        AND NOT EXISTS (SELECT 1 FROM household_member h WHERE h.customer_id = l.customer_id AND h.left_at IS NULL)
      GROUP BY l.customer_id
     HAVING array_agg(DISTINCT l.system) @> $1::text[]
        AND NOT EXISTS (
          SELECT 1 FROM identity_link mine
            JOIN identity_identifier i ON i.system = mine.system AND i.local_key = mine.local_key AND i.kind IN ('email', 'phone')
            JOIN identity_identifier other ON other.kind = i.kind AND other.value = i.value
            LEFT JOIN identity_link theirs ON theirs.system = other.system AND theirs.local_key = other.local_key AND theirs.unlinked_at IS NULL
           WHERE mine.customer_id = l.customer_id AND mine.unlinked_at IS NULL AND theirs.customer_id IS DISTINCT FROM l.customer_id)
        AND NOT EXISTS (
          SELECT 1 FROM identity_link mine
            JOIN identity_record r ON r.system = mine.system AND r.local_key = mine.local_key
            JOIN identity_record other ON other.name_key = r.name_key
            LEFT JOIN identity_link theirs ON theirs.system = other.system AND theirs.local_key = other.local_key AND theirs.unlinked_at IS NULL
           WHERE mine.customer_id = l.customer_id AND mine.unlinked_at IS NULL AND theirs.customer_id IS DISTINCT FROM l.customer_id)
      ORDER BY l.customer_id`,
    [systems],
  );
  return rows.map((row) => row.customer_id);
}

async function keysOf(customerId: string): Promise<Record<string, string[]>> {
  const rows = await dbs.customer.query<{ system: string; local_key: string }>(
    'SELECT system, local_key FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NULL',
    [customerId],
  );
  const keys: Record<string, string[]> = {};
  for (const row of rows) (keys[row.system] ??= []).push(row.local_key);
  return keys;
}

interface PersonalValues {
  emails: string[];
  /** The national number's nine last digits. */
  phones: string[];
  names: { given: string; family: string }[];
  addressLines: string[];
  birthDates: string[];
}

/** What the legacy systems hold of the person, read before the erasure. */
async function personalValues(keys: Record<string, string[]>): Promise<PersonalValues> {
  const values: PersonalValues = { emails: [], phones: [], names: [], addressLines: [], birthDates: [] };
  const phone = (text: string | null) => {
    const digits = (text ?? '').replace(/\D/g, '');
    if (digits.length >= 9) values.phones.push(digits.slice(-9));
  };
  const email = (text: string | null) => text && text.trim() && values.emails.push(text.trim().toLowerCase());
  const name = (given: string | null, family: string | null) =>
    given?.trim() && family?.trim() && values.names.push({ given: given.trim().toLowerCase(), family: family.trim().toLowerCase() });
  for (const card of await dbs.store.query('SELECT * FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = ANY($1)', [keys.store ?? []])) {
    phone(card.TEL); email(card.EMAIL); name(card.PRENOM, card.NOM);
    if (card.ADR1.trim()) values.addressLines.push(card.ADR1.trim().toLowerCase());
    if (card.DATE_NAIS !== '00000000') values.birthDates.push(card.DATE_NAIS, `${card.DATE_NAIS.slice(4)}-${card.DATE_NAIS.slice(2, 4)}-${card.DATE_NAIS.slice(0, 2)}`);
  }
  const accounts = (keys.ecommerce ?? []).map(Number);
  for (const account of await dbs.ecommerce.query("SELECT *, to_char(birth_date, 'YYYY-MM-DD') AS born FROM customers WHERE id = ANY($1)", [accounts])) {
    phone(account.phone); email(account.email); name(account.first_name, account.last_name);
    if (account.born) values.birthDates.push(account.born, `${account.born.slice(8)}${account.born.slice(5, 7)}${account.born.slice(0, 4)}`);
  }
  for (const address of await dbs.ecommerce.query('SELECT line1 FROM addresses WHERE customer_id = ANY($1)', [accounts])) {
    if (address.line1.trim()) values.addressLines.push(address.line1.trim().toLowerCase());
  }
  for (const contact of await dbs.callcentre.query('SELECT * FROM contacts WHERE contact_id = ANY($1)', [(keys.callcentre ?? []).map(Number)])) {
    phone(contact.phone); phone(contact.alt_phone); email(contact.email);
  }
  for (const contact of await dbs.marketing.query('SELECT * FROM mk_contact WHERE contact_uuid = ANY($1::uuid[])', [keys.marketing ?? []])) {
    phone(contact.mobile_e164); email(contact.email); name(contact.first_name, contact.last_name);
  }
  const unique = (list: string[]) => [...new Set(list)];
  return {
    emails: unique(values.emails),
    phones: unique(values.phones),
    names: values.names.filter((n, i) => values.names.findIndex((m) => m.given === n.given && m.family === n.family) === i),
    addressLines: unique(values.addressLines),
    birthDates: unique(values.birthDates),
  };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every text, varchar, char and jsonb column of every table of `db`: where each of the values is
 * found (table.column and what). Names count when a row holds both the given and the family name.
 */
async function scan(db: Database, values: PersonalValues): Promise<string[]> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'ARRAY')
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const column of columns) byTable.set(column.table_name, [...(byTable.get(column.table_name) ?? []), column.column_name]);
  const found: string[] = [];
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  for (const [table, names] of byTable) {
    const text = (column: string) => `lower(${q(column)}::text)`;
    const checks: { what: string; sql: string; params: unknown[] }[] = [];
    for (const column of names) {
      for (const email of values.emails) checks.push({ what: `${table}.${column} e-mail`, sql: `${text(column)} LIKE '%' || $1 || '%'`, params: [email] });
      for (const digits of values.phones)
        checks.push({ what: `${table}.${column} phone`, sql: `regexp_replace(${text(column)}, '[\\s.()+-]', '', 'g') LIKE '%' || $1 || '%'`, params: [digits] });
      for (const line of values.addressLines) checks.push({ what: `${table}.${column} address`, sql: `${text(column)} LIKE '%' || $1 || '%'`, params: [line] });
      for (const date of values.birthDates) checks.push({ what: `${table}.${column} birth date`, sql: `${text(column)} LIKE '%' || $1 || '%'`, params: [date] });
    }
    const row = `lower(concat_ws(' ', ${names.map((column) => `${q(column)}::text`).join(', ')}))`;
    for (const name of values.names) {
      checks.push({
        what: `${table} name`,
        sql: `${row} ~ ('\\m' || $1 || '\\M') AND ${row} ~ ('\\m' || $2 || '\\M')`,
        params: [escapeRegex(name.given), escapeRegex(name.family)],
      });
    }
    for (const check of checks) {
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${q(table)} WHERE ${check.sql}`, check.params);
      if (n > 0) found.push(`${db.name}: ${check.what} (${n} rows)`);
    }
  }
  return found;
}

async function scanAll(values: PersonalValues): Promise<string[]> {
  return (await Promise.all(Object.values(dbs).map((db) => scan(db, values)))).flat();
}

async function totals(keys: Record<string, string[]>) {
  const [receipts] = await dbs.store.query<{ n: number; total: string; days: string }>(
    `SELECT count(*)::int AS n, coalesce(sum("MONTANT_TTC_CTS"), 0)::text AS total, string_agg("DATE_TICKET", ',' ORDER BY "NUM_TICKET") AS days
       FROM "TICKET" WHERE "NUM_CARTE" = ANY($1)`,
    [keys.store ?? []],
  );
  const [orders] = await dbs.ecommerce.query<{ n: number; total: string; refs: string }>(
    `SELECT count(*)::int AS n, coalesce(sum(total_amount), 0)::text AS total, string_agg(reference || placed_at::text, ',' ORDER BY id) AS refs
       FROM orders WHERE customer_id = ANY($1)`,
    [(keys.ecommerce ?? []).map(Number)],
  );
  return { receipts, orders };
}

beforeAll(async () => {
  graph = await startTestGraph();
  // The hub as the watchers leave it: every record linked, the journal filled.
  await resolveIdentities(graph.databases.urls);
  await ingestTouchpoints(graph.databases.urls);
  Object.assign(dbs, openSystemDatabases(graph));
}, 120_000);

afterEach(() => stopTestWorkers(workers));

afterAll(async () => {
  await Promise.all(Object.values(dbs).map((db) => db.close()));
  await graph?.stop();
});

describe('erasure', () => {
  it('leaves no personal data of the customer in any of the five databases, keeps receipt and order totals, one receipt per system', async () => {
    // Customer ids are random: the first candidate with a receipt or an order (totals to keep).
    let customerId: string | undefined;
    for (const candidate of await candidates(registry().legacySystems)) {
      const totalsOf = await totals(await keysOf(candidate));
      if (totalsOf.receipts.n + totalsOf.orders.n > 0) {
        customerId = candidate;
        break;
      }
    }
    if (!customerId) throw new Error('no candidate customer has a receipt or an order');
    const keys = await keysOf(customerId);
    const values = await personalValues(keys);
    expect(values.emails.length).toBeGreaterThan(0);
    expect(values.phones.length).toBeGreaterThan(0);
    expect(values.names.length).toBeGreaterThan(0);
    const before = await scanAll(values);
    // The scan does find the person where they are, before.
    expect(before.some((hit) => hit.startsWith('store:'))).toBe(true);
    expect(before.some((hit) => hit.startsWith('customer:'))).toBe(true);
    const totalsBefore = await totals(keys);
    expect(totalsBefore.receipts.n + totalsBefore.orders.n).toBeGreaterThan(0);

    // Only the privacy officer may ask.
    for (const as of [{ role: 'agent', subject: 'a1' }, { role: 'marketing', subject: 'm1' }, { role: 'analyst', subject: 'x1' }, { role: 'customer', subject: 'c1', customerId }]) {
      const refused = await requestErasure(customerId, as);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const restricted = await graph.query('mutation($id: ID!) { restrictProcessing(customerId: $id, restricted: true, reason: "x") { id } }', { id: customerId }, { as: as as never });
      expect(restricted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const listed = await graph.query('{ privacyRequests { nodes { id } } }', {}, { as: as as never });
      expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await dbs.customer.query("SELECT 1 FROM outbox_request WHERE kind = 'erasure'")).length).toBe(0);

    const asked = await requestErasure(customerId);
    expect(asked.errors).toBeUndefined();
    const request = asked.data.requestErasure;
    expect(request).toMatchObject({ kind: 'ERASURE', customerId, requestedBy: 'privacy_officer:officer-1', status: 'PENDING', reason: 'art17_test' });
    expect(new Date(request.deadline).getTime() - new Date(request.requestedAt).getTime()).toBe(30 * 86_400_000);
    expect(request.steps.map((step: { system: string }) => step.system).sort()).toEqual([...Object.keys(keys), 'customer'].sort());
    // Asking again returns the same request.
    expect((await requestErasure(customerId)).data.requestErasure.id).toBe(request.id);

    const started = Date.now();
    startWorker();
    const done = await doneRequest(request.id);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(20_000);
    expect(done.completedAt).not.toBeNull();
    // One receipt per system, each without personal data.
    expect(done.steps).toHaveLength(Object.keys(keys).length + 1);
    for (const step of done.steps) {
      expect(step).toMatchObject({ status: 'DONE', attempts: 1, lastError: null });
      expect(step.receipt).toMatchObject({ alreadyErased: false });
      expect(Object.keys(step.receipt.tables).length).toBeGreaterThan(0);
    }
    const receiptsText = JSON.stringify(done.steps.map((step: { receipt: unknown }) => step.receipt));
    for (const email of values.emails) expect(receiptsText).not.toContain(email);

    const after = await scanAll(values);
    expect(after).toEqual([]);
    expect(await totals(keys)).toEqual(totalsBefore);
    // The web shop's birth date is a date column: the scan of text columns does not see it.
    const [{ born }] = await dbs.ecommerce.query<{ born: number }>('SELECT count(birth_date)::int AS born FROM customers WHERE id = ANY($1)', [(keys.ecommerce ?? []).map(Number)]);
    expect(born).toBe(0);
    // The payload (record keys) is scrubbed; the receipts stay.
    const [outbox] = await dbs.customer.query('SELECT payload, summary FROM outbox_request WHERE id = $1', [request.id]);
    expect(outbox.payload).toBeNull();
    expect(outbox.summary).toMatchObject({ customerId, reason: 'art17_test' });

    // The customer: a tombstone for the privacy officer, nothing for anyone else.
    const officer = await graph.query('query($id: ID!) { customer(id: $id) { id identities { localKey } goldenRecord { names { given } } history { nodes { id } } } }', { id: customerId });
    expect(officer.data.customer).toMatchObject({ id: customerId, identities: [], goldenRecord: null });
    expect(officer.data.customer.history.nodes).toEqual([]);
    const agent = await graph.query('query($id: ID!) { customer(id: $id) { id } }', { id: customerId }, { as: { role: 'agent', subject: 'a1' } });
    expect(agent.data.customer).toBeNull();

    // Listed for the officer.
    const listed = await graph.query('{ privacyRequests(first: 5) { edges { cursor node { id status } } nodes { id } pageInfo { hasNextPage endCursor } } }');
    expect(listed.errors).toBeUndefined();
    expect(listed.data.privacyRequests.nodes.map((node: { id: string }) => node.id)).toContain(request.id);
  }, 120_000);
});

describe('restriction', () => {
  it('hides a customer from agents and marketing, and their records from the channels, but not from the privacy officer', async () => {
    const all = await candidates(['store', 'marketing']);
    const customerId = all[all.length - 1];
    const keys = await keysOf(customerId);
    const card = keys.store[0];
    const byCard = `query($card: String!) { customerByIdentifier(kind: LOYALTY_CARD, value: $card) { customer { id goldenRecord { names { family } } identities { localKey } loyaltyAccounts { cardNumber } } } }`;
    const byId = 'query($id: ID!) { customer(id: $id) { id goldenRecord { names { family } } loyaltyAccounts { cardNumber } } }';
    const agent = { role: 'agent', subject: 'a1' } as const;
    const marketing = { role: 'marketing', subject: 'm1' } as const;

    const open = await graph.query(byCard, { card }, { as: agent });
    expect(open.errors).toBeUndefined();
    expect(open.data.customerByIdentifier.customer.loyaltyAccounts.length).toBeGreaterThan(0);
    expect((await graph.query(byId, { id: customerId }, { as: marketing })).data.customer).not.toBeNull();

    const restricted = await graph.query(
      'mutation($id: ID!) { restrictProcessing(customerId: $id, restricted: true, reason: "art18_test") { id kind restricted status requestedAt deadline } }',
      { id: customerId },
      { as: OFFICER as never },
    );
    expect(restricted.errors).toBeUndefined();
    expect(restricted.data.restrictProcessing).toMatchObject({ kind: 'RESTRICTION', restricted: true });

    // The agent reaches the customer's id through the card, and nothing else: no golden record,
    // no identities, no loyalty account (the store finds no linked card).
    const hidden = await graph.query(byCard, { card }, { as: agent });
    expect(hidden.data.customerByIdentifier.customer).toMatchObject({ id: customerId, goldenRecord: null, identities: [], loyaltyAccounts: [] });
    expect((await graph.query(byId, { id: customerId }, { as: agent })).data.customer).toBeNull();
    expect((await graph.query(byId, { id: customerId }, { as: marketing })).data.customer).toBeNull();
    // The privacy officer still reads everything.
    const officer = await graph.query(byId, { id: customerId }, { as: OFFICER as never });
    expect(officer.data.customer.goldenRecord.names.length).toBeGreaterThan(0);
    expect(officer.data.customer.loyaltyAccounts.length).toBeGreaterThan(0);

    // The change is a privacy request with a receipt once the worker ran.
    startWorker();
    const request = await doneRequest(restricted.data.restrictProcessing.id);
    expect(request.steps).toEqual([expect.objectContaining({ system: 'customer', status: 'DONE', receipt: expect.objectContaining({ action: 'restricted' }) })]);

    // Lifted: the agent sees the customer again.
    const lifted = await graph.query('mutation($id: ID!) { restrictProcessing(customerId: $id, restricted: false, reason: "lifted") { restricted } }', { id: customerId }, { as: OFFICER as never });
    expect(lifted.data.restrictProcessing.restricted).toBe(false);
    expect((await graph.query(byCard, { card }, { as: agent })).data.customerByIdentifier.customer.loyaltyAccounts.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('faults', () => {
  it('completes an erasure when a legacy database that refused connections comes back, without a new request', async () => {
    const pool = await candidates(registry().legacySystems);
    const customerId = pool[1];
    const keys = await keysOf(customerId);
    const admin = openDatabase({ name: 'admin', url: graph.databases.adminUrl, max: 1 });
    const callcentreName = new URL(graph.databases.urls.callcentre).pathname.slice(1);
    let id: string;
    await admin.query(`ALTER DATABASE ${callcentreName} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [callcentreName]);
    try {
      const asked = await requestErasure(customerId);
      expect(asked.errors).toBeUndefined();
      id = asked.data.requestErasure.id;
      startWorker();
      const waiting = await until('the call centre step retried, the others done', async () => {
        const request = await privacyRequest(id);
        const callcentre = request.steps.find((step: { system: string }) => step.system === 'callcentre');
        const others = request.steps.filter((step: { system: string }) => step.system !== 'callcentre');
        return callcentre.attempts >= 3 && others.every((step: { status: string }) => step.status === 'DONE') ? request : undefined;
      });
      expect(waiting.status).toBe('RUNNING');
      const callcentre = waiting.steps.find((step: { system: string }) => step.system === 'callcentre');
      expect(['PENDING', 'RUNNING']).toContain(callcentre.status);
      expect(callcentre.lastError).toBe('DatabaseError 55000');
    } finally {
      await admin.query(`ALTER DATABASE ${callcentreName} ALLOW_CONNECTIONS true`);
      await admin.close();
    }
    const done = await doneRequest(id!);
    expect(done.steps.find((step: { system: string }) => step.system === 'callcentre').receipt).toMatchObject({ action: 'anonymised', alreadyErased: false });
    const [contact] = await dbs.callcentre.query('SELECT full_name, phone FROM contacts WHERE contact_id = $1', [Number(keys.callcentre[0])]);
    expect(contact).toEqual({ full_name: '', phone: '' });
    const [{ n }] = await dbs.customer.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox_request WHERE kind = 'erasure' AND idempotency_key = $1", [`customer:${customerId}`]);
    expect(n).toBe(1);
  }, 90_000);

  describe('a worker killed with -9', () => {
    let child: KillableChild;

    beforeAll(() => {
      child = compileChild(path.join(__dirname, 'support', 'slowed-outbox-child.ts'));
    }, 180_000);

    afterAll(() => child?.remove());

    it('leaves the erasure to a new worker, which completes it with each system erased once', async () => {
      const pool = await candidates(registry().legacySystems);
      const customerId = pool[2];
      const keys = await keysOf(customerId);
      const asked = await requestErasure(customerId);
      const id: string = asked.data.requestErasure.id;
      // Store and marketing erase, then sleep (killed after their commit); the others sleep first.
      child.start({
        OUTBOX_KIND: 'erasure',
        OUTBOX_URLS: JSON.stringify(graph.databases.urls),
        OUTBOX_LEASE_MS: '1500',
        OUTBOX_SLEEP_SECONDS: '30',
        OUTBOX_AFTER: 'store,marketing',
      });

      await until('every step running in the child, store and marketing erased', async () => {
        child.checkAlive();
        const request = await privacyRequest(id);
        const [card] = await dbs.store.query('SELECT "NOM" FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = $1', [keys.store[0]]);
        const [contact] = await dbs.marketing.query('SELECT email, first_name FROM mk_contact WHERE contact_uuid = $1', [keys.marketing[0]]);
        const running = request.steps.every((step: { status: string }) => step.status === 'RUNNING');
        return running && card.NOM === '' && contact.email === null && contact.first_name === null ? true : undefined;
      });
      const [account] = await dbs.ecommerce.query('SELECT last_name FROM customers WHERE id = $1', [Number(keys.ecommerce[0])]);
      expect(account.last_name).not.toBe('');

      expect(await child.kill()).toBe('SIGKILL');

      startWorker();
      const done = await doneRequest(id);
      const bySystem = Object.fromEntries(done.steps.map((step: { system: string }) => [step.system, step]));
      for (const system of ['store', 'marketing']) {
        // Its effect was committed by the killed worker: the second run finds nothing left to do.
        expect(bySystem[system]).toMatchObject({ status: 'DONE', attempts: 2, receipt: expect.objectContaining({ alreadyErased: true }) });
      }
      for (const system of ['ecommerce', 'callcentre', 'customer']) {
        expect(bySystem[system]).toMatchObject({ status: 'DONE', attempts: 2, receipt: expect.objectContaining({ alreadyErased: false }) });
      }
      const [erased] = await dbs.ecommerce.query('SELECT last_name, email FROM customers WHERE id = $1', [Number(keys.ecommerce[0])]);
      expect(erased).toEqual({ last_name: '', email: '' });
      const [{ tombstones }] = await dbs.customer.query<{ tombstones: number }>('SELECT count(*)::int AS tombstones FROM customer_erasure WHERE customer_id = $1', [customerId]);
      expect(tombstones).toBe(1);
    }, 120_000);
  });
});
