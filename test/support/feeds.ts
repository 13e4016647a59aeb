// Shared by the touchpoint feed tests: read a feed once (asserting it cost one statement) or to its
// end in small batches, count legacy rows with SQL, count touchpoints by kind, find one.
import { Database, watchStatements } from '../../subgraphs/kit/database';
import type { FeedPosition, FeedRead, Touchpoint, TouchpointFeed } from '../../subgraphs/kit/touchpoints';

/** Small batches, so that every table takes many reads. */
export const BATCH = 50;

export interface FeedRun {
  touchpoints: Touchpoint[];
  end: FeedPosition | null;
  reads: number;
}

export type { FeedRead } from '../../subgraphs/kit/touchpoints';

export interface FeedReader {
  /** One read, asserting it cost exactly one statement and gave at most `limit` touchpoints. */
  readOnce(feed: TouchpointFeed, since: FeedPosition | null, limit?: number): Promise<FeedRead>;
  /** Reads a feed from `from` (the beginning) until a short read leaves the position where it was. */
  readToEnd(feed: TouchpointFeed, from?: FeedPosition | null): Promise<FeedRun>;
}

/** Reads feeds on the database `dbOf` gives for their system (called at each read, after beforeAll). */
export function feedReader(dbOf: (feed: TouchpointFeed) => Database): FeedReader {
  const readOnce = async (feed: TouchpointFeed, since: FeedPosition | null, limit = BATCH): Promise<FeedRead> => {
    const db = dbOf(feed);
    let statements = 0;
    const stop = watchStatements((name) => {
      if (name === db.name) statements += 1;
    });
    try {
      const result = await feed.read(db, since, limit);
      expect(statements).toBe(1);
      expect(result.touchpoints.length).toBeLessThanOrEqual(limit);
      // The position must survive the journal's jsonb column.
      return { ...result, next: JSON.parse(JSON.stringify(result.next)) as FeedPosition | null };
    } finally {
      stop();
    }
  };

  const readToEnd = async (feed: TouchpointFeed, from: FeedPosition | null = null): Promise<FeedRun> => {
    const touchpoints: Touchpoint[] = [];
    let position = from;
    for (let reads = 1; reads < 100_000; reads += 1) {
      const { touchpoints: batch, next } = await readOnce(feed, position);
      touchpoints.push(...batch);
      // Caught up: a short batch that does not move the position (rows changed in the last
      // SETTLE_SECONDS, or written by a transaction not yet settled, are given again by every read
      // until they settle; the generated ones are older).
      if (batch.length < BATCH && samePosition(next, position)) return { touchpoints, end: position, reads };
      position = next;
    }
    throw new Error(`${feed.name} never reached its end`);
  };

  return { readOnce, readToEnd };
}

/**
 * Waits until every transaction running on the cluster now has ended (the snapshot's oldest running
 * transaction has reached the next transaction id of now). Rows written before the call are then
 * settled for the growing-key feeds (kit/feed-settling.ts): a write transaction of another test file
 * on the same cluster, still running at a read, would otherwise rightly hold a feed's position.
 */
export async function settleWrites(db: Database, timeoutMs = 30_000): Promise<void> {
  const [{ target }] = await db.query<{ target: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS target');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ settled }] = await db.query<{ settled: boolean }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS settled',
      [target],
    );
    if (settled) return;
    if (Date.now() > deadline) throw new Error(`${db.name}: transactions older than the writes still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function samePosition(a: FeedPosition | null, b: FeedPosition | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function count(db: Database, sql: string): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(`SELECT (${sql})::int AS n`);
  return n;
}

export function byKind(touchpoints: readonly Touchpoint[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of touchpoints) counts[t.sourceKind] = (counts[t.sourceKind] ?? 0) + 1;
  return counts;
}

/** The touchpoint of `kind` and `key` a feed's run gave; throws when it gave none. */
export function findTouchpoint(runs: ReadonlyMap<string, FeedRun>, feed: string, kind: string, key: string): Touchpoint {
  const found = runs.get(feed)!.touchpoints.find((t) => t.sourceKind === kind && t.sourceKey === key);
  if (!found) throw new Error(`${feed}: no ${kind} ${key}`);
  return found;
}
