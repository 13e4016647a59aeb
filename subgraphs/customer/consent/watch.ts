// Keeps the hub's staged consent decisions fresh while the graph runs: every channel that declares
// consent decisions (the registry's consentSources) read and staged in one hub transaction
// (stage.ts), polled as every staged table is (../staging-watch.ts). The web shop's and the store's
// flags keep no history, so no change date says what moved: each pass compares the sources' digests
// per slice of records with those staged and reads only the slices that moved (kit/sliced-read.ts),
// which also sees a decision that changed back. Counts only are logged.
// Idle means idle (issue 14): every 30 s one probe per source database (the tables its readers
// declare); a pass (digests, then the slices that moved) runs only when one of them moved, the last
// pass changed something, or 10 min have passed without one. The counters are published up to
// ~10 s after a write (60 s for a session that never goes idle), so a change of mind still shows
// within the minute; the store's receipts, written all day, no longer wake it (not its tables).
import { DatabaseRole } from '../../kit/databases';
import { logger } from '../../kit/logger';
import { Poller } from '../../kit/poller';
import { registry } from '../../channels';
import { StagingWatchOptions, watchStaging } from '../staging-watch';
import { ConsentStageReport, stageConsent } from './stage';

/** A probe every 30 s: a full pass reads whole consent tables, a change of mind shows within the minute. */
export const CONSENT_INTERVAL_MS = 30_000;
/** The longest wait between two passes when nothing was written (the safety net: digests, nothing read if none moved). */
export const CONSENT_MAX_IDLE_MS = 10 * 60_000;

export function watchConsent(urls: Record<DatabaseRole, string>, options: StagingWatchOptions<ConsentStageReport> = {}): Poller {
  const sources = registry().consentSources.map((source) => ({ ...source, tables: source.extract.tables }));
  return watchStaging('consent', urls, sources, stageConsent, { intervalMs: CONSENT_INTERVAL_MS, maxIdleMs: CONSENT_MAX_IDLE_MS }, {
    ...options,
    onPass: (report) => {
      const failed = Object.keys(report.failed);
      if (failed.length > 0) logger.warn({ systems: failed }, 'consent decisions not read from these systems: their last staged decisions stand');
      options.onPass?.(report);
    },
  });
}
