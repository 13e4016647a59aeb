// Keeps the hub's staged preferences fresh while the graph runs, as consent/watch.ts keeps consent
// (../staging-watch.ts): every channel that declares preferences (the registry's preferenceSources)
// read and staged in one hub transaction (stage.ts), only the slices of records whose digest moved
// (kit/sliced-read.ts); a probe of the write counters of the tables the readers declare every 30 s,
// a pass only when one moved (or the last pass changed something, or 10 min passed). Counts only
// are logged.
import { DatabaseRole } from '../../kit/databases';
import { Poller } from '../../kit/poller';
import { registry } from '../../channels';
import { StagingWatchOptions, watchStaging } from '../staging-watch';
import { PreferenceStageReport, stagePreferences } from './stage';

export const PREFERENCES_INTERVAL_MS = 30_000;
export const PREFERENCES_MAX_IDLE_MS = 10 * 60_000;

export function watchPreferences(urls: Record<DatabaseRole, string>, options: StagingWatchOptions<PreferenceStageReport> = {}): Poller {
  const sources = registry().preferenceSources.map((source) => ({ ...source, tables: source.read.tables }));
  return watchStaging('preferences', urls, sources, stagePreferences, { intervalMs: PREFERENCES_INTERVAL_MS, maxIdleMs: PREFERENCES_MAX_IDLE_MS }, options);
}
