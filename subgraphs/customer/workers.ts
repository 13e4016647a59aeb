// `npm run start:workers`: the hub's background loops (identities and the shared history, see
// watchers.ts) as their own process, for the separate-process layout (start:subgraph /
// start:gateway, docker-compose.yml), where nothing else runs them. Needs the four legacy
// databases' and the hub's URLs (*_DATABASE_URL). Brings the hub's schema up to date first
// (idempotent; safe beside another process doing the same: kit/migrate.ts), so a new release's
// migrations apply when its workers start. Logs counts only, never personal data.
import 'reflect-metadata';
import { onShutdown } from '../kit/shutdown';
import { ConfigError, readChangeStreamSetting, readReadModelSetting } from '../kit/config';
import { DatabaseRole, HUB_ROLE, migrateHub } from '../kit/databases';
import { registry } from '../channels';
import { databaseUrlsFromEnv } from '../kit/provide-databases';
import { logger } from '../kit/logger';
import { startWatchers, WATCH_INTERVAL_MS } from './watchers';

/** The URLs the loops read and write: the four legacy databases and the hub, all required. */
export function readWorkerUrls(env: NodeJS.ProcessEnv = process.env): Record<DatabaseRole, string> {
  const urls = databaseUrlsFromEnv(registry().databases, env);
  if (!urls) throw new ConfigError("start:workers needs the hub's and the legacy databases' URLs (*_DATABASE_URL, see .env.example)");
  return urls;
}

async function main(): Promise<void> {
  const urls = readWorkerUrls();
  const applied = await migrateHub(urls[HUB_ROLE]);
  if (applied.length > 0) logger.info({ migrations: applied }, 'hub migrated');
  const watchers = startWatchers(urls, WATCH_INTERVAL_MS, { readModels: readReadModelSetting(), changeStream: readChangeStreamSetting(registry().legacySystems) });
  logger.info({ intervalMs: WATCH_INTERVAL_MS }, 'hub workers running: identities, journal and consent');
  onShutdown(() => watchers.stop());
}

main().catch((error: unknown) => {
  console.error(`start:workers: ${(error as Error).message}`);
  process.exit(1);
});
