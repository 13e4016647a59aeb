// "You know me, whatever the channel" — also for someone who signed up a minute ago: a record
// written into a legacy table while the graph runs is found by customerByIdentifier, through the
// gateway, within 5 seconds (the same watcher `npm start` runs).
import { IdentityWatcher, resolveIdentities, watchIdentities } from '../subgraphs/customer/identity/resolve';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let watcher: IdentityWatcher;

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  watcher = watchIdentities(graph.databases.urls, { intervalMs: 1000 });
});

afterAll(async () => {
  await watcher?.stop();
  await graph?.stop();
});

const LOOKUP = 'query ($value: String!) { customerByIdentifier(kind: EMAIL, value: $value) { customer { id } } }';

it('finds a web account created while the graph runs within 5 seconds', async () => {
  const email = 'Nouvelle.Cliente@Example.fr';
  const before = await graph.query(LOOKUP, { value: email });
  expect(before.data.customerByIdentifier.customer).toBeNull();

  // Written the way the web shop writes it: its own columns, UTC timestamps, no hub involved.
  await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
    db.query(
      `INSERT INTO customers (email, password_hash, first_name, last_name, phone, newsletter, created_at, updated_at)
       VALUES ($1, 'x', 'Léa', 'Nouvelle', NULL, false, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')`,
      [` ${email} `],
    ),
  );
  const written = Date.now();
  let found: { id: string } | null = null;
  while (!found && Date.now() - written < 5000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    found = (await graph.query(LOOKUP, { value: email.toLowerCase() })).data.customerByIdentifier.customer;
  }
  const seconds = (Date.now() - written) / 1000;
  expect(found).not.toBeNull();
  expect(seconds).toBeLessThan(5);
});
