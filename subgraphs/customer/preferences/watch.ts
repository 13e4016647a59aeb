// Keeps the hub's staged preferences fresh while the graph runs, as consent/watch.ts keeps consent:
// a full read of every channel that declares preferences (the registry's preferenceSources),
// staged in one hub transaction (stage.ts); a probe of the source databases' write counters every
// 30 s, the full read only when one moved (or the last read changed something, or 10 min passed).
// Counts only are logged.
import { openDatabase } from '../../kit/database';
import { DatabaseRole, HUB_ROLE } from '../../kit/databases';
import { Poller, startPolling } from '../../kit/poller';
import { tableWritesProbe } from '../../kit/change-probe';
import { registry } from '../../channels';
import { PreferenceStageReport, stagePreferences } from './stage';

export const PREFERENCES_INTERVAL_MS = 30_000;
export const PREFERENCES_MAX_IDLE_MS = 10 * 60_000;

export function watchPreferences(
  urls: Record<DatabaseRole, string>,
  options: { intervalMs?: number; maxIdleMs?: number; probe?: boolean; onPass?(report: PreferenceStageReport): void } = {},
): Poller {
  const { preferenceSources } = registry();
  const hub = openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE], max: 1 });
  const legacy = preferenceSources.map((source) => ({ ...source, db: openDatabase({ name: source.system, url: urls[source.system], max: 1 }) }));
  const pass = async (): Promise<boolean> => {
    const report = await stagePreferences(hub, legacy);
    options.onPass?.(report);
    return Object.keys(report.failed).length > 0 || Object.values(report.systems).some((system) => system.written > 0 || system.removed > 0);
  };
  const intervalMs = options.intervalMs ?? PREFERENCES_INTERVAL_MS;
  const probing = options.probe ?? true;
  const idle = Math.max(intervalMs, options.maxIdleMs ?? PREFERENCES_MAX_IDLE_MS);
  return startPolling(
    'preferences',
    pass,
    { intervalMs, maxIntervalMs: probing ? idle : intervalMs, firstIdleMs: probing ? idle : undefined, probe: probing ? tableWritesProbe(legacy.map((source) => source.db)) : undefined },
    async () => {
      await Promise.allSettled([hub.close(), ...legacy.map((source) => source.db.close())]);
    },
  );
}
