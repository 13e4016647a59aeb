// A background job that runs a pass, waits, and runs again until stopped (the identity and journal
// watchers of `npm start`). A failed pass is logged and retried at the next tick: passes must be
// resumable (they keep their own cursors). Stopping waits for the pass under way.
import { logger } from './logger';

export interface Poller {
  /** Resolves after the pass under way, if any, has finished. */
  stop(): Promise<void>;
}

export function startPolling(name: string, pass: () => Promise<void>, intervalMs: number, onStopped: () => Promise<void>): Poller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        await pass();
      } catch (error) {
        logger.warn({ poller: name, err: (error as Error).message }, 'background pass failed; retrying');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
      await onStopped();
    },
  };
}
