// Customer.preferences (issue 15 item 1) through the gateway, on real PostgreSQL: each test writes
// its own legacy rows (call-centre contacts and callbacks, web accounts, loyalty cards and their
// receipts), links them to customers of its own in the hub, stages every system's preferences with
// the channels' readers (stagePreferences, as the hub's worker does) and reads them: provenance on
// each value, the most recent explicit statement wins with the others as conflicts, a favourite
// store declared or derived from receipts, the graph's own statements, one statement per batch.
import { randomUUID } from 'node:crypto';
import { Database, watchStatements } from '../subgraphs/kit/database';
import { registry } from '../subgraphs/channels';
import { PreferenceSource, stagePreferences } from '../subgraphs/customer/preferences/stage';
import { signAs, startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let hub: Database;
let callcentre: Database;
let ecommerce: Database;
let store: Database;

beforeAll(async () => {
  graph = await startTestGraph();
  hub = graph.database('customer');
  callcentre = graph.database('callcentre');
  ecommerce = graph.database('ecommerce');
  store = graph.database('store');
});

afterAll(async () => {
  await graph?.stop();
});

const sources = (): PreferenceSource[] => registry().preferenceSources.map((source) => ({ ...source, db: graph.database(source.system) }));
const stage = () => stagePreferences(hub, sources());
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

// --- legacy fixtures: the fewest columns each table requires ---------------------------------

async function contact(language: string, updated: string): Promise<string> {
  const [row] = await callcentre.query<{ contact_id: number }>(
    `INSERT INTO contacts (phone, full_name, language, vip, created_epoch, updated_epoch) VALUES ('0600000000', 'TEST Pref', $1, false, $2, $2) RETURNING contact_id`,
    [language, epoch(updated)],
  );
  return String(row.contact_id);
}

async function callback(contactId: string, requested: string, from: string, to: string): Promise<string> {
  const [row] = await callcentre.query<{ id: number }>(
    'INSERT INTO callbacks (contact_id, requested_epoch, window_start, window_end, done) VALUES ($1, $2, $3, $4, false) RETURNING id',
    [Number(contactId), epoch(requested), from, to],
  );
  return String(row.id);
}

async function webAccount(store: string | null, updated: string): Promise<string> {
  const [row] = await ecommerce.query<{ id: number }>(
    `INSERT INTO customers (email, password_hash, first_name, last_name, newsletter, preferred_store, created_at, updated_at)
     VALUES ($1, 'x', 'Test', 'Pref', false, $2, $3, $3) RETURNING id`,
    [`${randomUUID()}@example.test`, store, updated],
  );
  return String(row.id);
}

let cards = 0;
let receipts = 0;
async function card(): Promise<string> {
  cards += 1;
  const number = `98${String(process.pid % 1000).padStart(3, '0')}${String(cards).padStart(8, '0')}`;
  await store.query(
    `INSERT INTO "CARTE_FIDELITE" ("NUM_CARTE", "CIVILITE", "NOM", "PRENOM", "TEL", "ADR1", "CP", "VILLE", "DATE_NAIS",
       "DATE_CREATION", "MAG_CREATION", "STATUT", "OPT_SMS", "DATE_MAJ")
     VALUES ($1, 'M', 'TEST', 'Pref', '', '', '75001', 'PARIS', '00000000', '20200101', 'P001', 'A', 'N', '20200101120000')`,
    [number],
  );
  return number;
}

async function receipt(cardNumber: string, storeCode: string, date: string, time: string): Promise<void> {
  receipts += 1;
  await store.query(
    `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
     VALUES ($1, $2, $3, $4, 1, $5, 1000, 'CB', 'V')`,
    [9_900_000_000 + (process.pid % 1000) * 10_000 + receipts, storeCode, date, time, cardNumber],
  );
}

type Rec = { system: string; key: string };

async function customerOf(records: Rec[]): Promise<string> {
  const [{ id }] = await hub.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
  await hub.query(
    `INSERT INTO identity_link (customer_id, system, local_key, rule, linked_at)
     SELECT $1, s, k, 'test', now() FROM unnest($2::text[], $3::text[]) AS t(s, k)`,
    [id, records.map((r) => r.system), records.map((r) => r.key)],
  );
  return id;
}

const VALUE = 'value basis statedAt source { system record field statedBy }';
const PREFERENCES = `preferences {
  language { ${VALUE} conflicts { ${VALUE} } }
  favouriteStore { ${VALUE} conflicts { ${VALUE} } }
  contactHours { ${VALUE} conflicts { ${VALUE} } }
  contactChannels { task channel preference { ${VALUE} conflicts { ${VALUE} } } }
  optIns { purpose channel state sourceSystem }
}`;

const AGENT = { role: 'agent', subject: 'prefs-e2e' } as const;

async function preferencesOf(customerId: string) {
  const answer = await graph.query(`query ($id: ID!) { customer(id: $id) { ${PREFERENCES} } }`, { id: customerId }, { as: AGENT as never });
  expect(answer.errors).toBeUndefined();
  return answer.data.customer.preferences;
}

it('gives each value its source system, record, field and date; the most recent explicit statement wins, the others are conflicts', async () => {
  const older = await contact('de', '2024-01-01T08:00:00Z');
  const newer = await contact('EN', '2024-06-01T08:00:00Z');
  await callback(older, '2024-03-01T09:00:00Z', '09:00', '11:00');
  const latest = await callback(older, '2024-05-01T09:00:00Z', '18:00', '20:00');
  const c = await customerOf([
    { system: 'callcentre', key: older },
    { system: 'callcentre', key: newer },
  ]);
  const report = await stage();
  expect(report.failed).toEqual({});

  const p = await preferencesOf(c);
  expect(p.language).toEqual({
    value: 'en',
    basis: 'DECLARED',
    statedAt: '2024-06-01T08:00:00.000Z',
    source: { system: 'callcentre', record: newer, field: 'contacts.language', statedBy: null },
    conflicts: [{ value: 'de', basis: 'DECLARED', statedAt: '2024-01-01T08:00:00.000Z', source: { system: 'callcentre', record: older, field: 'contacts.language', statedBy: null } }],
  });
  // Contact hours: the latest callback request of the contact, dated by its request.
  expect(p.contactHours).toMatchObject({ value: '18:00-20:00', basis: 'DECLARED', statedAt: '2024-05-01T09:00:00.000Z', source: { system: 'callcentre', record: older, field: 'callbacks.window' }, conflicts: [] });
  expect(latest).toBeTruthy();
  expect(p.favouriteStore).toBeNull();
  expect(p.contactChannels).toEqual([]);
  expect(p.optIns).toHaveLength(16);

  // A statement through the graph is the most recent: it wins at once (before any legacy system is written), the legacy ones become conflicts.
  const asked = await graph.query(
    `mutation ($id: ID!) { updatePreferences(customerId: $id, preferences: { language: "IT", contactChannels: [{ task: AFTER_SALES, channel: CALL_CENTRE }, { task: PROMOTION, channel: STORE }] }) { id status steps { system } } }`,
    { id: c },
    { as: AGENT as never },
  );
  expect(asked.errors).toBeUndefined();
  expect(asked.data.updatePreferences.steps.map((s: { system: string }) => s.system)).toEqual(['callcentre', 'customer']);
  const after = await preferencesOf(c);
  expect(after.language).toMatchObject({ value: 'it', basis: 'DECLARED', source: { system: 'customer', record: null, field: 'preference_statement', statedBy: 'agent:prefs-e2e' } });
  expect(after.language.conflicts.map((x: { value: string }) => x.value)).toEqual(['en', 'de']);
  expect(after.contactChannels.map((x: { task: string; channel: string }) => `${x.task}:${x.channel}`)).toEqual(['AFTER_SALES:CALL_CENTRE', 'PROMOTION:STORE']);
  // The contract suggestedChannel reads: one current row per task, value the Channel as a JSON string.
  const rows = await hub.query<{ scope: string; value: unknown }>(
    "SELECT scope, value FROM preference_statement WHERE customer_id = $1 AND preference = 'contactChannel' AND superseded_at IS NULL ORDER BY scope",
    [c],
  );
  expect(rows).toEqual([{ scope: 'AFTER_SALES', value: 'CALL_CENTRE' }, { scope: 'PROMOTION', value: 'STORE' }]);
  // suggestedChannel (issue 15 item 4) reads the statement made here.
  const suggested = await graph.query('query ($id: ID!) { customer(id: $id) { suggestedChannel(task: AFTER_SALES) { reason } } }', { id: c }, { as: AGENT as never });
  expect(suggested.errors).toBeUndefined();
  // (The call centre itself is excluded here: the hub knows no phone of this fixture's contacts.)
  expect(suggested.data.customer.suggestedChannel.reason).toMatch(/They said they prefer the call centre for after-sales \(stated on \d{4}-\d{2}-\d{2}\)/);
  // A second statement supersedes the first (kept for history).
  await graph.query(`mutation ($id: ID!) { updatePreferences(customerId: $id, preferences: { contactChannels: [{ task: PROMOTION, channel: WEB }] }) { id } }`, { id: c }, { as: AGENT as never });
  const history = await hub.query<{ value: unknown; current: boolean }>(
    "SELECT value, superseded_at IS NULL AS current FROM preference_statement WHERE customer_id = $1 AND scope = 'PROMOTION' ORDER BY id",
    [c],
  );
  expect(history).toEqual([{ value: 'STORE', current: false }, { value: 'WEB', current: true }]);
}, 60_000);

it('says whether the favourite store was declared or derived from receipts; a declared one wins over a derived one', async () => {
  const derivedCard = await card();
  await receipt(derivedCard, 'P001', '20240110', '101500');
  await receipt(derivedCard, 'P002', '20240201', '090000');
  await receipt(derivedCard, 'P002', '20240715', '183000');
  const onlyReceipts = await customerOf([{ system: 'store', key: derivedCard }]);

  const cardToo = await card();
  await receipt(cardToo, 'P002', '20240301', '120000');
  await receipt(cardToo, 'P002', '20240302', '120000');
  const account = await webAccount('P001', '2023-05-01 10:00:00');
  const declaredToo = await customerOf([
    { system: 'store', key: cardToo },
    { system: 'ecommerce', key: account },
  ]);
  await stage();

  const derived = (await preferencesOf(onlyReceipts)).favouriteStore;
  // Most receipts, dated by the latest receipt there (Paris summer time: UTC+2).
  expect(derived).toEqual({
    value: 'P002',
    basis: 'DERIVED',
    statedAt: '2024-07-15T16:30:00.000Z',
    source: { system: 'store', record: derivedCard, field: 'TICKET.CODE_MAG', statedBy: null },
    conflicts: [],
  });
  const declared = (await preferencesOf(declaredToo)).favouriteStore;
  // Declared on the web account, older than the receipts, still wins: derived never outranks declared.
  expect(declared).toMatchObject({
    value: 'P001',
    basis: 'DECLARED',
    statedAt: '2023-05-01T10:00:00.000Z',
    source: { system: 'ecommerce', record: account, field: 'customers.preferred_store' },
  });
  expect(declared.conflicts).toEqual([
    { value: 'P002', basis: 'DERIVED', statedAt: '2024-03-02T11:00:00.000Z', source: { system: 'store', record: cardToo, field: 'TICKET.CODE_MAG', statedBy: null } },
  ]);
}, 60_000);

it('stages incrementally: a new receipt re-reads its card’s slice of receipts only, and moves the derived store', async () => {
  const number = await card();
  await receipt(number, 'P001', '20240110', '101500');
  const customerId = await customerOf([{ system: 'store', key: number }]);
  await stage();
  expect((await preferencesOf(customerId)).favouriteStore.value).toBe('P001');
  // Nothing moved: no slice read in any system.
  const idle = await stage();
  for (const system of Object.keys(idle.systems)) expect(idle.systems[system]).toEqual({ read: 0, written: 0, removed: 0, slices: 0 });
  // Two receipts in another store: the card's digest (taken from its receipts, not the aggregate) moved, one slice is read.
  await receipt(number, 'P002', '20240201', '090000');
  await receipt(number, 'P002', '20240301', '090000');
  const moved = await stage();
  // The row is keyed by its receipt (source_ref): the old statement goes, the new one comes.
  expect(moved.systems.store).toMatchObject({ written: 1, removed: 1, slices: 1 });
  expect(moved.systems.callcentre.slices).toBe(0);
  expect((await preferencesOf(customerId)).favouriteStore).toMatchObject({ value: 'P002', basis: 'DERIVED', statedAt: '2024-03-01T08:00:00.000Z' });
}, 60_000);

it('reads the preferences of any number of customers in one statement per batch', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    const key = await contact(i % 2 ? 'fr' : 'en', '2024-02-01T00:00:00Z');
    ids.push(await customerOf([{ system: 'callcentre', key }]));
  }
  await stage();
  const cost = async (n: number) => {
    const body = JSON.stringify({
      query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id ${PREFERENCES.replace(/optIns \{[^}]*\}/, '')} } } }`,
      variables: { r: ids.slice(0, n).map((id) => ({ __typename: 'Customer', id })) },
    });
    const statements: string[] = [];
    const unwatch = watchStatements((database, text) => {
      if (database === 'customer' && /preference_/.test(text)) statements.push(text);
    });
    const response = await fetch(graph.graph.subgraphs.get('customer')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'customer', body) },
      body,
    });
    const json = (await response.json()) as { data: { _entities: { preferences: { language: { value: string } } }[] }; errors?: unknown };
    unwatch();
    expect(json.errors).toBeUndefined();
    expect(json.data._entities.every((entity) => ['fr', 'en'].includes(entity.preferences.language.value))).toBe(true);
    return statements.length;
  };
  expect(await cost(2)).toBe(1);
  expect(await cost(8)).toBe(1);
}, 60_000);

it('is the customer’s own through me; marketing and analysts are refused it', async () => {
  const key = await contact('es', '2024-02-01T00:00:00Z');
  const c = await customerOf([{ system: 'callcentre', key }]);
  await stage();
  const mine = await graph.query('{ me { preferences { language { value source { system } } } } }', {}, { as: { role: 'customer', subject: 'c-pref', customerId: c } as never });
  expect(mine.errors).toBeUndefined();
  expect(mine.data.me.preferences.language).toEqual({ value: 'es', source: { system: 'callcentre' } });
  for (const as of [{ role: 'marketing', subject: 'm1' }, { role: 'analyst', subject: 'a1' }]) {
    const refused = await graph.query('query ($id: ID!) { customer(id: $id) { preferences { language { value } } } }', { id: c }, { as: as as never });
    expect(JSON.stringify(refused.data ?? {})).not.toContain('"es"');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }
  // A customer cannot change another's (the mutation by id is staff only).
  const other = await graph.query(
    'mutation ($id: ID!) { updatePreferences(customerId: $id, preferences: { language: "fr" }) { id } }',
    { id: c },
    { as: { role: 'customer', subject: 'c-other', customerId: randomUUID() } as never },
  );
  expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
}, 60_000);
