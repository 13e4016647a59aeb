// The staging watchers digest only the sources that need it (subgraphs/customer/staging-watch.ts),
// on real PostgreSQL: after a first pass over every source, a write to one source's declared tables
// makes the next pass digest that source alone; wake() digests them all; and under writes that
// never stop on one source (the till's receipts), the others still reach their own safety net.
import { Database, openDatabase } from '../subgraphs/kit/database';
import { Poller } from '../subgraphs/kit/poller';
import { registry } from '../subgraphs/channels';
import { chooseSources, SourceState } from '../subgraphs/customer/staging-watch';
import { watchPreferences } from '../subgraphs/customer/preferences/watch';
import { PreferenceStageReport } from '../subgraphs/customer/preferences/stage';
import { createTestDatabases, TestDatabases } from './support/test-databases';

describe('chooseSources', () => {
  const clean = (probe: string, at: number): SourceState => ({ probed: probe, digested: { probe, at }, dirty: false });
  const options = { all: false, now: 10_000, netMs: 5_000 };

  it('leaves out a source whose probe has not moved since its last digest, within its net', () => {
    expect(chooseSources([clean('a', 9_000), clean('b', 9_000)], options)).toEqual([]);
  });

  it('takes a source whose probe moved, failed, or was never digested, or whose last pass changed something', () => {
    const state: SourceState[] = [
      { probed: 'a2', digested: { probe: 'a1', at: 9_000 }, dirty: false },
      { probed: undefined, digested: { probe: 'b', at: 9_000 }, dirty: false },
      { probed: 'c', digested: null, dirty: true },
      { ...clean('d', 9_000), dirty: true },
      clean('e', 9_000),
    ];
    expect(chooseSources(state, options)).toEqual([0, 1, 2, 3]);
  });

  it('takes a source not digested for the net, whatever its probe says', () => {
    expect(chooseSources([clean('a', 5_000), clean('b', 5_001)], options)).toEqual([0]);
  });

  it('takes them all when asked (no probe, or wake())', () => {
    expect(chooseSources([clean('a', 9_000), clean('b', 9_000)], { ...options, all: true })).toEqual([0, 1]);
  });
});

describe('a staging watcher on real PostgreSQL (the preferences watcher)', () => {
  let databases: TestDatabases;
  let store: Database;
  let ecommerce: Database;
  const every = registry()
    .preferenceSources.map((source) => source.system)
    .sort();
  let receipts = 0;

  beforeAll(async () => {
    databases = await createTestDatabases();
    // One connection each, so that the flush asked for after a write is that write's session's.
    store = openDatabase({ name: 'store', url: databases.urls.store, max: 1 });
    ecommerce = openDatabase({ name: 'ecommerce', url: databases.urls.ecommerce, max: 1 });
  });

  afterAll(async () => {
    await Promise.allSettled([store?.close(), ecommerce?.close()]);
    await databases?.drop();
  });

  /** A receipt without a card: it moves the store's declared table (TICKET), not any favourite store. */
  async function receipt(): Promise<void> {
    receipts += 1;
    await store.query(
      `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
       VALUES ($1, 'P001', '20260101', '120000', 1, NULL, 1000, 'CB', 'V')`,
      [9_800_000_000 + (process.pid % 1000) * 10_000 + receipts],
    );
    await flush(store);
  }

  /** A session publishes its write counters when idle, up to 10 s later; asked to, at once (what the probe reads). */
  async function flush(db: Database): Promise<void> {
    await db.query('SELECT pg_stat_force_next_flush()');
  }

  /** An update that changes no value: the web shop's declared table (customers) moves, no preference does. */
  async function touchWebAccount(): Promise<void> {
    await ecommerce.query('UPDATE customers SET updated_at = updated_at WHERE id = (SELECT min(id) FROM customers)');
    await flush(ecommerce);
  }

  async function until(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    while (!done()) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function watch(maxIdleMs: number): { poller: Poller; passes: string[][] } {
    const passes: string[][] = [];
    const poller = watchPreferences(databases.urls, {
      intervalMs: 250,
      maxIdleMs,
      onPass: (report: PreferenceStageReport) => passes.push(Object.keys(report.systems).sort()),
    });
    return { poller, passes };
  }

  /** No pass for 2 s: the first passes (which stage everything, then check again) are over, and the counters published. */
  async function quiet(passes: string[][]): Promise<void> {
    let seen = passes.length;
    let since = Date.now();
    await until('the watcher to settle', () => {
      if (passes.length !== seen) [seen, since] = [passes.length, Date.now()];
      return Date.now() - since >= 2_000;
    });
  }

  it('digests only the source whose tables were written; wake() digests them all', async () => {
    const { poller, passes } = watch(10 * 60_000);
    try {
      await until('the first pass', () => passes.length > 0);
      expect(passes[0]).toEqual(every);
      await quiet(passes);

      let before = passes.length;
      await receipt();
      await until('a pass after a receipt', () => passes.length > before);
      expect(passes[before]).toEqual(['store']);
      await quiet(passes);

      before = passes.length;
      await touchWebAccount();
      await until('a pass after a web account change', () => passes.length > before);
      expect(passes[before]).toEqual(['ecommerce']);
      await quiet(passes);

      before = passes.length;
      poller.wake();
      await until('a pass after wake()', () => passes.length > before);
      expect(passes[before]).toEqual(every);
    } finally {
      await poller.stop();
    }
  });

  it('under receipts that never stop, the other sources still reach their own net', async () => {
    const netMs = 6_000;
    const { poller, passes } = watch(netMs);
    try {
      await until('the first pass', () => passes.length > 0);
      await quiet(passes);
      const start = passes.length;
      const others = every.filter((system) => system !== 'store');
      const startedAt = Date.now();
      // A receipt every 100 ms (one at a time, all awaited): every probe sees the store move, so a pass runs every interval.
      let writing = true;
      const writer = (async () => {
        while (writing) {
          await receipt();
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      try {
        await until(
          'every other source digested by its net',
          () => {
            const later = passes.slice(start);
            return others.every((system) => later.some((pass) => pass.includes(system)));
          },
          30_000,
        );
      } finally {
        writing = false;
        await writer;
      }
      const later = passes.slice(start);
      // The store alone in most passes; the others only when their net came (not before it could).
      expect(later.filter((pass) => pass.length === 1 && pass[0] === 'store').length).toBeGreaterThan(0);
      // Not before their net: the quiet wait (2 s) and the passes since fill it.
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(netMs - 2_000 - 1_000);
    } finally {
      await poller.stop();
    }
  });
});
