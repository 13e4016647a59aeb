// A read model through the whole graph (kit/read-model.ts): on this file's own databases, the
// store's TICKET WITHOUT its card index (dropped here, as refused by its owner), the hub's watcher
// (startWatchers' read-model loop, woken by the change probe) builds the read model of TICKET; a
// graph with READ_MODEL=store.TICKET answers several customers' receipts (two pages), favourite
// stores and usual basket exactly as a read-through graph does, with one more statement (the
// hub's lookup) per batch of each list, whatever the number of customers (anticipated needs' store
// purchases too); a receipt rung up
// after the last refresh shows at once, and the watcher then copies it.
import { randomBytes } from 'node:crypto';
import { RunningGraph, startGraph } from '../gateway/graph';
import { signDevelopmentToken } from '../gateway/dev-tokens';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { watchReadModels } from '../subgraphs/customer/read-model/watch';
import { readGatewayConfig, SigningConfig } from '../subgraphs/kit/config';
import { Database, openDatabase, watchStatements } from '../subgraphs/kit/database';
import type { Poller } from '../subgraphs/kit/poller';
import { until } from './support/customers';
import { GraphQLResponse, PRIVACY_OFFICER, testAuthConfig } from './support/test-graph';
import { createTestDatabases, TestDatabases } from './support/test-databases';

const auth = testAuthConfig();
const signing: SigningConfig = { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 };
let databases: TestDatabases;
let readThrough: RunningGraph;
let withReadModel: RunningGraph;
let watcher: Poller | null = null;
let store: Database;
let hub: Database;
/** Customers with store cards, most receipts first. */
let customers: { id: string; card: string }[];

const FIELDS = `id
    receipts(first: 3) { edges { cursor node { id occurredAt total { amount currency } storeCode cardNumber } } pageInfo { hasNextPage endCursor } }
    favouriteStores(first: 3) { storeCode receiptCount lastVisitAt }
    usualBasket(first: 3) { ean label receiptCount totalQuantity }`;

/** Several customers in one query (aliases): the store subgraph gets them in one batch. */
function receiptsOf(ids: readonly string[]): { text: string; variables: Record<string, string> } {
  return {
    text: `query (${ids.map((_, n) => `$id${n}: ID!`).join(', ')}) { ${ids.map((_, n) => `c${n}: customer(id: $id${n}) { ${FIELDS} }`).join('\n')} }`,
    variables: Object.fromEntries(ids.map((id, n) => [`id${n}`, id])),
  };
}

async function query(graph: RunningGraph, text: string, variables: Record<string, unknown>): Promise<GraphQLResponse> {
  const token = await signDevelopmentToken(auth.devSecret!, auth, PRIVACY_OFFICER);
  const response = await fetch(graph.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: text, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** The answer and the statements it cost, by database (the access log's aside). */
async function measured(graph: RunningGraph, text: string, variables: Record<string, unknown>): Promise<{ answer: GraphQLResponse; statements: Record<string, number> }> {
  const statements: Record<string, number> = {};
  const stop = watchStatements((database) => {
    if (database !== 'access_log') statements[database] = (statements[database] ?? 0) + 1;
  });
  try {
    return { answer: await query(graph, text, variables), statements };
  } finally {
    stop();
  }
}

const settled = async (): Promise<string | null> =>
  (await hub.query<{ settled: string | null }>(`SELECT settled::text AS settled FROM read_model_state WHERE model = 'store.TICKET'`))[0]?.settled ?? null;
const newest = async (): Promise<string> => (await store.query<{ id: string }>(`SELECT max("NUM_TICKET")::text AS id FROM "TICKET"`))[0].id;

beforeAll(async () => {
  databases = await createTestDatabases();
  store = openDatabase({ name: 'test-store', url: databases.urls.store, max: 2 });
  hub = openDatabase({ name: 'test-hub', url: databases.urls.customer, max: 2 });
  await store.query('DROP INDEX "cg_ticket_num_carte_num_ticket"');
  await resolveIdentities(databases.urls);
  const cards = await store.query<{ card: string; n: number }>(
    `SELECT trim("NUM_CARTE") AS card, count(*)::int AS n FROM "TICKET" WHERE "NUM_CARTE" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const links = await hub.query<{ id: string; card: string }>(
    `SELECT DISTINCT ON (customer_id) customer_id::text AS id, local_key AS card FROM identity_link
      WHERE unlinked_at IS NULL AND system = 'store' AND local_key = ANY($1::text[]) ORDER BY customer_id, local_key`,
    [cards.map((row) => row.card)],
  );
  const rank = new Map(cards.map((row, n) => [row.card, n]));
  customers = links.sort((a, b) => rank.get(a.card)! - rank.get(b.card)!).slice(0, 6);
  expect(customers.length).toBe(6);

  watcher = watchReadModels(databases.urls, ['store.TICKET'], { intervalMs: 100 });
  const gateway = { ...readGatewayConfig({}), port: 0, subgraphTimeoutMs: 10_000 };
  readThrough = await startGraph({ databaseUrls: databases.urls, signing, auth, gateway });
  withReadModel = await startGraph({ databaseUrls: databases.urls, signing, auth, gateway, readModels: ['store.TICKET'] });
  const target = await newest();
  await until('the read model built', async () => ((await settled()) === target ? true : undefined), 60_000);
});

afterAll(async () => {
  await watcher?.stop();
  await withReadModel?.stop();
  await readThrough?.stop();
  await store?.close();
  await hub?.close();
  await databases?.drop();
});

test('the graph with the read model answers as read-through does, one hub statement per batch for its lists', async () => {
  // Built: the watcher's probes would count among the statements measured here.
  await watcher?.stop();
  watcher = null;
  // One customer; then a page of 50 (one batch per list at the store: its nodes are one fetch).
  const page50 = { text: `{ customers(first: 50) { nodes { ${FIELDS} } } }`, variables: {} };
  for (const { text, variables } of [receiptsOf([customers[0].id]), page50]) {
    const through = await measured(readThrough, text, variables);
    const model = await measured(withReadModel, text, variables);
    expect(JSON.stringify(through.answer.data)).toMatch(/"receiptCount":\d/);
    expect(through.answer.errors).toBeUndefined();
    expect(model.answer.errors).toBeUndefined();
    expect(model.answer.data).toEqual(through.answer.data);
    expect(through.statements.read_model).toBeUndefined();
    // receipts, favouriteStores, usualBasket ask for the same batch's cards: one lookup in the hub for
    // the three (kit/read-model.ts perRequest; three before), whatever the number of customers.
    expect(model.statements.read_model).toBe(1);
    expect(model.statements.store).toBe(through.statements.store);
    expect(through.statements.store).toBe(3);
  }
  // The second page, by cursor.
  const { text, variables: first } = receiptsOf([customers[0].id]);
  const page = (await query(withReadModel, text, first)).data.c0.receipts;
  expect(page.pageInfo.hasNextPage).toBe(true);
  const next = `query ($id: ID!, $after: String) { customer(id: $id) { receipts(first: 3, after: $after) { edges { node { id } } } } }`;
  const variables = { id: customers[0].id, after: page.pageInfo.endCursor };
  const [through, model] = [await query(readThrough, next, variables), await query(withReadModel, next, variables)];
  expect(model.data).toEqual(through.data);
  expect(model.data.customer.receipts.edges.length).toBe(3);
});

test('anticipated needs read the store purchases through the read model too: same needs, one hub lookup per batch', async () => {
  await watcher?.stop();
  watcher = null;
  // A page of 50: the store's needs field is one batch; replenishment reads its purchases by receipt.
  const text = `{ customers(first: 50) { nodes { id anticipatedNeeds { kind dueAt overdue reason evidence { system recordType key } } } } }`;
  const through = await measured(readThrough, text, {});
  const model = await measured(withReadModel, text, {});
  expect(through.answer.errors).toBeUndefined();
  expect(model.answer.errors).toBeUndefined();
  expect(JSON.stringify(through.answer.data)).toMatch(/"kind":"/);
  expect(model.answer.data).toEqual(through.answer.data);
  expect(through.statements.read_model).toBeUndefined();
  // Only store.TICKET is on here: the purchases' one lookup (expiring points read MOUVEMENT_POINTS through).
  expect(model.statements.read_model).toBe(1);
  expect(model.statements.store).toBe(through.statements.store);
});

test('a receipt rung up after the last refresh shows at once; the watcher then copies it', async () => {
  const { id, card } = customers[1];
  // No watcher while the receipt is rung up: it must be served before any refresh.
  await watcher?.stop();
  watcher = null;
  const [{ receipt }] = await store.query<{ receipt: string }>(
    `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
     SELECT max("NUM_TICKET") + 1, (SELECT "CODE_MAG" FROM "MAGASIN" ORDER BY 1 LIMIT 1), '20991231', '120000', 2, $1, 4321, 'CB', 'V' FROM "TICKET"
     RETURNING "NUM_TICKET"::text AS receipt`,
    [card],
  );
  expect(await settled()).not.toBe(receipt);
  const first = `query ($id: ID!) { customer(id: $id) { receipts(first: 1) { edges { node { id } } } } }`;
  const answer = await query(withReadModel, first, { id });
  expect(answer.data.customer.receipts.edges[0].node.id).toBe(receipt);

  watcher = watchReadModels(databases.urls, ['store.TICKET'], { intervalMs: 100 });
  await until('the watcher copies the new receipt', async () => ((await settled()) === receipt ? true : undefined), 30_000);
  expect(await hub.query(`SELECT fk FROM read_model_key WHERE model = 'store.TICKET' AND pk = $1`, [receipt])).toEqual([{ fk: card }]);
  expect((await query(withReadModel, first, { id })).data.customer.receipts.edges[0].node.id).toBe(receipt);
});
