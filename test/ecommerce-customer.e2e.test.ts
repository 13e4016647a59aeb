// The web shop's part of a customer, through the gateway over HTTP, checked against the legacy rows
// read here with SQL of the test's own; and the subgraph's SQL cost per `_entities` batch.
import { watchStatements } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph, signAs } from './support/test-graph';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

const ABANDONED_AFTER_DAYS = 3;

function web<T>(work: (db: { query<R>(text: string, params?: unknown[]): Promise<R[]> }) => Promise<T>): Promise<T> {
  return withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) => work(db as never));
}

/** A fresh hub customer linked to exactly these web accounts (any earlier link of them is undone). */
async function hubCustomerFor(accounts: number[]): Promise<string> {
  return withDatabase('customer', graph.databases.urls.customer, async (db) => {
    const [{ id }] = await db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
    for (const account of accounts) {
      await db.query("UPDATE identity_link SET unlinked_at = now() WHERE system = 'ecommerce' AND local_key = $1 AND unlinked_at IS NULL", [
        String(account),
      ]);
      await db.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, 'ecommerce', $2, 'test')", [id, String(account)]);
    }
    return id;
  });
}

/** A UTC `timestamp` column as the ISO instant the graph must answer (written independently of the subgraph). */
const iso = (column: string): string =>
  `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const money = (decimal: string, currency = 'EUR') => {
  const cents = Math.round(Number(decimal) * 100);
  return { amount: (cents / 100).toFixed(2), amountMinor: cents, currency };
};

const STATUS: Record<string, string> = {
  pending: 'PENDING',
  paid: 'PAID',
  shipped: 'SHIPPED',
  delivered: 'DELIVERED',
  cancelled: 'CANCELLED',
  returned: 'RETURNED',
};

/**
 * A generated person with web accounts, chosen with the answer key (ground truth): preferring one
 * with a deleted account that holds orders, then with every kind of web data, then the most orders.
 */
async function generatedWebPerson(): Promise<number[]> {
  const owners = await withDatabase('truth', graph.databases.urls.truth, (db) =>
    db.query<{ person: number; accounts: string[] }>(
      "SELECT person_id AS person, array_agg(local_key ORDER BY local_key) AS accounts FROM record_owner WHERE system = 'ecommerce.customer' GROUP BY person_id",
    ),
  );
  const stats = await web((db) =>
    db.query<{ id: number; deleted: boolean; orders: number; carts: number; reviews: number; searches: number; payments: number; addresses: number }>(
      `SELECT c.id, c.deleted_at IS NOT NULL AS deleted,
              (SELECT count(*) FROM orders o WHERE o.customer_id = c.id)::int AS orders,
              (SELECT count(*) FROM carts k WHERE k.customer_id = c.id AND k.converted_order_id IS NULL)::int AS carts,
              (SELECT count(*) FROM reviews r WHERE r.customer_id = c.id)::int AS reviews,
              (SELECT count(*) FROM searches s WHERE s.customer_id = c.id)::int AS searches,
              (SELECT count(*) FROM payment_methods p WHERE p.customer_id = c.id)::int AS payments,
              (SELECT count(*) FROM addresses a WHERE a.customer_id = c.id)::int AS addresses
         FROM customers c`,
    ),
  );
  const byId = new Map(stats.map((row) => [row.id, row]));
  const score = (accounts: number[]): number[] => {
    const rows = accounts.map((id) => byId.get(id)).filter((row) => row !== undefined);
    const live = rows.filter((row) => !row.deleted);
    const sum = (key: 'orders' | 'reviews' | 'searches' | 'payments' | 'addresses', of = rows) => of.reduce((total, row) => total + row[key], 0);
    return [
      Number(rows.some((row) => row.deleted && row.orders > 0)),
      Number(live.some((row) => row.carts > 0)),
      // More than two orders, so that paging two at a time crosses a page boundary.
      Number(sum('orders') > 2),
      Number(sum('reviews') > 0) + Number(sum('searches') > 1) + Number(sum('payments') > 0) + Number(sum('addresses') > 1),
      sum('orders'),
    ];
  };
  const ranked = owners
    .map((owner) => ({ accounts: owner.accounts.map(Number), score: score(owner.accounts.map(Number)) }))
    .sort((a, b) => b.score.reduce((order, value, i) => order || value - a.score[i], 0));
  expect(ranked.length).toBeGreaterThan(0);
  return ranked[0].accounts;
}

const ORDER_FIELDS = `reference status statusCode occurredAt updatedAt total { amount amountMinor currency }
  clickAndCollectStore { code name } webAccount { id deleted }
  shippingAddress { id kind kindCode line1 line2 postcode city country isDefault webAccountId }
  items { sku ean label quantity unitPrice { amount amountMinor currency } lineTotal { amountMinor } }`;

interface LegacyOrder {
  id: number;
  reference: string;
  customer_id: number;
  status: string;
  total: string;
  currency: string;
  placed: string;
  updated: string;
  store: string | null;
  address: number | null;
}

it("gives a generated person's web orders, cart, reviews, searches, cards, addresses and accounts as the legacy rows say", async () => {
  const accounts = await generatedWebPerson();
  const id = await hubCustomerFor(accounts);

  const legacy = await web(async (db) => ({
    accounts: await db.query<{ id: number; created: string; updated: string; deleted: string | null }>(
      `SELECT id, ${iso('created_at')} AS created, ${iso('updated_at')} AS updated, ${iso('deleted_at')} AS deleted
         FROM customers WHERE id = ANY($1) ORDER BY (deleted_at IS NOT NULL), created_at DESC, id DESC`,
      [accounts],
    ),
    orders: await db.query<LegacyOrder>(
      `SELECT id, reference, customer_id, status, total_amount::text AS total, currency, ${iso('placed_at')} AS placed,
              ${iso('updated_at')} AS updated, trim(click_and_collect_store) AS store, shipping_address_id AS address
         FROM orders WHERE customer_id = ANY($1) ORDER BY placed_at DESC, id DESC`,
      [accounts],
    ),
    items: await db.query<{ order_id: number; sku: string; ean: string; name: string; quantity: number; price: string }>(
      `SELECT i.order_id, i.sku, i.ean, i.name, i.quantity, i.unit_price::text AS price
         FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.customer_id = ANY($1) ORDER BY i.order_id, i.id`,
      [accounts],
    ),
    addresses: await db.query<{ id: number; customer_id: number; kind: string; line1: string; line2: string; postcode: string; city: string; country: string; is_default: boolean }>(
      'SELECT * FROM addresses WHERE customer_id = ANY($1) ORDER BY is_default DESC, kind, id',
      [accounts],
    ),
    cart: await db.query<{ id: number; customer_id: number; created: string; updated: string; abandoned: boolean }>(
      `SELECT k.id, k.customer_id, ${iso('k.created_at')} AS created, ${iso('k.updated_at')} AS updated,
              k.updated_at < (now() AT TIME ZONE 'UTC') - interval '${ABANDONED_AFTER_DAYS} days' AS abandoned
         FROM carts k JOIN customers c ON c.id = k.customer_id
        WHERE k.customer_id = ANY($1) AND k.converted_order_id IS NULL AND c.deleted_at IS NULL
        ORDER BY k.updated_at DESC, k.id DESC LIMIT 1`,
      [accounts],
    ),
    cartItems: await db.query<{ cart_id: number; sku: string; ean: string; name: string; quantity: number; price: string }>(
      `SELECT cart_id, sku, ean, name, quantity, unit_price::text AS price FROM cart_items
        WHERE cart_id IN (SELECT id FROM carts WHERE customer_id = ANY($1)) ORDER BY name, sku`,
      [accounts],
    ),
    reviews: await db.query<{ id: number; customer_id: number; sku: string; rating: number; title: string; body: string; published: boolean; created: string }>(
      `SELECT id, customer_id, sku, rating, title, body, published, ${iso('created_at')} AS created
         FROM reviews WHERE customer_id = ANY($1) ORDER BY created_at DESC, id DESC`,
      [accounts],
    ),
    searches: await db.query<{ id: string; customer_id: number; query: string; at: string }>(
      `SELECT id::text, customer_id, query, ${iso('searched_at')} AS at FROM searches WHERE customer_id = ANY($1) ORDER BY searched_at DESC, id DESC`,
      [accounts],
    ),
    payments: await db.query<{ brand: string; last4: string; exp_month: number; exp_year: number }>(
      'SELECT brand, last4, exp_month, exp_year FROM payment_methods WHERE customer_id = ANY($1) ORDER BY created_at DESC, id DESC',
      [accounts],
    ),
  }));
  const storeNames = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ code: string; name: string }>('SELECT trim("CODE_MAG") AS code, "LIBELLE" AS name FROM "MAGASIN"'),
  );
  const storeName = new Map(storeNames.map((row) => [row.code, row.name]));
  const deletedAccounts = new Set(legacy.accounts.filter((row) => row.deleted !== null).map((row) => row.id));
  expect(legacy.orders.length).toBeGreaterThan(2);

  const address = (row: (typeof legacy.addresses)[number]) => ({
    id: String(row.id),
    kind: row.kind.toUpperCase(),
    kindCode: row.kind,
    line1: row.line1,
    line2: row.line2.trim() === '' ? null : row.line2,
    postcode: row.postcode,
    city: row.city,
    country: row.country,
    isDefault: row.is_default,
    webAccountId: String(row.customer_id),
  });
  const expectedOrder = (row: LegacyOrder) => ({
    reference: row.reference,
    status: STATUS[row.status],
    statusCode: row.status,
    occurredAt: row.placed,
    updatedAt: row.updated,
    total: money(row.total, row.currency),
    clickAndCollectStore: row.store ? { code: row.store, name: storeName.get(row.store) } : null,
    webAccount: { id: String(row.customer_id), deleted: deletedAccounts.has(row.customer_id) },
    shippingAddress: row.address === null ? null : address(legacy.addresses.find((a) => a.id === row.address)!),
    items: legacy.items
      .filter((item) => item.order_id === row.id)
      .map((item) => ({
        sku: item.sku,
        ean: item.ean,
        label: item.name,
        quantity: item.quantity,
        unitPrice: money(item.price),
        lineTotal: { amountMinor: money(item.price).amountMinor * item.quantity },
      })),
  });

  // Everything but the orders, in one query.
  const answer = await graph.query(
    `query ($id: ID!) { customer(id: $id) {
       webAccounts { id createdAt updatedAt deleted deletedAt }
       cart { id abandoned createdAt updatedAt webAccountId total { amountMinor currency }
              items { sku ean label quantity unitPrice { amount amountMinor currency } lineTotal { amountMinor } } }
       reviews(first: 100) { nodes { id sku rating title body published createdAt webAccountId } }
       searches(first: 5) { nodes { id query searchedAt webAccountId } }
       paymentMethods { brand brandCode lastFour expiryMonth expiryYear }
       addresses { id kind kindCode line1 line2 postcode city country isDefault webAccountId }
     } }`,
    { id },
  );
  expect(answer.errors).toBeUndefined();
  const customer = answer.data.customer;

  expect(customer.webAccounts).toEqual(
    legacy.accounts.map((row) => ({ id: String(row.id), createdAt: row.created, updatedAt: row.updated, deleted: row.deleted !== null, deletedAt: row.deleted })),
  );

  const [cart] = legacy.cart;
  if (cart) {
    const items = legacy.cartItems.filter((item) => item.cart_id === cart.id);
    expect(customer.cart).toEqual({
      id: String(cart.id),
      abandoned: cart.abandoned,
      createdAt: cart.created,
      updatedAt: cart.updated,
      webAccountId: String(cart.customer_id),
      total: { amountMinor: items.reduce((sum, item) => sum + money(item.price).amountMinor * item.quantity, 0), currency: 'EUR' },
      items: items.map((item) => ({
        sku: item.sku,
        ean: item.ean,
        label: item.name,
        quantity: item.quantity,
        unitPrice: money(item.price),
        lineTotal: { amountMinor: money(item.price).amountMinor * item.quantity },
      })),
    });
  } else {
    expect(customer.cart).toBeNull();
  }

  expect(customer.reviews.nodes).toEqual(
    legacy.reviews.map((row) => ({
      id: String(row.id),
      sku: row.sku,
      rating: row.rating,
      title: row.title,
      body: row.body,
      published: row.published,
      createdAt: row.created,
      webAccountId: String(row.customer_id),
    })),
  );
  expect(customer.searches.nodes).toEqual(
    legacy.searches.slice(0, 5).map((row) => ({ id: row.id, query: row.query, searchedAt: row.at, webAccountId: String(row.customer_id) })),
  );
  const BRAND: Record<string, string> = { VISA: 'VISA', MC: 'MASTERCARD', AMEX: 'AMERICAN_EXPRESS' };
  expect(customer.paymentMethods).toEqual(
    legacy.payments.map((row) => ({ brand: BRAND[row.brand], brandCode: row.brand, lastFour: row.last4, expiryMonth: row.exp_month, expiryYear: row.exp_year })),
  );
  expect(customer.addresses).toEqual(legacy.addresses.map(address));

  // Orders: every page of 2, newest first, until the last; the same as the legacy rows.
  const seen: unknown[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const result: any = await graph.query(
      `query ($id: ID!, $after: String) { customer(id: $id) { orders(first: 2, after: $after) {
         edges { cursor node { reference } } nodes { ${ORDER_FIELDS} } pageInfo { hasNextPage endCursor } } } }`,
      { id, after },
    );
    expect(result.errors).toBeUndefined();
    const orders = result.data.customer.orders;
    expect(orders.edges.map((edge: any) => edge.node.reference)).toEqual(orders.nodes.map((node: any) => node.reference));
    seen.push(...orders.nodes);
    expect(orders.pageInfo.endCursor).toBe(orders.edges.at(-1)?.cursor ?? null);
    if (!orders.pageInfo.hasNextPage) break;
    after = orders.pageInfo.endCursor;
  }
  expect(seen).toEqual(legacy.orders.map(expectedOrder));

  // The status filter, and a soft-deleted account's orders still being the customer's, flagged.
  const status = legacy.orders[0].status;
  const filtered = await graph.query(`query ($id: ID!) { customer(id: $id) { orders(first: 100, status: ${STATUS[status]}) { nodes { reference } } } }`, { id });
  expect(filtered.errors).toBeUndefined();
  expect(filtered.data.customer.orders.nodes.map((node: any) => node.reference)).toEqual(
    legacy.orders.filter((row) => row.status === status).map((row) => row.reference),
  );
  if (deletedAccounts.size > 0) {
    expect(seen.some((order: any) => order.webAccount.deleted)).toBe(true);
  }
});

it('finds an order by its reference in any case and spacing, through the gateway', async () => {
  const [row] = await web((db) =>
    db.query<{ reference: string; status: string; total: string; currency: string; placed: string }>(
      `SELECT reference, status, total_amount::text AS total, currency, ${iso('placed_at')} AS placed FROM orders ORDER BY id LIMIT 1`,
    ),
  );
  const spoken = ` ${row.reference.toLowerCase().replace('-', ' ')} `;
  const answer = await graph.query('query ($r: String!) { order(reference: $r) { reference status statusCode occurredAt total { amount currency } } }', { r: spoken });
  expect(answer.errors).toBeUndefined();
  expect(answer.data.order).toEqual({
    reference: row.reference,
    status: STATUS[row.status],
    statusCode: row.status,
    occurredAt: row.placed,
    total: { amount: money(row.total).amount, currency: row.currency },
  });
  const compact = await graph.query('query ($r: String!) { order(reference: $r) { reference } }', { r: row.reference.replace('-', '') });
  expect(compact.data.order).toEqual({ reference: row.reference });
});

it("resolves a click-and-collect order's store through the store subgraph", async () => {
  const [row] = await web((db) =>
    db.query<{ reference: string; store: string; address: number | null }>(
      'SELECT reference, trim(click_and_collect_store) AS store, shipping_address_id AS address FROM orders WHERE click_and_collect_store IS NOT NULL ORDER BY id LIMIT 1',
    ),
  );
  const [store] = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ name: string; city: string }>('SELECT "LIBELLE" AS name, "VILLE" AS city FROM "MAGASIN" WHERE "CODE_MAG" = $1', [row.store]),
  );
  const answer = await graph.query('query ($r: String!) { order(reference: $r) { clickAndCollectStore { code name city } shippingAddress { id } } }', {
    r: row.reference,
  });
  expect(answer.errors).toBeUndefined();
  expect(answer.data.order).toEqual({
    clickAndCollectStore: { code: row.store, name: store.name, city: store.city },
    shippingAddress: row.address === null ? null : { id: String(row.address) },
  });
});

it(`calls a cart abandoned after ${ABANDONED_AFTER_DAYS} days untouched, and offers no cart of a deleted account`, async () => {
  const [{ live, deleted }] = await web((db) =>
    db.query<{ live: number; deleted: number }>(
      // A live account with no cart changed lately, so that the cart made below is its latest.
      `SELECT (SELECT min(c.id) FROM customers c WHERE c.deleted_at IS NULL AND NOT EXISTS (
                 SELECT 1 FROM carts k WHERE k.customer_id = c.id AND k.updated_at > (now() AT TIME ZONE 'UTC') - interval '10 days')) AS live,
              (SELECT min(id) FROM customers WHERE deleted_at IS NOT NULL) AS deleted`,
    ),
  );
  // The test's own copy of the web shop: a cart per account, changed at chosen times.
  const carts = await web(async (db) => {
    const insert = (account: number, hoursAgo: number) =>
      db.query<{ id: number }>(
        `INSERT INTO carts (customer_id, created_at, updated_at, converted_order_id)
         VALUES ($1, (now() AT TIME ZONE 'UTC') - make_interval(hours => $2 + 1), (now() AT TIME ZONE 'UTC') - make_interval(hours => $2), NULL)
         RETURNING id`,
        [account, hoursAgo],
      );
    const [fresh] = await insert(live, ABANDONED_AFTER_DAYS * 24 - 2);
    const [gone] = await insert(deleted, 0);
    return { fresh: fresh.id, gone: gone.id };
  });
  const query = 'query ($id: ID!) { customer(id: $id) { cart { id abandoned } } }';
  const fresh = await graph.query(query, { id: await hubCustomerFor([live]) });
  expect(fresh.data.customer.cart).toEqual({ id: String(carts.fresh), abandoned: false });

  await web((db) => db.query(`UPDATE carts SET updated_at = updated_at - interval '3 hours' WHERE id = $1`, [carts.fresh]));
  const stale = await graph.query(query, { id: await hubCustomerFor([live]) });
  expect(stale.data.customer.cart).toEqual({ id: String(carts.fresh), abandoned: true });

  const gone = await graph.query(query, { id: await hubCustomerFor([deleted]) });
  expect(gone.errors).toBeUndefined();
  expect(gone.data.customer.cart).toBeNull();
});

it('answers null, not an error, for unknown orders and customers without web accounts', async () => {
  const unknown = await graph.query('{ a: order(reference: "CMD-9999999") { reference } b: order(reference: "") { reference } c: order(reference: "not a reference at all") { reference } }');
  expect(unknown.errors).toBeUndefined();
  expect(unknown.data).toEqual({ a: null, b: null, c: null });

  const id = await hubCustomerFor([]);
  const empty = await graph.query(
    'query ($id: ID!) { customer(id: $id) { orders { nodes { reference } pageInfo { hasNextPage endCursor } } cart { id } reviews { nodes { id } } searches { nodes { id } } paymentMethods { lastFour } addresses { id } webAccounts { id } } }',
    { id },
  );
  expect(empty.errors).toBeUndefined();
  expect(empty.data.customer).toEqual({
    orders: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
    cart: null,
    reviews: { nodes: [] },
    searches: { nodes: [] },
    paymentMethods: [],
    addresses: [],
    webAccounts: [],
  });
});

it('bounds page sizes and refuses cursors it did not give', async () => {
  const [{ customer_id: account }] = await web((db) => db.query<{ customer_id: number }>('SELECT customer_id FROM orders ORDER BY id LIMIT 1'));
  const id = await hubCustomerFor([account]);
  for (const field of ['orders(first: 101) { nodes { reference } }', 'reviews(first: 101) { nodes { id } }', 'searches(first: 101) { nodes { id } }']) {
    const answer = await graph.query(`query ($id: ID!) { customer(id: $id) { ${field} } }`, { id });
    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0].message).toContain('at most 100');
  }
  for (const after of ['nonsense', Buffer.from('["2024-01-01T00:00:00Z","1"]').toString('base64url'), 'x'.repeat(500)]) {
    const answer = await graph.query('query ($id: ID!, $after: String) { customer(id: $id) { orders(after: $after) { nodes { reference } } } }', { id, after });
    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  }
});

it('gives aliased order lists their own arguments through the gateway', async () => {
  const [{ customer_id: account }] = await web((db) =>
    db.query<{ customer_id: number }>(
      `SELECT customer_id FROM orders GROUP BY customer_id
        HAVING count(*) >= 3 AND count(DISTINCT status) >= 2 ORDER BY count(*) DESC, customer_id LIMIT 1`,
    ),
  );
  const id = await hubCustomerFor([account]);
  const rows = await web((db) =>
    db.query<{ reference: string; status: string }>('SELECT reference, status FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC, id DESC', [account]),
  );
  const status = rows[rows.length - 1].status;
  const answer = await graph.query(
    `query ($id: ID!) { customer(id: $id) {
       one: orders(first: 1) { nodes { reference } }
       all: orders(first: 100) { nodes { reference } }
       some: orders(first: 100, status: ${STATUS[status]}) { nodes { reference } }
     } }`,
    { id },
  );
  expect(answer.errors).toBeUndefined();
  expect(answer.data.customer.one.nodes.map((n: any) => n.reference)).toEqual([rows[0].reference]);
  expect(answer.data.customer.all.nodes.map((n: any) => n.reference)).toEqual(rows.map((row) => row.reference));
  expect(answer.data.customer.some.nodes.map((n: any) => n.reference)).toEqual(rows.filter((row) => row.status === status).map((row) => row.reference));
});

it('never exposes a password hash', async () => {
  const answer = await graph.query('{ __schema { types { name fields { name } } } webAccount: __type(name: "WebAccount") { fields { name } } }');
  expect(answer.errors).toBeUndefined();
  expect(JSON.stringify(answer.data.__schema).toLowerCase()).not.toContain('password');
  expect(answer.data.webAccount.fields.map((field: { name: string }) => field.name).sort()).toEqual(['createdAt', 'deleted', 'deletedAt', 'id', 'updatedAt']);
});

it('resolves an _entities batch of 3 or 30 customers, with every web field, at the same number of statements', async () => {
  // Accounts with everything a field can load (so that no loader is skipped for a small batch).
  const accounts = await web((db) =>
    db.query<{ id: number }>(
      `SELECT c.id FROM customers c
        WHERE c.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.shipping_address_id IS NOT NULL)
          AND EXISTS (SELECT 1 FROM carts k WHERE k.customer_id = c.id AND k.converted_order_id IS NULL)
        ORDER BY c.id LIMIT 30`,
    ),
  );
  expect(accounts).toHaveLength(30);
  const customers: { id: string; account: number }[] = [];
  for (const { id: account } of accounts) customers.push({ id: await hubCustomerFor([account]), account });
  const orderCounts = new Map(
    (
      await web((db) =>
        db.query<{ customer_id: number; n: number }>('SELECT customer_id, least(count(*), 100)::int AS n FROM orders WHERE customer_id = ANY($1) GROUP BY customer_id', [
          accounts.map((a) => a.id),
        ]),
      )
    ).map((row) => [row.customer_id, row.n]),
  );

  const cost = async (n: number): Promise<number> => {
    const body = JSON.stringify({
      query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer {
        id
        orders(first: 100) { nodes { reference items { sku } shippingAddress { city } webAccount { deleted } clickAndCollectStore { code } } }
        cart { id items { sku } total { amountMinor } }
        reviews { nodes { id } } searches(first: 3) { nodes { id } } paymentMethods { lastFour } addresses { id } webAccounts { id deleted }
      } } }`,
      variables: {
        r: customers.slice(0, n).map((c) => ({ __typename: 'Customer', id: c.id, linkedRecords: { records: [{ system: 'ecommerce', localKey: String(c.account) }] } })),
      },
    });
    let statements = 0;
    const unwatch = watchStatements((database) => {
      if (database === 'ecommerce') statements += 1;
    });
    const response = await fetch(graph.graph.subgraphs.get('ecommerce')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'ecommerce', body) },
      body,
    });
    const json = (await response.json()) as { errors?: unknown; data: { _entities: { id: string; orders: { nodes: unknown[] }; cart: unknown; webAccounts: { id: string }[] }[] } };
    unwatch();
    expect(json.errors).toBeUndefined();
    expect(json.data._entities.map((entity) => [entity.id, entity.orders.nodes.length, entity.cart !== null, entity.webAccounts[0].id])).toEqual(
      customers.slice(0, n).map((c) => [c.id, orderCounts.get(c.account), true, String(c.account)]),
    );
    return statements;
  };
  const small = await cost(3);
  const large = await cost(30);
  expect(large).toBe(small);
  // Orders, their items, shipping addresses, accounts (the orders' accounts are the customers', read
  // once), cart, its items, reviews, searches, payment methods, addresses.
  expect(small).toBe(10);
});

it('resolves an _entities batch of 3 or 30 orders (as other subgraphs quote them) at the same number of statements', async () => {
  const rows = await web((db) =>
    db.query<{ reference: string; items: number }>(
      'SELECT o.reference, (SELECT count(*) FROM order_items i WHERE i.order_id = o.id)::int AS items FROM orders o ORDER BY o.id DESC LIMIT 30',
    ),
  );
  expect(rows).toHaveLength(30);
  const cost = async (n: number): Promise<number> => {
    const body = JSON.stringify({
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { reference items { sku } webAccount { id } } } }',
      // Quoted as a call note or a coupon might: lower case, a space instead of the dash.
      variables: { r: [...rows.slice(0, n).map((row) => ({ __typename: 'Order', reference: row.reference.toLowerCase().replace('-', ' ') })), { __typename: 'Order', reference: 'CMD-9999999' }] },
    });
    let statements = 0;
    const unwatch = watchStatements((database) => {
      if (database === 'ecommerce') statements += 1;
    });
    const response = await fetch(graph.graph.subgraphs.get('ecommerce')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'ecommerce', body) },
      body,
    });
    const json = (await response.json()) as { errors?: unknown; data: { _entities: ({ reference: string; items: unknown[] } | null)[] } };
    unwatch();
    expect(json.errors).toBeUndefined();
    expect(json.data._entities.map((order) => order && [order.reference, order.items.length])).toEqual([
      ...rows.slice(0, n).map((row) => [row.reference, row.items]),
      null,
    ]);
    return statements;
  };
  // The orders, their items, their accounts.
  expect(await cost(3)).toBe(3);
  expect(await cost(30)).toBe(3);
});

it('pages reviews and searches with cursors: pages of 2 give exactly one whole page, in order', async () => {
  for (const [field, table] of [
    ['reviews', 'reviews'],
    ['searches', 'searches'],
  ] as const) {
    const [{ customer_id: account }] = await web((db) =>
      db.query<{ customer_id: number }>(`SELECT customer_id FROM ${table} WHERE customer_id IS NOT NULL GROUP BY 1 HAVING count(*) >= 3 ORDER BY count(*) DESC, 1 LIMIT 1`),
    );
    const id = await hubCustomerFor([account]);
    const whole = await graph.query(`query ($id: ID!) { customer(id: $id) { ${field}(first: 100) { nodes { id } } } }`, { id });
    const expected = (whole.data.customer[field].nodes as { id: string }[]).map((node) => node.id);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const walked: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const answer: any = await graph.query(
        `query ($id: ID!, $after: String) { customer(id: $id) { ${field}(first: 2, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }`,
        { id, after },
      );
      expect(answer.errors).toBeUndefined();
      const connection = answer.data.customer[field];
      walked.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect({ field, walked }).toEqual({ field, walked: expected });
    const foreign = await graph.query(`query ($id: ID!) { customer(id: $id) { ${field}(after: "bm9wZQ") { nodes { id } } } }`, { id });
    expect(foreign.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  }
});
