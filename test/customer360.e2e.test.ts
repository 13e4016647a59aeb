// One generated customer known to all four systems, every channel's field groups in one query
// through the gateway, each checked against the legacy rows read directly with SQL (the records
// being the ones the hub linked to that customer after a real resolution run).
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph } from './support/test-graph';
import { customersOfFourSystems, Links } from './support/customers';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
});
afterAll(async () => {
  await graph?.stop();
});

const QUERY = `query ($id: ID!) {
  customer(id: $id) {
    id
    loyaltyAccounts { cardNumber active pointsBalance }
    activeLoyaltyAccount { cardNumber }
    receipts(first: 100) { edges { node { id total { amountMinor } } } pageInfo { hasNextPage } }
    favouriteStores(first: 100) { storeCode receiptCount store { code name } }
    usualBasket(first: 100) { ean }
    orders(first: 100) { nodes { reference total { amount } } }
    webAccounts { id deleted }
    addresses { id }
    paymentMethods { lastFour }
    reviews(first: 100) { nodes { id } }
    searches(first: 100) { nodes { id } }
    calls(first: 100) { edges { node { id reason } } }
    tickets(first: 100) { nodes { id statusCode } }
    openTickets(first: 100) { nodes { id } }
    callbackWindows(first: 100) { nodes { id } }
    messages(first: 100) { edges { node { id } } }
    coupons(first: 100) { edges { node { code } } }
    segments { segment { id } }
    marketingConsents { current { channel purpose granted } }
  }
}`;


async function richestCustomerOfFourSystems(): Promise<{ id: string; links: Links }> {
  const [richest] = await customersOfFourSystems(graph.database('customer'), graph.database('callcentre'));
  expect(richest).toBeDefined();
  return richest;
}

it('answers every channel of one customer as the four legacy systems hold it', async () => {
  const { id, links } = await richestCustomerOfFourSystems();
  const answer = await graph.query(QUERY, { id });
  expect(answer.errors).toBeUndefined();
  const c = answer.data.customer;

  // Store: cards, receipts (newest first), favourite stores, usual basket.
  const store = await withDatabase('store', graph.databases.urls.store, async (db) => ({
    cards: await db.query<{ card: string; status: string }>(
      `SELECT trim("NUM_CARTE") AS card, "STATUT" AS status FROM "CARTE_FIDELITE" WHERE trim("NUM_CARTE") = ANY($1) ORDER BY 1`,
      [links.store],
    ),
    receipts: await db.query<{ id: string; cents: number; store: string }>(
      `SELECT "NUM_TICKET"::text AS id, "MONTANT_TTC_CTS" AS cents, trim("CODE_MAG") AS store FROM "TICKET"
        WHERE trim("NUM_CARTE") = ANY($1) ORDER BY "NUM_TICKET" DESC`,
      [links.store],
    ),
    eans: await db.query<{ ean: string }>(
      `SELECT DISTINCT l."EAN" AS ean FROM "LIGNE_TICKET" l JOIN "TICKET" t USING ("NUM_TICKET")
        WHERE trim(t."NUM_CARTE") = ANY($1) AND t."TYPE" = 'V' AND l."QTE" > 0`,
      [links.store],
    ),
  }));
  expect(c.loyaltyAccounts.map((a: { cardNumber: string }) => a.cardNumber).sort()).toEqual(store.cards.map((r) => r.card));
  expect(c.activeLoyaltyAccount?.cardNumber ?? null).toBe(c.loyaltyAccounts.find((a: { active: boolean }) => a.active)?.cardNumber ?? null);
  expect(c.receipts.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(store.receipts.slice(0, 100).map((r) => r.id));
  expect(c.receipts.edges.map((e: { node: { total: { amountMinor: number } } }) => e.node.total.amountMinor)).toEqual(
    store.receipts.slice(0, 100).map((r) => r.cents),
  );
  const visits = new Map<string, number>();
  for (const r of store.receipts) visits.set(r.store, (visits.get(r.store) ?? 0) + 1);
  expect(
    Object.fromEntries(c.favouriteStores.map((f: { storeCode: string; receiptCount: number }) => [f.storeCode, f.receiptCount])),
  ).toEqual(Object.fromEntries(visits));
  for (const f of c.favouriteStores) expect(f.store.code).toBe(f.storeCode);
  const bought = new Set(store.eans.map((r) => r.ean));
  for (const item of c.usualBasket) expect(bought.has(item.ean)).toBe(true);

  // Web shop: accounts, orders (newest first), addresses, cards, reviews, searches.
  const web = await withDatabase('ecommerce', graph.databases.urls.ecommerce, async (db) => {
    const q = (sql: string) => db.query<{ k: string }>(sql, [links.ecommerce.map(Number)]);
    return {
      accounts: await q('SELECT id::text AS k FROM customers WHERE id = ANY($1) ORDER BY 1'),
      orders: await q('SELECT reference AS k FROM orders WHERE customer_id = ANY($1) ORDER BY placed_at DESC, id DESC'),
      addresses: await q('SELECT id::text AS k FROM addresses WHERE customer_id = ANY($1) ORDER BY 1'),
      payments: await q('SELECT last4 AS k FROM payment_methods WHERE customer_id = ANY($1) ORDER BY 1'),
      reviews: await q('SELECT id::text AS k FROM reviews WHERE customer_id = ANY($1) ORDER BY 1'),
      searches: await q('SELECT id::text AS k FROM searches WHERE customer_id = ANY($1) ORDER BY searched_at DESC, id DESC'),
    };
  });
  const keys = (rows: { k: string }[]) => rows.map((r) => r.k);
  expect(c.webAccounts.map((a: { id: string }) => a.id).sort()).toEqual(keys(web.accounts));
  expect(c.orders.nodes.map((o: { reference: string }) => o.reference)).toEqual(keys(web.orders).slice(0, 100));
  expect(c.addresses.map((a: { id: string }) => a.id).sort()).toEqual(keys(web.addresses));
  expect(c.paymentMethods.map((p: { lastFour: string }) => p.lastFour).sort()).toEqual(keys(web.payments));
  expect(c.reviews.nodes.map((r: { id: string }) => r.id).sort()).toEqual(keys(web.reviews).slice(0, 100));
  expect(c.searches.nodes.map((s: { id: string }) => s.id)).toEqual(keys(web.searches).slice(0, 100));

  // Call centre: calls (newest first), tickets, open tickets, callbacks.
  const cc = await withDatabase('callcentre', graph.databases.urls.callcentre, async (db) => {
    const q = (sql: string) => db.query<{ k: string }>(sql, [links.callcentre.map(Number)]);
    return {
      calls: await q('SELECT call_id::text AS k FROM calls WHERE contact_id = ANY($1) ORDER BY start_epoch DESC, call_id DESC'),
      tickets: await q('SELECT ticket_id::text AS k FROM tickets WHERE contact_id = ANY($1) ORDER BY 1'),
      open: await q("SELECT ticket_id::text AS k FROM tickets WHERE contact_id = ANY($1) AND status IN ('OUVERT', 'EN_COURS') ORDER BY 1"),
      callbacks: await q('SELECT id::text AS k FROM callbacks WHERE contact_id = ANY($1) ORDER BY 1'),
    };
  });
  expect(cc.calls.length).toBeGreaterThan(0);
  expect(c.calls.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(keys(cc.calls).slice(0, 100));
  expect(c.tickets.nodes.map((t: { id: string }) => t.id).sort()).toEqual(keys(cc.tickets));
  expect(c.openTickets.nodes.map((t: { id: string }) => t.id).sort()).toEqual(keys(cc.open));
  expect(c.callbackWindows.nodes.map((w: { id: string }) => w.id).sort()).toEqual(keys(cc.callbacks));

  // Marketing: messages, coupons, segments, consent in force per channel and purpose.
  const mk = await withDatabase('marketing', graph.databases.urls.marketing, async (db) => {
    const q = (sql: string) => db.query<{ k: string }>(sql, [links.marketing]);
    return {
      messages: await q('SELECT message_id::text AS k FROM mk_message WHERE contact_uuid = ANY($1::uuid[]) ORDER BY 1'),
      coupons: await q('SELECT code AS k FROM mk_coupon WHERE contact_uuid = ANY($1::uuid[]) ORDER BY 1'),
      segments: await q('SELECT DISTINCT segment_id::text AS k FROM mk_segment_member WHERE contact_uuid = ANY($1::uuid[]) ORDER BY 1'),
      consents: await q(
        `SELECT DISTINCT channel || '/' || purpose AS k FROM mk_consent WHERE contact_uuid = ANY($1::uuid[]) ORDER BY 1`,
      ),
    };
  });
  expect(c.messages.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(keys(mk.messages).slice(0, 100).sort());
  expect(c.coupons.edges.map((e: { node: { code: string } }) => e.node.code).sort()).toEqual(keys(mk.coupons));
  expect(c.segments.map((s: { segment: { id: string } }) => s.segment.id).sort()).toEqual(keys(mk.segments));
  expect(
    c.marketingConsents.current.map((s: { channel: string; purpose: string }) => `${s.channel}/${s.purpose}`).sort(),
  ).toEqual(keys(mk.consents));
});
