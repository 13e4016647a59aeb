// The outbox worker that applies privacy requests (erasures, restrictions, exports), started beside the
// hub's other loops (watchers.ts). It opens the hub and every legacy database of the registry from
// their URLs; a step runs when its system's channel declares eraseRecords. A legacy database that
// refuses connections leaves its steps pending, retried with backoff, and done when it returns.
import { openDatabase, Database } from '../../kit/database';
import { DatabaseRole, HUB_ROLE } from '../../kit/databases';
import { registry } from '../../channels';
import { OutboxWorker, OutboxWorkerOptions, runOutbox } from '../outbox/outbox';
import { privacyHandlers, privacyScrub } from './erasure';
import { EXPORT_KIND, exportHandlers } from '../export/export.handlers';
import { contactHandlers, contactScrub } from '../contact/contact';
import { preferenceHandlers, preferenceScrub } from '../preferences/preferences';

export interface PrivacyWorker extends OutboxWorker {
  stop(): Promise<void>;
}

export function startPrivacyWorker(
  urls: Record<DatabaseRole, string>,
  options: Partial<Omit<OutboxWorkerOptions, 'hubDb' | 'databases' | 'handlers'>> = {},
): PrivacyWorker {
  const hub = openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE], max: 4 });
  const databases: Record<string, Database> = { [HUB_ROLE]: hub };
  for (const system of registry().legacySystems) {
    // Small pools: the legacy systems belong to other teams. A short connect timeout: a system down
    // fails its step fast, which is then retried with backoff.
    if (urls[system]) databases[system] = openDatabase({ name: system, url: urls[system], max: 2, connectionTimeoutMs: 3000 });
  }
  const worker = runOutbox({ ...options, hubDb: hub, databases, handlers: { ...privacyHandlers(), [EXPORT_KIND]: exportHandlers(hub), ...contactHandlers(), ...preferenceHandlers() }, scrub: { ...privacyScrub, ...contactScrub, ...preferenceScrub, ...options.scrub } });
  return {
    owner: worker.owner,
    wake: () => worker.wake(),
    async stop() {
      await worker.stop();
      await Promise.allSettled(Object.values(databases).map((db) => db.close()));
    },
  };
}
