// The store and ecommerce touchpoint feeds (issue 5) on a copy of the generated legacy databases:
// each feed read to the end in small batches gives one touchpoint per legacy row (counted with SQL
// here), unique keys, the legacy row's identity and amount; a resumed read gives nothing new; a row
// written after the end comes with the next read; every read is one statement.
import { cartsFeed, ecommerceFeeds, ordersFeed, SETTLE_SECONDS } from '../subgraphs/ecommerce/touchpoints.feed';
import { Database, openDatabase } from '../subgraphs/kit/database';
import { parisInstant } from '../subgraphs/kit/paris-time';
import type { Touchpoint, TouchpointFeed } from '../subgraphs/kit/touchpoints';
import { receiptsFeed, storeFeeds } from '../subgraphs/store/touchpoints.feed';
import { registry } from '../subgraphs/channels';
import { BATCH, byKind, count, feedReader, FeedRun, findTouchpoint } from './support/feeds';
import { createTestDatabases, TestDatabases } from './support/test-databases';

let databases: TestDatabases;
let store: Database;
let ecommerce: Database;

const runs = new Map<string, FeedRun>();
const { readOnce, readSettled, readToEnd } = feedReader((feed: TouchpointFeed) => (feed.system === 'store' ? store : ecommerce));
const find = (feed: string, kind: string, key: string): Touchpoint => findTouchpoint(runs, feed, kind, key);

beforeAll(async () => {
  databases = await createTestDatabases();
  store = openDatabase({ name: 'feeds-store', url: databases.urls.store, max: 2 });
  ecommerce = openDatabase({ name: 'feeds-ecommerce', url: databases.urls.ecommerce, max: 2 });
  for (const feed of [...storeFeeds, ...ecommerceFeeds]) runs.set(feed.name, await readToEnd(feed));
});

afterAll(async () => {
  await store?.close();
  await ecommerce?.close();
  await databases?.drop();
});

test('the feeds are registered, named <system>.<what>, uniquely', () => {
  const names = [...storeFeeds, ...ecommerceFeeds].map((feed) => feed.name);
  expect(names).toEqual(['store.receipts', 'store.points', 'ecommerce.orders', 'ecommerce.carts', 'ecommerce.searches', 'ecommerce.reviews']);
  for (const feed of [...storeFeeds, ...ecommerceFeeds]) {
    expect(registry().touchpointFeeds).toContain(feed);
    expect(feed.name.startsWith(`${feed.system}.`)).toBe(true);
  }
});

test('each feed gives one touchpoint per legacy row, in small batches, with unique keys', async () => {
  const expected: Record<string, Record<string, number>> = {
    'store.receipts': {
      receipt: await count(store, `SELECT count(*) FROM "TICKET" WHERE "TYPE" <> 'R'`),
      return: await count(store, `SELECT count(*) FROM "TICKET" WHERE "TYPE" = 'R'`),
    },
    'store.points': { points: await count(store, 'SELECT count(*) FROM "MOUVEMENT_POINTS"') },
    'ecommerce.orders': { order: await count(ecommerce, 'SELECT count(*) FROM orders') },
    'ecommerce.carts': { cart: await count(ecommerce, `SELECT count(*) FROM carts WHERE converted_order_id IS NULL AND updated_at < (now() AT TIME ZONE 'UTC') - interval '3 days'`) },
    'ecommerce.searches': { search: await count(ecommerce, 'SELECT count(*) FROM searches') },
    'ecommerce.reviews': { review: await count(ecommerce, 'SELECT count(*) FROM reviews') },
  };
  for (const [name, kinds] of Object.entries(expected)) {
    const run = runs.get(name)!;
    for (const n of Object.values(kinds)) expect(n).toBeGreaterThan(0);
    expect({ name, kinds: byKind(run.touchpoints) }).toEqual({ name, kinds });
    // Small batches: the whole table took many reads.
    expect(run.reads).toBeGreaterThan(Object.values(kinds).reduce((a, b) => a + b, 0) / BATCH);
    const keys = run.touchpoints.map((t) => `${t.sourceKind}:${t.sourceKey}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of run.touchpoints) {
      expect(t.sourceSystem).toBe(name.split('.')[0]);
      expect(t.channel).toBe(name.startsWith('store') ? 'STORE' : 'WEB');
      expect(Number.isNaN(t.occurredAt.getTime())).toBe(false);
      expect(t.summary.length).toBeLessThanOrEqual(80);
      expect(t.summary).not.toMatch(/@|\d{10,}/); // no e-mail, card or phone number
    }
  }
});

test('receipts and returns carry the legacy row: card, amount, store, Paris time', async () => {
  const rows = await store.query<{ id: string; card: string | null; amount: number; store: string; date: string; time: string; type: string; lines: number }>(
    `(SELECT t."NUM_TICKET"::text AS id, t."NUM_CARTE" AS card, t."MONTANT_TTC_CTS" AS amount, t."CODE_MAG" AS store,
             t."DATE_TICKET" AS date, t."HEURE_TICKET" AS time, t."TYPE" AS type,
             (SELECT count(*) FROM "LIGNE_TICKET" l WHERE l."NUM_TICKET" = t."NUM_TICKET")::int AS lines
        FROM "TICKET" t WHERE t."NUM_CARTE" IS NULL ORDER BY t."NUM_TICKET" LIMIT 2)
     UNION ALL
     (SELECT t."NUM_TICKET"::text, t."NUM_CARTE", t."MONTANT_TTC_CTS", t."CODE_MAG", t."DATE_TICKET", t."HEURE_TICKET", t."TYPE",
             (SELECT count(*) FROM "LIGNE_TICKET" l WHERE l."NUM_TICKET" = t."NUM_TICKET")::int
        FROM "TICKET" t WHERE t."TYPE" = 'R' ORDER BY t."NUM_TICKET" DESC LIMIT 2)
     UNION ALL
     (SELECT t."NUM_TICKET"::text, t."NUM_CARTE", t."MONTANT_TTC_CTS", t."CODE_MAG", t."DATE_TICKET", t."HEURE_TICKET", t."TYPE",
             (SELECT count(*) FROM "LIGNE_TICKET" l WHERE l."NUM_TICKET" = t."NUM_TICKET")::int
        FROM "TICKET" t WHERE t."TYPE" = 'V' AND t."NUM_CARTE" IS NOT NULL ORDER BY t."NUM_TICKET" LIMIT 3)`,
  );
  expect(rows).toHaveLength(7);
  for (const row of rows) {
    const isReturn = row.type === 'R';
    const t = find('store.receipts', isReturn ? 'return' : 'receipt', row.id);
    expect(t.identity).toEqual(row.card ? { system: 'store', localKey: row.card.trim() } : null);
    expect(t.amountMinor).toBe(row.amount);
    expect(t.currency).toBe('EUR');
    expect(t.occurredAt).toEqual(parisInstant(row.date, row.time));
    expect([t.placeKind, t.placeCode]).toEqual(['STORE', row.store.trim()]);
    expect([t.reason, t.role]).toEqual(isReturn ? ['RETURN', 'AFTER_SALES'] : ['PURCHASE', 'SELL']);
    expect([t.recordType, t.recordKey]).toEqual(['Receipt', row.id]);
    expect(t.summary).toBe(`${isReturn ? 'Return' : 'Receipt'}, ${row.lines} line${row.lines === 1 ? '' : 's'}, store ${row.store.trim()}`);
  }
  if (rows.some((row) => row.type === 'R')) expect(rows.find((row) => row.type === 'R')!.amount).toBeLessThan(0);
});

test('points movements: card, role by motive, record the receipt when there is one', async () => {
  const rows = await store.query<{ id: string; card: string; points: number; motive: string; ticket: string | null }>(
    `SELECT DISTINCT ON ("MOTIF", "NUM_TICKET" IS NULL) "ID_MVT"::text AS id, "NUM_CARTE" AS card, "POINTS" AS points, "MOTIF" AS motive,
            "NUM_TICKET"::text AS ticket
       FROM "MOUVEMENT_POINTS" ORDER BY "MOTIF", "NUM_TICKET" IS NULL, "ID_MVT"`,
  );
  expect(new Set(rows.map((row) => row.motive))).toEqual(new Set(['ACHAT', 'BIENVENUE', 'CADEAU', 'EXPIR']));
  for (const row of rows) {
    const t = find('store.points', 'points', row.id);
    expect(t.identity).toEqual({ system: 'store', localKey: row.card.trim() });
    expect(t.amountMinor).toBeNull();
    expect(t.reason).toBe('LOYALTY');
    expect(t.role).toBe(['CADEAU', 'BIENVENUE'].includes(row.motive) ? 'PROMOTION' : 'INFORMATION');
    expect(t.summary).toBe(`${row.points >= 0 ? '+' : ''}${row.points} points (${row.motive})`);
    expect([t.recordType, t.recordKey]).toEqual(row.ticket ? ['Receipt', row.ticket] : ['LoyaltyMovement', row.id]);
    if (row.ticket) {
      // At its receipt's time and store (a return takes points back with kind ACHAT too).
      const receipt = runs.get('store.receipts')!.touchpoints.find((r) => r.sourceKey === row.ticket)!;
      expect([t.occurredAt, t.placeKind, t.placeCode]).toEqual([receipt.occurredAt, 'STORE', receipt.placeCode]);
    } else {
      expect([t.placeKind, t.placeCode]).toEqual([null, null]);
    }
  }
});

test('orders, carts, searches and reviews carry the legacy row: account, amount, time', async () => {
  const orders = await ecommerce.query<{ id: number; reference: string; customer_id: number; status: string; cents: string; placed_at: Date }>(
    `(SELECT id, reference, customer_id, status, (total_amount * 100)::bigint::text AS cents, placed_at AT TIME ZONE 'UTC' AS placed_at
        FROM orders ORDER BY id LIMIT 3)
     UNION ALL
     (SELECT DISTINCT ON (status) id, reference, customer_id, status, (total_amount * 100)::bigint::text, placed_at AT TIME ZONE 'UTC'
        FROM orders ORDER BY status, id)`,
  );
  // One order of each status the data set holds, the after-sales ones included.
  expect(orders.map((row) => row.status)).toEqual(expect.arrayContaining(['delivered', 'cancelled', 'returned']));
  for (const row of orders) {
    const t = find('ecommerce.orders', 'order', String(row.id));
    expect(t.identity).toEqual({ system: 'ecommerce', localKey: String(row.customer_id) });
    expect(t.amountMinor).toBe(Number(row.cents));
    expect(t.currency).toBe('EUR');
    expect(t.occurredAt).toEqual(row.placed_at);
    expect([t.recordType, t.recordKey]).toEqual(['Order', row.reference]);
    const why = row.status === 'returned' ? ['RETURN', 'AFTER_SALES'] : row.status === 'cancelled' ? ['CANCELLATION', 'AFTER_SALES'] : ['PURCHASE', 'SELL'];
    expect([t.reason, t.role]).toEqual(why);
    expect([t.placeKind, t.placeCode]).toEqual(['WEB', null]);
    expect(t.summary).toBe(`Order ${row.reference}, ${row.status}`);
  }

  const carts = await ecommerce.query<{ id: number; customer_id: number; updated_at: Date }>(
    `SELECT id, customer_id, updated_at AT TIME ZONE 'UTC' AS updated_at FROM carts WHERE converted_order_id IS NULL ORDER BY id DESC LIMIT 3`,
  );
  for (const row of carts) {
    const t = find('ecommerce.carts', 'cart', String(row.id));
    expect(t.identity).toEqual({ system: 'ecommerce', localKey: String(row.customer_id) });
    expect(t.occurredAt).toEqual(row.updated_at);
    expect([t.reason, t.role, t.recordType, t.recordKey, t.amountMinor]).toEqual(['CART', 'SELL', 'Cart', String(row.id), null]);
    expect(t.summary).toBe('Cart not ordered');
  }
  const converted = await ecommerce.query<{ id: number }>('SELECT id FROM carts WHERE converted_order_id IS NOT NULL LIMIT 1');
  expect(converted).toHaveLength(1);
  expect(runs.get('ecommerce.carts')!.touchpoints.some((t) => t.sourceKey === String(converted[0].id))).toBe(false);

  const searches = await ecommerce.query<{ id: string; customer_id: number | null; query: string; searched_at: Date }>(
    `(SELECT id::text AS id, customer_id, query, searched_at AT TIME ZONE 'UTC' AS searched_at FROM searches WHERE customer_id IS NULL ORDER BY id LIMIT 2)
     UNION ALL
     (SELECT id::text, customer_id, query, searched_at AT TIME ZONE 'UTC' FROM searches WHERE customer_id IS NOT NULL ORDER BY id LIMIT 2)`,
  );
  expect(searches).toHaveLength(4);
  for (const row of searches) {
    const t = find('ecommerce.searches', 'search', row.id);
    expect(t.identity).toEqual(row.customer_id === null ? null : { system: 'ecommerce', localKey: String(row.customer_id) });
    expect(t.occurredAt).toEqual(row.searched_at);
    expect([t.reason, t.role, t.recordType, t.recordKey]).toEqual(['SEARCH', 'INFORMATION', 'Search', row.id]);
    if (row.query.trim().length > 3) expect(t.summary).not.toContain(row.query.trim());
  }

  const reviews = await ecommerce.query<{ id: number; customer_id: number; created_at: Date; title: string }>(
    `SELECT id, customer_id, created_at AT TIME ZONE 'UTC' AS created_at, title FROM reviews ORDER BY id LIMIT 3`,
  );
  for (const row of reviews) {
    const t = find('ecommerce.reviews', 'review', String(row.id));
    expect(t.identity).toEqual({ system: 'ecommerce', localKey: String(row.customer_id) });
    expect(t.occurredAt).toEqual(row.created_at);
    expect([t.reason, t.role, t.recordType, t.recordKey]).toEqual(['REVIEW', 'INFORMATION', 'Review', String(row.id)]);
    expect(t.summary).not.toContain(row.title);
  }
});

test('resuming from the end gives nothing new; a row written after the end comes with the next read', async () => {
  for (const feed of [...storeFeeds, ...ecommerceFeeds]) {
    const again = await readOnce(feed, runs.get(feed.name)!.end);
    expect({ feed: feed.name, touchpoints: again.touchpoints }).toEqual({ feed: feed.name, touchpoints: [] });
  }

  // One new row per feed, keyed after the generated ones.
  const [{ ticket }] = await store.query<{ ticket: string }>(`SELECT (max("NUM_TICKET") + 1)::text AS ticket FROM "TICKET"`);
  const [{ card, mag }] = await store.query<{ card: string; mag: string }>(
    `SELECT c."NUM_CARTE" AS card, (SELECT min("CODE_MAG") FROM "MAGASIN") AS mag FROM "CARTE_FIDELITE" c ORDER BY c."NUM_CARTE" LIMIT 1`,
  );
  await store.query(
    `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
     VALUES ($1, $2, '20261123', '143005', 1, $3, 1999, 'CB', 'V')`,
    [ticket, mag, card],
  );
  await store.query(`INSERT INTO "LIGNE_TICKET" VALUES ($1, 1, '3000000000017', 'Article', 1, 1999)`, [ticket]);
  const [{ movement }] = await store.query<{ movement: string }>(
    `INSERT INTO "MOUVEMENT_POINTS" ("ID_MVT", "NUM_CARTE", "DATE_MVT", "POINTS", "MOTIF", "DATE_EXPIRATION", "NUM_TICKET")
     SELECT max("ID_MVT") + 1, $1, '20261123', 19, 'ACHAT', '20271123', $2 FROM "MOUVEMENT_POINTS" RETURNING "ID_MVT"::text AS movement`,
    [card, ticket],
  );
  const [{ account }] = await ecommerce.query<{ account: number }>('SELECT min(id) AS account FROM customers');
  const [{ order_id: order }] = await ecommerce.query<{ order_id: number }>(
    `INSERT INTO orders (id, reference, customer_id, status, total_amount, currency, placed_at, updated_at)
     SELECT max(id) + 1, 'CMD-9990001', $1, 'paid', 42.50, 'EUR', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM orders RETURNING id AS order_id`,
    [account],
  );
  // A cart is abandoned once untouched for three days: this one was last touched just over three days ago.
  const [{ cart }] = await ecommerce.query<{ cart: number }>(
    `INSERT INTO carts (id, customer_id, created_at, updated_at, converted_order_id)
     SELECT max(id) + 1, $1, (now() AT TIME ZONE 'UTC') - interval '74 hours', (now() AT TIME ZONE 'UTC') - interval '73 hours', NULL
       FROM carts RETURNING id AS cart`,
    [account],
  );
  const [{ search }] = await ecommerce.query<{ search: string }>(
    `INSERT INTO searches (id, customer_id, session_id, query, searched_at)
     SELECT max(id) + 1, NULL, 'test-session', 'chaussures de marche', now() AT TIME ZONE 'UTC' FROM searches RETURNING id::text AS search`,
  );
  const [{ review }] = await ecommerce.query<{ review: number }>(
    `INSERT INTO reviews (id, customer_id, sku, rating, title, body, created_at, published)
     SELECT max(id) + 1, $1, 'SKU-TEST', 4, 'Bien', 'Très bien', now() AT TIME ZONE 'UTC', false FROM reviews RETURNING id AS review`,
    [account],
  );

  // Read once settled (no transaction of these databases older than the writes still running:
  // kit/feed-settling.ts): the growing-key feeds' positions move past them.
  const expected: Record<string, [string, string]> = {
    'store.receipts': ['receipt', ticket],
    'store.points': ['points', movement],
    'ecommerce.orders': ['order', String(order)],
    'ecommerce.carts': ['cart', String(cart)],
    'ecommerce.searches': ['search', search],
    'ecommerce.reviews': ['review', String(review)],
  };
  const fresh = new Map<string, Touchpoint>();
  for (const feed of [...storeFeeds, ...ecommerceFeeds]) {
    const { touchpoints } = await readSettled(feed, runs.get(feed.name)!.end);
    expect({ feed: feed.name, keys: touchpoints.map((t) => [t.sourceKind, t.sourceKey]) }).toEqual({ feed: feed.name, keys: [expected[feed.name]] });
    fresh.set(feed.name, touchpoints[0]);
  }
  const receipt = fresh.get('store.receipts')!;
  expect(receipt.occurredAt).toEqual(new Date('2026-11-23T13:30:05Z')); // 14:30:05 in Paris, winter time
  expect(receipt.identity).toEqual({ system: 'store', localKey: card.trim() });
  expect(receipt.summary).toBe(`Receipt, 1 line, store ${mag.trim()}`);
  const points = fresh.get('store.points')!;
  expect([points.recordType, points.recordKey, points.occurredAt, points.placeCode]).toEqual(['Receipt', ticket, receipt.occurredAt, mag.trim()]);
  expect(fresh.get('ecommerce.orders')!.amountMinor).toBe(4250);
  expect(fresh.get('ecommerce.searches')!.identity).toBeNull();
  expect(fresh.get('ecommerce.searches')!.summary).toBe('Search, 3 words');
  expect(fresh.get('ecommerce.reviews')!.summary).toBe('Review 4/5 of SKU-TEST (not published)');
});

test('carts: one touched recently is not abandoned yet and holds the position; an ordered cart is withdrawn', async () => {
  const start = (await readToEnd(cartsFeed)).end;
  const [{ account }] = await ecommerce.query<{ account: number }>('SELECT min(id) AS account FROM customers');
  const [{ live }] = await ecommerce.query<{ live: number }>(
    `INSERT INTO carts (id, customer_id, created_at, updated_at, converted_order_id)
     SELECT max(id) + 1, $1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', NULL FROM carts RETURNING id AS live`,
    [account],
  );
  const [{ order }] = await ecommerce.query<{ order: number }>('SELECT max(id) AS order FROM orders');
  const [{ ordered }] = await ecommerce.query<{ ordered: number }>(
    `INSERT INTO carts (id, customer_id, created_at, updated_at, converted_order_id)
     SELECT max(id) + 1, $1, now() AT TIME ZONE 'UTC', (now() AT TIME ZONE 'UTC') + interval '1 millisecond', $2 FROM carts RETURNING id AS ordered`,
    [account, order],
  );
  // Not abandoned yet: nothing given for it, and the position waits before it; the ordered cart
  // after it is withdrawn all the same.
  const first = await readOnce(cartsFeed, start, 1000);
  expect(first.touchpoints).toEqual([]);
  expect(first.withdrawn).toEqual([{ sourceSystem: 'ecommerce', sourceKind: 'cart', sourceKey: String(ordered) }]);
  expect(first.next).toEqual(start);

  // Untouched for three days (dated back, still after the start): abandoned, and the position moves to it.
  await ecommerce.query(`UPDATE carts SET updated_at = (now() AT TIME ZONE 'UTC') - interval '72 hours 30 minutes' WHERE id = $1`, [live]);
  const second = await readOnce(cartsFeed, start, 1000);
  expect(second.touchpoints.map((t) => [t.sourceKind, t.sourceKey, t.summary])).toEqual([['cart', String(live), 'Cart not ordered']]);
  expect(second.next).toMatchObject({ id: live });

  // Ordered after all: the conversion is a change, read next, and withdraws the entry.
  await ecommerce.query(`UPDATE carts SET converted_order_id = $2, updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1`, [live, order]);
  const third = await readOnce(cartsFeed, second.next, 1000);
  expect(third.touchpoints).toEqual([]);
  expect(third.withdrawn!.map((k) => k.sourceKey).sort()).toEqual([String(live), String(ordered)].sort());
});

test('orders: a change moves the order (same key, new reason); a late commit within the overlap is not missed', async () => {
  // The order the previous test wrote, dated back: settled, after the generated ones.
  await ecommerce.query(`UPDATE orders SET updated_at = '2026-11-22 00:00:00' WHERE reference = 'CMD-9990001'`);
  const start = (await readToEnd(ordersFeed)).end;
  expect(start).toMatchObject({ at: '2026-11-22T00:00:00.000000Z' });
  const [{ id, reference }] = await ecommerce.query<{ id: number; reference: string }>('SELECT id, reference FROM orders ORDER BY id LIMIT 1');
  await ecommerce.query(`UPDATE orders SET status = 'returned', updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1`, [id]);
  const first = await readOnce(ordersFeed, start);
  const changed = first.touchpoints.find((t) => t.sourceKey === String(id))!;
  expect([changed.reason, changed.role, changed.recordKey]).toEqual(['RETURN', 'AFTER_SALES', reference]);
  // Changed just now: the position does not move past it yet (it is re-read until settled).
  expect(first.next).toEqual(start);

  // A transaction that wrote an earlier updated_at commits after that read.
  const [{ late }] = await ecommerce.query<{ late: number }>(
    `INSERT INTO orders (id, reference, customer_id, status, total_amount, currency, placed_at, updated_at)
     SELECT max(id) + 1, 'CMD-9990002', min(customer_id), 'pending', 10, 'EUR',
            (now() AT TIME ZONE 'UTC') - interval '3 seconds', (now() AT TIME ZONE 'UTC') - make_interval(secs => $1::int / 2)
       FROM orders RETURNING id AS late`,
    [SETTLE_SECONDS],
  );
  const second = await readOnce(ordersFeed, first.next);
  expect(second.touchpoints.map((t) => t.sourceKey)).toContain(String(late));

  // Once settled (rows dated back past the window), the position moves past them and reads go quiet.
  await ecommerce.query(`UPDATE orders SET updated_at = '2026-11-22 00:00:01' WHERE id = $1`, [id]);
  await ecommerce.query(`UPDATE orders SET updated_at = '2026-11-22 00:00:02' WHERE id = $1`, [late]);
  const third = await readOnce(ordersFeed, start);
  expect(third.touchpoints.map((t) => t.sourceKey)).toEqual([String(id), String(late)]);
  expect(third.next).toEqual({ at: '2026-11-22T00:00:02.000000Z', id: late });
  const fourth = await readOnce(ordersFeed, third.next);
  expect(fourth.touchpoints).toEqual([]);
});

test('store rows with a malformed time fall back to the start of the day; a malformed date is skipped without blocking the feed', async () => {
  const start = (await readToEnd(receiptsFeed)).end;
  const [{ next: first }] = await store.query<{ next: string }>(`SELECT (max("NUM_TICKET") + 1)::text AS next FROM "TICKET"`);
  const second = String(BigInt(first) + 1n);
  const [{ mag }] = await store.query<{ mag: string }>(`SELECT min("CODE_MAG") AS mag FROM "MAGASIN"`);
  await store.query(
    `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
     VALUES ($1, $3, '20260704', '99XX00', 1, NULL, 500, 'ES', 'V'), ($2, $3, '20260231', '101010', 1, NULL, -500, 'ES', 'R')`,
    [first, second, mag],
  );
  const read = await readSettled(receiptsFeed, start);
  expect(read.touchpoints.map((t) => [t.sourceKey, t.occurredAt.toISOString(), t.identity])).toEqual([[first, '2026-07-03T22:00:00.000Z', null]]);
  expect(read.next).toEqual({ after: second });
  expect((await readOnce(receiptsFeed, read.next)).touchpoints).toEqual([]);
});
