// Where the databases come from for a command run on a developer's machine (`npm start`,
// `npm run generate`, `npm run identity:resolve` …): the *_DATABASE_URL variables when they are
// all set (real systems: nothing embedded starts), otherwise embedded PostgreSQL in `.data/`.
import { ALL_ROLES, DATABASE_URL_VARIABLES, DatabaseRole, prepareDatabases, projectPath, urlsOnServer } from './databases';
import { startEmbeddedPostgres } from './embedded-postgres';
import { logger } from './logger';

export interface ProvidedDatabases {
  urls: Record<DatabaseRole, string>;
  /** True when embedded PostgreSQL was started (development data may be generated into it). */
  embedded: boolean;
  /** Legacy databases that were just created empty (embedded mode only). */
  createdLegacy: string[];
  stop(): Promise<void>;
}

/**
 * The database URLs the *_DATABASE_URL variables give: all of them (the ground truth is optional: it
 * exists only for generated data), or null when none is set; some but not all is an error naming
 * the missing ones.
 */
export function databaseUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<DatabaseRole, string> | null {
  const required = ALL_ROLES.filter((role) => role !== 'truth');
  const given = required.filter((role) => env[DATABASE_URL_VARIABLES[role]]);
  if (given.length === 0) return null;
  const missing = required.filter((role) => !env[DATABASE_URL_VARIABLES[role]]);
  if (missing.length > 0) {
    throw new Error(
      `Set all database URLs or none: ${missing.map((role) => DATABASE_URL_VARIABLES[role]).join(', ')} missing ` +
        `(${given.map((role) => DATABASE_URL_VARIABLES[role]).join(', ')} set).`,
    );
  }
  return Object.fromEntries(ALL_ROLES.map((role) => [role, env[DATABASE_URL_VARIABLES[role]] ?? ''])) as Record<DatabaseRole, string>;
}

export async function provideDatabases(env: NodeJS.ProcessEnv = process.env): Promise<ProvidedDatabases> {
  const urls = databaseUrlsFromEnv(env);
  if (urls) return { urls, embedded: false, createdLegacy: [], stop: async () => undefined };

  const port = Number(env.EMBEDDED_POSTGRES_PORT ?? 54320);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`EMBEDDED_POSTGRES_PORT must be a TCP port number, got "${env.EMBEDDED_POSTGRES_PORT}"`);
  }
  const postgres = await startEmbeddedPostgres({ dataDir: env.EMBEDDED_POSTGRES_DIR ?? projectPath('.data', 'postgres'), port });
  try {
    const urls = urlsOnServer(postgres.adminUrl);
    const { createdLegacy } = await prepareDatabases(postgres.adminUrl, urls);
    return { urls, embedded: true, createdLegacy, stop: () => postgres.stop() };
  } catch (error) {
    logger.error({ err: (error as Error).message }, 'preparing the embedded databases failed');
    await postgres.stop();
    throw error;
  }
}
