// Customer.suggestedChannel(task) (issue 15 item 4) through the gateway, on real PostgreSQL: each
// customer is made of legacy rows written here (a card and its receipts, a call-centre contact and
// its calls, a web account and its orders, marketing contacts and their consents), linked by a real
// identity resolution, journaled by the real feeds and staged by the channels' consent extractors;
// stated preferences are rows of preference_statement (updatePreferences writes them elsewhere).
// The rule itself, hours included, is unit-tested in subgraphs/customer/suggested-channel/suggest.test.ts.
import { randomUUID } from 'node:crypto';
import { registry } from '../subgraphs/channels';
import { stageConsent } from '../subgraphs/customer/consent/stage';
import { stagePreferences } from '../subgraphs/customer/preferences/stage';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../subgraphs/customer/journal/ingest';
import { Database } from '../subgraphs/kit/database';
import { statementsDuring } from './support/statements';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let hub: Database;
/** The phone-only customer's call-centre contact id (their callbacks are written on it). */
let phoneOnlyContact: string;
const ids: Record<'storeOnly' | 'phoneOnly' | 'webUser' | 'refusing' | 'refusedAll', string> = {} as never;

const tag = randomUUID().slice(0, 6).toUpperCase().replace(/[0-9]/g, 'Q');
const mobile = () => `079${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
const e164 = (phone: string) => `+33${phone.slice(1)}`;

/** A card number with a valid EAN-13 check digit. */
function cardNumber(): string {
  const body = `29${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

async function storeOnlyCustomer(): Promise<{ system: string; key: string }> {
  const store = graph.database('store');
  const card = cardNumber();
  await store.query(
    `INSERT INTO "CARTE_FIDELITE" ("NUM_CARTE", "CIVILITE", "NOM", "PRENOM", "TEL", "EMAIL", "ADR1", "CP", "VILLE", "DATE_NAIS",
       "DATE_CREATION", "MAG_CREATION", "STATUT", "OPT_SMS", "DATE_MAJ")
     VALUES ($1, 'MME', $2, 'Odette', '', NULL, '1 rue du Test', '75001', 'PARIS', '00000000', '20200101', 'P001', 'A', 'N', '20200101120000')`,
    [card, `STOREONLY${tag}`],
  );
  for (let i = 1; i <= 3; i += 1) {
    await store.query(
      `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
       VALUES ((SELECT coalesce(max("NUM_TICKET"), 0) + 1 FROM "TICKET"), 'P001', $1, '103000', 1, $2, 1250, 'ES', 'V')`,
      [`2026030${i}`, card],
    );
  }
  return { system: 'store', key: card };
}

async function phoneOnlyCustomer(): Promise<{ system: string; key: string }> {
  const callcentre = graph.database('callcentre');
  const phone = mobile();
  const [row] = await callcentre.query<{ id: number }>(
    `INSERT INTO contacts (phone, full_name, language, vip, created_epoch, updated_epoch)
     VALUES ($1, $2, 'fr', false, 1700000000, 1700000000) RETURNING contact_id AS id`,
    [phone, `PHONEONLY${tag} Gaston`],
  );
  for (const [code, at] of [['RECL', 1772000000], ['SUIVI', 1773000000]] as const) {
    await callcentre.query(
      `INSERT INTO calls (contact_id, ani, direction, queue, agent_id, start_epoch, duration_s, reason_code, outcome, notes)
       VALUES ($1, $2, 'I', 'SAV', 'A1', $3, 120, $4, 'RESOLU', '')`,
      [row.id, phone, at, code],
    );
  }
  return { system: 'callcentre', key: String(row.id) };
}

/** A web shopper with an e-mail and a phone, three orders; a marketing contact with the same e-mail and mobile, with `consents`. */
async function webCustomer(name: string, consents: [channel: string, purpose: string, granted: boolean][], orders = 3): Promise<{ system: string; key: string }> {
  const ecommerce = graph.database('ecommerce');
  const marketing = graph.database('marketing');
  const email = `${name.toLowerCase()}.${tag.toLowerCase()}@example.test`;
  const phone = mobile();
  const [account] = await ecommerce.query<{ id: number }>(
    `INSERT INTO customers (email, password_hash, first_name, last_name, phone, newsletter, created_at, updated_at)
     VALUES ($1, 'x', 'Web', $2, $3, false, '2024-01-01', '2024-01-01') RETURNING id`,
    [email, `${name}${tag}`, phone],
  );
  for (let i = 0; i < orders; i += 1) {
    await ecommerce.query(
      `INSERT INTO orders (reference, customer_id, status, total_amount, currency, placed_at, updated_at)
       VALUES ('CMD-8' || lpad((SELECT count(*) FROM orders)::text, 6, '0'), $1, 'delivered', 30.00, 'EUR', $2, $2)`,
      [account.id, `2026-0${i + 4}-10 10:00:00`],
    );
  }
  if (consents.length) {
    const contact = randomUUID();
    await marketing.query(
      `INSERT INTO mk_contact (contact_uuid, email, mobile_e164, first_name, last_name, source, created_at, updated_at)
       VALUES ($1, $2, $3, 'Web', $4, 'WEB', '2024-01-01', '2024-01-01')`,
      [contact, email, e164(phone), `${name}${tag}`],
    );
    for (const [channel, purpose, granted] of consents) {
      await marketing.query(
        `INSERT INTO mk_consent (contact_uuid, channel, purpose, granted, at, source) VALUES ($1, $2, $3, $4, '2025-01-01T10:00:00Z', 'WEB_FORM')`,
        [contact, channel, purpose, granted],
      );
    }
  }
  return { system: 'ecommerce', key: String(account.id) };
}

async function customerOf(record: { system: string; key: string }): Promise<string> {
  const [row] = await hub.query<{ id: string }>(
    'SELECT customer_id::text AS id FROM identity_link WHERE system = $1 AND local_key = $2 AND unlinked_at IS NULL',
    [record.system, record.key],
  );
  expect(row).toBeDefined();
  return row.id;
}

async function prefer(customerId: string, preference: string, scope: string, value: unknown): Promise<void> {
  await hub.query(
    `UPDATE preference_statement SET superseded_at = now() WHERE customer_id = $1 AND preference = $2 AND scope = $3 AND superseded_at IS NULL`,
    [customerId, preference, scope],
  );
  await hub.query(
    `INSERT INTO preference_statement (customer_id, preference, scope, value, stated_by) VALUES ($1, $2, $3, $4::jsonb, 'customer:test')`,
    [customerId, preference, scope, JSON.stringify(value)],
  );
}

beforeAll(async () => {
  graph = await startTestGraph();
  hub = graph.database('customer');
  const records = {
    storeOnly: await storeOnlyCustomer(),
    phoneOnly: await phoneOnlyCustomer().then((record) => ((phoneOnlyContact = record.key), record)),
    webUser: await webCustomer('Webuser', []),
    // Offers refused by e-mail, granted by SMS.
    refusing: await webCustomer('Refusing', [['EMAIL', 'OFFERS', false], ['SMS', 'OFFERS', true]]),
    // Offers refused on every medium: nothing is left for a promotion, not even in person.
    refusedAll: await webCustomer('Refusedall', ['EMAIL', 'SMS', 'POST', 'PHONE'].map((medium) => [medium, 'OFFERS', false] as [string, string, boolean]), 1),
  };
  await resolveIdentities(graph.databases.urls);
  await ingestTouchpoints(graph.databases.urls);
  await stageConsent(hub, registry().consentSources.map(({ system, extract }) => ({ system, db: graph.database(system), extract })));
  for (const [name, record] of Object.entries(records)) ids[name as keyof typeof ids] = await customerOf(record);
}, 300_000);

afterAll(async () => {
  await graph?.stop();
});

const SUGGEST = `query ($id: ID!, $task: TouchpointRole!) { customer(id: $id) { suggestedChannel(task: $task) {
  task channel basis reason when { opensAt closesAt hours } considered { channel verdict why uses usesForTask lastUsedAt }
} } }`;

async function suggest(customerId: string, task: string) {
  const answer = await graph.query(SUGGEST, { id: customerId, task }, { as: { role: 'agent', subject: 'suggest-e2e' } });
  expect(answer.errors).toBeUndefined();
  const s = answer.data.customer.suggestedChannel;
  return { ...s, of: (channel: string) => s.considered.find((c: { channel: string }) => c.channel === channel) };
}

it('gives a store-only customer the store, with its opening hours, not a link or a call', async () => {
  const s = await suggest(ids.storeOnly, 'AFTER_SALES');
  expect(s).toMatchObject({ task: 'AFTER_SALES', channel: 'STORE', basis: 'HABIT' });
  expect(s.of('STORE')).toMatchObject({ verdict: 'SUGGESTED', uses: 3, usesForTask: 0 });
  expect(s.of('WEB')).toMatchObject({ verdict: 'EXCLUDED', why: 'no e-mail of theirs is known' });
  expect(s.of('CALL_CENTRE')).toMatchObject({ verdict: 'EXCLUDED', why: 'no phone of theirs is known (phone)' });
  expect(s.of('MARKETING')).toMatchObject({ verdict: 'EXCLUDED', why: 'it is not a channel for after-sales' });
  expect(s.when.hours).toBe('Mon–Sat 09:00–19:30 (Paris time)');
  expect(new Date(s.when.closesAt).getTime()).toBeGreaterThan(Date.now());
  expect(s.reason).toMatch(/^Suggested for after-sales: the store \(the customer is served in person when they come to a store\), because it is the channel they use most \(3 touchpoints, last on 2026-03-03; none yet for after-sales\)\. When: .*Considered: the store — suggested; the web shop — excluded: no e-mail of theirs is known; the call centre — excluded: no phone of theirs is known \(phone\); a marketing message — excluded: it is not a channel for after-sales\.$/);
});

it('gives a phone-only customer the phone, in the call centre’s hours and their contact hours', async () => {
  const s = await suggest(ids.phoneOnly, 'AFTER_SALES');
  expect(s).toMatchObject({ channel: 'CALL_CENTRE', basis: 'HABIT' });
  expect(s.of('CALL_CENTRE')).toMatchObject({ uses: 2, usesForTask: 2 });
  expect(s.of('WEB').verdict).toBe('EXCLUDED');
  expect(s.of('STORE')).toMatchObject({ verdict: 'POSSIBLE', why: 'possible: never used yet' });
  expect(s.reason).toContain('because it is the channel they use most for after-sales (2 of their 2 touchpoints there');
  expect(s.when.hours).toBe('Mon–Fri 09:00–18:00 (Paris time)');

  await prefer(ids.phoneOnly, 'contactHours', '', { from: '17:00', to: '20:00' });
  const within = await suggest(ids.phoneOnly, 'AFTER_SALES');
  expect(within.when.hours).toBe('Mon–Fri 09:00–18:00, within the customer’s contact hours 17:00–20:00 (Paris time)');
  const closes = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(within.when.closesAt));
  expect(closes).toBe('18:00');
  await prefer(ids.phoneOnly, 'contactHours', '', { from: '18:30', to: '20:00' });
  const late = await suggest(ids.phoneOnly, 'AFTER_SALES');
  expect(late.channel).toBe('STORE');
  expect(late.of('CALL_CENTRE')).toMatchObject({ verdict: 'EXCLUDED', why: 'their contact hours (18:30–20:00) never meet its hours (Mon–Fri 09:00–18:00, Paris time)' });
});

it('takes their latest call-centre callback window as their contact hours, until they state others', async () => {
  await hub.query(`UPDATE preference_statement SET superseded_at = now() WHERE customer_id = $1 AND preference = 'contactHours' AND superseded_at IS NULL`, [ids.phoneOnly]);
  const callcentre = graph.database('callcentre');
  // Asked an hour ago to be called between 19:00 and 20:30: hours the call centre never opens.
  await callcentre.query(
    `INSERT INTO callbacks (contact_id, requested_epoch, window_start, window_end, done) VALUES ($1, extract(epoch FROM now())::bigint - 3600, '19:00', '20:30', false)`,
    [Number(phoneOnlyContact)],
  );
  await stagePreferences(hub, registry().preferenceSources.map(({ system, read }) => ({ system, db: graph.database(system), read })));
  const evening = await suggest(ids.phoneOnly, 'AFTER_SALES');
  expect(evening.channel).toBe('STORE');
  expect(evening.of('CALL_CENTRE')).toMatchObject({ verdict: 'EXCLUDED', why: 'their contact hours (19:00–20:30) never meet its hours (Mon–Fri 09:00–18:00, Paris time)' });
  // A statement made since, through the graph, is the most recent: it wins.
  await prefer(ids.phoneOnly, 'contactHours', '', { from: '17:00', to: '20:00' });
  const stated = await suggest(ids.phoneOnly, 'AFTER_SALES');
  expect(stated.channel).toBe('CALL_CENTRE');
  expect(stated.when.hours).toBe('Mon–Fri 09:00–18:00, within the customer’s contact hours 17:00–20:00 (Paris time)');
});

it('follows the stated preference before the habit', async () => {
  const habit = await suggest(ids.webUser, 'AFTER_SALES');
  expect(habit).toMatchObject({ channel: 'WEB', basis: 'HABIT', when: null });
  expect(habit.of('WEB')).toMatchObject({ uses: 3 });

  await prefer(ids.webUser, 'contactChannel', 'AFTER_SALES', 'CALL_CENTRE');
  const stated = await suggest(ids.webUser, 'AFTER_SALES');
  expect(stated).toMatchObject({ channel: 'CALL_CENTRE', basis: 'STATED_PREFERENCE' });
  expect(stated.reason).toMatch(/^Suggested for after-sales: the call centre \(an agent calls the customer\), because the customer said they prefer it for after-sales \(stated on \d{4}-\d{2}-\d{2}\)\./);
  expect(stated.of('WEB')).toMatchObject({ verdict: 'POSSIBLE' });
  // A preference for another task leaves this one to the habit.
  expect((await suggest(ids.webUser, 'INFORMATION')).channel).toBe('WEB');
});

it('never suggests a refused channel, even one the customer prefers, and says so', async () => {
  await prefer(ids.refusing, 'contactChannel', 'PROMOTION', 'WEB');
  const s = await suggest(ids.refusing, 'PROMOTION');
  expect(s.channel).not.toBe('WEB');
  expect(s.of('WEB')).toMatchObject({ verdict: 'EXCLUDED', why: 'they refused offers by e-mail' });
  expect(s.reason).toMatch(/^They said they prefer the web shop for a promotion \(stated on [\d-]+\), but they refused offers by e-mail\. Suggested for a promotion: /);
  // Offers by SMS are granted and a mobile is known: a campaign message may carry the promotion.
  expect(s.of('MARKETING').verdict).not.toBe('EXCLUDED');
  expect(s.of('MARKETING').why).toMatch(/^(possible|suggested) by SMS/);
  expect(s.of('CALL_CENTRE')).toMatchObject({ verdict: 'EXCLUDED', why: 'they were never asked about offers by phone (consent is never assumed)' });
  // The same channel stays fine for a service task: the refusal is of offers.
  expect((await suggest(ids.refusing, 'AFTER_SALES')).channel).toBe('WEB');
});

it('gives no channel, and says why, when every channel is refused', async () => {
  const s = await suggest(ids.refusedAll, 'PROMOTION');
  expect(s).toMatchObject({ channel: null, basis: null, when: null });
  expect(s.considered.every((c: { verdict: string }) => c.verdict === 'EXCLUDED')).toBe(true);
  expect(s.reason).toMatch(/^No channel can be suggested for a promotion: every channel is excluded\. Considered: the store — excluded: they refused offers on every medium, so/);
});

it('suggests nothing for a customer no legacy record is linked to any more', async () => {
  const [{ id }] = await hub.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
  const s = await suggest(id, 'INFORMATION');
  expect(s).toMatchObject({ channel: null, basis: null, when: null });
  expect(s.reason).toContain('no legacy record is linked to this customer (erased or merged away): there is nobody to contact');
});

it('serves the customer themself, agents and the privacy officer; refuses marketing and analysts', async () => {
  const mine = await graph.query(`{ me { suggestedChannel(task: SELL) { channel reason } } }`, {}, { as: { role: 'customer', subject: 'c', customerId: ids.storeOnly } });
  expect(mine.errors).toBeUndefined();
  expect(mine.data.me.suggestedChannel.channel).toBe('STORE');
  for (const role of ['marketing', 'analyst'] as const) {
    const answer = await graph.query(SUGGEST, { id: ids.storeOnly, task: 'PROMOTION' }, { as: { role, subject: 'x' } });
    const refused = (answer.errors ?? []).find((e) => e.extensions?.code === 'FORBIDDEN');
    expect(refused).toBeDefined();
    expect(answer.data?.customer?.suggestedChannel ?? null).toBeNull();
  }
});

it('costs the same hub statements for 50 customers as for 5', async () => {
  const query = `query ($first: Int!) { customers(first: $first) { nodes { id suggestedChannel(task: AFTER_SALES) { channel basis considered { verdict } } } } }`;
  const countFor = (first: number) =>
    statementsDuring(
      async () => {
        const answer = await graph.query(query, { first });
        expect(answer.errors).toBeUndefined();
        expect(answer.data.customers.nodes).toHaveLength(first);
      },
      // The access log is written off the read path by a batching writer: not part of the read.
      (database, text) => database === 'customer' && !/access_log/.test(text),
    );
  const five = await countFor(5);
  const fifty = await countFor(50);
  console.log(`hub statements for suggestedChannel: 5 customers → ${five}, 50 customers → ${fifty}`);
  expect(five).toBeGreaterThan(0);
  expect(fifty).toBe(five);
});
