// Keeps the hub's staged consent decisions fresh while the graph runs: a full read of every
// channel that declares consent decisions (the registry's consentSources), staged in one hub
// transaction (stage.ts). A full read, not an increment: the web shop's and the store's flags keep
// no history, so only a full read sees a decision that changed back. Counts only are logged.
// Idle means idle (issue 14): every 30 s one probe per source database (its own write counters,
// kit/change-probe.ts tableWritesProbe: the hub's writes never move them); the full read runs only
// when one moved, the last read changed something, or 10 min have passed
// without one. The counters are published up to ~10 s after a write (60 s for a session that never
// goes idle), so a change of mind still shows within the minute; a source database written all the
// time (the store's receipts) is read every 30 s as before.
import { openDatabase } from '../../kit/database';
import { DatabaseRole, HUB_ROLE } from '../../kit/databases';
import { logger } from '../../kit/logger';
import { Poller, startPolling } from '../../kit/poller';
import { tableWritesProbe } from '../../kit/change-probe';
import { registry } from '../../channels';
import { ConsentStageReport, stageConsent } from './stage';

/** A probe every 30 s: a full pass reads whole consent tables, a change of mind shows within the minute. */
export const CONSENT_INTERVAL_MS = 30_000;
/** The longest wait between two full reads when nothing was written (the safety net). */
export const CONSENT_MAX_IDLE_MS = 10 * 60_000;

export function watchConsent(
  urls: Record<DatabaseRole, string>,
  options: { intervalMs?: number; maxIdleMs?: number; probe?: boolean; onPass?(report: ConsentStageReport): void } = {},
): Poller {
  const { consentSources } = registry();
  const hub = openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE], max: 1 });
  const legacy = consentSources.map((source) => ({ ...source, db: openDatabase({ name: source.system, url: urls[source.system], max: 1 }) }));
  const pass = async (): Promise<boolean> => {
    const report = await stageConsent(hub, legacy);
    const failed = Object.keys(report.failed);
    if (failed.length > 0) logger.warn({ systems: failed }, 'consent decisions not read from these systems: their last staged decisions stand');
    options.onPass?.(report);
    return failed.length > 0 || Object.values(report.systems).some((system) => system.written > 0 || system.removed > 0);
  };
  const intervalMs = options.intervalMs ?? CONSENT_INTERVAL_MS;
  const probing = options.probe ?? true;
  const polling = {
    intervalMs,
    maxIntervalMs: probing ? Math.max(intervalMs, options.maxIdleMs ?? CONSENT_MAX_IDLE_MS) : intervalMs,
    // A full read costs seconds at scale and the probe sees every write: the net waits its whole length.
    firstIdleMs: probing ? Math.max(intervalMs, options.maxIdleMs ?? CONSENT_MAX_IDLE_MS) : undefined,
    probe: probing ? tableWritesProbe(legacy.map((source) => source.db)) : undefined,
  };
  return startPolling('consent', pass, polling, async () => {
    await Promise.allSettled([hub.close(), ...legacy.map((source) => source.db.close())]);
  });
}
