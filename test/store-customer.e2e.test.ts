// A channel subgraph learns which of its records are a customer's from the hub (@requires on the
// customer's linked records), through the gateway, at a constant SQL cost per batch.
import { watchStatements } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { signRequest } from '../subgraphs/kit/signature';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

/** Makes `n` hub customers, each linked to one real card of the store system. */
async function customersWithCards(n: number, offset = 0): Promise<{ id: string; card: string; status: string; points: number }[]> {
  const cards = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ card: string; status: string; points: number }>(
      `SELECT c."NUM_CARTE" AS card, c."STATUT" AS status,
              COALESCE((SELECT sum("POINTS") FROM "MOUVEMENT_POINTS" m WHERE m."NUM_CARTE" = c."NUM_CARTE"), 0)::int AS points
         FROM "CARTE_FIDELITE" c ORDER BY c."NUM_CARTE" LIMIT $1 OFFSET $2`,
      [n, offset],
    ),
  );
  return withDatabase('customer', graph.databases.urls.customer, async (db) => {
    const made = [];
    for (const card of cards) {
      const [{ id }] = await db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
      // This test decides the links itself: any link the template data set had for the card is undone.
      await db.query("UPDATE identity_link SET unlinked_at = now() WHERE system = 'store' AND local_key = $1 AND unlinked_at IS NULL", [
        card.card.trim(),
      ]);
      await db.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, 'store', $2, 'test')", [id, card.card.trim()]);
      made.push({ id, ...card, card: card.card.trim() });
    }
    return made;
  });
}

it("gives a customer their loyalty cards and points, read from the store system", async () => {
  const [customer] = await customersWithCards(1);
  const answer = await graph.query('query ($id: ID!) { customer(id: $id) { id loyaltyAccounts { cardNumber active pointsBalance } } }', {
    id: customer.id,
  });
  expect(answer.errors).toBeUndefined();
  expect(answer.data.customer.loyaltyAccounts).toEqual([
    { cardNumber: customer.card, active: customer.status === 'A', pointsBalance: customer.points },
  ]);
});

it('keeps the linked records internal: clients cannot select them', async () => {
  const answer = await graph.query('{ customer(id: "00000000-0000-4000-8000-000000000000") { linkedRecords { loyaltyCards } } }');
  expect(answer.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

it('resolves an _entities batch of 3 or 30 customers with one statement on the store system', async () => {
  // Aliased root fields are planned by the gateway as one fetch per alias; a list of customers is
  // one `_entities` batch, which is what this measures, on the subgraph itself.
  const customers = await customersWithCards(30, 1);
  const cost = async (n: number): Promise<number> => {
    const body = JSON.stringify({
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id loyaltyAccounts { cardNumber pointsBalance } } } }',
      variables: { r: customers.slice(0, n).map((c) => ({ __typename: 'Customer', id: c.id, linkedRecords: { loyaltyCards: [c.card] } })) },
    });
    let statements = 0;
    const unwatch = watchStatements((database) => {
      if (database === 'store') statements += 1;
    });
    const response = await fetch(graph.graph.subgraphs.get('store')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequest(graph.signing, body) },
      body,
    });
    const json = (await response.json()) as { data: { _entities: { id: string; loyaltyAccounts: { cardNumber: string; pointsBalance: number }[] }[] } };
    unwatch();
    expect(json.data._entities.map((entity) => entity.loyaltyAccounts[0])).toEqual(
      customers.slice(0, n).map((c) => ({ cardNumber: c.card, pointsBalance: c.points })),
    );
    return statements;
  };
  expect(await cost(3)).toBe(1);
  expect(await cost(30)).toBe(1);
});
