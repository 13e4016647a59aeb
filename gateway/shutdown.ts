// Ctrl-C or SIGTERM: stop accepting requests, finish, close pools, stop PostgreSQL, exit 0.
// A second signal exits at once (the embedded PostgreSQL then stops on its own signal, or is
// cleaned up by the next start).
import { logger } from '../subgraphs/kit/logger';

export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
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
