// A background job that runs a pass, waits, and runs again until stopped (the hub's identity,
// journal and consent watchers). A failed pass is logged and retried: at the base interval after a
// first failure, then backing off (doubling up to the idle cap) while it keeps failing, so a pass
// that cannot succeed (a database down, a statement that times out at some size) does not run, and
// fail, at the base pace for ever; wake() still runs one at once. Passes must be resumable (they keep
// their own cursors). Stopping waits for the pass under way.
//
// Idle means idle (issue 14): a pass says whether it found work. Without a probe, an idle pass
// doubles the wait before the next one, from `intervalMs` up to `maxIntervalMs`; a pass with work
// brings it back to `intervalMs`. With a probe (kit/change-probe.ts: one cheap statement per
// system, e.g. the legacy server's WAL position), the probe runs every `intervalMs` and the full
// pass runs only when:
// - the probe's value moved since the last full pass started (something was written), or
// - the last full pass found work (a batch may follow, a feed may be waiting on a transaction), or
// - wake() was called (an in-process writer), or
// - the idle interval (doubling to `maxIntervalMs`) has elapsed since the last full pass: a safety
//   net for what no write announces (a cart becoming abandoned with time) and for a probe that fails.
// So a write is seen within `intervalMs` (or `probeIntervalMs`, when the probe runs more often than
// the passes) + one pass however long the graph was idle, and an idle graph costs one probe per
// system per probe interval plus one full pass per `maxIntervalMs`.
import { logger } from './logger';

export interface Poller {
  /** Resolves after the pass under way, if any, has finished. */
  stop(): Promise<void>;
  /** Runs a full pass now (or right after the one under way), whatever the probe or the backoff say. */
  wake(): void;
}

/** What a pass says: true when it found work (the next pass comes at the base interval). */
export type PassResult = boolean | void;

/** What a pass is told: whether wake() asked for it (a pass that chooses its own work then does all of it). */
export interface PassTick {
  forced: boolean;
}

export interface PollingOptions {
  /** The base interval: between probes, and between full passes while there is work. */
  intervalMs: number;
  /** The longest wait between two full passes when idle (the base interval doubles up to it). Default: intervalMs (no backoff). */
  maxIntervalMs?: number;
  /**
   * A cheap "anything new?" read, run every intervalMs: a value that changes when something was
   * written. A probe that fails counts as moved (the full pass runs, and says what is wrong).
   */
  probe?: () => Promise<string>;
  /**
   * How often the probe runs (default intervalMs). Shorter than intervalMs, a write is noticed
   * sooner while full passes keep their own pace: a pass that found work is followed by another
   * after intervalMs, an idle pass by the doubling idle interval; a moved probe runs one at once.
   */
  probeIntervalMs?: number;
  /** The first idle interval after a full pass that found nothing (default intervalMs; then doubling to maxIntervalMs). */
  firstIdleMs?: number;
  /** Called after each tick (tests, the idle bench): whether the full pass ran, and the next idle interval. */
  onTick?(tick: { fullPass: boolean; worked: boolean; idleIntervalMs: number }): void;
}

export function startPolling(
  name: string,
  pass: (tick: PassTick) => Promise<PassResult>,
  interval: number | PollingOptions,
  onStopped: () => Promise<void>,
): Poller {
  const options: PollingOptions = typeof interval === 'number' ? { intervalMs: interval } : interval;
  const base = options.intervalMs;
  const cap = Math.max(base, options.maxIntervalMs ?? base);
  if (!(base > 0)) throw new Error(`poller ${name}: intervalMs must be positive, got ${base}`);
  const probeEvery = options.probe ? Math.min(base, options.probeIntervalMs ?? base) : base;
  if (!(probeEvery > 0)) throw new Error(`poller ${name}: probeIntervalMs must be positive, got ${probeEvery}`);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeSleep: (() => void) | undefined;
  let woken = false;
  // Full-pass state: the idle interval, when the last full pass started, what the probe said then,
  // and whether it found work.
  let idleMs = base;
  let lastFullAt = Number.NEGATIVE_INFINITY;
  let lastProbe: string | undefined;
  let lastWorked = true;
  // Consecutive failed passes: the wait before the next attempt doubles from the base interval.
  let failures = 0;
  const retryWaitMs = (): number => (failures > 0 ? Math.min(base * 2 ** (failures - 1), cap) : 0);

  const probeValue = async (): Promise<string | undefined> => {
    if (!options.probe) return undefined;
    try {
      return await options.probe();
    } catch (error) {
      logger.debug({ poller: name, err: (error as Error).message }, 'change probe failed; running the full pass');
      return undefined;
    }
  };

  // A full pass may write where the probe looks (the hub's own tables; a server the hub shares with a
  // legacy system): the probe is read again after it, and if it moved meanwhile one follow-up pass
  // runs (a write of someone else's during the pass may have been missed); the value after that
  // follow-up is taken as seen, so a pass's own writes never keep the loop busy.
  let followUp = false;
  const tick = async (): Promise<void> => {
    const forced = woken;
    woken = false;
    const probe = await probeValue();
    const sinceFull = Date.now() - lastFullAt;
    const due = sinceFull >= idleMs;
    const moved = options.probe !== undefined && (probe === undefined || probe !== lastProbe);
    // Without a probe every tick is a full pass (the wait between ticks is what backs off). After a
    // failure a failing probe (the database down) counts as moved too: the retry backoff decides.
    const full = forced || (sinceFull >= retryWaitMs() && (!options.probe || (lastWorked && sinceFull >= base) || moved || due || followUp));
    let worked = false;
    if (full) {
      const wasFollowUp = followUp;
      followUp = false;
      lastFullAt = Date.now();
      try {
        worked = (await pass({ forced })) !== false;
        failures = 0;
      } catch (error) {
        worked = true; // retried: at the base interval the first time, then backing off (retryWaitMs)
        failures += 1;
        logger.warn({ poller: name, err: (error as Error).message, failures, retryInMs: retryWaitMs() }, 'background pass failed; retrying');
      }
      lastWorked = worked;
      idleMs = worked ? base : Math.min(Math.max(idleMs * 2, options.firstIdleMs ?? 0), cap);
      lastProbe = probe;
      if (options.probe && probe !== undefined && !worked) {
        const after = await probeValue();
        if (after !== probe) {
          if (wasFollowUp) lastProbe = after;
          else followUp = true;
        }
      }
    }
    options.onTick?.({ fullPass: full, worked, idleIntervalMs: idleMs });
  };

  const loop = (async () => {
    while (!stopped) {
      await tick();
      if (stopped) break;
      // With a probe, ticks keep the probe's interval (probes are cheap); without one, the wait is the idle interval.
      const waitMs = options.probe ? probeEvery : lastWorked ? base : idleMs;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        wakeSleep = resolve;
        timer = setTimeout(resolve, waitMs);
      });
      wakeSleep = undefined;
    }
  })();
  return {
    wake() {
      woken = true;
      if (timer) clearTimeout(timer);
      wakeSleep?.();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wakeSleep?.();
      await loop;
      await onStopped();
    },
  };
}
