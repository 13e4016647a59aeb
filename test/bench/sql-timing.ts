// The SQL time on a request's critical path, for `npm run bench`. Every statement the pg client of
// this process sends is timed (from the call to its answer, as the subgraph waits for it: pool
// checkout included, which is nil sequentially); requests are sent one at a time, so every
// statement that starts while one is in flight is that request's. The access log's deferred writes
// are left out (no request waits for them). The critical-path figure is the union of the
// statements' intervals: the time during which the request had at least one statement in flight —
// a statement overlapping another (two subgraphs reading in parallel) counts once, so it is the
// SQL the answer had to wait for, not the SQL work done. The sum of all durations is printed too.
//
// Bench-only instrumentation: pg.Client.prototype.query is wrapped for the bench process's
// lifetime (production code keeps one pg module, subgraphs/kit/database.ts, untouched).
import pg from 'pg';
import { percentile, seeded } from './stats';
import { keptAlive, post } from './post';

interface Interval {
  start: number;
  end: number;
  text: string;
}

let recording: Interval[] | undefined;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: unknown, ...args: unknown[]) {
    const sink = recording;
    if (!sink) return original.apply(this, args);
    const first = args[0] as string | { text?: string };
    const interval: Interval = { start: performance.now(), end: 0, text: typeof first === 'string' ? first : (first?.text ?? '') };
    const done = (): void => {
      interval.end = performance.now();
      sink.push(interval);
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = function (this: unknown, ...callbackArgs: unknown[]) {
        done();
        return (last as (...a: unknown[]) => unknown).apply(this, callbackArgs);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(done, done);
    }
    return result;
  };
}

function union(intervals: Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let start = -1;
  let end = -1;
  for (const interval of sorted) {
    if (interval.start > end) {
      if (end > start) total += end - start;
      start = interval.start;
      end = interval.end;
    } else end = Math.max(end, interval.end);
  }
  if (end > start) total += end - start;
  return total;
}

export interface SqlCriticalPath {
  requests: number;
  endToEndP50: number;
  criticalP50: number;
  sumP50: number;
  statementsPerRequest: number;
}

/** Sends `requests` requests one at a time (after a warm-up) and times each one's SQL. */
export async function measureSqlCriticalPath(
  url: string,
  token: string,
  body: (random: () => number) => { query: string; variables?: Record<string, unknown> },
  requests: number,
): Promise<SqlCriticalPath> {
  install();
  const random = seeded(4242);
  const target = new URL(url);
  const agent = keptAlive(1);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'screen_pop' };
  const send = async (): Promise<void> => {
    const { status, text } = await post(target, headers, JSON.stringify(body(random)), agent);
    if (status !== 200 || text.includes('"errors"')) throw new Error(`request failed: HTTP ${status} ${text.slice(0, 300)}`);
  };
  const endToEnd: number[] = [];
  const critical: number[] = [];
  const sums: number[] = [];
  let statements = 0;
  try {
    for (let i = 0; i < 20; i += 1) await send();
    for (let i = 0; i < requests; i += 1) {
      const intervals: Interval[] = [];
      recording = intervals;
      const t0 = performance.now();
      try {
        await send();
      } finally {
        recording = undefined;
      }
      endToEnd.push(performance.now() - t0);
      const own = intervals.filter((interval) => !/access_log/i.test(interval.text));
      critical.push(union(own));
      sums.push(own.reduce((sum, interval) => sum + (interval.end - interval.start), 0));
      statements += own.length;
    }
  } finally {
    agent.destroy();
  }
  const p50 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
  return { requests, endToEndP50: p50(endToEnd), criticalP50: p50(critical), sumP50: p50(sums), statementsPerRequest: statements / requests };
}
