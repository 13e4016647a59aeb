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
  /**
   * One read from `since` that is not waiting: repeated from the same position, after a short
   * pause, while the feed's position is held by a transaction still running in its database
   * (kit/feed-settling.ts), for up to `waitMs`. Every read costs one statement, as readOnce.
   */
  readSettled(feed: TouchpointFeed, since: FeedPosition | null, limit?: number, waitMs?: number): Promise<FeedRead>;
  /**
   * Reads a feed from `from` (the beginning) until a short read leaves the position where it was
   * and is not waiting (a held read is repeated after a short pause, for up to `waitMs`).
   */
  readToEnd(feed: TouchpointFeed, from?: FeedPosition | null, waitMs?: number): Promise<FeedRun>;
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

  const readSettled = async (feed: TouchpointFeed, since: FeedPosition | null, limit = BATCH, waitMs = 30_000): Promise<FeedRead> => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const read = await readOnce(feed, since, limit);
      if (!read.waiting) return read;
      if (Date.now() > deadline) throw new Error(`${feed.name} still waiting after ${waitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const readToEnd = async (feed: TouchpointFeed, from: FeedPosition | null = null, waitMs = 30_000): Promise<FeedRun> => {
    const touchpoints: Touchpoint[] = [];
    let position = from;
    const deadline = Date.now() + waitMs;
    for (let reads = 1; reads < 100_000; reads += 1) {
      const { touchpoints: batch, next, waiting } = await readOnce(feed, position);
      touchpoints.push(...batch);
      // Held by a transaction still running in the feed's database (kit/feed-settling.ts): read
      // again once it may have ended; the held rows were not given, so nothing comes twice.
      if (waiting) {
        if (Date.now() > deadline) throw new Error(`${feed.name} still waiting after ${waitMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      } else if (batch.length < BATCH && samePosition(next, position)) {
        // Caught up: a short batch that does not move the position (rows changed in the last
        // SETTLE_SECONDS are given again by every read until they settle; the generated ones are older).
        return { touchpoints, end: position, reads };
      }
      position = next;
    }
    throw new Error(`${feed.name} never reached its end`);
  };

  return { readOnce, readSettled, readToEnd };
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
