// "Tell us once" for preferences (issue 15 item 2) on real PostgreSQL, through the gateway over
// HTTP: one updatePreferences lands in every legacy system holding the changed preferences, each
// in its own format and codes (checked by SQL in each: call-centre contacts.language, web shop
// customers.preferred_store and newsletter, store CARTE_FIDELITE.OPT_SMS, a new marketing
// mk_consent history row). Faults, as for contact details (test/contact-update.e2e.test.ts): a
// legacy database refusing connections (the request completes when it returns), a worker killed
// with -9 mid-request (a new worker completes it, each system written once). A concurrent legacy
// change is reported as a conflict, not overwritten. Erasure deletes the statements, export lists them.
import path from 'node:path';
import { Database, openDatabase } from '../subgraphs/kit/database';
import { registry } from '../subgraphs/channels';
import type { PrivacyWorker } from '../subgraphs/customer/privacy/privacy.worker';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { stagePreferences } from '../subgraphs/customer/preferences/stage';
import { stageConsent } from '../subgraphs/customer/consent/stage';
import { hubSectionOf } from '../subgraphs/customer/export/export.repo';
import { startTestGraph, TestGraph } from './support/test-graph';
import { customersOfFourSystems, Links, until } from './support/customers';
import { compileChild, KillableChild } from './support/child-process';
import { openSystemDatabases, startTestWorker, stopTestWorkers, WRITE_THROUGH_FIELDS, writeThroughRequests } from './support/outbox-e2e';

const AGENT = { role: 'agent', subject: 'agent-9' } as const;

let graph: TestGraph;
const dbs: Record<string, Database> = {};
const workers: PrivacyWorker[] = [];
let pool: { id: string; links: Links }[] = [];

const FIELDS = WRITE_THROUGH_FIELDS;

async function update(customerId: string, preferences: Record<string, unknown>, key: string | null = null, as: Record<string, unknown> = AGENT) {
  return graph.query(
    `mutation($id: ID!, $p: PreferencesInput!, $key: String) { updatePreferences(customerId: $id, preferences: $p, idempotencyKey: $key) { ${FIELDS} } }`,
    { id: customerId, p: preferences, key },
    { as: as as never },
  );
}

const { request: preferenceRequest, done: doneRequest } = writeThroughRequests(() => graph, 'preferenceUpdateRequest', 'preference update', AGENT);

const bySystem = (request: { steps: { system: string }[] }): Record<string, any> => Object.fromEntries(request.steps.map((step) => [step.system, step]));

const startWorker = (): PrivacyWorker => startTestWorker(graph, workers);

/** What each legacy database holds of the customer's preferences, each in its own column and codes. */
async function held(links: Links, since = new Date(0)) {
  const callcentre = await dbs.callcentre.query<{ language: string; updated_epoch: string }>('SELECT language, updated_epoch::text FROM contacts WHERE contact_id = ANY($1) ORDER BY contact_id', [
    links.callcentre.map(Number),
  ]);
  const ecommerce = await dbs.ecommerce.query<{ preferred_store: string | null; newsletter: boolean }>(
    'SELECT preferred_store, newsletter FROM customers WHERE id = ANY($1) AND deleted_at IS NULL ORDER BY id',
    [links.ecommerce.map(Number)],
  );
  const store = await dbs.store.query<{ OPT_SMS: string; DATE_MAJ: string }>(
    `SELECT "OPT_SMS", "DATE_MAJ" FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = ANY($1) AND "STATUT" = 'A' ORDER BY 1`,
    [links.store],
  );
  const marketing = await dbs.marketing.query<{ contact_uuid: string; channel: string; purpose: string; granted: boolean; source: string; rows_since: number }>(
    `SELECT DISTINCT ON (contact_uuid, channel, purpose) contact_uuid::text, channel, purpose, granted, source,
            (SELECT count(*)::int FROM mk_consent o WHERE o.contact_uuid = c.contact_uuid AND o.channel = c.channel AND o.purpose = c.purpose AND o.at >= $2) AS rows_since
       FROM mk_consent c WHERE contact_uuid = ANY($1::uuid[]) AND (channel, purpose) IN (('EMAIL', 'NEWSLETTER'), ('SMS', 'OFFERS'))
      ORDER BY contact_uuid, channel, purpose, at DESC, id DESC`,
    [links.marketing, since],
  );
  return { callcentre, ecommerce, store, marketing };
}

/** A store code of the directory other than `not`. */
async function storeOtherThan(not: (string | null)[]): Promise<string> {
  const rows = await dbs.store.query<{ code: string }>(`SELECT trim("CODE_MAG") AS code FROM "MAGASIN" ORDER BY 1`);
  return rows.map((row) => row.code).find((code) => !not.includes(code))!;
}

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  Object.assign(dbs, openSystemDatabases(graph));
  // What the hub's workers do: the snapshot each request carries comes from here.
  const report = await stagePreferences(dbs.customer, registry().preferenceSources.map((source) => ({ ...source, db: dbs[source.system] })));
  expect(report.failed).toEqual({});
  // A constant number of hub statements, whatever the number of rows (the digests kept, the lock, the rows, the digests forgotten and
  // kept, the sources, and the transaction's own).
  expect(report.hubStatements).toBeLessThanOrEqual(8);
  process.stdout.write(`preferences staged from the generated data set: ${JSON.stringify(report.systems)} in ${report.seconds} s, ${report.hubStatements} hub statements\n`);
  // Staging again with nothing changed writes nothing (idempotent).
  const again = await stagePreferences(dbs.customer, registry().preferenceSources.map((source) => ({ ...source, db: dbs[source.system] })));
  expect(Object.values(again.systems).every((system) => system.written === 0 && system.removed === 0)).toBe(true);
  await stageConsent(dbs.customer, registry().consentSources.map((source) => ({ ...source, db: dbs[source.system] })));
  pool = (await customersOfFourSystems(dbs.customer, dbs.callcentre)).slice(0, 5);
  expect(pool.length).toBe(5);
}, 180_000);

afterEach(() => stopTestWorkers(workers));

afterAll(async () => {
  await Promise.all(Object.values(dbs).map((db) => db.close()));
  await graph?.stop();
});

describe('updatePreferences', () => {
  it('writes the change into every legacy system holding it, each in its own format and codes', async () => {
    const { id: customerId, links } = pool[0];
    const before = await held(links);
    const language = before.callcentre[0].language.trim() === 'de' ? 'it' : 'de';
    const store = await storeOtherThan(before.ecommerce.map((a) => a.preferred_store?.trim() ?? null));
    const newsletter = !before.ecommerce[0].newsletter;
    const sms = before.store[0]?.OPT_SMS !== 'O';
    const preferences = {
      language: language.toUpperCase(),
      favouriteStore: store.toLowerCase(),
      contactHours: { from: '18:00', to: '20:30' },
      optIns: [{ purpose: 'NEWSLETTER', channel: 'EMAIL', granted: newsletter }, { purpose: 'OFFERS', channel: 'SMS', granted: sms }],
    };

    // Who may not; what is refused.
    for (const as of [{ role: 'customer', subject: 'c1', customerId: pool[1].id }, { role: 'marketing', subject: 'm1' }, { role: 'analyst', subject: 'x1' }]) {
      expect((await update(customerId, preferences, null, as)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const self = await graph.query('mutation { updateMyPreferences(preferences: { language: "fr" }) { id } }', {}, { as: { role: 'agent', subject: 'a1' } as never });
    expect(self.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const bad of [{ language: 'french' }, { favouriteStore: 'P-01' }, { contactHours: { from: '20:00', to: '18:00' } }, {}]) {
      expect((await update(customerId, bad)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }

    const started = new Date();
    const asked = await update(customerId, preferences, 'prefs-1');
    expect(asked.errors).toBeUndefined();
    const request = asked.data.updatePreferences;
    expect(request).toMatchObject({ customerId, fields: ['contactHours', 'favouriteStore', 'language', 'optIns'], requestedBy: 'agent:agent-9', status: 'PENDING' });
    expect(request.steps.map((step: { system: string }) => step.system)).toEqual(['callcentre', 'customer', 'ecommerce', 'marketing', 'store']);
    // The same key: the same request.
    expect((await update(customerId, preferences, 'prefs-1')).data.updatePreferences.id).toBe(request.id);

    const t0 = Date.now();
    startWorker();
    const done = await doneRequest(request.id);
    const elapsedMs = Date.now() - t0;
    expect(done.conflicts).toBe(0);
    for (const step of done.steps) expect(step).toMatchObject({ status: 'DONE', attempts: 1, lastError: null, conflict: false });
    const steps = bySystem(done);
    expect(steps.customer.receipt).toMatchObject({ action: 'preferencesStated', statements: 5 });
    expect(steps.callcentre.receipt).toMatchObject({ action: 'preferencesUpdated', fields: { language: { conflict: 0 } } });
    expect(steps.callcentre.receipt.fields.language.written + steps.callcentre.receipt.fields.language.alreadyApplied).toBe(links.callcentre.length);
    expect(steps.ecommerce.receipt.fields.favouriteStore.written).toBeGreaterThan(0);
    expect(steps.ecommerce.receipt.fields['optIn:newsletter:email'].written).toBeGreaterThan(0);
    expect(steps.marketing.receipt.tables.mk_consent.inserted).toBeGreaterThan(0);

    // In each system, in its own format and codes.
    const after = await held(links, started);
    expect(after.callcentre.every((c) => c.language === language)).toBe(true);
    expect(after.ecommerce.every((a) => a.preferred_store === store && a.newsletter === newsletter)).toBe(true);
    expect(after.store.length).toBeGreaterThan(0);
    const parisToday = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(new Date()).replace(/-/g, '');
    for (const card of after.store) {
      expect(card.OPT_SMS).toBe(sms ? 'O' : 'N');
      expect(card.DATE_MAJ.startsWith(parisToday)).toBe(true);
    }
    // Marketing: a new history row per contact and decision (an agent without a store: the call centre), the latest in force.
    expect(after.marketing).toHaveLength(links.marketing.length * 2);
    for (const row of after.marketing) {
      expect(row.granted).toBe(row.channel === 'EMAIL' ? newsletter : sms);
      expect(row.rows_since).toBeLessThanOrEqual(1);
    }
    expect(after.marketing.some((row) => row.source === 'CALL' && row.rows_since === 1)).toBe(true);

    // The graph reads the new values once the systems are staged again (the hub's statement wins until then, the same value).
    await stagePreferences(dbs.customer, registry().preferenceSources.map((source) => ({ ...source, db: dbs[source.system] })));
    const read = await graph.query('query($id: ID!) { customer(id: $id) { preferences { language { value conflicts { value } } favouriteStore { value basis } contactHours { value source { system } } } } }', { id: customerId }, {
      as: AGENT as never,
    });
    expect(read.errors).toBeUndefined();
    expect(read.data.customer.preferences).toMatchObject({ language: { value: language, conflicts: [] }, favouriteStore: { value: store, basis: 'DECLARED' }, contactHours: { value: '18:00-20:30', source: { system: 'customer' } } });

    // The hub's statement of the hours, as suggestedChannel reads it.
    const [hours] = await dbs.customer.query("SELECT value FROM preference_statement WHERE customer_id = $1 AND preference = 'contactHours' AND superseded_at IS NULL", [customerId]);
    expect(hours.value).toEqual({ from: '18:00', to: '20:30' });
    // The payload is scrubbed once done; the receipts stay.
    const [outbox] = await dbs.customer.query('SELECT payload, summary FROM outbox_request WHERE id = $1', [request.id]);
    expect(outbox.payload).toBeNull();
    expect(outbox.summary).toMatchObject({ customerId, fields: ['contactHours', 'favouriteStore', 'language', 'optIns'] });
    // The export lists the statements made through the graph.
    const section = await hubSectionOf(dbs.customer, customerId);
    expect((section.preference_statement as { preference: string }[]).map((s) => s.preference).sort()).toEqual(['contactHours', 'favouriteStore', 'language', 'optIn', 'optIn']);
    process.stdout.write(`preference update, five receipts: ${elapsedMs} ms\n`);
  }, 120_000);

  it('reports a value a legacy application changed after the request as a conflict and leaves it', async () => {
    const { id: customerId, links } = pool[1];
    const me = { role: 'customer', subject: 'cust-p2', customerId };
    const before = await held(links);
    // The marketing decision re-stated as it is; the campaign tool then records the opposite itself.
    const newsletter = before.marketing.find((row) => row.channel === 'EMAIL')?.granted ?? true;
    const asked = await graph.query(
      `mutation($p: PreferencesInput!) { updateMyPreferences(preferences: $p) { ${FIELDS} } }`,
      { p: { language: 'it', optIns: [{ purpose: 'NEWSLETTER', channel: 'EMAIL', granted: newsletter }] } },
      { as: me as never },
    );
    expect(asked.errors).toBeUndefined();
    const id = asked.data.updateMyPreferences.id;
    expect(asked.data.updateMyPreferences.requestedBy).toBe('customer:cust-p2');
    // The call centre's own tool changes the language after the request (a later stamp); so does the campaign tool.
    await dbs.callcentre.query(`UPDATE contacts SET language = 'es', updated_epoch = extract(epoch FROM now())::bigint + 2 WHERE contact_id = ANY($1)`, [links.callcentre.map(Number)]);
    for (const contact of links.marketing) {
      await dbs.marketing.query(
        `INSERT INTO mk_consent (contact_uuid, channel, purpose, granted, at, source) VALUES ($1::uuid, 'EMAIL', 'NEWSLETTER', $2, now() + interval '2 seconds', 'WEB_FORM')`,
        [contact, !newsletter],
      );
    }
    startWorker();
    const done = await until('done', async () => {
      const answer = await graph.query(`query($id: ID!) { myPreferenceUpdateRequest(id: $id) { ${FIELDS} } }`, { id }, { as: me as never });
      expect(answer.errors).toBeUndefined();
      return answer.data.myPreferenceUpdateRequest.status === 'DONE' ? answer.data.myPreferenceUpdateRequest : undefined;
    });
    const steps = bySystem(done);
    expect(steps.callcentre.conflict).toBe(true);
    expect(steps.callcentre.receipt.fields.language.conflict).toBe(links.callcentre.length);
    expect(steps.marketing.conflict).toBe(true);
    expect(steps.marketing.receipt.fields['optIn:newsletter:email'].conflict).toBe(links.marketing.length);
    expect(steps.ecommerce.conflict).toBe(false);
    expect(done.conflicts).toBe(links.callcentre.length + links.marketing.length);
    const after = await held(links);
    expect(after.callcentre.every((c) => c.language === 'es')).toBe(true);
    expect(after.marketing.filter((row) => row.channel === 'EMAIL').every((row) => row.granted === !newsletter)).toBe(true);
    // Another customer cannot follow it.
    const stranger = await graph.query('query($id: ID!) { myPreferenceUpdateRequest(id: $id) { id } }', { id }, { as: { role: 'customer', subject: 'c9', customerId: pool[0].id } as never });
    expect(stranger.data.myPreferenceUpdateRequest).toBeNull();
  }, 90_000);
});

describe('faults', () => {
  it('completes when a legacy database that refused connections comes back, without a new request', async () => {
    const { id: customerId, links } = pool[2];
    const language = (await held(links)).callcentre[0].language.trim() === 'nl' ? 'pt' : 'nl';
    const admin = openDatabase({ name: 'admin', url: graph.databases.adminUrl, max: 1 });
    const callcentreName = new URL(graph.databases.urls.callcentre).pathname.slice(1);
    let id: string;
    await admin.query(`ALTER DATABASE ${callcentreName} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [callcentreName]);
    try {
      const asked = await update(customerId, { language, favouriteStore: await storeOtherThan([]) });
      expect(asked.errors).toBeUndefined();
      id = asked.data.updatePreferences.id;
      startWorker();
      const waiting = await until('the call centre step retried, the others done', async () => {
        const request = await preferenceRequest(id);
        const steps = bySystem(request);
        const others = request.steps.filter((step: { system: string }) => step.system !== 'callcentre');
        return steps.callcentre.attempts >= 3 && others.every((step: { status: string }) => step.status === 'DONE') ? request : undefined;
      });
      expect(waiting.status).toBe('RUNNING');
      expect(bySystem(waiting).callcentre.lastError).toBe('DatabaseError 55000');
    } finally {
      await admin.query(`ALTER DATABASE ${callcentreName} ALLOW_CONNECTIONS true`);
      await admin.close();
    }
    const done = await doneRequest(id!);
    expect(bySystem(done).callcentre.receipt).toMatchObject({ alreadyApplied: false, conflict: false });
    expect((await held(links)).callcentre.every((c) => c.language === language)).toBe(true);
  }, 90_000);

  describe('a worker killed with -9', () => {
    let child: KillableChild;

    beforeAll(() => {
      child = compileChild(path.join(__dirname, 'support', 'slowed-outbox-child.ts'));
    }, 180_000);

    afterAll(() => child?.remove());

    it('leaves the request to a new worker, which completes it with each system written once', async () => {
      const { id: customerId, links } = pool[3];
      const before = await held(links);
      const language = before.callcentre[0].language.trim() === 'sv' ? 'da' : 'sv';
      const newsletter = !before.ecommerce[0].newsletter;
      const sms = before.store[0]?.OPT_SMS !== 'O';
      // The child's compilation blocked this process long enough for the gateway to drop its idle keep-alive connection.
      await graph.query('{ __typename }').catch(() => undefined);
      const started = new Date();
      const asked = await update(customerId, {
        language,
        optIns: [{ purpose: 'NEWSLETTER', channel: 'EMAIL', granted: newsletter }, { purpose: 'OFFERS', channel: 'SMS', granted: sms }],
      });
      expect(asked.errors).toBeUndefined();
      const id: string = asked.data.updatePreferences.id;
      child.start({
        OUTBOX_KIND: 'preference_update',
        OUTBOX_URLS: JSON.stringify(graph.databases.urls),
        OUTBOX_LEASE_MS: '1500',
        OUTBOX_SLEEP_SECONDS: '30',
        OUTBOX_AFTER: 'store,marketing',
      });

      await until('every step running in the child, store and marketing written', async () => {
        child.checkAlive();
        const request = await preferenceRequest(id);
        const now = await held(links, started);
        const running = request.steps.every((step: { status: string }) => step.status === 'RUNNING');
        const storeWritten = now.store.every((card) => card.OPT_SMS === (sms ? 'O' : 'N'));
        const marketingWritten = now.marketing.length === links.marketing.length * 2 && now.marketing.every((row) => row.rows_since === 1 || row.granted === (row.channel === 'EMAIL' ? newsletter : sms));
        return running && storeWritten && marketingWritten ? true : undefined;
      });
      expect((await held(links)).callcentre.some((c) => c.language !== language)).toBe(true);

      expect(await child.kill()).toBe('SIGKILL');

      startWorker();
      const done = await doneRequest(id);
      const steps = bySystem(done);
      for (const system of ['store', 'marketing']) {
        // Written by the killed worker: the second run finds the value set and writes nothing.
        expect(steps[system]).toMatchObject({ status: 'DONE', attempts: 2, receipt: expect.objectContaining({ alreadyApplied: true, conflict: false }) });
      }
      for (const system of ['ecommerce', 'callcentre', 'customer']) {
        expect(steps[system]).toMatchObject({ status: 'DONE', attempts: 2, receipt: expect.objectContaining({ alreadyApplied: false, conflict: false }) });
      }
      const after = await held(links, started);
      expect(after.callcentre.every((c) => c.language === language)).toBe(true);
      expect(after.ecommerce.every((a) => a.newsletter === newsletter)).toBe(true);
      expect(after.store.every((card) => card.OPT_SMS === (sms ? 'O' : 'N'))).toBe(true);
      // Exactly once: at most one history row per contact and decision since the request (none where it was already so).
      for (const row of after.marketing) {
        expect(row.rows_since).toBeLessThanOrEqual(1);
        expect(row.granted).toBe(row.channel === 'EMAIL' ? newsletter : sms);
      }
    }, 120_000);
  });
});

describe('erasure', () => {
  it('deletes the customer’s preference statements', async () => {
    const { id: customerId } = pool[4];
    const asked = await update(customerId, { contactChannels: [{ task: 'SELL', channel: 'WEB' }], contactHours: { from: '09:00', to: '12:00' } });
    expect(asked.errors).toBeUndefined();
    startWorker();
    await doneRequest(asked.data.updatePreferences.id);
    const count = async () => (await dbs.customer.query<{ n: number }>('SELECT count(*)::int AS n FROM preference_statement WHERE customer_id = $1', [customerId]))[0].n;
    expect(await count()).toBe(2);
    const erasure = await graph.query('mutation($id: ID!) { requestErasure(customerId: $id, reason: "art17_prefs") { id } }', { id: customerId }, {
      as: { role: 'privacy_officer', subject: 'po-1' } as never,
    });
    expect(erasure.errors).toBeUndefined();
    const receipt = await until('erased in the hub', async () => {
      const [step] = await dbs.customer.query<{ status: string; receipt: any }>("SELECT status, receipt FROM outbox_step WHERE request_id = $1 AND system = 'customer'", [
        erasure.data.requestErasure.id,
      ]);
      return step?.status === 'done' ? step.receipt : undefined;
    }, 60_000);
    expect(receipt.tables.preference_statement).toEqual({ deleted: 2 });
    expect(await count()).toBe(0);
  }, 90_000);
});
