// The store subgraph's own entities and rules, on rows this test writes into its own copy of
// store_legacy (so that each rule meets the case it is about): stores by distance, receipts with
// returns, payment codes and Paris times across a DST change, the expiring-points rule, the usual
// basket without returns, favourite stores, bounds and unknown ids — all through the gateway.
import { watchStatements } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph, signAs } from './support/test-graph';

let graph: TestGraph;

/** Stores far out in the Pacific: whatever the generated stores, these are the nearest to (0, -150). */
const PACIFIC = [
  { code: 'Z901', name: 'Test Pacifique Un', lat: 0, lon: -150, open: 'O' },
  { code: 'Z902', name: 'Test Pacifique Deux', lat: 0.5, lon: -150, open: 'N' },
  { code: 'Z903', name: 'Test Pacifique Trois', lat: 1.5, lon: -150, open: 'O' },
];

const CARD_POINTS = '2990000000011';
const CARD_SPENT = '2990000000028';
const CARD_SHOPPER = '2990000000035';
const CARD_SISTER = '2990000000042';

/** YYYYMMDD of today + `days` in Paris. */
function parisDay(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

function storeDb<T>(work: (db: import('../subgraphs/kit/database').Database) => Promise<T>): Promise<T> {
  return withDatabase('store', graph.databases.urls.store, work);
}

/** A fresh hub customer linked to exactly these cards (any earlier link of them is undone). */
async function customerWithCards(cards: string[]): Promise<string> {
  return withDatabase('customer', graph.databases.urls.customer, async (db) => {
    const [{ id }] = await db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
    for (const card of cards) {
      await db.query("UPDATE identity_link SET unlinked_at = now() WHERE system = 'store' AND local_key = $1 AND unlinked_at IS NULL", [card]);
      await db.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, 'store', $2, 'test')", [id, card]);
    }
    return id;
  });
}

async function insertCard(db: import('../subgraphs/kit/database').Database, card: string, status: string, family: string | null, created: string) {
  await db.query(
    `INSERT INTO "CARTE_FIDELITE" ("NUM_CARTE", "CIVILITE", "NOM", "PRENOM", "TEL", "EMAIL", "ADR1", "CP", "VILLE", "DATE_NAIS",
                                   "DATE_CREATION", "MAG_CREATION", "NUM_FOYER", "STATUT", "OPT_SMS", "DATE_MAJ")
     VALUES ($1, 'MME', 'TEST', 'Test', '', NULL, '1 rue du Test', '75001', 'PARIS', '00000000', $4, 'Z901', $3, $2, 'N', $5)`,
    [card, status, family, created, `${created}120000`],
  );
}

async function insertReceipt(
  db: import('../subgraphs/kit/database').Database,
  receipt: { id: number; store: string; date: string; time: string; card: string | null; mode: string; type: string },
  lines: { ean: string; label: string; qty: number; price: number }[],
) {
  const total = lines.reduce((sum, line) => sum + line.qty * line.price, 0);
  await db.query(
    `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
     VALUES ($1, $2, $3, $4, 3, $5, $6, $7, $8)`,
    [receipt.id, receipt.store, receipt.date, receipt.time, receipt.card, total, receipt.mode, receipt.type],
  );
  for (const [n, line] of lines.entries()) {
    await db.query(
      `INSERT INTO "LIGNE_TICKET" ("NUM_TICKET", "NUM_LIGNE", "EAN", "LIBELLE_ART", "QTE", "PU_TTC_CTS") VALUES ($1, $2, $3, $4, $5, $6)`,
      [receipt.id, n + 1, line.ean, line.label, line.qty, line.price],
    );
  }
}

const EAN_A = '3000000000017';
const EAN_B = '3000000000024';
const EAN_C = '3000000000031';

beforeAll(async () => {
  graph = await startTestGraph();
  await storeDb(async (db) => {
    for (const store of PACIFIC) {
      await db.query(
        `INSERT INTO "MAGASIN" ("CODE_MAG", "LIBELLE", "VILLE", "CP", "LAT", "LON", "OUVERT") VALUES ($1, $2, 'Pacifique', '98000', $3, $4, $5)`,
        [store.code, store.name, store.lat, store.lon, store.open],
      );
    }
    await insertCard(db, CARD_POINTS, 'A', null, '20200115');
    await insertCard(db, CARD_SPENT, 'R', null, '20150301');
    await insertCard(db, CARD_SHOPPER, 'A', CARD_SHOPPER, '20190601');
    await insertCard(db, CARD_SISTER, 'R', CARD_SHOPPER, '20190602');

    // Points: spent and expired movements use up earned points in order of expiry date.
    const ledger: [string, number, string, string | null][] = [
      [CARD_POINTS, 100, 'ACHAT', parisDay(-5)], // overdue, not yet written off by the legacy system
      [CARD_POINTS, 50, 'ACHAT', parisDay(10)],
      [CARD_POINTS, 5, 'ACHAT', parisDay(30)], // on the 30-day boundary: counted
      [CARD_POINTS, 70, 'ACHAT', parisDay(45)],
      [CARD_POINTS, 30, 'ACHAT', parisDay(90)],
      [CARD_POINTS, 20, 'BIENVENUE', null], // never expires: used up last
      [CARD_POINTS, -120, 'CADEAU', null],
      [CARD_SPENT, 100, 'ACHAT', parisDay(-40)],
      [CARD_SPENT, 50, 'ACHAT', parisDay(20)],
      [CARD_SPENT, 60, 'ACHAT', parisDay(50)],
      [CARD_SPENT, -100, 'EXPIR', null],
      [CARD_SPENT, -30, 'CADEAU', null],
    ];
    for (const [card, points, motif, expires] of ledger) {
      await db.query(
        `INSERT INTO "MOUVEMENT_POINTS" ("NUM_CARTE", "DATE_MVT", "POINTS", "MOTIF", "DATE_EXPIRATION") VALUES ($1, $2, $3, $4, $5)`,
        [card, parisDay(-100), points, motif, expires],
      );
    }

    // Receipts: three sales and a return; the return must not count in the usual basket.
    await insertReceipt(db, { id: 9_000_000_000_001, store: 'Z901', date: '20240331', time: '023000', card: CARD_SHOPPER, mode: 'CB', type: 'V' }, [
      { ean: EAN_A, label: 'Café moulu 250 g', qty: 1, price: 349 },
      { ean: EAN_B, label: 'Lait demi-écrémé 1 L', qty: 2, price: 105 },
    ]);
    await insertReceipt(db, { id: 9_000_000_000_002, store: 'Z902', date: '20241027', time: '023000', card: CARD_SHOPPER, mode: 'ES', type: 'V' }, [
      { ean: EAN_A, label: 'Café moulu 250 g', qty: 1, price: 349 },
    ]);
    await insertReceipt(db, { id: 9_000_000_000_003, store: 'Z902', date: '20250115', time: '174501', card: CARD_SISTER, mode: 'CH', type: 'V' }, [
      { ean: EAN_A, label: 'Café moulu 250 g (nouveau)', qty: 3, price: 359 },
      { ean: EAN_C, label: 'Pain de mie', qty: 1, price: 189 },
    ]);
    await insertReceipt(db, { id: 9_000_000_000_004, store: 'Z901', date: '20250720', time: '101500', card: CARD_SHOPPER, mode: 'BA', type: 'R' }, [
      { ean: EAN_B, label: 'Lait demi-écrémé 1 L', qty: -5, price: 105 },
    ]);
    await insertReceipt(db, { id: 9_000_000_000_005, store: 'Z903', date: '20250721', time: '090000', card: null, mode: 'XX', type: 'V' }, [
      { ean: EAN_C, label: 'Pain de mie', qty: 1, price: 189 },
    ]);
  });
});

afterAll(async () => {
  await graph?.stop();
});

describe('stores', () => {
  it('lists stores by distance from a point, nearest first, with the distance', async () => {
    const answer = await graph.query('{ stores(near: { lat: 0, lon: -150 }, first: 3) { nodes { code open openCode distanceKm } } }');
    expect(answer.errors).toBeUndefined();
    const stores = answer.data.stores.nodes;
    expect(stores.map((s: { code: string }) => s.code)).toEqual(['Z901', 'Z902', 'Z903']);
    expect(stores[0].distanceKm).toBeCloseTo(0, 6);
    // Half a degree and 1.5 degrees of latitude: 55.6 km and 166.8 km on a 6371.0088 km sphere.
    expect(stores[1].distanceKm).toBeCloseTo((Math.PI / 180) * 0.5 * 6371.0088, 3);
    expect(stores[2].distanceKm).toBeCloseTo((Math.PI / 180) * 1.5 * 6371.0088, 3);
    expect(stores[1]).toMatchObject({ open: false, openCode: 'N' });
  });

  it('pages in code order without `near` (no distance), and nearest first with it, with opaque cursors', async () => {
    const walk = async (near: string): Promise<{ code: string; distanceKm: number | null }[]> => {
      const seen: { code: string; distanceKm: number | null }[] = [];
      let after: string | null = null;
      for (let page = 0; page < 200; page += 1) {
        const answer: any = await graph.query(
          `query ($after: String) { stores(first: 2, after: $after${near}) { nodes { code distanceKm } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        expect(answer.errors).toBeUndefined();
        seen.push(...answer.data.stores.nodes);
        if (!answer.data.stores.pageInfo.hasNextPage) return seen;
        after = answer.data.stores.pageInfo.endCursor;
      }
      throw new Error('no last page');
    };
    const byCode = await walk('');
    const whole = (await graph.query('{ stores(first: 100) { nodes { code } } }')).data.stores.nodes.map((s: { code: string }) => s.code);
    expect(byCode.map((s) => s.code)).toEqual(whole);
    expect(byCode.map((s) => s.code)).toEqual([...whole].sort());
    expect(byCode.every((s) => s.distanceKm === null)).toBe(true);
    const nearest = await walk(', near: { lat: 0, lon: -150 }');
    expect(nearest.slice(0, 3).map((s) => s.code)).toEqual(['Z901', 'Z902', 'Z903']);
    expect(nearest).toHaveLength(whole.length);
    const distances = nearest.map((s) => s.distanceKm!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('refuses bad coordinates, `after` with `near`, and pages above 100', async () => {
    const bad = await graph.query('{ stores(near: { lat: 91, lon: 0 }) { nodes { code } } }');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const mixed = await graph.query('{ stores(near: { lat: 0, lon: 0 }, after: "P001") { nodes { code } } }');
    expect(mixed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const big = await graph.query('{ stores(near: { lat: 0, lon: 0 }, first: 101) { nodes { code } } }');
    expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(big.errors?.[0].message).toContain('100');
  });

  it('answers null for an unknown store code', async () => {
    const answer = await graph.query('{ a: store(code: "ZZZZ") { code } b: store(code: "Z9011") { code } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ a: null, b: null });
  });
});

describe('receipts', () => {
  const RECEIPT = `{ id occurredAt type typeCode total { amountMinor amount currency } paymentMode paymentModeCode storeCode till cardNumber
                     store { code name } lines { lineNumber ean label quantity unitPrice { amountMinor } lineTotal { amountMinor amount } } }`;

  it('shows a return as a return: negative amounts, gift-card payment', async () => {
    const answer = await graph.query(`{ receipt(id: "9000000000004") ${RECEIPT} }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.receipt).toEqual({
      id: '9000000000004',
      occurredAt: '2025-07-20T08:15:00.000Z',
      type: 'RETURN',
      typeCode: 'R',
      total: { amountMinor: -525, amount: '-5.25', currency: 'EUR' },
      paymentMode: 'GIFT_CARD',
      paymentModeCode: 'BA',
      storeCode: 'Z901',
      till: 3,
      cardNumber: CARD_SHOPPER,
      store: { code: 'Z901', name: 'Test Pacifique Un' },
      lines: [
        { lineNumber: 1, ean: EAN_B, label: 'Lait demi-écrémé 1 L', quantity: -5, unitPrice: { amountMinor: 105 }, lineTotal: { amountMinor: -525, amount: '-5.25' } },
      ],
    });
  });

  it('converts Paris wall-clock times across both DST changes as PostgreSQL does', async () => {
    const answer = await graph.query('{ a: receipt(id: "9000000000001") { at: occurredAt } b: receipt(id: "9000000000002") { at: occurredAt } c: receipt(id: "9000000000003") { at: occurredAt } }');
    const expected = await storeDb((db) =>
      db.query<{ id: string; at: Date }>(
        `SELECT "NUM_TICKET"::text AS id,
                (to_date("DATE_TICKET", 'YYYYMMDD')
                 + make_time(substr("HEURE_TICKET", 1, 2)::int, substr("HEURE_TICKET", 3, 2)::int, substr("HEURE_TICKET", 5, 2)::int))
                  AT TIME ZONE 'Europe/Paris' AS at
           FROM "TICKET" WHERE "NUM_TICKET" IN (9000000000001, 9000000000002, 9000000000003) ORDER BY 1`,
      ),
    );
    expect([answer.data.a.at, answer.data.b.at, answer.data.c.at]).toEqual(expected.map((row) => row.at.toISOString()));
    // 02:30 on 31 March 2024 never happened (CET→CEST): read with the offset before the jump.
    expect(answer.data.a.at).toBe('2024-03-31T01:30:00.000Z');
    // 02:30 on 27 October 2024 happened twice: read as standard time (CET), the second one.
    expect(answer.data.b.at).toBe('2024-10-27T01:30:00.000Z');
    expect(answer.data.c.at).toBe('2025-01-15T16:45:01.000Z');
  });

  it('keeps an unknown payment code raw, and an anonymous receipt has no card', async () => {
    const answer = await graph.query('{ receipt(id: "9000000000005") { paymentMode paymentModeCode cardNumber type } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data.receipt).toEqual({ paymentMode: null, paymentModeCode: 'XX', cardNumber: null, type: 'SALE' });
  });

  it('answers null for unknown or malformed receipt ids', async () => {
    const answer = await graph.query(
      '{ a: receipt(id: "1") { id } b: receipt(id: "not-a-number") { id } c: receipt(id: "99999999999999999999999") { id } d: receipt(id: "-4") { id } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ a: null, b: null, c: null, d: null });
  });

  it('resolves Receipt references from other subgraphs in one statement per batch', async () => {
    const body = JSON.stringify({
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Receipt { id type } } }',
      variables: {
        r: [
          { __typename: 'Receipt', id: '9000000000004' },
          { __typename: 'Receipt', id: '42' },
          { __typename: 'Receipt', id: '9000000000001' },
        ],
      },
    });
    let statements = 0;
    const unwatch = watchStatements((database) => {
      if (database === 'store') statements += 1;
    });
    const response = await fetch(graph.graph.subgraphs.get('store')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'store', body) },
      body,
    });
    const json = (await response.json()) as { data: { _entities: unknown[] } };
    unwatch();
    expect(json.data._entities).toEqual([{ id: '9000000000004', type: 'RETURN' }, null, { id: '9000000000001', type: 'SALE' }]);
    expect(statements).toBe(1);
  });
});

describe('a customer with crafted cards', () => {
  it('computes points expiring within 30 and 60 days from the ledger', async () => {
    const id = await customerWithCards([CARD_POINTS, CARD_SPENT]);
    const answer = await graph.query(
      `query ($id: ID!) { customer(id: $id) {
         activeLoyaltyAccount { cardNumber }
         loyaltyAccounts { cardNumber active status statusCode pointsBalance pointsExpiringWithin30Days pointsExpiringWithin60Days issuedOn
                           issuingStore { code } family { id } } } }`,
      { id },
    );
    expect(answer.errors).toBeUndefined();
    // CARD_POINTS: the 120 spent use up the overdue 100 and 20 of the 50 due in 10 days; left: 30 (10 d),
    // 5 (30 d), 70 (45 d), 30 (90 d), 20 (never). CARD_SPENT: 130 spent or expired use up 100 and 30 of 50.
    expect(answer.data.customer).toEqual({
      activeLoyaltyAccount: { cardNumber: CARD_POINTS },
      loyaltyAccounts: [
        { cardNumber: CARD_POINTS, active: true, status: 'ACTIVE', statusCode: 'A', pointsBalance: 155, pointsExpiringWithin30Days: 35,
          pointsExpiringWithin60Days: 105, issuedOn: '2020-01-15', issuingStore: { code: 'Z901' }, family: null },
        { cardNumber: CARD_SPENT, active: false, status: 'CLOSED', statusCode: 'R', pointsBalance: 80, pointsExpiringWithin30Days: 20,
          pointsExpiringWithin60Days: 80, issuedOn: '2015-03-01', issuingStore: { code: 'Z901' }, family: null },
      ],
    });
  });

  it('has no active account (loyalty null) when every card is closed', async () => {
    const id = await customerWithCards([CARD_SPENT]);
    const answer = await graph.query('query ($id: ID!) { customer(id: $id) { activeLoyaltyAccount { cardNumber } loyaltyAccounts { cardNumber } } }', { id });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.customer).toEqual({ activeLoyaltyAccount: null, loyaltyAccounts: [{ cardNumber: CARD_SPENT }] });
  });

  it('gives the family account, receipts newest first page by page, favourite stores and the usual basket without returns', async () => {
    const id = await customerWithCards([CARD_SHOPPER, CARD_SISTER]);
    const answer = await graph.query(
      `query ($id: ID!) { customer(id: $id) {
         activeLoyaltyAccount { cardNumber family { id cards { cardNumber active first } } }
         page1: receipts(first: 2) { edges { cursor node { id type } } pageInfo { hasNextPage endCursor } }
         all: receipts { edges { node { id } } pageInfo { hasNextPage } }
         favouriteStores { storeCode receiptCount lastVisitAt store { name } }
         usualBasket { ean label receiptCount totalQuantity lastBoughtAt }
         top: usualBasket(first: 1) { ean }
       } }`,
      { id },
    );
    expect(answer.errors).toBeUndefined();
    const customer = answer.data.customer;
    expect(customer.activeLoyaltyAccount).toEqual({
      cardNumber: CARD_SHOPPER,
      family: {
        id: CARD_SHOPPER,
        cards: [
          { cardNumber: CARD_SHOPPER, active: true, first: true },
          { cardNumber: CARD_SISTER, active: false, first: false },
        ],
      },
    });
    expect(customer.page1.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(['9000000000004', '9000000000003']);
    expect(customer.page1.edges[0].node.type).toBe('RETURN');
    expect(customer.page1.pageInfo).toEqual({ hasNextPage: true, endCursor: customer.page1.edges[1].cursor });
    expect(customer.all.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([
      '9000000000004',
      '9000000000003',
      '9000000000002',
      '9000000000001',
    ]);
    expect(customer.all.pageInfo.hasNextPage).toBe(false);

    const page2 = await graph.query(
      'query ($id: ID!, $after: String) { customer(id: $id) { receipts(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }',
      { id, after: customer.page1.pageInfo.endCursor },
    );
    expect(page2.errors).toBeUndefined();
    expect(page2.data.customer.receipts.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(['9000000000002', '9000000000001']);
    expect(page2.data.customer.receipts.pageInfo.hasNextPage).toBe(false);

    // Two receipts in each store: the tie goes to the latest visit (Z901's return, 20 July 2025).
    expect(customer.favouriteStores).toEqual([
      { storeCode: 'Z901', receiptCount: 2, lastVisitAt: '2025-07-20T08:15:00.000Z', store: { name: 'Test Pacifique Un' } },
      { storeCode: 'Z902', receiptCount: 2, lastVisitAt: '2025-01-15T16:45:01.000Z', store: { name: 'Test Pacifique Deux' } },
    ]);
    // The return of five bottles of milk is not a purchase: milk stays at one receipt, quantity 2.
    expect(customer.usualBasket).toEqual([
      { ean: EAN_A, label: 'Café moulu 250 g (nouveau)', receiptCount: 3, totalQuantity: 5, lastBoughtAt: '2025-01-15T16:45:01.000Z' },
      { ean: EAN_B, label: 'Lait demi-écrémé 1 L', receiptCount: 1, totalQuantity: 2, lastBoughtAt: '2024-03-31T01:30:00.000Z' },
      { ean: EAN_C, label: 'Pain de mie', receiptCount: 1, totalQuantity: 1, lastBoughtAt: '2025-01-15T16:45:01.000Z' },
    ]);
    expect(customer.top).toEqual([{ ean: EAN_A }]);
  });

  it('refuses a forged cursor and a page above 100 with BAD_USER_INPUT', async () => {
    const id = await customerWithCards([CARD_POINTS]);
    const forged = await graph.query('query ($id: ID!) { customer(id: $id) { receipts(after: "bm9wZQ") { edges { cursor } } } }', { id });
    expect(forged.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    for (const field of ['receipts(first: 101) { edges { cursor } }', 'favouriteStores(first: 101) { storeCode }', 'usualBasket(first: 101) { ean }']) {
      const answer = await graph.query(`query ($id: ID!) { customer(id: $id) { ${field} } }`, { id });
      expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0].message).toContain('at most 100');
    }
  });

  it('gives empty lists and a null loyalty to a customer without cards', async () => {
    const id = await customerWithCards([]);
    const answer = await graph.query(
      'query ($id: ID!) { customer(id: $id) { activeLoyaltyAccount { cardNumber } loyaltyAccounts { cardNumber } receipts { edges { cursor } pageInfo { hasNextPage endCursor } } favouriteStores { storeCode } usualBasket { ean } } }',
      { id },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.customer).toEqual({
      activeLoyaltyAccount: null,
      loyaltyAccounts: [],
      receipts: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
      favouriteStores: [],
      usualBasket: [],
    });
  });
});
