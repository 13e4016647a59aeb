// The databases of the project, and how development and test copies of them are made.
// Four legacy systems belong to other teams (never altered in production: we only create them
// here, empty, for development and tests); `customer_hub` is ours; `ground_truth` holds the data
// generator's answer key (which records are one person), read only by scoring and tests.
import fs from 'node:fs';
import path from 'node:path';
import { Database, openDatabase, withDatabaseName } from './database';
import { migrate } from './migrate';

export const LEGACY_SYSTEMS = ['store', 'ecommerce', 'callcentre', 'marketing'] as const;
export type LegacySystem = (typeof LEGACY_SYSTEMS)[number];
export type DatabaseRole = LegacySystem | 'customer' | 'truth';

export const DATABASE_NAMES: Record<DatabaseRole, string> = {
  store: 'store_legacy',
  ecommerce: 'ecommerce_legacy',
  callcentre: 'callcentre_legacy',
  marketing: 'marketing_legacy',
  customer: 'customer_hub',
  truth: 'ground_truth',
};

/** The environment variable that points a role at an existing database. */
export const DATABASE_URL_VARIABLES: Record<DatabaseRole, string> = {
  store: 'STORE_DATABASE_URL',
  ecommerce: 'ECOMMERCE_DATABASE_URL',
  callcentre: 'CALLCENTRE_DATABASE_URL',
  marketing: 'MARKETING_DATABASE_URL',
  customer: 'CUSTOMER_DATABASE_URL',
  truth: 'GROUND_TRUTH_DATABASE_URL',
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

/**
 * Creates any missing database of the list on the server behind `adminUrl`, then gives each legacy
 * database its tables (only when it has none: development and tests only) and brings the hub's
 * schema up to date. Returns which legacy databases were created empty.
 */
export async function prepareDatabases(
  adminUrl: string,
  urls: Record<DatabaseRole, string>,
): Promise<{ createdLegacy: LegacySystem[] }> {
  const admin = openDatabase({ name: 'admin', url: adminUrl, max: 1 });
  try {
    const wanted = ALL_ROLES.map((role) => new URL(urls[role]).pathname.slice(1));
    const existing = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = ANY($1)', [wanted]);
    for (const name of wanted) {
      if (existing.some((row) => row.datname === name)) continue;
      // Identifiers cannot be parameters: the names come from our own constant list, checked here.
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing to create database with unsafe name ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.close();
  }

  const createdLegacy: LegacySystem[] = [];
  for (const system of LEGACY_SYSTEMS) {
    const db = openDatabase({ name: system, url: urls[system], max: 1 });
    try {
      const [{ tables }] = await db.query<{ tables: number }>(
        "SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'",
      );
      if (tables === 0) {
        await db.withTransaction((tx) => tx.query(legacyDdl(system)));
        createdLegacy.push(system);
      }
    } finally {
      await db.close();
    }
  }
  await withDatabase('customer', urls.customer, (db) => migrate(db, projectPath('subgraphs', 'customer', 'migrations')));
  await withDatabase('truth', urls.truth, (db) => migrate(db, projectPath('test', 'data', 'truth-migrations')));
  return { createdLegacy };
}

export async function withDatabase<T>(name: string, url: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = openDatabase({ name, url, max: 2 });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
