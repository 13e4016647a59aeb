// Where the databases come from for a command run on a developer's machine (`npm start`,
// `npm run identity:resolve`, `npm run db:setup` …): the *_DATABASE_URL variables when they are
// all set (real systems: nothing embedded starts), otherwise embedded PostgreSQL in `.data/`.
// Either way the hub's schema is brought up to date before the command runs (kit/migrate.ts).
import { withDatabaseName } from './database';
import {
  createDatabaseIfMissing,
  DatabaseLayout,
  DatabaseRole,
  HUB_ROLE,
  LegacySystem,
  migrateHub,
  prepareDatabases,
  projectPath,
  urlsOnServer,
} from './databases';
import { startEmbeddedPostgres } from './embedded-postgres';
import { readChangeStreamSetting } from './config';
import { logger } from './logger';

export interface ProvidedDatabases {
  urls: Record<DatabaseRole, string>;
  /** True when embedded PostgreSQL was started (development data may be generated into it). */
  embedded: boolean;
  /** The embedded server's maintenance database (development tools keep their own databases there); null otherwise. */
  adminUrl: string | null;
  /** Legacy databases that were just given their tables (embedded mode only). */
  createdLegacy: LegacySystem[];
  /** What providing did to the hub: created now (embedded, or `createHub`), migrations applied now. */
  hub: { created: boolean; migrationsApplied: string[] };
  stop(): Promise<void>;
}

export interface ProvideOptions {
  /** `db:setup`: create the hub database when the server has none (otherwise its absence is an error saying so). */
  createHub?: boolean;
}

/**
 * The database URLs the *_DATABASE_URL variables give: all of them, or null when none is set; some
 * but not all is an error naming the missing ones.
 */
export function databaseUrlsFromEnv(layout: DatabaseLayout, env: NodeJS.ProcessEnv = process.env): Record<DatabaseRole, string> | null {
  const variable = (role: DatabaseRole): string => layout.urlVariables[role];
  const given = layout.roles.filter((role) => env[variable(role)]);
  if (given.length === 0) return null;
  const missing = layout.roles.filter((role) => !env[variable(role)]);
  if (missing.length > 0) {
    throw new Error(
      `Set all database URLs or none: ${missing.map(variable).join(', ')} missing ` + `(${given.map(variable).join(', ')} set).`,
    );
  }
  return Object.fromEntries(layout.roles.map((role) => [role, env[variable(role)]!]));
}

export async function provideDatabases(
  layout: DatabaseLayout,
  env: NodeJS.ProcessEnv = process.env,
  options: ProvideOptions = {},
): Promise<ProvidedDatabases> {
  const urls = databaseUrlsFromEnv(layout, env);
  if (urls) {
    // Real systems: the legacy databases are only read; the hub is ours to create and migrate.
    const created = options.createHub ? await createDatabaseIfMissing(urls[HUB_ROLE]) : false;
    const migrationsApplied = await migrateHub(urls[HUB_ROLE]);
    return { urls, embedded: false, adminUrl: null, createdLegacy: [], hub: { created, migrationsApplied }, stop: async () => undefined };
  }

  const port = Number(env.EMBEDDED_POSTGRES_PORT ?? 54320);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`EMBEDDED_POSTGRES_PORT must be a TCP port number, got "${env.EMBEDDED_POSTGRES_PORT}"`);
  }
  // CHANGE_STREAM on the embedded server: wal_level logical, and each named system's publication and slot.
  const changeStream = readChangeStreamSetting(layout.legacySystems, env);
  const postgres = await startEmbeddedPostgres({
    dataDir: env.EMBEDDED_POSTGRES_DIR ?? projectPath('.data', 'postgres'),
    port,
    logicalDecoding: changeStream.length > 0,
  });
  try {
    const urls = urlsOnServer(layout, postgres.adminUrl);
    const prepared = await prepareDatabases(layout, urls, { changeStream });
    return {
      urls,
      embedded: true,
      adminUrl: withDatabaseName(postgres.adminUrl, 'postgres'),
      createdLegacy: prepared.createdLegacy,
      hub: { created: prepared.createdDatabases.includes(layout.databaseNames[HUB_ROLE]), migrationsApplied: prepared.hubMigrations },
      stop: () => postgres.stop(),
    };
  } catch (error) {
    logger.error({ err: (error as Error).message }, 'preparing the embedded databases failed');
    await postgres.stop();
    throw error;
  }
}
