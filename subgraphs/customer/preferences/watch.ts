// Keeps the hub's staged preferences fresh while the graph runs, as consent/watch.ts keeps consent
// (../staging-watch.ts): a full read of every channel that declares preferences (the registry's
// preferenceSources), staged in one hub transaction (stage.ts); a probe of the source databases'
// write counters every 30 s, the full read only when one moved (or the last read changed something,
// or 10 min passed). Counts only are logged.
import { DatabaseRole } from '../../kit/databases';
import { Poller } from '../../kit/poller';
import { registry } from '../../channels';
import { StagingWatchOptions, watchStaging } from '../staging-watch';
import { PreferenceStageReport, stagePreferences } from './stage';

export const PREFERENCES_INTERVAL_MS = 30_000;
export const PREFERENCES_MAX_IDLE_MS = 10 * 60_000;

export function watchPreferences(urls: Record<DatabaseRole, string>, options: StagingWatchOptions<PreferenceStageReport> = {}): Poller {
  return watchStaging('preferences', urls, registry().preferenceSources, stagePreferences, { intervalMs: PREFERENCES_INTERVAL_MS, maxIdleMs: PREFERENCES_MAX_IDLE_MS }, options);
}
