// The journal runner (issue 5): reads every channel's touchpoint feed from where it stopped and
// stores the touchpoints in the hub's `touchpoint` table.
//
// Per feed: its position is loaded from touchpoint_feed_cursor, batches are read until the feed is
// caught up, and each batch goes into the journal together with the feed's new position in ONE
// statement (journal.repo.ts insertBatch): a crash between batches re-reads at most one batch,
// which the journal's unique source key makes harmless (a re-read touchpoint whose record changed,
// e.g. an order now `returned`, updates its entry in place). A feed is caught up when its
// position stops moving, or when its read says it is waiting (a growing-key feed held by a
// transaction still running in its legacy database, kit/feed-settling.ts: the next pass reads on
// from there; the watcher warns once when a feed has waited more than a minute). The legacy
// systems are read side by side; the feeds of one system one after the other. Nothing personal is
// logged: counts, timings and feed names.
import { Database, openDatabase } from '../../kit/database';
import { DatabaseRole, HUB_ROLE, LegacySystem } from '../../kit/databases';
import { logger } from '../../kit/logger';
import type { FeedPosition, Touchpoint, TouchpointFeed } from '../../kit/touchpoints';
import { registry } from '../../channels';
import { Channel, Reason, TouchpointRole } from '../../../schema/common';
import { insertBatch, loadFeedPosition } from './journal.repo';
import { Poller, startPolling } from '../../kit/poller';
import { changeProbe } from '../../kit/change-probe';
import type { ChangeStreams } from '../../kit/change-stream';

export const DEFAULT_BATCH = 5000;

export interface FeedReport {
  /** Touchpoints the feed gave, and how many of them were new to the journal. */
  read: number;
  inserted: number;
  /** Entries already there whose record changed since (e.g. an order's status): updated in place. */
  updated: number;
  /** Entries removed: the feed withdrew them (a cart that was ordered after all). */
  removed: number;
  batches: number;
  /** The pass ended with the feed's position held by a transaction still running (FeedRead.waiting). */
  waiting: boolean;
}

export interface IngestReport {
  /** New journal entries, over every feed. */
  entries: number;
  /** Entries updated in place (their legacy record changed). */
  updated: number;
  /** Entries removed because their feed withdrew them. */
  removed: number;
  /** Touchpoints read (a re-read range counts here, not in `entries`). */
  read: number;
  /** Feeds whose position is held by a transaction still running at the end of the pass. */
  waiting: number;
  byFeed: Record<string, FeedReport>;
  seconds: number;
  entriesPerSecond: number;
}

export interface IngestProgress {
  feed: string;
  feedsDone: number;
  feeds: number;
  read: number;
  entries: number;
}

export interface IngestOptions {
  /** Touchpoints per feed read (and per journal statement). */
  batch?: number;
  onProgress?(progress: IngestProgress): void;
  /** Only these feeds (tests); every registered feed when not given. */
  feeds?: readonly TouchpointFeed[];
}

export interface JournalDatabases {
  hub: Database;
  legacy: Record<LegacySystem, Database>;
}

/** A backfill's statements read whole tables in order: a generous server-side cap. */
const BULK_STATEMENT_TIMEOUT_MS = 15 * 60_000;

function openAll(urls: Record<DatabaseRole, string>): JournalDatabases {
  const systems = registry().legacySystems;
  const legacy = Object.fromEntries(
    systems.map((system) => [system, openDatabase({ name: system, url: urls[system], max: 1, statementTimeoutMs: BULK_STATEMENT_TIMEOUT_MS })]),
  );
  return {
    hub: openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE], max: systems.length, statementTimeoutMs: BULK_STATEMENT_TIMEOUT_MS }),
    legacy,
  };
}

async function closeAll(databases: JournalDatabases): Promise<void> {
  await Promise.allSettled([databases.hub.close(), ...Object.values(databases.legacy).map((db) => db.close())]);
}

/**
 * The feed contract's checked names (kit/touchpoints.ts): a touchpoint's channel, reason and role
 * are values of the common enums, its record type one its channel declares, its system the feed's.
 * A feed that breaks it fails its batch with its name and the value, before anything is stored.
 */
export function checkTouchpoints(feed: TouchpointFeed, touchpoints: readonly Touchpoint[]): void {
  const recordTypes = new Set(registry().recordTypes.map((record) => record.recordType));
  const checks: [string, (t: Touchpoint) => string, (value: string) => boolean][] = [
    ['channel', (t) => t.channel, (value) => value in Channel],
    ['reason', (t) => t.reason, (value) => value in Reason],
    ['role', (t) => t.role, (value) => value in TouchpointRole],
    ['recordType', (t) => t.recordType, (value) => recordTypes.has(value)],
    ['sourceSystem', (t) => t.sourceSystem, (value) => value === feed.system],
    ['identity.system', (t) => t.identity?.system ?? feed.system, (value) => value === feed.system],
  ];
  for (const touchpoint of touchpoints) {
    for (const [field, read, known] of checks) {
      if (!known(read(touchpoint))) throw new Error(`feed ${feed.name}: touchpoint ${touchpoint.sourceKind}/${touchpoint.sourceKey} has ${field} "${read(touchpoint)}", not a declared name`);
    }
  }
}

/** Reads every feed up to now into the journal: the backfill, and each pass of the watcher. */
export async function ingestTouchpoints(urls: Record<DatabaseRole, string>, options: IngestOptions = {}): Promise<IngestReport> {
  const databases = openAll(urls);
  try {
    return await ingest(databases, options);
  } finally {
    await closeAll(databases);
  }
}

/** A position as compared: keys sorted (the hub's jsonb gives them back in its own order, not the feed's). */
const canonical = (position: FeedPosition | null): string =>
  position === null ? 'null' : JSON.stringify(Object.keys(position).sort().map((key) => [key, position[key]]));
const samePosition = (a: FeedPosition | null, b: FeedPosition | null): boolean => canonical(a) === canonical(b);

export async function ingest(databases: JournalDatabases, options: IngestOptions = {}): Promise<IngestReport> {
  const batch = options.batch ?? DEFAULT_BATCH;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a positive integer, got ${batch}`);
  const feeds = options.feeds ?? registry().touchpointFeeds;
  const started = process.hrtime.bigint();
  const byFeed: Record<string, FeedReport> = {};
  let read = 0;
  let entries = 0;
  let updatedTotal = 0;
  let removedTotal = 0;
  let feedsDone = 0;
  const progress = (feed: string): void => options.onProgress?.({ feed, feedsDone, feeds: feeds.length, read, entries });

  const runFeed = async (feed: TouchpointFeed): Promise<void> => {
    const report: FeedReport = { read: 0, inserted: 0, updated: 0, removed: 0, batches: 0, waiting: false };
    byFeed[feed.name] = report;
    const legacy = databases.legacy[feed.system];
    let position = await loadFeedPosition(databases.hub, feed.name);
    for (;;) {
      const { touchpoints, withdrawn = [], next, waiting = false } = await feed.read(legacy, position, batch);
      checkTouchpoints(feed, touchpoints);
      report.waiting = waiting;
      if (touchpoints.length === 0 && withdrawn.length === 0 && (next === null || samePosition(next, position))) break;
      const { inserted, updated, removed } = await insertBatch(databases.hub, feed.name, touchpoints, next, withdrawn);
      report.read += touchpoints.length;
      report.inserted += inserted;
      report.updated += updated;
      updatedTotal += updated;
      report.removed += removed;
      removedTotal += removed;
      report.batches += 1;
      read += touchpoints.length;
      entries += inserted;
      progress(feed.name);
      // Caught up when the position no longer moves (a change-date feed re-reads rows changed in
      // its overlap window until they settle), or when it is held (waiting): the next pass reads on.
      if (waiting || next === null || samePosition(next, position)) break;
      position = next;
    }
    feedsDone += 1;
    progress(feed.name);
  };

  // Side by side across systems (each has its own connection), in order within a system.
  await Promise.all(
    Object.keys(databases.legacy).map(async (system: LegacySystem) => {
      for (const feed of feeds.filter((f) => f.system === system)) await runFeed(feed);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    entries,
    updated: updatedTotal,
    removed: removedTotal,
    read,
    waiting: Object.values(byFeed).filter((report) => report.waiting).length,
    byFeed,
    seconds: Math.round(seconds * 1000) / 1000,
    entriesPerSecond: seconds > 0 ? Math.round(entries / seconds) : entries,
  };
}

export type JournalWatcher = Poller;

/** A feed held this long is worth a warning: someone's transaction is probably stuck open. */
const LONG_WAIT_MS = 60_000;

/**
 * How long each feed has been waiting, across the watcher's passes: a warning once when a feed has
 * been held for more than LONG_WAIT_MS, a note when it moves on. Feed names and durations only.
 */
class WaitWatch {
  private readonly since = new Map<string, { at: number; warned: boolean }>();

  observe(report: IngestReport, now = Date.now()): void {
    for (const [feed, figures] of Object.entries(report.byFeed)) {
      const wait = this.since.get(feed);
      if (!figures.waiting) {
        if (wait) {
          this.since.delete(feed);
          const log = wait.warned ? logger.info.bind(logger) : logger.debug.bind(logger);
          log({ feed, waitedSeconds: Math.round((now - wait.at) / 1000) }, 'touchpoint feed moving on after waiting');
        }
      } else if (!wait) {
        this.since.set(feed, { at: now, warned: false });
        logger.debug({ feed }, 'touchpoint feed waiting for a transaction still running in its legacy database');
      } else if (!wait.warned && now - wait.at > LONG_WAIT_MS) {
        wait.warned = true;
        logger.warn(
          { feed, waitingSeconds: Math.round((now - wait.at) / 1000) },
          'touchpoint feed held by a long transaction still running in its legacy database (kit/feed-settling.ts): its newest rows wait',
        );
      }
    }
  }
}

/** Defaults of the watcher: a probe every second, a full pass at least every 30 s when idle. */
export const JOURNAL_INTERVAL_MS = 1000;
export const JOURNAL_MAX_IDLE_MS = 30_000;

/** Whether a pass found anything to do (the next one then comes at the base interval). */
export function journalPassWorked(report: IngestReport): boolean {
  // Rows re-read in a change-date feed's settle window count: they are read again until settled.
  return report.read > 0 || report.entries > 0 || report.updated > 0 || report.removed > 0 || report.waiting > 0;
}

/**
 * Keeps the journal fresh while the graph runs (kit/poller.ts). Every `intervalMs`, one probe per
 * legacy system (its server's WAL position, or its own write counters where it shares the hub's server: kit/change-probe.ts); a full pass over every feed (one
 * cursor read per feed on the hub, one indexed read per feed on its legacy system) only when a probe
 * moved, the last pass found work or is waiting, wake() was called, or `maxIdleMs` (doubling from
 * `intervalMs`) has passed without one: a legacy write shows within `intervalMs` + one pass however
 * long the graph was idle. `probe: false` runs a full pass every `intervalMs` (the behaviour before
 * issue 14, for the idle bench's comparison). A failed pass is logged; the next one resumes from the
 * stored positions.
 */
export function watchJournal(
  urls: Record<DatabaseRole, string>,
  options: {
    intervalMs?: number;
    maxIdleMs?: number;
    probe?: boolean;
    batch?: number;
    /** Streamed systems (CHANGE_STREAM, kit/change-stream.ts): probed in memory, and a change wakes the watcher. */
    streams?: ChangeStreams | null;
    onPass?(report: IngestReport): void;
  } = {},
): JournalWatcher {
  const databases = openAll(urls);
  const waits = new WaitWatch();
  const pass = async (): Promise<boolean> => {
    const report = await ingest(databases, { batch: options.batch });
    if (report.entries > 0) logger.info({ entries: report.entries, seconds: report.seconds }, 'journal entries added');
    waits.observe(report);
    options.onPass?.(report);
    return journalPassWorked(report);
  };
  const intervalMs = options.intervalMs ?? JOURNAL_INTERVAL_MS;
  const probing = options.probe ?? true;
  const streams = probing ? options.streams : null;
  let unsubscribe = (): void => undefined;
  const poller = startPolling(
    'journal',
    pass,
    {
      intervalMs,
      maxIntervalMs: probing ? Math.max(intervalMs, options.maxIdleMs ?? JOURNAL_MAX_IDLE_MS) : intervalMs,
      probe: probing ? changeProbe(Object.values(databases.legacy), databases.hub, streams) : undefined,
    },
    () => {
      unsubscribe();
      return closeAll(databases);
    },
  );
  // A streamed change wakes the pass at once (then at most once per interval: the pace of polling).
  if (streams) unsubscribe = streams.subscribe(() => poller.wake(), intervalMs);
  return poller;
}
