// The hub's customer profile and list through the gateway, after a real resolution run on the
// generated data: golden record values checked against the legacy rows, conflicting values listed,
// filters, cursor pagination, and the SQL statement count of a page not growing with its size.
import { isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { buildFederatedSchema } from '../subgraphs/kit/subgraph';
import { withDatabase } from '../subgraphs/kit/databases';
import { customerSubgraph } from '../subgraphs/customer/server';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { normaliseEmail, normaliseName, isInvalid } from '../subgraphs/kit/identity/normalise';
import { parisInstant } from '../subgraphs/kit/paris-time';
import { startTestGraph, TestGraph } from './support/test-graph';
import { statementsDuring } from './support/statements';

let graph: TestGraph;

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
}, 180_000);

afterAll(async () => {
  await graph?.stop();
});

const hub = <T>(sql: string, params: unknown[] = []) =>
  withDatabase('customer', graph.databases.urls.customer, (db) => db.query<T & Record<string, unknown>>(sql, params));

const PROFILE = `
  id
  systems
  identities { system localKey rule evidence linkedAt decidedBy status }
  household { id establishedBy members { role customer { id } } }
  goldenRecord {
    names { given family givenAsWritten familyAsWritten source { system localKey asOf } }
    emails { value source { system localKey asOf } }
    phones { value source { system localKey } }
    postcodes { value source { system localKey } }
    birthDates { value source { system localKey } }
    conflicts
  }`;

async function profile(id: string) {
  const answer = await graph.query(`query ($id: ID!) { customer(id: $id) { ${PROFILE} } }`, { id });
  expect(answer.errors).toBeUndefined();
  return answer.data.customer;
}

const words = (raw: string | null) => normaliseName(raw).join(' ') || null;

it('gives the golden record of a customer known to the store and the web shop, each value with its record and date', async () => {
  const [pair] = await hub<{ customer_id: string; card: string; account: string }>(
    `SELECT s.customer_id::text AS customer_id, s.local_key AS card, e.local_key AS account
       FROM identity_link s JOIN identity_link e ON e.customer_id = s.customer_id AND e.system = 'ecommerce' AND e.unlinked_at IS NULL
      WHERE s.system = 'store' AND s.unlinked_at IS NULL
      ORDER BY s.customer_id LIMIT 1`,
  );
  expect(pair).toBeDefined();
  const [card] = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ nom: string; prenom: string; email: string | null; date_maj: string }>(
      'SELECT "NOM" AS nom, "PRENOM" AS prenom, "EMAIL" AS email, "DATE_MAJ" AS date_maj FROM "CARTE_FIDELITE" WHERE trim("NUM_CARTE") = $1',
      [pair.card],
    ),
  );
  const [account] = await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
    db.query<{ first_name: string; last_name: string; email: string; changed: number }>(
      `SELECT first_name, last_name, email, extract(epoch FROM updated_at)::float8 AS changed FROM customers WHERE id = $1`,
      [Number(pair.account)],
    ),
  );
  const customer = await profile(pair.customer_id);
  expect(customer.systems).toEqual(expect.arrayContaining(['STORE', 'ECOMMERCE']));
  expect(customer.identities).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ system: 'STORE', localKey: pair.card }),
      expect.objectContaining({ system: 'ECOMMERCE', localKey: pair.account }),
    ]),
  );
  for (const identity of customer.identities) expect(() => JSON.parse(identity.evidence)).not.toThrow();

  const names = customer.goldenRecord.names;
  const storeAsOf = parisInstant(card.date_maj.slice(0, 8), card.date_maj.slice(8))!.toISOString();
  expect(names).toContainEqual({
    given: words(card.prenom),
    family: words(card.nom),
    givenAsWritten: card.prenom.trim().replace(/\s+/g, ' ') || null,
    familyAsWritten: card.nom.trim().replace(/\s+/g, ' ') || null,
    source: { system: 'STORE', localKey: pair.card, asOf: storeAsOf },
  });
  const webAsOf = new Date(account.changed * 1000).toISOString();
  expect(names).toContainEqual({
    given: words(account.first_name),
    family: words(account.last_name),
    givenAsWritten: account.first_name.trim().replace(/\s+/g, ' ') || null,
    familyAsWritten: account.last_name.trim().replace(/\s+/g, ' ') || null,
    source: { system: 'ECOMMERCE', localKey: pair.account, asOf: webAsOf },
  });
  const webEmail = normaliseEmail(account.email);
  if (!isInvalid(webEmail)) {
    expect(customer.goldenRecord.emails).toContainEqual({ value: webEmail.value, source: { system: 'ECOMMERCE', localKey: pair.account, asOf: webAsOf } });
  }
  if (card.email) {
    const storeEmail = normaliseEmail(card.email);
    if (!isInvalid(storeEmail)) {
      expect(customer.goldenRecord.emails).toContainEqual({ value: storeEmail.value, source: { system: 'STORE', localKey: pair.card, asOf: storeAsOf } });
    }
  }
  // Every value names a record that is one of the customer's identities.
  const keys = new Set(customer.identities.map((i: { system: string; localKey: string }) => `${i.system}:${i.localKey}`));
  for (const list of ['names', 'emails', 'phones', 'postcodes', 'birthDates']) {
    for (const entry of customer.goldenRecord[list]) expect(keys.has(`${entry.source.system}:${entry.source.localKey}`)).toBe(true);
  }
});

it('lists every value when the records disagree, each with its source', async () => {
  // Make a disagreement in this test's own copy: the web account of a store+web customer moves to
  // another postcode (an address is not an identity: the link stays), then resolve again.
  const [pair] = await hub<{ customer_id: string; account: string }>(
    `SELECT s.customer_id::text AS customer_id, e.local_key AS account
       FROM identity_link s JOIN identity_link e ON e.customer_id = s.customer_id AND e.system = 'ecommerce' AND e.unlinked_at IS NULL
       JOIN identity_record r ON r.system = 'store' AND r.local_key = s.local_key AND r.postcode IS NOT NULL
      WHERE s.system = 'store' AND s.unlinked_at IS NULL
      ORDER BY s.customer_id DESC LIMIT 1`,
  );
  const [storePostcode] = await hub<{ postcode: string }>(
    `SELECT r.postcode FROM identity_link l JOIN identity_record r ON r.system = l.system AND r.local_key = l.local_key
      WHERE l.customer_id = $1 AND l.system = 'store' AND l.unlinked_at IS NULL`,
    [pair.customer_id],
  );
  const other = storePostcode.postcode === '13001' ? '69001' : '13001';
  await withDatabase('ecommerce', graph.databases.urls.ecommerce, async (db) => {
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses WHERE customer_id = $1', [Number(pair.account)]);
    if (n > 0) await db.query('UPDATE addresses SET postcode = $2 WHERE customer_id = $1', [Number(pair.account), other]);
    else await db.query(`INSERT INTO addresses (customer_id, kind, line1, line2, postcode, city, country, is_default)
                      VALUES ($1, 'billing', '1 RUE DE LA PAIX', '', $2, 'MARSEILLE', 'FR', true)`, [Number(pair.account), other]);
    await db.query('UPDATE customers SET updated_at = (now() AT TIME ZONE \'UTC\') WHERE id = $1', [Number(pair.account)]);
  });
  await resolveIdentities(graph.databases.urls);
  const customer = await profile(pair.customer_id);
  expect(customer.goldenRecord.conflicts).toContain('postcodes');
  expect(customer.goldenRecord.postcodes).toEqual(
    expect.arrayContaining([
      { value: storePostcode.postcode, source: expect.objectContaining({ system: 'STORE' }) },
      { value: other, source: { system: 'ECOMMERCE', localKey: pair.account } },
    ]),
  );
});

const LIST = `query ($filter: CustomerFilter, $first: Int, $after: String) {
  customers(filter: $filter, first: $first, after: $after) {
    count pageInfo { hasNextPage endCursor } edges { cursor node { id } }
    nodes { id systems household { id } goldenRecord { names { given family } postcodes { value } } }
  }
}`;

async function list(filter: unknown, first?: number, after?: string | null) {
  const answer = await graph.query(LIST, { filter, first, after });
  expect(answer.errors).toBeUndefined();
  return answer.data.customers;
}

it('filters by name in any case and accents, postcode, system and household', async () => {
  const [record] = await hub<{ customer_id: string; family_name: string; postcode: string }>(
    `SELECT l.customer_id::text AS customer_id, r.family_name, r.postcode FROM identity_record r
       JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL
      WHERE r.system = 'store' AND r.family_name IS NOT NULL AND r.postcode IS NOT NULL ORDER BY r.local_key LIMIT 1`,
  );
  const byName = await list({ name: `  ${record.family_name.toUpperCase()} ` }, 100);
  expect(byName.nodes.map((n: { id: string }) => n.id)).toContain(record.customer_id);
  for (const node of byName.nodes) {
    expect(node.goldenRecord.names.some((n: { given: string; family: string }) => [n.given, n.family].includes(record.family_name))).toBe(true);
  }
  const byPostcode = await list({ postcode: record.postcode }, 100);
  expect(byPostcode.nodes.map((n: { id: string }) => n.id)).toContain(record.customer_id);
  for (const node of byPostcode.nodes) expect(node.goldenRecord.postcodes.map((p: { value: string }) => p.value)).toContain(record.postcode);

  const callcentre = await list({ system: 'CALLCENTRE' }, 50);
  expect(callcentre.count).toBeGreaterThan(0);
  for (const node of callcentre.nodes) expect(node.systems).toContain('CALLCENTRE');

  const inHouseholds = await list({ hasHousehold: true }, 50);
  expect(inHouseholds.count).toBeGreaterThan(0);
  for (const node of inHouseholds.nodes) expect(node.household).not.toBeNull();
  for (const node of (await list({ hasHousehold: false }, 50)).nodes) expect(node.household).toBeNull();

  const householdId = inHouseholds.nodes[0].household.id;
  const members = await hub<{ id: string }>(
    'SELECT customer_id::text AS id FROM household_member WHERE household_id = $1 AND left_at IS NULL ORDER BY customer_id',
    [householdId],
  );
  const ofHousehold = await list({ householdId }, 100);
  expect(ofHousehold.nodes.map((n: { id: string }) => n.id)).toEqual(members.map((m) => m.id));
  expect((await list({ householdId: '00000000-0000-4000-8000-000000000000' }, 10)).nodes).toEqual([]);

  const bad = await graph.query(LIST, { filter: { postcode: 'abc' } });
  expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

it('walks the pages without duplicates or skips, and refuses a foreign cursor and an unbounded page', async () => {
  const filter = { system: 'MARKETING' };
  const [{ n }] = await hub<{ n: number }>(
    `SELECT count(*)::int AS n FROM customer c WHERE c.merged_into IS NULL
        AND EXISTS (SELECT 1 FROM identity_link l WHERE l.customer_id = c.id AND l.unlinked_at IS NULL AND l.system = 'marketing')`,
  );
  const expected = (
    await hub<{ id: string }>(
      `SELECT c.id::text AS id FROM customer c WHERE c.merged_into IS NULL
          AND EXISTS (SELECT 1 FROM identity_link l WHERE l.customer_id = c.id AND l.unlinked_at IS NULL AND l.system = 'marketing')
        ORDER BY c.id LIMIT 250`,
    )
  ).map((row) => row.id);
  const seen: string[] = [];
  let after: string | null = null;
  while (seen.length < expected.length) {
    const page = await list(filter, 37, after);
    seen.push(...page.nodes.map((node: { id: string }) => node.id));
    expect(page.edges[page.edges.length - 1].cursor).toBe(page.pageInfo.endCursor);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(seen.slice(0, expected.length)).toEqual(expected);
  expect(new Set(seen).size).toBe(seen.length);
  if (n <= seen.length) expect(seen).toHaveLength(n);

  const foreign = await graph.query(LIST, { first: 5, after: Buffer.from('["x"]').toString('base64url') });
  expect(foreign.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const tooMany = await graph.query(LIST, { first: 1000 });
  expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

it('costs the same number of hub SQL statements for 100 customers as for 10', async () => {
  const query = `query ($first: Int) { customers(first: $first) { nodes { ${PROFILE} } } }`;
  const countFor = (first: number) =>
    statementsDuring(
      async () => {
        const answer = await graph.query(query, { first });
        expect(answer.errors).toBeUndefined();
        expect(answer.data.customers.nodes).toHaveLength(first);
      },
      (database) => database === 'customer',
    );
  const ten = await countFor(10);
  const hundred = await countFor(100);
  console.log(`hub statements: first 10 → ${ten}, first 100 → ${hundred}`);
  expect(ten).toBeGreaterThan(0);
  expect(hundred).toBe(ten);
});

it('answers null for unknown customer ids', async () => {
  for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
    const answer = await graph.query('query ($id: ID!) { customer(id: $id) { id goldenRecord { conflicts } } }', { id });
    expect(answer.data.customer).toBeNull();
  }
});

it('describes every type, field, argument and enum value it adds', async () => {
  const schema = await buildFederatedSchema(customerSubgraph);
  const missing: string[] = [];
  const types = ['Customer', 'IdentityLink', 'IdentityRecordStatus', 'Household', 'HouseholdMember', 'HouseholdRole', 'GoldenRecord',
    'SourcedName', 'SourcedValue', 'ValueSource', 'CustomerFilter', 'CustomerEdge', 'CustomerConnection'];
  for (const name of types) {
    const type = schema.getType(name);
    if (!type) { missing.push(`${name} (absent)`); continue; }
    if (!type.description?.trim()) missing.push(name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (!field.description?.trim()) missing.push(`${name}.${field.name}`);
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${name}.${value.name}`);
  }
  const customers = schema.getQueryType()!.getFields().customers;
  if (!customers.description?.trim()) missing.push('Query.customers');
  for (const arg of customers.args) if (!arg.description?.trim()) missing.push(`Query.customers(${arg.name})`);
  expect(missing).toEqual([]);
});
