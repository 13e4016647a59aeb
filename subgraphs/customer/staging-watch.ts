// Keeps a staged table fresh while the graph runs (consent/watch.ts, preferences/watch.ts): a pass
// over every source system, staged in one hub transaction (staging.ts), incremental where the
// source is sliced (kit/sliced-read.ts: its digests per slice, then only the slices that moved).
// Idle means idle (issue 14): every `intervalMs` one probe per source database (the write counters
// of the tables its readers declare, or of the whole database when one declares none:
// kit/change-probe.ts tableWritesProbe; the hub's writes never move them); a pass runs only when one
// moved, the last pass changed something (or failed), or `maxIdleMs` passed without one (the safety
// net: for a sliced source, digests computed in its database, and nothing read when none moved).
import { Database, openDatabase } from '../kit/database';
import { DatabaseRole, HUB_ROLE } from '../kit/databases';
import { Poller, startPolling } from '../kit/poller';
import { tableWritesProbe } from '../kit/change-probe';
import { StageReport } from './staging';

/** A first pass reads and stages whole tables, and a digest scans them: minutes at 1,000,000 people. */
export const STAGING_STATEMENT_TIMEOUT_MS = 10 * 60_000;

export interface StagingWatchOptions<Report extends StageReport> {
  intervalMs?: number;
  maxIdleMs?: number;
  probe?: boolean;
  onPass?(report: Report): void;
}

/** Opens the hub and each source's database (one connection each), and polls `stage` over them. */
export function watchStaging<Source extends { system: string; tables?: readonly string[] }, Report extends StageReport>(
  name: string,
  urls: Record<DatabaseRole, string>,
  sources: readonly Source[],
  stage: (hub: Database, sources: readonly (Source & { db: Database })[]) => Promise<Report>,
  defaults: { intervalMs: number; maxIdleMs: number },
  options: StagingWatchOptions<Report>,
): Poller {
  // A first pass reads whole tables (every card's SMS flag, all of mk_consent, every card's receipts
  // by store), and each digest scans them: at 1,000,000 people some take longer than the default
  // 15 s statement timeout, which failed them every time.
  const hub = openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE], max: 1, statementTimeoutMs: STAGING_STATEMENT_TIMEOUT_MS });
  const legacy = sources.map((source) => ({
    ...source,
    db: openDatabase({ name: source.system, url: urls[source.system], max: 1, statementTimeoutMs: STAGING_STATEMENT_TIMEOUT_MS }),
  }));
  const pass = async (): Promise<boolean> => {
    const report = await stage(hub, legacy);
    options.onPass?.(report);
    return Object.keys(report.failed).length > 0 || Object.values(report.systems).some((system) => system.written > 0 || system.removed > 0);
  };
  const intervalMs = options.intervalMs ?? defaults.intervalMs;
  const probing = options.probe ?? true;
  // A pass's digests scan the source tables (seconds at scale) and the probe sees every write: the net waits its whole length.
  const idle = Math.max(intervalMs, options.maxIdleMs ?? defaults.maxIdleMs);
  return startPolling(
    name,
    pass,
    { intervalMs, maxIntervalMs: probing ? idle : intervalMs, firstIdleMs: probing ? idle : undefined, probe: probing ? tableWritesProbe(legacy.map((source) => source.db), legacy.map((source) => source.tables ?? null)) : undefined },
    async () => {
      await Promise.allSettled([hub.close(), ...legacy.map((source) => source.db.close())]);
    },
  );
}
