// The databases of the project, and how they are created and brought up to date.
// The legacy systems (one per channel of the registry, subgraphs/channels.ts) belong to other
// teams: never altered in production (for development and tests only, an empty one gets its tables
// from the legacy.sql its channel declares); `customer_hub` is ours, migrated forward by `subgraphs/customer/migrations`. Development tools keep databases of
// their own (the data generator's ground truth, in devtools/): the kit does not know them.
import fs from 'node:fs';
import path from 'node:path';
import { Database, openDatabase, withDatabaseName } from './database';
import { migrate } from './migrate';
import { createDeclaredIndexes, IndexDeclaration } from './index-contract';
import { createChangeStreamObjects, legacyTables } from './change-stream-contract';
import { logger } from './logger';

/** A legacy system's name, as a channel's definition declares it (`store`, `ecommerce` …): checked by the registry. */
export type LegacySystem = string;
/** A database the project reads: a legacy system's, or the hub's (`customer`). */
export type DatabaseRole = string;
export const HUB_ROLE = 'customer';

/**
 * Every database of the graph, as the registry of channels declares them (subgraphs/channels.ts
 * `databaseLayout()`): the kit knows no system by name, it is handed this.
 */
export interface DatabaseLayout {
  /** The hub's role first, then every legacy system, in registry order. */
  roles: readonly DatabaseRole[];
  legacySystems: readonly LegacySystem[];
  /** Each role's database name on a development server. */
  databaseNames: Readonly<Record<DatabaseRole, string>>;
  /** The environment variable that points a role at an existing database (`STORE_DATABASE_URL` …). */
  urlVariables: Readonly<Record<DatabaseRole, string>>;
  /** Each legacy system's tables, for development and test databases only. */
  ddlFiles: Readonly<Record<LegacySystem, string>>;
  /**
   * The indexes each system's channel relies on (kit/index-contract.ts): created in development and
   * test databases only (prepareDatabases); elsewhere `npm run db:check` reports them to the DBAs.
   */
  indexes: Readonly<Record<LegacySystem, readonly IndexDeclaration[]>>;
}

/** The environment variable naming a role's database URL, by convention. */
export function databaseUrlVariable(role: DatabaseRole): string {
  return `${role.toUpperCase()}_DATABASE_URL`;
}

/** The project's root: the nearest folder above this module that holds package.json (sources, `dist/`, or a test's own build folder). */
const ROOT = projectRoot(__dirname);

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
  }
}

/** Project-relative path resolution that works from sources (ts-jest) and from `dist/`. */
export function projectPath(...parts: string[]): string {
  return path.join(ROOT, ...parts);
}

/**
 * A file beside a module's source, from sources (ts-jest) and from `dist/` (where only compiled
 * JavaScript is): a channel names its legacy.sql with `besideSource(__dirname, 'legacy.sql')`.
 */
export function besideSource(dirname: string, file: string): string {
  // Compiled code runs from a build folder inside the project (`dist/`, or a test's own): the source
  // file is found by dropping that folder's leading parts until the path exists.
  const relative = path.relative(ROOT, dirname).split(path.sep);
  for (let skip = 0; skip < relative.length; skip += 1) {
    const candidate = path.join(ROOT, ...relative.slice(skip), file);
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.join(dirname, file);
}

/** Connection URLs of every role on one server, with an optional name suffix (per-test copies). */
export function urlsOnServer(layout: DatabaseLayout, adminUrl: string, suffix = ''): Record<DatabaseRole, string> {
  return Object.fromEntries(layout.roles.map((role) => [role, withDatabaseName(adminUrl, layout.databaseNames[role] + suffix)]));
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
 * Development and tests only: gives a legacy database its tables when it has none, with the indexes
 * its channel declares (so that development plans are production-like). A database with any table
 * is left exactly as it is. Returns whether the tables were created.
 */
export async function createLegacyTablesIfEmpty(layout: DatabaseLayout, system: LegacySystem, url: string): Promise<boolean> {
  return withDatabase(system, url, async (db) => {
    const [{ tables }] = await db.query<{ tables: number }>(
      "SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'",
    );
    if (tables > 0) return false;
    await db.withTransaction(async (tx) => {
      await tx.query(fs.readFileSync(layout.ddlFiles[system], 'utf8'));
      await createDeclaredIndexes(tx, layout.indexes[system] ?? []);
    });
    return true;
  });
}

/**
 * Development and tests only (prepareDatabases: servers the project runs itself): the declared
 * indexes a legacy database lacks, created (an equivalent index under another name counts as
 * there). Never called for databases given by *_DATABASE_URL: there `npm run db:check` reports.
 */
export async function createLegacyIndexes(layout: DatabaseLayout, system: LegacySystem, url: string): Promise<string[]> {
  const declarations = layout.indexes[system] ?? [];
  if (declarations.length === 0) return [];
  // No statement timeout: building an index on a large development table (TICKET at 1,000,000
  // people: 7 million rows) takes minutes, and the default 15 s cap failed every command's start.
  return withDatabase(system, url, (db) => createDeclaredIndexes(db, declarations, (name) => logger.info({ system, index: name }, 'creating a declared index (a large table takes minutes)')), {
    statementTimeoutMs: 0,
  });
}

/** What preparing the databases did: databases created, legacy databases given their tables, declared indexes created, hub migrations applied. */
export interface PreparedDatabases {
  createdDatabases: string[];
  createdLegacy: LegacySystem[];
  /** The declared indexes created now, per legacy system (those missing from an existing database too). */
  createdIndexes: Record<LegacySystem, string[]>;
  hubMigrations: string[];
  /** CHANGE_STREAM's systems given their publication and slot now (what was created), when the server's wal_level is logical. */
  createdChangeStreams: Record<LegacySystem, string[]>;
}

export interface PrepareOptions {
  /** CHANGE_STREAM's systems: their publication and slot created when missing, if the server's wal_level is logical (kit/change-stream-contract.ts). */
  changeStream?: readonly LegacySystem[];
}

/**
 * Development and tests (the embedded server, the test cluster: never databases given by URL):
 * every database of the list created when missing, each legacy database given its tables when it
 * has none and the indexes its channel declares when it lacks them, the hub's schema brought up
 * to date.
 */
export async function prepareDatabases(layout: DatabaseLayout, urls: Record<DatabaseRole, string>, options: PrepareOptions = {}): Promise<PreparedDatabases> {
  const createdDatabases: string[] = [];
  for (const role of layout.roles) if (await createDatabaseIfMissing(urls[role])) createdDatabases.push(databaseNameOf(urls[role]));
  const createdLegacy: LegacySystem[] = [];
  const createdIndexes: Record<LegacySystem, string[]> = {};
  for (const system of layout.legacySystems) {
    if (await createLegacyTablesIfEmpty(layout, system, urls[system])) createdLegacy.push(system);
    createdIndexes[system] = await createLegacyIndexes(layout, system, urls[system]);
  }
  const hubMigrations = await migrateHub(urls[HUB_ROLE]);
  const createdChangeStreams: Record<LegacySystem, string[]> = {};
  for (const system of options.changeStream ?? []) {
    const created = await withDatabase(system, urls[system], (db) => createChangeStreamObjects(db, system, legacyTables(layout.ddlFiles[system])));
    if (created === null) logger.warn({ system }, 'CHANGE_STREAM names this system but its server\'s wal_level is not logical: it is polled');
    else createdChangeStreams[system] = created;
  }
  return { createdDatabases, createdLegacy, createdIndexes, hubMigrations, createdChangeStreams };
}

export async function withDatabase<T>(name: string, url: string, work: (db: Database) => Promise<T>, options: { statementTimeoutMs?: number } = {}): Promise<T> {
  const db = openDatabase({ name, url, max: 2, statementTimeoutMs: options.statementTimeoutMs });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
