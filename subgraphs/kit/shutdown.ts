// Ctrl-C or SIGTERM: stop accepting requests, finish, close pools, stop PostgreSQL, exit 0.
// A second Ctrl-C (a second later or more) exits at once; the embedded PostgreSQL is then told to
// stop on exit, or cleaned up by the next start.
import { logger } from './logger';

/** npm forwards the terminal's Ctrl-C to its child, which then sees it twice at once. */
const SAME_SIGNAL_WINDOW_MS = 1000;

export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  let firstAt = 0;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping && Date.now() - firstAt < SAME_SIGNAL_WINDOW_MS) return;
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    firstAt = Date.now();
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
