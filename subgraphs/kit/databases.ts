// The databases of the project, and how they are created and brought up to date.
// Four legacy systems belong to other teams: never altered in production (for development and
// tests only, an empty one gets its tables from `subgraphs/<system>/legacy.sql`); `customer_hub`
// is ours, migrated forward by `subgraphs/customer/migrations`. Development tools keep databases of
// their own (the data generator's ground truth, in devtools/): the kit does not know them.
import fs from 'node:fs';
import path from 'node:path';
import { Database, openDatabase, withDatabaseName } from './database';
import { migrate } from './migrate';

export const LEGACY_SYSTEMS = ['store', 'ecommerce', 'callcentre', 'marketing'] as const;
export type LegacySystem = (typeof LEGACY_SYSTEMS)[number];
export type DatabaseRole = LegacySystem | 'customer';

export const DATABASE_NAMES: Record<DatabaseRole, string> = {
  store: 'store_legacy',
  ecommerce: 'ecommerce_legacy',
  callcentre: 'callcentre_legacy',
  marketing: 'marketing_legacy',
  customer: 'customer_hub',
};

/** The environment variable that points a role at an existing database. */
export const DATABASE_URL_VARIABLES: Record<DatabaseRole, string> = {
  store: 'STORE_DATABASE_URL',
  ecommerce: 'ECOMMERCE_DATABASE_URL',
  callcentre: 'CALLCENTRE_DATABASE_URL',
  marketing: 'MARKETING_DATABASE_URL',
  customer: 'CUSTOMER_DATABASE_URL',
};

export const ALL_ROLES = Object.keys(DATABASE_NAMES) as DatabaseRole[];

const ROOT = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

/** Project-relative path resolution that works from sources (ts-jest) and from `dist/`. */
export function projectPath(...parts: string[]): string {
  return path.join(ROOT, ...parts);
}

export function legacyDdl(system: LegacySystem): string {
  return fs.readFileSync(projectPath('subgraphs', system, 'legacy.sql'), 'utf8');
}

/** Connection URLs of every role on one server, with an optional name suffix (per-test copies). */
export function urlsOnServer(adminUrl: string, suffix = ''): Record<DatabaseRole, string> {
  return Object.fromEntries(
    ALL_ROLES.map((role) => [role, withDatabaseName(adminUrl, DATABASE_NAMES[role] + suffix)]),
  ) as Record<DatabaseRole, string>;
}

/** The database a connection URL names. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** The server a connection URL names, for messages (never the user or password). */
function serverOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}`;
}

/** PostgreSQL's SQLSTATE of a failed statement or connection, when it has one. */
function sqlState(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';

/**
 * Creates the database a URL names when the server has none of that name, through the server's
 * maintenance database `postgres` with the same credentials. Returns true when it created it.
 * An existing database is never touched.
 */
export async function createDatabaseIfMissing(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  try {
    await withDatabase(name, url, (db) => db.query('SELECT 1'));
    return false;
  } catch (error) {
    if (sqlState(error) !== INVALID_CATALOG_NAME) {
      throw new Error(`cannot reach database ${name} on ${serverOf(url)}: ${(error as Error).message}`);
    }
  }
  try {
    await withDatabase('admin', withDatabaseName(url, 'postgres'), (admin) =>
      // An identifier cannot be a parameter: quoted, with any quote doubled.
      admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`),
    );
    return true;
  } catch (error) {
    if (sqlState(error) === DUPLICATE_DATABASE) return false; // created meanwhile by another process
    throw new Error(
      `cannot create database ${name} on ${serverOf(url)} (${(error as Error).message}): ` +
        'create it by hand, or give the role CREATEDB and access to the database "postgres"',
    );
  }
}

/**
 * Brings the hub's schema up to date (idempotent, safe for processes starting at once: kit/migrate.ts).
 * Returns the migrations applied now. A missing hub database is said with what to run.
 */
export async function migrateHub(url: string): Promise<string[]> {
  try {
    return await withDatabase('customer', url, (db) => migrate(db, projectPath('subgraphs', 'customer', 'migrations')));
  } catch (error) {
    if (sqlState(error) === INVALID_CATALOG_NAME) {
      throw new Error(`the hub database ${databaseNameOf(url)} does not exist on ${serverOf(url)}: "npm run db:setup" creates and migrates it`);
    }
    throw error;
  }
}

/**
 * Development and tests only: gives a legacy database its tables when it has none. A database
 * with any table is left exactly as it is. Returns whether the tables were created.
 */
export async function createLegacyTablesIfEmpty(system: LegacySystem, url: string): Promise<boolean> {
  return withDatabase(system, url, async (db) => {
    const [{ tables }] = await db.query<{ tables: number }>(
      "SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'",
    );
    if (tables > 0) return false;
    await db.withTransaction((tx) => tx.query(legacyDdl(system)));
    return true;
  });
}

/** What preparing the databases did: databases created, legacy databases given their tables, hub migrations applied. */
export interface PreparedDatabases {
  createdDatabases: string[];
  createdLegacy: LegacySystem[];
  hubMigrations: string[];
}

/**
 * Development and tests: every database of the list created when missing, each legacy database
 * given its tables when it has none, the hub's schema brought up to date.
 */
export async function prepareDatabases(urls: Record<DatabaseRole, string>): Promise<PreparedDatabases> {
  const createdDatabases: string[] = [];
  for (const role of ALL_ROLES) if (await createDatabaseIfMissing(urls[role])) createdDatabases.push(databaseNameOf(urls[role]));
  const createdLegacy: LegacySystem[] = [];
  for (const system of LEGACY_SYSTEMS) if (await createLegacyTablesIfEmpty(system, urls[system])) createdLegacy.push(system);
  const hubMigrations = await migrateHub(urls.customer);
  return { createdDatabases, createdLegacy, hubMigrations };
}

export async function withDatabase<T>(name: string, url: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = openDatabase({ name, url, max: 2 });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
