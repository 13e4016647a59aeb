// What pg really reports when a legacy database is out of reach — its server gone, its database
// closed to connections, its backends terminated, a host that never answers — must reach clients as
// UPSTREAM_UNAVAILABLE naming the system, never as "Internal error" (subgraphs/kit/errors.ts).
// Each error here is produced by a real connection attempt on the test cluster, not made up.
import net from 'node:net';
import { GraphQLError } from 'graphql';
import { Database, openDatabase, withDatabaseName } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { formatSubgraphError, isUnavailable } from '../subgraphs/kit/errors';
import { createTestDatabases, TestDatabases } from './support/test-databases';

let databases: TestDatabases;
const opened: Database[] = [];
const silent: net.Server[] = [];

beforeAll(async () => {
  databases = await createTestDatabases();
});

afterAll(async () => {
  await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
  for (const server of silent) server.close();
  await databases?.drop();
});

function open(url: string, connectionTimeoutMs?: number): Database {
  const db = openDatabase({ name: 'store', url, connectionTimeoutMs });
  opened.push(db);
  return db;
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

/** What a client receives for this error, as the store subgraph formats it. */
function asClientSees(error: unknown) {
  const wrapped = new GraphQLError('failed', { originalError: error as Error, path: ['customer', 'receipts'] });
  return formatSubgraphError('store')({ message: wrapped.message, path: wrapped.path }, wrapped);
}

const UNAVAILABLE = {
  message: 'The store system is unavailable',
  path: ['customer', 'receipts'],
  extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'store' },
};

/** A port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port that accepts connections and never answers (a host behind a dropped route). */
async function silentPort(): Promise<number> {
  const server = net.createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  silent.push(server);
  return (server.address() as net.AddressInfo).port;
}

function onPort(url: string, port: number, host = '127.0.0.1'): string {
  const parsed = new URL(url);
  parsed.hostname = host;
  parsed.port = String(port);
  return parsed.toString();
}

it('a server that is not running (ECONNREFUSED), by address and by host name', async () => {
  const port = await closedPort();
  for (const host of ['127.0.0.1', 'localhost']) {
    const error = await failure(open(onPort(databases.urls.store, port, host)).query('SELECT 1'));
    expect(isUnavailable(error)).toBe(true);
    expect(asClientSees(error)).toEqual(UNAVAILABLE);
  }
});

it('a database closed to connections, whose sessions are terminated (57P01 mid-transaction, 55000 on reconnect)', async () => {
  const db = open(databases.urls.store);
  await db.query('SELECT 1');
  const name = new URL(databases.urls.store).pathname.slice(1);
  const closeAndTerminate = () =>
    withDatabase('admin', databases.adminUrl, async (admin) => {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    });
  try {
    // A session cut while it works: pg reports 57P01, or the connection's end, depending on timing.
    const cut = await failure(
      db.withTransaction(async (tx) => {
        await tx.query('SELECT 1');
        await closeAndTerminate();
        await tx.query('SELECT pg_sleep(0.2)');
      }),
    );
    expect(asClientSees(cut)).toEqual(UNAVAILABLE);
    const refused = await failure(db.query('SELECT 1'));
    expect((refused as { code?: string }).code).toBe('55000');
    expect(asClientSees(refused)).toEqual(UNAVAILABLE);
    await expect(db.ping(1000)).rejects.toThrow(/not currently accepting connections/);
  } finally {
    await withDatabase('admin', databases.adminUrl, (admin) => admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
  }
  await expect(db.ping(1000)).resolves.toBeUndefined();
});

it('a database that no longer exists (3D000)', async () => {
  const error = await failure(open(withDatabaseName(databases.urls.store, 'store_legacy_gone')).query('SELECT 1'));
  expect(asClientSees(error)).toEqual(UNAVAILABLE);
});

it('a host that accepts the connection and never answers: the connect timeout, and a ping that gives up sooner', async () => {
  const url = onPort(databases.urls.store, await silentPort());
  const error = await failure(open(url, 300).query('SELECT 1'));
  expect((error as Error).message).toMatch(/timeout/);
  expect(asClientSees(error)).toEqual(UNAVAILABLE);
  const started = Date.now();
  await expect(open(url, 5000).ping(200)).rejects.toThrow('no answer within 200 ms');
  expect(Date.now() - started).toBeLessThan(2000);
});

it('errors found only in a cause or among several attempts; a failing statement stays internal', async () => {
  expect(isUnavailable(new Error('request failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe(true);
  expect(isUnavailable(Object.assign(new AggregateError([Object.assign(new Error(''), { code: 'ECONNREFUSED' })], ''), {}))).toBe(true);
  expect(isUnavailable(new Error('timeout expired'))).toBe(true);
  const missingTable = await failure(open(databases.urls.store).query('SELECT * FROM no_such_table'));
  expect(isUnavailable(missingTable)).toBe(false);
  expect(asClientSees(missingTable)).toEqual({ message: 'Internal error', path: ['customer', 'receipts'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
});
