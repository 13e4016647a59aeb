// `npm run db:setup` against an empty "external" PostgreSQL: the test cluster, with database names
// of this file's own that do not exist yet, reached only through the *_DATABASE_URL variables (as a
// real server would be). The command's own code path (arguments, databases, run), then the graph
// started on those URLs answers; re-running changes nothing; a legacy database that already holds
// tables is never altered.
import { randomBytes, randomUUID } from 'node:crypto';
import { RunningGraph, startGraph } from '../gateway/graph';
import { signDevelopmentToken } from '../gateway/dev-tokens';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { UsageError } from '../subgraphs/kit/command';
import { readGatewayConfig } from '../subgraphs/kit/config';
import { createDatabaseIfMissing, migrateHub, withDatabase } from '../subgraphs/kit/databases';
import { registry } from '../subgraphs/channels';
import { TRUTH_URL_VARIABLE } from '../devtools/data/ground-truth';
import { developmentDatabaseNames, developmentUrlsOnServer, DevelopmentUrls } from '../devtools/databases';
import { dbSetupCommand, parseSetupArguments } from '../devtools/db-setup';
import { readTestCluster } from './support/test-cluster';
import { PRIVACY_OFFICER, testAuthConfig } from './support/test-graph';

const cluster = readTestCluster();
const suffixes: string[] = [];

/** URLs of databases that do not exist yet on the test cluster. */
function freshUrls(): DevelopmentUrls {
  const suffix = `_s${randomBytes(4).toString('hex')}`;
  suffixes.push(suffix);
  return developmentUrlsOnServer(cluster.adminUrl, suffix);
}

/** The environment of a machine pointed at an external server. */
function externalEnv(urls: DevelopmentUrls, withTruth = true): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test' };
  for (const role of registry().databases.roles) env[registry().databases.urlVariables[role]] = urls[role];
  if (withTruth) env[TRUTH_URL_VARIABLE] = urls.truth;
  return env;
}

/** `npm run db:setup -- <args>` as the CLI runs it (kit/command.ts: parse, databases, run, stop); its printed lines. */
async function dbSetup(env: NodeJS.ProcessEnv, args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const command = dbSetupCommand(env, (line) => lines.push(line));
  const options = command.parse(args);
  const databases = await command.databases!(options);
  try {
    await command.run(databases, options);
  } finally {
    await databases.stop();
  }
  return lines;
}

async function existingDatabases(urls: DevelopmentUrls): Promise<string[]> {
  const names = Object.values(urls).map((url) => new URL(url).pathname.slice(1));
  return withDatabase('admin', cluster.adminUrl, async (admin) =>
    (await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = ANY($1) ORDER BY 1', [names])).map((row) => row.datname),
  );
}

afterAll(async () => {
  await withDatabase('admin', cluster.adminUrl, async (admin) => {
    for (const suffix of suffixes) {
      for (const name of developmentDatabaseNames()) await admin.query(`DROP DATABASE IF EXISTS ${name}${suffix} WITH (FORCE)`);
    }
  });
});

describe('db:setup on an empty external server', () => {
  const urls = freshUrls();
  const env = externalEnv(urls);
  let graph: RunningGraph | undefined;

  afterAll(async () => {
    await graph?.stop();
  });

  it('creates the hub, the legacy databases with their tables, the ground truth and a data set; then the graph answers', async () => {
    expect(await existingDatabases(urls)).toEqual([]);
    const lines = await dbSetup(env, ['--legacy', '--generate', '30']);
    const name = (url: string): string => new URL(url).pathname.slice(1);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${name(urls.customer)}: created, migrated \\(001_customer\\.sql, .*\\)$`)),
      `${name(urls.store)}: created, tables created (subgraphs/store/legacy.sql)`,
      `${name(urls.ecommerce)}: created, tables created (subgraphs/ecommerce/legacy.sql)`,
      `${name(urls.callcentre)}: created, tables created (subgraphs/callcentre/legacy.sql)`,
      `${name(urls.marketing)}: created, tables created (subgraphs/marketing/legacy.sql)`,
      `${name(urls.truth)}: ready`,
      expect.stringMatching(/^generated \d+ rows for 30 people \(seed 42\) in [\d.]+ s$/),
    ]);
    expect(await existingDatabases(urls)).toHaveLength(6);

    // npm start on these URLs: identities resolved on first start, then the graph (gateway/graph.ts).
    const report = await resolveIdentities(urls);
    expect(report.customers).toBeGreaterThan(0);
    const [{ id }] = await withDatabase('customer', urls.customer, (db) => db.query<{ id: string }>('SELECT id FROM customer ORDER BY id LIMIT 1'));
    const auth = testAuthConfig();
    graph = await startGraph({
      databaseUrls: urls,
      signing: { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 },
      auth,
      gateway: { ...readGatewayConfig({}), port: 0 },
    });
    const token = await signDevelopmentToken(auth.devSecret!, auth, PRIVACY_OFFICER);
    const response = await fetch(graph.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ known: customer(id: "${id}") { id } unknown: customer(id: "${randomUUID()}") { id } }` }),
    });
    expect(await response.json()).toEqual({ data: { known: { id }, unknown: null } });
  });

  it('changes nothing when run again', async () => {
    const count = (): Promise<number> =>
      withDatabase('store', urls.store, async (db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "CARTE_FIDELITE"'))[0].n);
    const before = await count();
    const lines = await dbSetup(env, ['--legacy', '--generate', '30']);
    expect(lines[0]).toMatch(/: schema up to date$/);
    expect(lines.slice(1, 5)).toEqual(legacyNames(urls).map((name) => `${name}: has tables already: left as it is`));
    expect(lines.slice(5)).toEqual([expect.stringMatching(/: ready$/), 'legacy data: already there, nothing generated']);
    expect(await count()).toBe(before);
  });
});

function legacyNames(urls: DevelopmentUrls): string[] {
  return [urls.store, urls.ecommerce, urls.callcentre, urls.marketing].map((url) => new URL(url).pathname.slice(1));
}

describe('db:setup never alters a legacy database that has tables', () => {
  it('leaves a database of another shape as it is, and refuses to generate into it', async () => {
    const urls = freshUrls();
    const store = new URL(urls.store).pathname.slice(1);
    await withDatabase('admin', cluster.adminUrl, (admin) => admin.query(`CREATE DATABASE ${store}`));
    await withDatabase('store', urls.store, (db) => db.query('CREATE TABLE till_export (line text); INSERT INTO till_export VALUES ($$kept$$)'));

    const lines = await dbSetup(externalEnv(urls), ['--legacy']);
    expect(lines).toContain(`${store}: has tables already: left as it is`);
    const tables = await withDatabase('store', urls.store, (db) =>
      db.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"),
    );
    expect(tables).toEqual([{ name: 'till_export' }]);

    await expect(dbSetup(externalEnv(urls), ['--generate', '5'])).rejects.toThrow(`cannot generate: ${store} has tables, but not those of subgraphs/store/legacy.sql`);
  });

  it('without a ground truth URL, refuses to generate before creating anything', async () => {
    const urls = freshUrls();
    await expect(dbSetup(externalEnv(urls, false), ['--generate', '5'])).rejects.toThrow(`--generate needs ${TRUTH_URL_VARIABLE} too`);
    expect(await existingDatabases(urls)).toEqual([]);
  });
});

describe('the hub migration on start', () => {
  it('runs each migration once when processes start at once on an empty hub', async () => {
    const { customer } = freshUrls();
    expect(await createDatabaseIfMissing(customer)).toBe(true);
    expect(await createDatabaseIfMissing(customer)).toBe(false);
    const runs = await Promise.all([migrateHub(customer), migrateHub(customer), migrateHub(customer)]);
    const applied = await withDatabase('customer', customer, (db) => db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name'));
    expect(runs.flat().sort()).toEqual(applied.map((row) => row.name));
    expect(applied.length).toBeGreaterThan(5);
  });

  it('says what to run when the hub database does not exist', async () => {
    await expect(migrateHub(freshUrls().customer)).rejects.toThrow(/does not exist on 127\.0\.0\.1:\d+: "npm run db:setup" creates and migrates it/);
  });
});

describe('db:setup arguments', () => {
  it('takes --legacy, --generate N (implies --legacy; 0: none) and --seed', () => {
    expect(parseSetupArguments([], {})).toEqual({ legacy: false, generate: 0, seed: 42 });
    expect(parseSetupArguments(['--legacy'], {})).toEqual({ legacy: true, generate: 0, seed: 42 });
    expect(parseSetupArguments(['--generate', '0'], {})).toEqual({ legacy: false, generate: 0, seed: 42 });
    expect(parseSetupArguments(['--generate=200', '--seed', '7'], {})).toEqual({ legacy: true, generate: 200, seed: 7 });
  });

  it('refuses what it does not understand, and the development flags in production', () => {
    expect(() => parseSetupArguments(['--everything'], {})).toThrow(UsageError);
    expect(() => parseSetupArguments(['--generate'], {})).toThrow('--generate needs an integer');
    expect(() => parseSetupArguments(['--generate', 'many'], {})).toThrow('got "many"');
    expect(() => parseSetupArguments(['--legacy'], { NODE_ENV: 'production' })).toThrow(/for development/);
    expect(parseSetupArguments([], { NODE_ENV: 'production' })).toEqual({ legacy: false, generate: 0, seed: 42 });
  });
});
