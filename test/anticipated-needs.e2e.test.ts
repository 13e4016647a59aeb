// Customer.anticipatedNeeds (issue 15 item 3), through the gateway on real PostgreSQL: every kind
// from legacy rows written the way each system writes them, with rows beside them that must NOT
// raise it; who may see which kind (a saved card is payment data, replenishment needs profiling
// consent but for the customer themself); and the cost of a list of customers (a constant number
// of statements per subgraph). "Now" is fixed (kit/clock.ts): nothing depends on the day it runs.
import { randomUUID } from 'node:crypto';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { setClock } from '../subgraphs/kit/clock';
import { Database, watchStatements } from '../subgraphs/kit/database';
import { stageTestConsent } from './support/consent';
import { AsWhom, startTestGraph, TestGraph } from './support/test-graph';

/** Monday 15 June 2026, 12:00 in Paris. */
const NOW = '2026-06-15T10:00:00.000Z';

let graph: TestGraph;
let hub: Database;
let store: Database;
let ecommerce: Database;
let callcentre: Database;
let marketing: Database;

beforeAll(async () => {
  graph = await startTestGraph();
  hub = graph.database('customer');
  store = graph.database('store');
  ecommerce = graph.database('ecommerce');
  callcentre = graph.database('callcentre');
  marketing = graph.database('marketing');
  setClock(NOW);
});

afterAll(async () => {
  setClock(null);
  await graph?.stop();
});

// --- legacy rows, as each system writes them ---------------------------------------------------

const PID = String(process.pid % 1000).padStart(3, '0');
let sequence = 0;
const next = (): number => ++sequence;
const epoch = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

async function card(status: 'A' | 'R' = 'A'): Promise<string> {
  const number = `97${PID}${String(next()).padStart(8, '0')}`;
  await store.query(
    `INSERT INTO "CARTE_FIDELITE" ("NUM_CARTE", "CIVILITE", "NOM", "PRENOM", "TEL", "ADR1", "CP", "VILLE", "DATE_NAIS",
       "DATE_CREATION", "MAG_CREATION", "STATUT", "OPT_SMS", "DATE_MAJ")
     VALUES ($1, 'M', 'TEST', 'Needs', '', '', '75001', 'PARIS', '00000000', '20200101', 'P001', $2, 'N', '20200101000000')`,
    [number, status],
  );
  return number;
}

async function movement(cardNumber: string, date: string, points: number, motive: string, expires: string | null): Promise<string> {
  const [{ id }] = await store.query<{ id: string }>(
    `INSERT INTO "MOUVEMENT_POINTS" ("NUM_CARTE", "DATE_MVT", "POINTS", "MOTIF", "DATE_EXPIRATION") VALUES ($1, $2, $3, $4, $5) RETURNING "ID_MVT"::text AS id`,
    [cardNumber, date, points, motive, expires],
  );
  return id;
}

async function receipt(cardNumber: string, day: string, lines: { ean: string; label: string; quantity: number }[], type: 'V' | 'R' = 'V'): Promise<string> {
  const id = String(8_000_000_000 + Number(PID) * 100_000 + next());
  await store.query(
    `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
     VALUES ($1, 'P001', $2, '101500', 1, $3, 990, 'CB', $4)`,
    [id, day, cardNumber, type],
  );
  for (const [n, line] of lines.entries()) {
    await store.query(
      `INSERT INTO "LIGNE_TICKET" ("NUM_TICKET", "NUM_LIGNE", "EAN", "LIBELLE_ART", "QTE", "PU_TTC_CTS") VALUES ($1, $2, $3, $4, $5, 330)`,
      [id, n + 1, line.ean, line.label, line.quantity],
    );
  }
  return id;
}

async function webAccount(deleted = false): Promise<string> {
  const [{ id }] = await ecommerce.query<{ id: string }>(
    `INSERT INTO customers (email, password_hash, first_name, last_name, newsletter, created_at, updated_at, deleted_at)
     VALUES ($1, 'x', 'Test', 'Needs', false, '2020-01-01', '2020-01-01', $2) RETURNING id::text AS id`,
    [`needs-${randomUUID().slice(0, 8)}@example.test`, deleted ? '2026-01-01' : null],
  );
  return id;
}

async function paymentMethod(account: string, brand: string, month: number, year: number): Promise<string> {
  const [{ id }] = await ecommerce.query<{ id: string }>(
    `INSERT INTO payment_methods (customer_id, brand, last4, exp_month, exp_year, created_at) VALUES ($1, $2, '4242', $3, $4, '2024-01-01') RETURNING id::text AS id`,
    [account, brand, month, year],
  );
  return id;
}

async function cart(account: string, updatedAt: string, articles: number, ordered = false): Promise<string> {
  const [{ id }] = await ecommerce.query<{ id: string }>(
    `INSERT INTO carts (customer_id, created_at, updated_at, converted_order_id) VALUES ($1, $2, $2, $3) RETURNING id::text AS id`,
    [account, updatedAt, ordered ? 1 : null],
  );
  for (let n = 0; n < articles; n += 1) {
    await ecommerce.query(`INSERT INTO cart_items (cart_id, sku, ean, name, quantity, unit_price) VALUES ($1, $2, '3000000000001', 'Thé vert', 1, 4.95)`, [id, `SKU${n}`]);
  }
  return id;
}

async function order(account: string, placedAt: string, status: string, items: { ean: string; name: string; quantity: number }[]): Promise<string> {
  const reference = `CMD-9${PID}${String(next()).padStart(3, '0')}`;
  const [{ id }] = await ecommerce.query<{ id: string }>(
    `INSERT INTO orders (reference, customer_id, status, total_amount, currency, placed_at, updated_at) VALUES ($1, $2, $3, 9.90, 'EUR', $4, $4) RETURNING id::text AS id`,
    [reference, account, status, placedAt],
  );
  for (const item of items) {
    await ecommerce.query(`INSERT INTO order_items (order_id, sku, ean, name, quantity, unit_price) VALUES ($1, 'SKU', $2, $3, $4, 3.30)`, [
      id,
      item.ean,
      item.name,
      item.quantity,
    ]);
  }
  return reference;
}

async function contact(): Promise<string> {
  const [{ id }] = await callcentre.query<{ id: string }>(
    `INSERT INTO contacts (phone, full_name, language, vip, created_epoch, updated_epoch) VALUES ('0600000000', 'NEEDS Test', 'fr', false, 1577836800, 1577836800) RETURNING contact_id::text AS id`,
  );
  return id;
}

async function ticket(contactId: string, t: { opened: string; status?: string; closed?: string; priority?: number; category?: string; events?: string[] }): Promise<string> {
  const [{ id }] = await callcentre.query<{ id: string }>(
    `INSERT INTO tickets (contact_id, opened_epoch, closed_epoch, status, category, subject, priority) VALUES ($1, $2, $3, $4, $5, 'Colis', $6) RETURNING ticket_id::text AS id`,
    [contactId, epoch(t.opened), t.closed ? epoch(t.closed) : null, t.status ?? 'OUVERT', t.category ?? 'RECLAMATION', t.priority ?? 2],
  );
  for (const at of t.events ?? []) {
    await callcentre.query(`INSERT INTO ticket_events (ticket_id, at_epoch, kind, author, body) VALUES ($1, $2, 'NOTE', 'A01', 'suivi')`, [id, epoch(at)]);
  }
  return id;
}

async function callback(contactId: string, requested: string, from: string, to: string, done = false): Promise<string> {
  const [{ id }] = await callcentre.query<{ id: string }>(
    `INSERT INTO callbacks (contact_id, requested_epoch, window_start, window_end, done) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
    [contactId, epoch(requested), from, to, done],
  );
  return id;
}

async function call(contactId: string, at: string, direction: 'I' | 'O'): Promise<void> {
  await callcentre.query(
    `INSERT INTO calls (contact_id, ani, direction, queue, agent_id, start_epoch, duration_s, reason_code, outcome, notes)
     VALUES ($1, '0600000000', $2, 'SAV', 'A01', $3, 60, 'INFO', 'RESOLU', '')`,
    [contactId, direction, epoch(at)],
  );
}

async function marketingContact(): Promise<string> {
  const id = randomUUID();
  await marketing.query(`INSERT INTO mk_contact (contact_uuid, source, created_at, updated_at) VALUES ($1, 'WEB', '2020-01-01', '2020-01-01')`, [id]);
  return id;
}

async function consent(contactId: string, channel: string, purpose: string, granted: boolean, at: string): Promise<string> {
  const [{ id }] = await marketing.query<{ id: string }>(
    `INSERT INTO mk_consent (contact_uuid, channel, purpose, granted, at, source) VALUES ($1, $2, $3, $4, $5, 'WEB_FORM') RETURNING id::text AS id`,
    [contactId, channel, purpose, granted, at],
  );
  return id;
}

const stage = () => stageTestConsent(graph);

async function customerOf(records: { system: string; key: string }[]): Promise<string> {
  const [{ id }] = await hub.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
  await hub.query(
    `INSERT INTO identity_link (customer_id, system, local_key, rule, linked_at)
     SELECT $1, s, k, 'test', '2020-01-01T00:00:00Z' FROM unnest($2::text[], $3::text[]) AS t(s, k)`,
    [id, records.map((r) => r.system), records.map((r) => r.key)],
  );
  return id;
}

// --- reading ----------------------------------------------------------------------------------

const NEED = 'id kind dueAt overdue reason suggestedAction evidence { system recordType key at record { __typename } }';

interface Need {
  id: string;
  kind: string;
  dueAt: string;
  overdue: boolean;
  reason: string;
  suggestedAction: string;
  evidence: { system: string; recordType: string; key: string; at: string | null; record: { __typename: string } | null }[];
}

async function needsOf(id: string, who: AsWhom = {}): Promise<Need[]> {
  const answer = await graph.query(`query ($id: ID!) { customer(id: $id) { anticipatedNeeds { ${NEED} } } }`, { id }, who);
  expect(answer.errors).toBeUndefined();
  return answer.data.customer.anticipatedNeeds;
}

const AGENT: AsWhom = { as: { role: 'agent', subject: 'needs-e2e' } };
const ofKind = (needs: Need[], kind: string) => needs.filter((need) => need.kind === kind);

// --- each kind --------------------------------------------------------------------------------

it('loyalty points expiring within 30 days: what is left of them after spends, on active cards only', async () => {
  const a = await card();
  const earned = await movement(a, '20250620', 100, 'ACHAT', '20260625');
  await movement(a, '20251201', 50, 'ACHAT', '20261201'); // expires later than 30 days
  await movement(a, '20260101', -30, 'ACHAT', null); // spends use up the earliest-expiring points first
  const spent = await card();
  await movement(spent, '20250701', 100, 'ACHAT', '20260701');
  await movement(spent, '20260201', -100, 'ACHAT', null); // nothing left to expire
  const closed = await card('R');
  await movement(closed, '20250601', 80, 'ACHAT', '20260620'); // closed card
  const outside = await card();
  await movement(outside, '20250601', 40, 'ACHAT', '20260610'); // date passed
  await movement(outside, '20250801', 40, 'ACHAT', '20260801'); // beyond 30 days
  const id = await customerOf([a, spent, closed, outside].map((key) => ({ system: 'store', key })));

  const needs = await needsOf(id);
  expect(needs.map((need) => need.kind)).toEqual(['LOYALTY_POINTS_EXPIRING']);
  const [need] = needs;
  expect(need.dueAt).toBe('2026-06-24T22:00:00.000Z'); // 25 June, midnight in Paris
  expect(need.overdue).toBe(false);
  expect(need.reason).toBe(`70 loyalty points on the card ending ${a.slice(-4)} expire on 2026-06-25.`);
  expect(need.evidence.map((e) => [e.system, e.recordType, e.key])).toEqual([
    ['STORE', 'LoyaltyAccount', a],
    ['STORE', 'LoyaltyMovement', earned],
  ]);
  expect(need.evidence[1].record).toEqual({ __typename: 'LoyaltyMovement' });
});

it('payment card expiring: within 60 days, or ended within 30, unless another saved card outlasts it; payment data, so not for agents', async () => {
  const soon = await webAccount();
  const soonCard = await paymentMethod(soon, 'VISA', 7, 2026); // valid until the end of July 2026
  const replaced = await webAccount();
  await paymentMethod(replaced, 'VISA', 7, 2026);
  await paymentMethod(replaced, 'MC', 12, 2028); // a newer card: nothing to do
  const longAgo = await webAccount();
  await paymentMethod(longAgo, 'MC', 4, 2026); // ended on 1 May: 45 days ago, stale
  const later = await webAccount();
  await paymentMethod(later, 'AMEX', 12, 2027);
  const ended = await webAccount();
  const endedCard = await paymentMethod(ended, 'VISA', 5, 2026); // ended on 1 June

  const cases: string[] = [];
  for (const key of [soon, replaced, longAgo, later, ended]) cases.push(await customerOf([{ system: 'ecommerce', key }]));
  const found: Need[][] = [];
  // One at a time: the gateway limits the requests a client runs at once.
  for (const id of cases) found.push(await needsOf(id));
  const [soonNeeds, replacedNeeds, longAgoNeeds, laterNeeds, endedNeeds] = found;
  expect(soonNeeds).toHaveLength(1);
  expect(soonNeeds[0]).toMatchObject({ kind: 'PAYMENT_CARD_EXPIRING', dueAt: '2026-08-01T00:00:00.000Z', overdue: false });
  expect(soonNeeds[0].reason).toBe('The VISA card saved on the web shop is valid until 07/2026, and no other saved card works longer.');
  expect(soonNeeds[0].reason).not.toContain('4242'); // no more than needed: no card digits
  expect(soonNeeds[0].evidence).toEqual([{ system: 'ECOMMERCE', recordType: 'PaymentMethod', key: soonCard, at: null, record: null }]);
  expect(replacedNeeds).toEqual([]);
  expect(longAgoNeeds).toEqual([]);
  expect(laterNeeds).toEqual([]);
  expect(endedNeeds.map((need) => [need.kind, need.overdue, need.evidence[0].key])).toEqual([['PAYMENT_CARD_EXPIRING', true, endedCard]]);

  // A saved card is payment data: an agent is not told; the customer is, in their own space.
  expect(await needsOf(cases[0], AGENT)).toEqual([]);
  const me = await graph.query(`{ me { anticipatedNeeds { kind } } }`, {}, { as: { role: 'customer', subject: 'needs-e2e', customerId: cases[0] } });
  expect(me.errors).toBeUndefined();
  expect(me.data.me.anticipatedNeeds).toEqual([{ kind: 'PAYMENT_CARD_EXPIRING' }]);
});

it('abandoned cart: never ordered, with articles, untouched for more than 3 days and at most 30, on a live account', async () => {
  const live = await webAccount();
  const abandoned = await cart(live, '2026-06-10 08:00:00', 2);
  await cart(live, '2026-06-14 08:00:00', 1); // touched yesterday: not abandoned yet
  await cart(live, '2026-06-05 08:00:00', 1, true); // ordered
  await cart(live, '2026-04-01 08:00:00', 1); // stale
  await cart(live, '2026-06-09 08:00:00', 0); // empty
  const deleted = await webAccount(true);
  await cart(deleted, '2026-06-10 08:00:00', 1); // a deleted account's cart cannot be resumed
  const id = await customerOf([live, deleted].map((key) => ({ system: 'ecommerce', key })));

  const needs = await needsOf(id, AGENT);
  expect(needs.map((need) => [need.kind, need.dueAt, need.overdue])).toEqual([['ABANDONED_CART', '2026-06-13T08:00:00.000Z', true]]);
  expect(needs[0].reason).toBe('A web cart of 2 articles (9.90 EUR), last changed on 2026-06-10, was never ordered.');
  expect(needs[0].evidence.map((e) => [e.system, e.recordType, e.key, e.record?.__typename])).toEqual([['ECOMMERCE', 'Cart', abandoned, 'Cart']]);
});

it('ticket without follow-up: open with no step for 7 days (2 at high priority); closed or recently followed tickets are not', async () => {
  const c = await contact();
  const stale = await ticket(c, { opened: '2026-06-01T09:00:00Z', events: ['2026-06-03T09:00:00Z'] });
  await ticket(c, { opened: '2026-06-01T09:00:00Z', events: ['2026-06-12T09:00:00Z'] }); // followed up 3 days ago
  await ticket(c, { opened: '2026-05-01T09:00:00Z', status: 'CLOS', closed: '2026-05-02T09:00:00Z' });
  const urgent = await ticket(c, { opened: '2026-06-12T09:00:00Z', priority: 1, category: 'LITIGE' });
  await ticket(c, { opened: '2026-06-12T09:00:00Z', priority: 2, category: 'SAV' }); // 3 days: within its 7
  const id = await customerOf([{ system: 'callcentre', key: c }]);

  const needs = await needsOf(id, AGENT);
  expect(needs.map((need) => [need.kind, need.evidence[0].key, need.dueAt])).toEqual([
    ['TICKET_WITHOUT_FOLLOW_UP', stale, '2026-06-10T09:00:00.000Z'],
    ['TICKET_WITHOUT_FOLLOW_UP', urgent, '2026-06-14T09:00:00.000Z'],
  ]);
  expect(needs[0].reason).toBe('A complaint ticket opened on 2026-06-01 is still open with no follow-up since 2026-06-03.');
  expect(needs[1].reason).toBe('A dispute ticket of high priority opened on 2026-06-12 is still open with no follow-up since 2026-06-12.');
  expect(needs.every((need) => need.overdue && need.evidence[0].record?.__typename === 'Ticket')).toBe(true);
});

it('callback not made: its window passed, not done, no outbound call since, requested within 30 days', async () => {
  const c = await contact();
  const missed = await callback(c, '2026-06-12T07:00:00Z', '14:00', '16:00'); // 09:00 in Paris: owed by 16:00 that day
  await callback(c, '2026-06-12T07:00:00Z', '14:00', '16:00', true); // done
  await callback(c, '2026-06-15T07:00:00Z', '14:00', '16:00'); // today, window still ahead
  await callback(c, '2026-05-01T07:00:00Z', '14:00', '16:00'); // too old
  const evening = await callback(c, '2026-06-13T17:00:00Z', '09:00', '11:00'); // 19:00 in Paris: owed by 11:00 the next day
  const other = await contact();
  await callback(other, '2026-06-12T07:00:00Z', '14:00', '16:00');
  await call(other, '2026-06-12T12:30:00Z', 'O'); // called back, flag forgotten
  const id = await customerOf([{ system: 'callcentre', key: c }]);
  const calledBack = await customerOf([{ system: 'callcentre', key: other }]);

  const needs = await needsOf(id, AGENT);
  expect(needs.map((need) => [need.kind, need.evidence[0].key, need.dueAt])).toEqual([
    ['CALLBACK_NOT_MADE', missed, '2026-06-12T14:00:00.000Z'],
    ['CALLBACK_NOT_MADE', evening, '2026-06-14T09:00:00.000Z'],
  ]);
  expect(needs[0].reason).toBe('A callback requested on 2026-06-12 for 14:00–16:00 was not made.');
  expect(needs[0].evidence[0]).toMatchObject({ system: 'CALLCENTRE', recordType: 'CallbackWindow', record: { __typename: 'CallbackWindow' } });
  expect(await needsOf(calledBack, AGENT)).toEqual([]);
});

/** One customer buying the same tea every two weeks, in store and on the web, and other articles that are not due. */
async function regularShopper(profiling: boolean | null): Promise<{ id: string; evidence: string[] }> {
  const TEA = '3017620422003';
  const tea = { ean: TEA, label: 'THE VERT BIO 100G', quantity: 1 };
  const c = await card();
  const account = await webAccount();
  const storeDay1 = await receipt(c, '20260420', [tea, { ean: '3000000000002', label: 'PAIN', quantity: 1 }]);
  void storeDay1;
  const webDay1 = await order(account, '2026-05-04 09:00:00', 'delivered', [{ ean: TEA, name: 'Thé vert bio 100 g', quantity: 2 }]);
  const storeDay2 = await receipt(c, '20260518', [tea]);
  const webDay2 = await order(account, '2026-06-01 09:00:00', 'paid', [{ ean: TEA, name: 'Thé vert bio 100 g', quantity: 1 }]);
  // Bought twice only.
  await receipt(c, '20260501', [{ ean: '3000000000003', label: 'CAFE', quantity: 1 }]);
  await receipt(c, '20260601', [{ ean: '3000000000003', label: 'CAFE', quantity: 1 }]);
  // Regular, but months ago: the habit stopped.
  for (const day of ['20260101', '20260115', '20260129']) await receipt(c, day, [{ ean: '3000000000004', label: 'RIZ', quantity: 1 }]);
  // Every day: no replenishment to anticipate.
  for (const day of ['20260612', '20260613', '20260614']) await receipt(c, day, [{ ean: '3000000000005', label: 'JOURNAL', quantity: 1 }]);
  // Cancelled orders are no purchases; returns neither.
  for (const at of ['2026-05-01 09:00:00', '2026-05-15 09:00:00', '2026-05-29 09:00:00']) {
    await order(account, at, 'cancelled', [{ ean: '3000000000006', name: 'Savon', quantity: 1 }]);
  }
  for (const day of ['20260503', '20260517', '20260531']) await receipt(c, day, [{ ean: '3000000000007', label: 'LAIT', quantity: 1 }], 'R');
  const records = [{ system: 'store', key: c }, { system: 'ecommerce', key: account }];
  if (profiling !== null) {
    const m = await marketingContact();
    await consent(m, 'EMAIL', 'PROFILING', profiling, '2025-01-01T10:00:00Z');
    records.push({ system: 'marketing', key: m });
  }
  const id = await customerOf(records);
  return { id, evidence: [webDay2, storeDay2, webDay1] };
}

it('replenishment: an article bought regularly across store and web is due on the last purchase plus its usual interval', async () => {
  const { id, evidence } = await regularShopper(true);
  await stage();
  const needs = ofKind(await needsOf(id, AGENT), 'REPLENISHMENT_DUE');
  expect(needs).toHaveLength(1);
  const [need] = needs;
  expect(need.id).toBe('REPLENISHMENT_DUE:ean:3017620422003');
  expect(need.dueAt).toBe('2026-06-14T22:00:00.000Z'); // 1 June + 14 days, midnight in Paris
  expect(need.reason).toBe(
    // The label of the latest purchase (the web shop's).
    'Thé vert bio 100 g (EAN 3017620422003) was bought on 4 days in the last 12 months (in store and on the web), about every 14 days; ' +
      'last on 2026-06-01, so due around 2026-06-15.',
  );
  // The last three purchases, newest first, each resolvable by its owner.
  expect(need.evidence.map((e) => [e.system, e.recordType, e.key, e.record?.__typename])).toEqual([
    ['ECOMMERCE', 'Order', evidence[0], 'Order'],
    ['STORE', 'Receipt', evidence[1], 'Receipt'],
    ['ECOMMERCE', 'Order', evidence[2], 'Order'],
  ]);
});

it('replenishment is profiling: without profiling consent an agent is not told, the customer themself and the privacy officer are', async () => {
  for (const profiling of [false, null]) {
    const { id } = await regularShopper(profiling);
    await stage();
    expect(ofKind(await needsOf(id, AGENT), 'REPLENISHMENT_DUE')).toEqual([]);
    expect(ofKind(await needsOf(id), 'REPLENISHMENT_DUE')).toHaveLength(1); // the privacy officer
    const me = await graph.query(`{ me { anticipatedNeeds { kind } } }`, {}, { as: { role: 'customer', subject: 'needs-e2e', customerId: id } });
    expect(me.errors).toBeUndefined();
    expect(me.data.me.anticipatedNeeds.map((need: { kind: string }) => need.kind)).toContain('REPLENISHMENT_DUE');
  }
});

it('consent about to lapse: grants given 36 months ago or reaching it within 60 days, one need per purpose; refusals never lapse', async () => {
  const m = await marketingContact();
  const email = await consent(m, 'EMAIL', 'OFFERS', true, '2023-07-01T10:00:00Z'); // lapses 1 July 2026: within 60 days
  const sms = await consent(m, 'SMS', 'OFFERS', true, '2023-05-01T10:00:00Z'); // lapsed 1 May 2026
  await consent(m, 'EMAIL', 'NEWSLETTER', true, '2024-01-01T10:00:00Z'); // lapses in 2027
  await consent(m, 'SMS', 'PARTNERS', false, '2020-01-01T10:00:00Z'); // a refusal
  await consent(m, 'POST', 'OFFERS', true, '2020-01-01T10:00:00Z');
  await consent(m, 'POST', 'OFFERS', false, '2022-01-01T10:00:00Z'); // withdrawn: no grant in force
  const id = await customerOf([{ system: 'marketing', key: m }]);
  await stage();

  const needs = await needsOf(id, AGENT);
  expect(needs.map((need) => [need.kind, need.id, need.dueAt, need.overdue])).toEqual([
    ['CONSENT_LAPSING', 'CONSENT_LAPSING:consent:offers', '2026-05-01T10:00:00.000Z', true],
  ]);
  expect(needs[0].reason).toBe('Consent to offers by SMS, e-mail was given on 2023-05-01 and lapsed on 2026-05-01 (36 months).');
  expect(needs[0].evidence.map((e) => [e.system, e.recordType, e.key, e.at])).toEqual([
    ['MARKETING', 'ConsentDecision', sms, '2023-05-01T10:00:00.000Z'],
    ['MARKETING', 'ConsentDecision', email, '2023-07-01T10:00:00.000Z'],
  ]);
});

it('orders every need by due date across channels and the hub, and refuses the whole list to roles without activity', async () => {
  const c = await contact();
  await ticket(c, { opened: '2026-06-01T09:00:00Z' }); // due 8 June
  const a = await card();
  await movement(a, '20250620', 10, 'ACHAT', '20260620'); // due 20 June
  const account = await webAccount();
  await cart(account, '2026-06-10 08:00:00', 1); // due 13 June
  const id = await customerOf([{ system: 'callcentre', key: c }, { system: 'store', key: a }, { system: 'ecommerce', key: account }]);
  expect((await needsOf(id, AGENT)).map((need) => need.kind)).toEqual(['TICKET_WITHOUT_FOLLOW_UP', 'ABANDONED_CART', 'LOYALTY_POINTS_EXPIRING']);

  for (const role of ['marketing', 'analyst'] as const) {
    const answer = await graph.query(`query ($id: ID!) { customer(id: $id) { anticipatedNeeds { kind } } }`, { id }, { as: { role, subject: 'needs-e2e' } });
    const refusal = answer.errors?.find((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.at(-1) === 'anticipatedNeeds');
    // An analyst cannot reach a customer by id at all; marketing can, and is refused the needs.
    expect(refusal ?? answer.errors?.[0]).toBeDefined();
    expect(answer.data?.customer?.anticipatedNeeds ?? null).toBeNull();
  }
});

it('a list of customers costs the same few statements per subgraph whatever its length (no N+1)', async () => {
  const kinds = new Set<string>();
  const cost = async (first: number): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    const unwatch = watchStatements((database, text) => {
      if (/access_log/i.test(text)) return; // the access log's writer runs on its own schedule
      counts[database] = (counts[database] ?? 0) + 1;
    });
    try {
      const answer = await graph.query(`{ customers(first: ${first}) { nodes { id anticipatedNeeds { kind dueAt } } } }`);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.customers.nodes).toHaveLength(first);
      for (const node of answer.data.customers.nodes) for (const need of node.anticipatedNeeds) kinds.add(need.kind);
    } finally {
      unwatch();
    }
    return counts;
  };
  // The generated customers, linked as the hub's resolution links them, with the clock at the data
  // set's reference date: needs of every kind exist.
  await resolveIdentities(graph.databases.urls);
  setClock('2026-11-20T10:00:00Z');
  try {
    // Customer ids are random: ten customers may hold no record of some channel, and a batch with no
    // record of a channel costs that channel no statement (kit/loaders.ts). So: never more for ten than
    // for sixty, and sixty (every channel present) the same as a hundred (the largest page).
    const few = await cost(10);
    const many = await cost(60);
    expect(await cost(100)).toEqual(many);
    for (const [database, count] of Object.entries(few)) expect(count).toBeLessThanOrEqual(many[database]);
    expect(Object.keys(many).sort()).toEqual(['callcentre', 'customer', 'ecommerce', 'store']);
    // The statements did read something: the generated customers have needs.
    expect(kinds.size).toBeGreaterThan(1);
    // One statement per kind a channel reads: points + purchases; cards + carts + purchases; tickets + callbacks.
    expect(many.store).toBeLessThanOrEqual(2);
    expect(many.ecommerce).toBeLessThanOrEqual(3);
    expect(many.callcentre).toBeLessThanOrEqual(2);
  } finally {
    setClock(NOW);
  }
}, 300_000);
