// Consent in force per purpose × contact medium (issue 11 item 1), through the gateway, on real
// PostgreSQL: each test writes its own legacy rows (new marketing contacts, web accounts, cards),
// links them to customers of its own in the hub, stages every system's decisions with the channels'
// extractors (stageConsent), and reads Customer.consents / consentFlags / profilingAllowed.
import { randomUUID } from 'node:crypto';
import { stageConsent, ConsentSource } from '../subgraphs/customer/consent/stage';
import { Database, watchStatements } from '../subgraphs/kit/database';
import { ecommerceConsentDecisions } from '../subgraphs/ecommerce/consent.extract';
import { mapMarketingConsents, marketingConsentDecisions } from '../subgraphs/marketing/consent.extract';
import { storeConsentDecisions } from '../subgraphs/store/consent.extract';
import { SLICES } from '../subgraphs/kit/sliced-read';
import { tableWritesProbe } from '../subgraphs/kit/change-probe';
import { until } from './support/customers';
import { eraseInHub } from '../subgraphs/customer/privacy/erasure';
import type { OutboxRequest } from '../subgraphs/customer/outbox/outbox.types';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let hub: Database;
let marketing: Database;
let ecommerce: Database;
let store: Database;

beforeAll(async () => {
  graph = await startTestGraph();
  hub = graph.database('customer');
  marketing = graph.database('marketing');
  ecommerce = graph.database('ecommerce');
  store = graph.database('store');
});

afterAll(async () => {
  await graph?.stop();
});

const sources = (): ConsentSource[] => [
  { system: 'marketing', db: marketing, extract: marketingConsentDecisions },
  { system: 'ecommerce', db: ecommerce, extract: ecommerceConsentDecisions },
  { system: 'store', db: store, extract: storeConsentDecisions },
];
const stage = () => stageConsent(hub, sources());

// --- legacy fixtures: the fewest columns each table requires ---------------------------------

async function contact(): Promise<string> {
  const id = randomUUID();
  await marketing.query(`INSERT INTO mk_contact (contact_uuid, source, created_at, updated_at) VALUES ($1, 'WEB', now(), now())`, [id]);
  return id;
}

async function consent(contactId: string, channel: string, purpose: string, granted: boolean, at: string, source = 'WEB_FORM'): Promise<string> {
  const [row] = await marketing.query<{ id: string }>(
    'INSERT INTO mk_consent (contact_uuid, channel, purpose, granted, at, source) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id',
    [contactId, channel, purpose, granted, at, source],
  );
  return row.id;
}

/** A web account; timestamps are UTC without a zone, as in the shop. */
async function webAccount(newsletter: boolean, created: string, updated: string): Promise<string> {
  const [row] = await ecommerce.query<{ id: number }>(
    `INSERT INTO customers (email, password_hash, first_name, last_name, newsletter, created_at, updated_at)
     VALUES ($1, 'x', 'Test', 'Consent', $2, $3, $4) RETURNING id`,
    [`${randomUUID()}@example.test`, newsletter, created, updated],
  );
  return String(row.id);
}

let cards = 0;
async function card(optSms: 'O' | 'N', created: string, changed: string): Promise<string> {
  cards += 1;
  const number = `99${String(process.pid % 1000).padStart(3, '0')}${String(cards).padStart(8, '0')}`;
  await store.query(
    `INSERT INTO "CARTE_FIDELITE" ("NUM_CARTE", "CIVILITE", "NOM", "PRENOM", "TEL", "ADR1", "CP", "VILLE", "DATE_NAIS",
       "DATE_CREATION", "MAG_CREATION", "STATUT", "OPT_SMS", "DATE_MAJ")
     VALUES ($1, 'M', 'TEST', 'Consent', '', '', '75001', 'PARIS', '00000000', $2, 'P001', 'A', $3, $4)`,
    [number, created, optSms, changed],
  );
  return number;
}

// --- hub fixtures: customers and links made here, with the link dates the rule depends on ------

type Rec = { system: string; key: string };

async function customerOf(records: Rec[], linkedAt: string): Promise<string> {
  const [{ id }] = await hub.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
  await hub.query(
    `INSERT INTO identity_link (customer_id, system, local_key, rule, linked_at)
     SELECT $1, s, k, 'test', $4 FROM unnest($2::text[], $3::text[]) AS t(s, k)`,
    [id, records.map((r) => r.system), records.map((r) => r.key), linkedAt],
  );
  return id;
}

const CONSENTS = `query ($id: ID!) { customer(id: $id) {
  consents { purpose channel granted state decidedAt sourceSystem source decidedByRecord { system localKey } }
  consentFlags { purpose channel granted }
  profilingAllowed
} }`;

interface Consent {
  purpose: string;
  channel: string;
  granted: boolean;
  state: string;
  decidedAt: string | null;
  sourceSystem: string | null;
  source: string | null;
  decidedByRecord: { system: string; localKey: string } | null;
}

async function consentsOf(customerId: string): Promise<{ all: Consent[]; get(purpose: string, channel: string): Consent; flags: any[]; profilingAllowed: boolean }> {
  const answer = await graph.query(CONSENTS, { id: customerId });
  expect(answer.errors).toBeUndefined();
  const all: Consent[] = answer.data.customer.consents;
  return {
    all,
    get: (purpose, channel) => all.find((c) => c.purpose === purpose && c.channel === channel)!,
    flags: answer.data.customer.consentFlags,
    profilingAllowed: answer.data.customer.profilingAllowed,
  };
}

const agent = { as: { role: 'agent' as const, subject: 'consent-e2e' } };

// --- the rule -----------------------------------------------------------------------------------

it('within one marketing contact the latest decision wins, with its provenance', async () => {
  const m = await contact();
  await consent(m, 'EMAIL', 'NEWSLETTER', true, '2024-01-01T10:00:00Z', 'IMPORT');
  await consent(m, 'EMAIL', 'NEWSLETTER', false, '2024-03-01T10:00:00Z', 'CALL');
  const latest = await consent(m, 'EMAIL', 'NEWSLETTER', true, '2024-05-01T10:00:00.123456Z', 'WEB_FORM');
  await consent(m, 'SMS', 'OFFERS', false, '2024-06-01T10:00:00Z', 'STORE_TABLET');
  await consent(m, 'SMS', 'OFFERS', true, '2024-02-01T10:00:00Z', 'WEB_FORM');
  const c = await customerOf([{ system: 'marketing', key: m }], '2023-01-01T00:00:00Z');
  await stage();

  const { all, get, flags } = await consentsOf(c);
  // Every purpose × medium, purpose then medium order.
  expect(all).toHaveLength(16);
  expect(all.slice(0, 4).map((x) => `${x.purpose}/${x.channel}`)).toEqual(['NEWSLETTER/EMAIL', 'NEWSLETTER/SMS', 'NEWSLETTER/POST', 'NEWSLETTER/PHONE']);
  expect(get('NEWSLETTER', 'EMAIL')).toEqual({
    purpose: 'NEWSLETTER',
    channel: 'EMAIL',
    granted: true,
    state: 'GRANTED',
    decidedAt: '2024-05-01T10:00:00.123Z',
    sourceSystem: 'MARKETING',
    source: 'WEB_FORM',
    decidedByRecord: { system: 'MARKETING', localKey: m },
  });
  expect(latest).toBeTruthy();
  expect(get('OFFERS', 'SMS')).toMatchObject({ granted: false, state: 'REFUSED', decidedAt: '2024-06-01T10:00:00.000Z', source: 'STORE_TABLET' });
  // Never asked: not granted, no provenance.
  expect(get('PARTNERS', 'POST')).toEqual({
    purpose: 'PARTNERS', channel: 'POST', granted: false, state: 'NEVER_ASKED', decidedAt: null, sourceSystem: null, source: null, decidedByRecord: null,
  });
  expect(flags).toHaveLength(16);
  expect(flags.filter((f) => f.granted)).toEqual([{ purpose: 'NEWSLETTER', channel: 'EMAIL', granted: true }]);
});

it('a web newsletter opt-out newer than a marketing grant wins', async () => {
  const m = await contact();
  await consent(m, 'EMAIL', 'NEWSLETTER', true, '2024-01-10T08:00:00Z');
  const web = await webAccount(false, '2020-05-05 12:00:00', '2024-04-01 09:30:00');
  const c = await customerOf([{ system: 'marketing', key: m }, { system: 'ecommerce', key: web }], '2023-01-01T00:00:00Z');
  await stage();
  expect((await consentsOf(c)).get('NEWSLETTER', 'EMAIL')).toMatchObject({
    granted: false,
    state: 'REFUSED',
    decidedAt: '2024-04-01T09:30:00.000Z',
    sourceSystem: 'ECOMMERCE',
    source: 'NEWSLETTER_FLAG',
    decidedByRecord: { system: 'ECOMMERCE', localKey: web },
  });
});

it('a card with OPT_SMS = N shows offers by SMS refused, from the store, dated by DATE_MAJ (Paris time)', async () => {
  const refusing = await card('N', '20190301', '20240315103000');
  const granting = await card('O', '20190301', '20240315103000');
  const c1 = await customerOf([{ system: 'store', key: refusing }], '2023-01-01T00:00:00Z');
  const c2 = await customerOf([{ system: 'store', key: granting }], '2023-01-01T00:00:00Z');
  await stage();
  expect((await consentsOf(c1)).get('OFFERS', 'SMS')).toMatchObject({
    granted: false,
    state: 'REFUSED',
    decidedAt: '2024-03-15T09:30:00.000Z', // 10:30 in Paris, winter time
    sourceSystem: 'STORE',
    source: 'OPT_SMS',
    decidedByRecord: { system: 'STORE', localKey: refusing },
  });
  // A grant is dated by the card's issue day: the one date sure to be no later than the decision.
  expect((await consentsOf(c2)).get('OFFERS', 'SMS')).toMatchObject({ granted: true, decidedAt: '2019-02-28T23:00:00.000Z', source: 'OPT_SMS' });
});

it('a merge never weakens consent: a grant made before the records were one customer does not lift the other record’s refusal', async () => {
  const granting = await contact();
  const refusing = await contact();
  await consent(refusing, 'EMAIL', 'OFFERS', false, '2024-01-01T00:00:00Z', 'CALL');
  // Newer than the refusal, but made while the records belonged to two customers.
  await consent(granting, 'EMAIL', 'OFFERS', true, '2024-05-01T00:00:00Z', 'WEB_FORM');
  const target = await customerOf([{ system: 'marketing', key: granting }], '2023-01-01T00:00:00Z');
  const source = await customerOf([{ system: 'marketing', key: refusing }], '2023-01-01T00:00:00Z');
  await stage();
  expect((await consentsOf(target)).get('OFFERS', 'EMAIL')).toMatchObject({ granted: true });
  expect((await consentsOf(source)).get('OFFERS', 'EMAIL')).toMatchObject({ granted: false });

  const merged = await graph.query(
    'mutation ($s: ID!, $t: ID!) { mergeCustomers(sourceId: $s, targetId: $t, reason: "same person") { decisionId } }',
    { s: source, t: target },
    agent,
  );
  expect(merged.errors).toBeUndefined();
  // Nothing restaged: the links alone change the answer.
  expect((await consentsOf(target)).get('OFFERS', 'EMAIL')).toMatchObject({
    granted: false,
    state: 'REFUSED',
    decidedAt: '2024-01-01T00:00:00.000Z',
    source: 'CALL',
    decidedByRecord: { system: 'MARKETING', localKey: refusing },
  });
  expect((await consentsOf(source)).get('OFFERS', 'EMAIL')).toMatchObject({ state: 'NEVER_ASKED' });
});

it('a grant made after both records were linked into the customer wins over the older refusal', async () => {
  const granting = await contact();
  const refusing = await contact();
  await consent(refusing, 'PHONE', 'PARTNERS', false, '2024-01-01T00:00:00Z', 'CALL');
  await consent(granting, 'PHONE', 'PARTNERS', true, '2024-05-01T00:00:00Z');
  const c = await customerOf([{ system: 'marketing', key: granting }, { system: 'marketing', key: refusing }], '2024-03-01T00:00:00Z');
  // One customer with a grant made after the link: the customer decided again, knowing.
  await stage();
  expect((await consentsOf(c)).get('PARTNERS', 'PHONE')).toMatchObject({
    granted: true,
    decidedAt: '2024-05-01T00:00:00.000Z',
    decidedByRecord: { system: 'MARKETING', localKey: granting },
  });

  // After a merge, the moved record counts from the merge: an earlier grant no longer outranks its refusal…
  const other = await contact();
  await consent(other, 'PHONE', 'PARTNERS', false, '2024-02-01T00:00:00Z', 'CALL');
  const source = await customerOf([{ system: 'marketing', key: other }], '2023-01-01T00:00:00Z');
  await stage();
  const merged = await graph.query(
    'mutation ($s: ID!, $t: ID!) { mergeCustomers(sourceId: $s, targetId: $t, reason: "same person") { decisionId } }',
    { s: source, t: c },
    agent,
  );
  expect(merged.errors).toBeUndefined();
  expect((await consentsOf(c)).get('PARTNERS', 'PHONE')).toMatchObject({ granted: false, decidedByRecord: { system: 'MARKETING', localKey: other } });
  // …and a grant made after the merge does.
  const [{ now }] = await marketing.query<{ now: string }>(`SELECT to_char(date_trunc('milliseconds', now() + interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`);
  await consent(granting, 'PHONE', 'PARTNERS', true, now, 'WEB_FORM');
  await stage();
  expect((await consentsOf(c)).get('PARTNERS', 'PHONE')).toMatchObject({
    granted: true,
    decidedAt: new Date(now).toISOString(),
    decidedByRecord: { system: 'MARKETING', localKey: granting },
  });
});

it('after a split each customer keeps its own records’ decisions', async () => {
  const granting = await contact();
  const refusing = await contact();
  await consent(refusing, 'POST', 'PARTNERS', false, '2024-01-01T00:00:00Z', 'CALL');
  await consent(granting, 'POST', 'PARTNERS', true, '2024-02-01T00:00:00Z');
  const c = await customerOf([{ system: 'marketing', key: granting }, { system: 'marketing', key: refusing }], '2024-03-01T00:00:00Z');
  await stage();
  // Together: the grant predates the link, the refusal stands.
  expect((await consentsOf(c)).get('PARTNERS', 'POST')).toMatchObject({ granted: false, decidedByRecord: { localKey: refusing } });

  const split = await graph.query(
    'mutation ($c: ID!, $r: [RecordRef!]!) { splitCustomer(customerId: $c, records: $r, reason: "two people") { newCustomer { id } } }',
    { c, r: [{ system: 'MARKETING', localKey: refusing }] },
    agent,
  );
  expect(split.errors).toBeUndefined();
  const fresh = split.data.splitCustomer.newCustomer.id;
  expect((await consentsOf(c)).get('PARTNERS', 'POST')).toMatchObject({ granted: true, decidedByRecord: { system: 'MARKETING', localKey: granting } });
  expect((await consentsOf(fresh)).get('PARTNERS', 'POST')).toMatchObject({ granted: false, decidedByRecord: { system: 'MARKETING', localKey: refusing } });
});

it('a link the rules close and reopen to the same customer (re-explained) is no break: the record still counts from its first link', async () => {
  const granting = await contact();
  const refusing = await contact();
  await consent(refusing, 'SMS', 'NEWSLETTER', false, '2024-01-01T00:00:00Z', 'CALL');
  await consent(granting, 'SMS', 'NEWSLETTER', true, '2024-05-01T00:00:00Z');
  const c = await customerOf([{ system: 'marketing', key: granting }, { system: 'marketing', key: refusing }], '2024-03-01T00:00:00Z');
  // What link.sql.ts CLOSE_CHANGED_LINKS + INSERT_LINKS do in one transaction when the evidence changes.
  await hub.withTransaction(async (tx) => {
    await tx.query("UPDATE identity_link SET unlinked_at = now(), reason = 'rules: evidence changed' WHERE local_key = $1 AND unlinked_at IS NULL", [granting]);
    await tx.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, 'marketing', $2, 'test-again')", [c, granting]);
  });
  await stage();
  expect((await consentsOf(c)).get('NEWSLETTER', 'SMS')).toMatchObject({ granted: true, decidedByRecord: { localKey: granting } });
  // A real break (unlinked, and linked again later) starts a new stay: the older grant no longer lifts the refusal.
  await hub.query("UPDATE identity_link SET unlinked_at = now() - interval '1 minute' WHERE local_key = $1 AND unlinked_at IS NULL", [granting]);
  await hub.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, 'marketing', $2, 'test-back')", [c, granting]);
  expect((await consentsOf(c)).get('NEWSLETTER', 'SMS')).toMatchObject({ granted: false, decidedByRecord: { localKey: refusing } });
});

it('profiling is allowed only with a grant in force and no refusal on any medium', async () => {
  const m = await contact();
  await consent(m, 'EMAIL', 'PROFILING', true, '2024-01-01T00:00:00Z');
  const allowed = await customerOf([{ system: 'marketing', key: m }], '2023-01-01T00:00:00Z');
  const n = await contact();
  await consent(n, 'EMAIL', 'PROFILING', true, '2024-01-01T00:00:00Z');
  await consent(n, 'SMS', 'PROFILING', false, '2024-01-01T00:00:00Z');
  const refused = await customerOf([{ system: 'marketing', key: n }], '2023-01-01T00:00:00Z');
  const never = await customerOf([{ system: 'marketing', key: await contact() }], '2023-01-01T00:00:00Z');
  await stage();
  expect((await consentsOf(allowed)).profilingAllowed).toBe(true);
  expect((await consentsOf(refused)).profilingAllowed).toBe(false);
  expect((await consentsOf(never)).profilingAllowed).toBe(false);
});

// --- staging and cost ---------------------------------------------------------------------------

it('staging is idempotent, removes what a system no longer holds, and costs the same statements whatever the volume', async () => {
  // A hub that never staged reads every system whole (the test graph's earlier tests may have staged: forget it).
  await hub.query("DELETE FROM staging_digest WHERE staged_table = 'consent_decision'");
  const first = await stage();
  expect(first.failed).toEqual({});
  for (const system of ['marketing', 'ecommerce', 'store']) expect(first.systems[system].slices).toBe(SLICES);
  expect(first.systems.marketing.read).toBeGreaterThan(100); // the generated data set's history, too
  // Nothing moved: no slice read, nothing written, two hub statements (the digests kept, the freshness).
  const again = await stage();
  for (const system of ['marketing', 'ecommerce', 'store']) {
    expect(again.systems[system]).toEqual({ read: 0, written: 0, removed: 0, slices: 0 });
  }
  expect(again.hubStatements).toBe(2);
  const staged = async (system: string) =>
    (await hub.query<{ n: number }>('SELECT count(*)::int AS n FROM consent_decision WHERE system = $1', [system]))[0].n;
  const before = await staged('marketing');
  // One new decision: its contact's slice only is read and staged.
  const m = await contact();
  const row = await consent(m, 'EMAIL', 'OFFERS', true, '2024-01-01T00:00:00Z');
  const added = await stage();
  expect(added.systems.marketing).toMatchObject({ written: 1, removed: 0, slices: 1 });
  expect(added.systems.marketing.read).toBeLessThan(first.systems.marketing.read / 20);
  expect(added.systems.store).toEqual({ read: 0, written: 0, removed: 0, slices: 0 });
  expect(await staged('marketing')).toBe(before + 1);
  await marketing.query('DELETE FROM mk_consent WHERE id = $1', [row]);
  const removed = await stage();
  expect(removed.systems.marketing).toMatchObject({ written: 0, removed: 1, slices: 1 });
  expect(await staged('marketing')).toBe(before);
  // The sources' table says how many decisions each system has staged, even after a partial pass.
  const [{ decisions }] = await hub.query<{ decisions: number }>("SELECT decisions FROM consent_source WHERE system = 'marketing'");
  expect(decisions).toBe(before);
  // BEGIN, lock, the staging statement, the digests forgotten and kept, the sources' dates, COMMIT: whatever the number of rows or slices.
  expect(new Set([first.hubStatements, added.hubStatements, removed.hubStatements])).toEqual(new Set([8]));
  // A failing system keeps its staged rows; the others are staged.
  const failing = await stageConsent(hub, [
    { system: 'marketing', db: marketing, extract: async () => { throw new Error('marketing_legacy is down'); } },
    { system: 'store', db: store, extract: storeConsentDecisions },
  ]);
  expect(failing.failed).toEqual({ marketing: 'marketing_legacy is down' });
  expect(await staged('marketing')).toBe(before);
});

it('sees a flag that changed back, a record gone, and a recipe that changed, by slices only', async () => {
  await stage();
  const number = await card('O', '20240101', '20240101120000');
  const added = await stage();
  expect(added.systems.store).toMatchObject({ written: 1, slices: 1 });
  const decision = async () =>
    (await hub.query<{ granted: boolean }>("SELECT granted FROM consent_decision WHERE system = 'store' AND local_key = $1", [number]))[0]?.granted;
  expect(await decision()).toBe(true);
  // Refused, then granted again with the same dates: no date moved, the slice's digest did.
  await store.query(`UPDATE "CARTE_FIDELITE" SET "OPT_SMS" = 'N', "DATE_MAJ" = '20240301120000' WHERE "NUM_CARTE" = $1`, [number]);
  expect((await stage()).systems.store).toMatchObject({ written: 1, slices: 1 });
  expect(await decision()).toBe(false);
  await store.query(`UPDATE "CARTE_FIDELITE" SET "OPT_SMS" = 'O', "DATE_MAJ" = '20240101120000' WHERE "NUM_CARTE" = $1`, [number]);
  expect((await stage()).systems.store).toMatchObject({ written: 1, slices: 1 });
  expect(await decision()).toBe(true);
  // The card gone (the slice may hold nothing else: its digest disappears, and the slice is read empty).
  await store.query('DELETE FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = $1', [number]);
  expect((await stage()).systems.store).toMatchObject({ removed: 1, slices: 1 });
  expect(await decision()).toBeUndefined();
  // A release that reads or maps differently (another recipe in every digest kept) reads the system whole once.
  await hub.query("UPDATE staging_digest SET digest = 'older-recipe' || substr(digest, position(':' in digest)) WHERE staged_table = 'consent_decision' AND system = 'store'");
  const whole = await stage();
  expect(whole.systems.store).toMatchObject({ slices: SLICES, written: 0, removed: 0 });
  expect(whole.systems.store.read).toBeGreaterThan(100);
  expect((await stage()).systems.store.slices).toBe(0);
});

it('an erasure in the hub forgets the digests of the slices it emptied: the next pass reads them again', async () => {
  await stage();
  const number = await card('N', '20240101', '20240101120000');
  const customerId = await customerOf([{ system: 'store', key: number }], '2023-01-01T00:00:00Z');
  await stage();
  const digests = async () => (await hub.query<{ n: number }>("SELECT count(*)::int AS n FROM staging_digest WHERE staged_table = 'consent_decision' AND system = 'store'"))[0].n;
  const kept = await digests();
  const payload = { customerId, records: { store: [number] } };
  const [{ id }] = await hub.query<{ id: string }>(
    "INSERT INTO outbox_request (kind, idempotency_key, requested_by, payload, fingerprint) VALUES ('erasure', $1, 'privacy_officer:test', $2, 'test') RETURNING id::text AS id",
    [randomUUID(), payload],
  );
  const request = { id, requestedBy: 'privacy_officer:test', requestedAt: new Date(), payload } as unknown as OutboxRequest;
  const receipt = await eraseInHub(hub, request);
  expect(JSON.stringify(receipt)).toContain('"consent_decision":{"deleted":1}');
  expect(await digests()).toBe(kept - 1);
  // The till still holds the card (its own erasure is its step): read again, as a whole read would have.
  expect((await stage()).systems.store).toMatchObject({ slices: 1, written: 1 });
});

it('the watcher’s probe moves with writes to the tables its readers declare, not with the rest of the database', async () => {
  expect(storeConsentDecisions.tables).toEqual(['CARTE_FIDELITE']);
  // Two tables of this test's own (other tests write the legacy ones, their counters published up to ~10 s late).
  await store.query('CREATE TABLE probe_declared (x int); CREATE TABLE probe_other (x int)');
  try {
    const whole = tableWritesProbe([store]);
    const declared = tableWritesProbe([store], ['probe_declared']);
    const [wholeBefore, declaredBefore] = [await whole(), await declared()];
    await store.query('INSERT INTO probe_other VALUES (1)');
    await until('the other table’s write counted', async () => ((await whole()) !== wholeBefore ? true : undefined), 20_000);
    expect(await declared()).toBe(declaredBefore);
    await store.query('INSERT INTO probe_declared VALUES (1)');
    await until('the declared table’s write counted', async () => ((await declared()) !== declaredBefore ? true : undefined), 20_000);
    // A TRUNCATE counts no deleted row; the table's new file moves the probe anyway.
    const truncatedBefore = await declared();
    await store.query('TRUNCATE probe_declared');
    expect(await declared()).not.toBe(truncatedBefore);
  } finally {
    await store.query('DROP TABLE probe_declared, probe_other');
  }
}, 60_000);

it('skips and counts the campaign tool’s codes the graph does not know', () => {
  const row = { id: '1', contact_uuid: randomUUID(), granted: true, at: '2024-01-01T00:00:00.000000Z', source: 'WEB_FORM' };
  const { decisions, skipped } = mapMarketingConsents([
    { ...row, channel: 'PUSH', purpose: 'OFFERS' },
    { ...row, channel: 'EMAIL', purpose: 'LOTTERY' },
    { ...row, channel: ' email ', purpose: 'offers' },
  ]);
  expect(skipped).toEqual({ 'channel:PUSH': 1, 'purpose:LOTTERY': 1 });
  expect(decisions).toEqual([{ ...{ system: 'marketing', localKey: row.contact_uuid, purpose: 'offers', medium: 'email', granted: true }, decidedAt: row.at, source: 'WEB_FORM', sourceRef: '1' }]);
});

it('answers the consents of any number of customers with the same number of statements', async () => {
  // Customers with decisions on several systems, so the batch has rows to compute.
  for (let i = 0; i < 80; i += 1) {
    const m = await contact();
    await consent(m, 'EMAIL', 'NEWSLETTER', i % 2 === 0, '2024-01-01T00:00:00Z');
    await customerOf([{ system: 'marketing', key: m }, { system: 'store', key: await card(i % 3 === 0 ? 'O' : 'N', '20200101', '20240101120000') }], '2023-01-01T00:00:00Z');
  }
  await stage();
  const query = `query ($first: Int) { customers(first: $first) { nodes { id
    consents { purpose channel granted decidedAt sourceSystem source decidedByRecord { system localKey } }
    consentFlags { purpose channel granted } profilingAllowed } } }`;
  const countFor = async (first: number) => {
    let statements = 0;
    const stop = watchStatements((database) => {
      if (database !== 'access_log' && !database.startsWith('test-')) statements += 1;
    });
    try {
      const answer = await graph.query(query, { first });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.customers.nodes).toHaveLength(first);
      expect(answer.data.customers.nodes.every((node: { consents: unknown[] }) => node.consents.length === 16)).toBe(true);
    } finally {
      stop();
    }
    return statements;
  };
  const ten = await countFor(10);
  const eighty = await countFor(80);
  console.log(`statements for the consents of 10 customers: ${ten}, of 80: ${eighty}`);
  expect(ten).toBeGreaterThan(0);
  expect(eighty).toBe(ten);
});
