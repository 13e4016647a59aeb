// The README's "Small queries for any page" (issue 15 item 5), run as written: each block is read
// from README.md, sent once through the gateway on real PostgreSQL by the principal its first line
// names (`# as: customer` or `# as: agent`), for a customer of the generated data set known to all
// four systems. A query the schema no longer answers, or one that needs a second request, fails here.
import fs from 'node:fs';
import path from 'node:path';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { customersOfFourSystems } from './support/customers';
import { startTestGraph, TestGraph } from './support/test-graph';

const SECTION = '### Small queries for any page';

interface PageQuery {
  name: string;
  as: 'customer' | 'agent';
  text: string;
}

function readmePageQueries(): PageQuery[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf(`${SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  // The next heading ends it (a query's own `# as:` comment is inside a code block, not a heading).
  const next = readme.slice(start + SECTION.length).search(/\n#{2,3} /);
  const section = readme.slice(start, next < 0 ? undefined : start + SECTION.length + next);
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map(([, text]) => {
    const as = /^# as: (customer|agent)\n/.exec(text)?.[1];
    const name = /query (\w+)/.exec(text)?.[1];
    if (!as || !name) throw new Error(`a page query in the README lacks "# as: customer|agent" or a name:\n${text}`);
    return { name, as: as as PageQuery['as'], text };
  });
}

/** Every field the query selects directly under the customer, as the response must carry it (null or not). */
function selectedCustomerFields(text: string): string[] {
  const body = text.slice(/\b(customer|me) \{/.exec(text)?.index ?? 0);
  const fields: string[] = [];
  let depth = 0;
  for (const token of body.match(/[{}]|\w+(?=[\s({])/g) ?? []) {
    if (token === '{') depth += 1;
    else if (token === '}') depth -= 1;
    else if (depth === 1) fields.push(token);
  }
  return fields;
}

let graph: TestGraph;
let chosen: { id: string; card: string; phone: string };

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  const store = graph.database('store');
  const callcentre = graph.database('callcentre');
  // A customer whose active card and call-centre phone each name them alone (a shared landline
  // would answer with candidates, which the screen pop also shows, but then no customer to check).
  for (const customer of await customersOfFourSystems(graph.database('customer'), callcentre)) {
    const [card] = await store.query<{ card: string }>(
      `SELECT "NUM_CARTE" AS card FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = ANY($1) AND "STATUT" = 'A' ORDER BY 1 LIMIT 1`,
      [customer.links.store],
    );
    const [contact] = await callcentre.query<{ phone: string }>(
      `SELECT phone FROM contacts WHERE contact_id = ANY($1::int[]) AND phone <> '' ORDER BY contact_id LIMIT 1`,
      [customer.links.callcentre.map(Number)],
    );
    if (!card || !contact) continue;
    const found = await graph.query(
      `query ($phone: String!) { customerByIdentifier(kind: PHONE, value: $phone) { customer { id } } }`,
      { phone: contact.phone },
      { as: { role: 'agent', subject: 'agent-pages' }, purpose: 'screen_pop' },
    );
    if (found.data?.customerByIdentifier?.customer?.id !== customer.id) continue;
    chosen = { id: customer.id, card: card.card, phone: contact.phone };
    break;
  }
  if (!chosen) throw new Error('no customer of the data set has an active card and a phone of their own');
});

afterAll(async () => {
  await graph?.stop();
});

const queries = readmePageQueries();

it('the README shows the four surfaces: web account, app, store tablet, call-centre screen', () => {
  expect(queries.map((q) => q.name)).toEqual(['MyAccountPage', 'AppHome', 'StoreTablet', 'ScreenPop']);
});

describe.each(queries.map((q) => [q.name, q] as const))('%s', (_name, query) => {
  it('is answered in one request, for the right customer, without an error, with every field it selects', async () => {
    const who =
      query.as === 'customer'
        ? { as: { role: 'customer' as const, subject: `web-${chosen.id.slice(0, 8)}`, customerId: chosen.id } }
        : { as: { role: 'agent' as const, subject: 'agent-pages' }, purpose: query.name === 'ScreenPop' ? 'screen_pop' : 'store_service' };
    const variables = { card: chosen.card, phone: chosen.phone };
    const used = Object.fromEntries(Object.entries(variables).filter(([name]) => query.text.includes(`$${name}`)));
    const answer = await graph.query(query.text, used, who);

    expect({ status: answer.status, errors: answer.errors }).toEqual({ status: 200, errors: undefined });
    const customer = query.as === 'customer' ? answer.data.me : answer.data.customerByIdentifier.customer;
    expect(customer.id).toBe(chosen.id);
    for (const field of selectedCustomerFields(query.text)) expect(customer).toHaveProperty(field);
    expect(customer.preferences ?? customer.activeLoyaltyAccount).not.toBeNull();
    if ('anticipatedNeeds' in customer) expect(Array.isArray(customer.anticipatedNeeds)).toBe(true);
    if ('suggestedChannel' in customer) expect(customer.suggestedChannel.reason).toEqual(expect.any(String));
    if ('goldenRecord' in customer) expect(customer.goldenRecord.names.length).toBeGreaterThan(0);
  });
});
