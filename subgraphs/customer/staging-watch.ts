// Keeps a staged table fresh while the graph runs (consent/watch.ts, preferences/watch.ts): passes
// over the source systems, staged in one hub transaction (staging.ts), incremental where the source
// is sliced (kit/sliced-read.ts: its digests per slice, then only the slices that moved).
// Idle means idle (issue 14): every `intervalMs` one probe per source database (the write counters
// of the tables its readers declare, or of the whole database when one declares none:
// kit/change-probe.ts tableWritesProbe; the hub's writes never move them). A pass runs only when
// one moved, the last pass changed something (or failed), or `maxIdleMs` passed without one; and it
// digests only the sources that need it (`chooseSources`): those whose probe moved since they were
// last digested, whose last pass changed something or failed, never digested yet, or not digested
// for `maxIdleMs` (each source's own safety net: under the till's receipts, written all day, the
// preferences watcher passes every 30 s for the store, and the web shop and the call centre would
// otherwise never reach the watcher's net); all of them when wake() asks. A source left out is left
// as it is (its rows, digests and staged_at: the time it was last read or digested).
import { Database, openDatabase } from '../kit/database';
import { DatabaseRole, HUB_ROLE } from '../kit/databases';
import { PassTick, Poller, startPolling } from '../kit/poller';
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
  const intervalMs = options.intervalMs ?? defaults.intervalMs;
  const probing = options.probe ?? true;
  // A pass's digests scan the source tables (seconds at scale) and the probe sees every write: the net waits its whole length.
  const idle = Math.max(intervalMs, options.maxIdleMs ?? defaults.maxIdleMs);
  const state = legacy.map((): SourceState => ({ probed: undefined, digested: null, dirty: false }));
  const probes = legacy.map((source) => tableWritesProbe([source.db], source.tables));
  // One value for the poller (a pass when it moved); each source's part kept for chooseSources.
  const probe = async (): Promise<string> => {
    const values = await Promise.allSettled(probes.map((one) => one()));
    values.forEach((value, i) => (state[i].probed = value.status === 'fulfilled' ? value.value : undefined));
    const failed = values.find((value) => value.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return values.map((value) => (value as PromiseFulfilledResult<string>).value).join('|');
  };
  const pass = async (tick: PassTick): Promise<boolean> => {
    const now = Date.now();
    // A net that a pass started just early must not wait a whole extra interval: one probe interval of slack.
    const chosen = chooseSources(state, { all: !probing || tick.forced, now, netMs: idle - intervalMs });
    if (chosen.length === 0) return false;
    const probedAtStart = chosen.map((i) => state[i].probed);
    const report = await stage(hub, chosen.map((i) => legacy[i]));
    chosen.forEach((i, k) => {
      const counts = report.failed[legacy[i].system] === undefined ? report.systems[legacy[i].system] : undefined;
      state[i].digested = counts ? { probe: probedAtStart[k], at: now } : null;
      state[i].dirty = !counts || counts.written > 0 || counts.removed > 0;
    });
    options.onPass?.(report);
    // Work found: a chosen source changed something or failed (its pass follows at the base interval).
    return chosen.some((i) => state[i].dirty);
  };
  return startPolling(
    name,
    pass,
    { intervalMs, maxIntervalMs: probing ? idle : intervalMs, firstIdleMs: probing ? idle : undefined, probe: probing ? probe : undefined },
    async () => {
      await Promise.allSettled([hub.close(), ...legacy.map((source) => source.db.close())]);
    },
  );
}

/** What a watcher knows of one source between passes. */
export interface SourceState {
  /** Its part of the last probe (undefined: not probed yet, or the probe failed). */
  probed: string | undefined;
  /** When it was last digested (or read) without failing, and what its probe said at that pass's start; null: never, or it failed since. */
  digested: { probe: string | undefined; at: number } | null;
  /** Its last pass changed something (a batch may follow) or failed. */
  dirty: boolean;
}

/**
 * The sources a pass digests, by index: every one when `all` (no probe, or wake()); otherwise those
 * never digested (or failed since), whose last pass changed something, whose probe moved since (or
 * failed), or not digested for `netMs`.
 */
export function chooseSources(state: readonly SourceState[], options: { all: boolean; now: number; netMs: number }): number[] {
  return state.flatMap((source, i) => {
    const needed =
      options.all ||
      source.digested === null ||
      source.dirty ||
      source.probed === undefined ||
      source.probed !== source.digested.probe ||
      options.now - source.digested.at >= options.netMs;
    return needed ? [i] : [];
  });
}
