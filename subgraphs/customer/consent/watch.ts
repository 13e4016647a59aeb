// Keeps the hub's staged consent decisions fresh while the graph runs: a full read of every
// channel that declares consent decisions (the registry's consentSources), staged in one hub
// transaction (stage.ts). A full read, not an increment: the web shop's and the store's flags keep
// no history, so only a full read sees a decision that changed back. Counts only are logged.
import { openDatabase } from '../../kit/database';
import { DatabaseRole, HUB_ROLE } from '../../kit/databases';
import { logger } from '../../kit/logger';
import { Poller, startPolling } from '../../kit/poller';
import { registry } from '../../channels';
import { ConsentStageReport, stageConsent } from './stage';

/** Every 30 s: each pass reads whole consent tables, a change of mind shows within the minute. */
export const CONSENT_INTERVAL_MS = 30_000;

export function watchConsent(
  urls: Record<DatabaseRole, string>,
  options: { intervalMs?: number; onPass?(report: ConsentStageReport): void } = {},
): Poller {
  const { consentSources } = registry();
  const hub = openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE], max: 1 });
  const legacy = consentSources.map((source) => ({ ...source, db: openDatabase({ name: source.system, url: urls[source.system], max: 1 }) }));
  const pass = async (): Promise<void> => {
    const report = await stageConsent(hub, legacy);
    const failed = Object.keys(report.failed);
    if (failed.length > 0) logger.warn({ systems: failed }, 'consent decisions not read from these systems: their last staged decisions stand');
    options.onPass?.(report);
  };
  return startPolling('consent', pass, options.intervalMs ?? CONSENT_INTERVAL_MS, async () => {
    await Promise.allSettled([hub.close(), ...legacy.map((source) => source.db.close())]);
  });
}
