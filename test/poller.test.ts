// The hub's background loop (kit/poller.ts): idle passes back off, work resets, wake() runs a pass
// at once, and with a probe the full pass runs only when the probe moved (issue 14, "idle means idle").
import { startPolling } from '../subgraphs/kit/poller';

/** Resolves once `condition` holds, checking every few milliseconds (no fixed sleep to guess). */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('startPolling without a probe: backoff', () => {
  it('doubles the wait after each idle pass up to the cap, and comes back to the base interval after work', async () => {
    const at: number[] = [];
    let work = false;
    const poller = startPolling(
      'test',
      async () => {
        at.push(Date.now());
        const worked = work;
        work = false;
        return worked;
      },
      { intervalMs: 20, maxIntervalMs: 160 },
      async () => undefined,
    );
    await until(() => at.length >= 6);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    // Passes 1..5 idle: waits 40, 80, 160, 160, 160 (timers fire late, never early).
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78);
    expect(gaps[2]).toBeGreaterThanOrEqual(158);
    expect(gaps[3]).toBeGreaterThanOrEqual(158);
    expect(gaps[3]).toBeLessThan(gaps[2] * 1.9);
    // Work resets: the pass after a working one comes at the base interval.
    work = true;
    poller.wake();
    const n = at.length;
    await until(() => at.length >= n + 2);
    expect(at[n + 1] - at[n]).toBeLessThan(120);
    await poller.stop();
  });

  it('wake() runs a pass at once, even in the middle of a long idle wait', async () => {
    let passes = 0;
    const poller = startPolling('test', async () => {
        passes += 1;
        return false;
      }, { intervalMs: 60_000, maxIntervalMs: 600_000 }, async () => undefined);
    await until(() => passes === 1);
    const woken = Date.now();
    poller.wake();
    await until(() => passes === 2);
    expect(Date.now() - woken).toBeLessThan(500);
    await poller.stop();
  });

  it('stop() waits for the pass under way and calls onStopped once', async () => {
    let inPass = false;
    let stopped = 0;
    const poller = startPolling(
      'test',
      async () => {
        inPass = true;
        await new Promise((resolve) => setTimeout(resolve, 50));
        inPass = false;
        return false;
      },
      20,
      async () => void (stopped += 1),
    );
    await until(() => inPass);
    await poller.stop();
    expect(inPass).toBe(false);
    expect(stopped).toBe(1);
  });
});

describe('startPolling with a probe', () => {
  it('probes every interval but runs the full pass only when the probe moves (or the idle cap is reached)', async () => {
    let value = 'a';
    let probes = 0;
    let passes = 0;
    const poller = startPolling(
      'test',
      async () => {
        passes += 1;
        return false;
      },
      {
        intervalMs: 10,
        maxIntervalMs: 60_000,
        probe: async () => {
          probes += 1;
          return value;
        },
      },
      async () => undefined,
    );
    // First pass, then idle passes at 10, 20, 40 … ms: a few in the first 150 ms, then none for a minute.
    await until(() => probes >= 30);
    const probesBefore = probes;
    const passesBefore = passes;
    await until(() => probes >= probesBefore + 20);
    // The idle interval is ≥ 160 ms by now: at most one safety-net pass in those 20 probes.
    expect(passes - passesBefore).toBeLessThanOrEqual(1);
    const idlePasses = passes;
    // A write moves the probe: a full pass at the next probe.
    value = 'b';
    await until(() => passes > idlePasses, 1000);
    await poller.stop();
  });

  it('with a probe interval shorter than the pass interval: a write is noticed at the next probe, passes with work keep their pace', async () => {
    let value = 'a';
    let probes = 0;
    const passTimes: number[] = [];
    let working = true;
    const poller = startPolling(
      'test',
      async () => {
        passTimes.push(Date.now());
        return working;
      },
      {
        intervalMs: 200,
        maxIntervalMs: 60_000,
        probeIntervalMs: 10,
        probe: async () => {
          probes += 1;
          return value;
        },
      },
      async () => undefined,
    );
    // Passes that find work come every 200 ms, not every probe.
    await until(() => passTimes.length >= 3);
    expect(passTimes[2] - passTimes[1]).toBeGreaterThanOrEqual(190);
    working = false;
    // Idle: the probes go on (every 10 ms), the passes stop.
    await until(() => probes >= 60);
    const idlePasses = passTimes.length;
    const probesBefore = probes;
    await until(() => probes >= probesBefore + 5);
    expect(passTimes.length - idlePasses).toBeLessThanOrEqual(1);
    // A write: a full pass within a few probes, long before the 200 ms interval.
    const passesBefore = passTimes.length;
    const written = Date.now();
    value = 'b';
    await until(() => passTimes.length > passesBefore, 1000);
    expect(passTimes[passesBefore] - written).toBeLessThan(150);
    await poller.stop();
  });

  it('runs one follow-up pass when the probe moved during a pass (its own write), then goes idle', async () => {
    let value = 0;
    let passes = 0;
    const poller = startPolling(
      'test',
      async () => {
        passes += 1;
        value += 1; // the pass writes where the probe looks (the hub's own WAL)
        return false;
      },
      { intervalMs: 10, maxIntervalMs: 60_000, probe: async () => String(value) },
      async () => undefined,
    );
    await until(() => passes >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The idle cap doubles 10 → 20 → 40 → 80 → 160 ms in these 300 ms; follow-ups at most once per pass.
    expect(passes).toBeLessThanOrEqual(12);
    const settled = passes;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(passes - settled).toBeLessThanOrEqual(2);
    await poller.stop();
  });

  it('a failing probe counts as moved: the full pass runs (and says what is wrong)', async () => {
    let passes = 0;
    const poller = startPolling(
      'test',
      async () => {
        passes += 1;
        return false;
      },
      {
        intervalMs: 10,
        maxIntervalMs: 60_000,
        probe: async () => {
          throw new Error('no such function');
        },
      },
      async () => undefined,
    );
    await until(() => passes >= 5, 1000);
    await poller.stop();
  });

  it('a pass that keeps failing is retried with a doubling wait up to the cap, with or without a probe; a success resets it; wake() still runs one at once', async () => {
    for (const probe of [undefined, async (): Promise<string> => Promise.reject(new Error('connection refused'))]) {
      const at: number[] = [];
      let failing = true;
      const poller = startPolling(
        'test',
        async () => {
          at.push(Date.now());
          if (failing) throw new Error('connection refused');
          return true;
        },
        { intervalMs: 10, maxIntervalMs: 160, probe },
        async () => undefined,
      );
      await until(() => at.length >= 7, 5000);
      const gaps = at.slice(1).map((t, i) => t - at[i]);
      // Waits after failures 1..6: 10, 20, 40, 80, 160, 160 (timers fire late, never early).
      [10, 20, 40, 80, 160, 160].forEach((wait, i) => expect(gaps[i]).toBeGreaterThanOrEqual(wait - 2));
      expect(gaps[5]).toBeLessThan(160 * 1.9);
      // wake() does not wait for the backoff.
      const n = at.length;
      const woken = Date.now();
      poller.wake();
      await until(() => at.length > n, 1000);
      expect(at[n] - woken).toBeLessThan(100);
      // A success resets the backoff: a pass that worked is followed at the base interval.
      failing = false;
      poller.wake();
      await until(() => at.length >= n + 4, 2000);
      expect(at[n + 3] - at[n + 2]).toBeLessThan(80);
      await poller.stop();
    }
  });
});
