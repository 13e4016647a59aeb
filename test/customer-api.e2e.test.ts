// The hub's API through the gateway, after a real resolution run on the generated data set:
// look-up by any identifier in any spelling.
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
});

afterAll(async () => {
  await graph?.stop();
});

const LOOKUP = `query ($kind: IdentifierKind!, $value: String!) {
  customerByIdentifier(kind: $kind, value: $value) { normalisedValue customer { id } candidates { id } }
}`;

async function lookup(kind: string, value: string) {
  return graph.query(LOOKUP, { kind, value });
}

/** The hub customer a legacy record is linked to, read directly in the hub. */
async function customerOf(system: string, localKey: string): Promise<string> {
  const rows = await withDatabase('customer', graph.databases.urls.customer, (db) =>
    db.query<{ id: string }>('SELECT customer_id::text AS id FROM identity_link WHERE system = $1 AND local_key = $2 AND unlinked_at IS NULL', [
      system,
      localKey,
    ]),
  );
  expect(rows).toHaveLength(1);
  return rows[0].id;
}

it('finds the person of the four mobile spellings by each spelling', async () => {
  // The generator's case 1: one person, the same mobile written four ways in four systems.
  const [person] = await withDatabase('truth', graph.databases.urls.truth, (db) =>
    db.query<{ card: string }>(
      `SELECT o.local_key AS card FROM person p JOIN record_owner o ON o.person_id = p.person_id AND o.system = 'store.card'
        WHERE 'mobile-spellings' = ANY(p.cases) ORDER BY p.person_id LIMIT 1`,
    ),
  );
  const [card] = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ tel: string }>('SELECT "TEL" AS tel FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = $1', [person.card]),
  );
  const digits = card.tel.replace(/\D/g, '').replace(/^33/, '0');
  const expected = await customerOf('store', person.card.trim());
  const spellings = [
    digits.replace(/(\d\d)(?=\d)/g, '$1 '), // 06 12 34 56 78
    digits.replace(/(\d\d)(?=\d)/g, '$1.'), // 06.12.34.56.78
    digits, // 0612345678
    `+33${digits.slice(1)}`, // +33612345678
    `+33 ${digits.slice(1, 2)} ${digits.slice(2).replace(/(\d\d)(?=\d)/g, '$1 ')}`, // +33 6 12 34 56 78
  ];
  for (const spelling of spellings) {
    const answer = await lookup('PHONE', spelling);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.customerByIdentifier.normalisedValue).toBe(`+33${digits.slice(1)}`);
    expect(answer.data.customerByIdentifier.candidates.map((c: { id: string }) => c.id)).toContain(expected);
  }
});

it('finds a customer by e-mail whatever its case and surrounding spaces, by card with spaces, by account id', async () => {
  const [account] = await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
    db.query<{ id: number; email: string }>('SELECT id, email FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 1'),
  );
  const expected = await customerOf('ecommerce', String(account.id));
  const shouted = await lookup('EMAIL', `  ${account.email.trim().toUpperCase()} `);
  expect(shouted.data.customerByIdentifier.candidates.map((c: { id: string }) => c.id)).toContain(expected);
  const byAccount = await lookup('WEB_ACCOUNT', String(account.id));
  expect(byAccount.data.customerByIdentifier.customer).toEqual({ id: expected });

  const [card] = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ card: string }>('SELECT "NUM_CARTE" AS card FROM "CARTE_FIDELITE" ORDER BY 1 LIMIT 1'),
  );
  const spaced = card.card.replace(/^(\d)(\d{6})(\d{6})$/, '$1 $2 $3');
  const byCard = await lookup('LOYALTY_CARD', spaced);
  expect(byCard.data.customerByIdentifier).toEqual({
    normalisedValue: card.card,
    customer: { id: await customerOf('store', card.card) },
    candidates: [{ id: await customerOf('store', card.card) }],
  });
});

it('answers BAD_USER_INPUT saying what is wrong with a malformed identifier', async () => {
  const cases: [string, string, RegExp][] = [
    ['LOYALTY_CARD', '2001234567891', /check digit/i],
    ['EMAIL', 'marie.dupont', /e-mail|@/i],
    ['PHONE', '12', /phone|number/i],
    ['WEB_ACCOUNT', 'abc', /whole number/],
    ['MARKETING_CONTACT', 'not-a-uuid', /UUID/],
  ];
  for (const [kind, value, why] of cases) {
    const answer = await lookup(kind, value);
    expect(answer.data).toEqual({ customerByIdentifier: null });
    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0].message).toMatch(why);
  }
});

it('answers no candidates for an identifier nobody holds', async () => {
  const answer = await lookup('EMAIL', 'nobody.at.all@example.org');
  expect(answer.data.customerByIdentifier).toEqual({ normalisedValue: 'nobody.at.all@example.org', customer: null, candidates: [] });
});
