// Issue 10's proof that a channel is a plug-in: a throwaway sixth system (a mobile app with its own
// accounts and sessions, test/fixtures/mobileapp/) is registered with one line — the registry as
// subgraphs/index.ts would list it — and nothing else changes. Its database is created with its
// tables, the graph composes with it, an app account is linked to the customer who shares its
// e-mail, its sessions are journaled on the channel it declares, and the gateway serves its field,
// its history records and its record key.
import { registry } from '../subgraphs/channels';
import { composeSupergraph } from '../schema/compose';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../subgraphs/customer/journal/ingest';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph } from './support/test-graph';

// The one registry line: the same list as subgraphs/index.ts, plus the sixth channel.
jest.mock('../subgraphs/index', () => {
  const actual = jest.requireActual('../subgraphs/index');
  const { mobileappSubgraph } = jest.requireActual('./fixtures/mobileapp/server');
  return { ...actual, subgraphDefinitions: () => [...actual.subgraphDefinitions(), mobileappSubgraph] };
});

let graph: TestGraph;
let customerId: string;
let email: string;
let userId: string;

beforeAll(async () => {
  graph = await startTestGraph({ supergraphSdl: await composeSupergraph() });
  const { urls } = graph.databases;
  await resolveIdentities(urls);
  // A customer known by one e-mail address that no one else has, on a web account.
  [{ customer_id: customerId, value: email }] = await withDatabase('hub', urls.customer, (hub) =>
    hub.query<{ customer_id: string; value: string }>(
      `SELECT l.customer_id, i.value
         FROM identity_identifier i
         JOIN identity_link l ON l.system = i.system AND l.local_key = i.local_key AND l.unlinked_at IS NULL
        WHERE i.kind = 'email' AND i.system = 'ecommerce'
          AND (SELECT count(DISTINCT l2.customer_id) FROM identity_identifier i2
                 JOIN identity_link l2 ON l2.system = i2.system AND l2.local_key = i2.local_key AND l2.unlinked_at IS NULL
                WHERE i2.kind = 'email' AND i2.value = i.value) = 1
        ORDER BY l.customer_id LIMIT 1`,
    ),
  );
  // The app's own rows, written the way its application would, the e-mail in another spelling.
  [{ user_id: userId }] = await withDatabase('mobileapp', urls.mobileapp, async (app) => {
    const users = await app.query<{ user_id: string }>(
      "INSERT INTO app_user (email, first_name, last_name) VALUES ($1, NULL, NULL) RETURNING user_id::text",
      [`  ${email.toUpperCase()} `],
    );
    await app.query(
      `INSERT INTO app_session (user_id, started_at, screen) VALUES ($1, now() - interval '2 hours', 'home'), ($1, now() - interval '1 hour', 'offers')`,
      [users[0].user_id],
    );
    return users;
  });
}, 180_000);

afterAll(async () => {
  await graph?.stop();
});

test('the registry holds the sixth channel: its database, its feed, its record type, its identifier kind', () => {
  const { legacySystems, databases, touchpointFeeds, recordTypes, subgraphNames } = registry();
  // Whatever the registry lists, the sixth channel comes after it, in the order registered.
  expect(legacySystems.at(-1)).toBe('mobileapp');
  expect(legacySystems).toEqual(expect.arrayContaining(['store', 'ecommerce', 'callcentre', 'marketing']));
  expect(subgraphNames).toContain('mobileapp');
  expect(databases.urlVariables.mobileapp).toBe('MOBILEAPP_DATABASE_URL');
  expect(databases.databaseNames.mobileapp).toBe('mobileapp_legacy');
  expect(touchpointFeeds.map((feed) => feed.name)).toContain('mobileapp.sessions');
  expect(recordTypes.find((record) => record.recordType === 'AppSession')?.subgraph).toBe('mobileapp');
});

test('its database was created with its tables, like db:setup would', async () => {
  const tables = await withDatabase('mobileapp', graph.databases.urls.mobileapp, (app) =>
    app.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"),
  );
  expect(tables.map((row) => row.table_name)).toEqual(['app_session', 'app_user']);
});

test('the supergraph composes with it: its field, its record type in the history, its system and channel in the enums', async () => {
  const sdl = await composeSupergraph();
  expect(sdl).toMatch(/appSessions\(/);
  expect(sdl).toMatch(/union TouchpointRecord[\s\S]*= [^\n]*AppSession/);
  expect(sdl).toMatch(/enum LegacySystem[\s\S]*?MOBILEAPP[\s\S]*?\n}/);
  expect(sdl).toMatch(/enum Channel[\s\S]*?APP @join__enumValue[\s\S]*?\n}/);
  expect(sdl).toMatch(/enum IdentifierKind[\s\S]*?APP_ACCOUNT[\s\S]*?\n}/);
});

test('an app account is linked to the customer who shares its e-mail, and the journal takes its sessions', async () => {
  const { urls } = graph.databases;
  await resolveIdentities(urls);
  const [link] = await withDatabase('hub', urls.customer, (hub) =>
    hub.query<{ customer_id: string; rule: string }>(
      "SELECT customer_id, rule FROM identity_link WHERE system = 'mobileapp' AND local_key = $1 AND unlinked_at IS NULL",
      [userId],
    ),
  );
  expect(link).toEqual({ customer_id: customerId, rule: 'email' });

  const report = await ingestTouchpoints(urls);
  expect(report.byFeed['mobileapp.sessions'].inserted).toBe(2);

  const { data, errors } = await graph.query(
    `query ($id: ID!, $key: String!) {
       customer(id: $id) {
         systems
         appSessions(first: 5) { nodes { screen } }
         history(first: 50, channels: [APP]) { nodes { channel recordType record { ... on AppSession { screen } } } }
       }
       customerByIdentifier(kind: APP_ACCOUNT, value: $key) { customer { id } }
     }`,
    { id: customerId, key: ` 0${userId} ` },
  );
  expect(errors).toBeUndefined();
  expect(data.customer.systems).toContain('MOBILEAPP');
  expect(data.customer.appSessions.nodes).toEqual([{ screen: 'offers' }, { screen: 'home' }]);
  expect(data.customer.history.nodes).toEqual([
    { channel: 'APP', recordType: 'AppSession', record: { screen: 'offers' } },
    { channel: 'APP', recordType: 'AppSession', record: { screen: 'home' } },
  ]);
  expect(data.customerByIdentifier.customer.id).toBe(customerId);
});
