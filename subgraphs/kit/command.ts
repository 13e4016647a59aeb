// One shape for the command-line tools that work on the databases (`npm run identity:resolve`,
// `journal:backfill`, `db:setup`, `identity:score`): arguments checked before anything starts, the
// databases provided (the *_DATABASE_URL variables, or embedded PostgreSQL in .data/; the hub
// migrated) and always stopped, Ctrl-C stopping them cleanly, and failures said in one line without
// a stack or personal data.
//
// Exit codes: 0 done; 1 failed (one line on stderr: `<name> failed: <why>`); 2 bad arguments
// (`<name>: <why>`, nothing started); 130 interrupted.
import { logger } from './logger';
import type { ProvidedDatabases } from './provide-databases';

/** Bad arguments: said as they are, exit 2. */
export class UsageError extends Error {}

/** npm forwards the terminal's Ctrl-C to its child, which then sees it twice at once (kit/shutdown.ts). */
const SAME_SIGNAL_WINDOW_MS = 1000;

export interface Command<O, D extends ProvidedDatabases = ProvidedDatabases> {
  /** `identity:resolve` …: how messages name the command. */
  name: string;
  /** The arguments after the command; throw UsageError for what is not understood. */
  parse(args: string[]): O;
  /** What an interrupted run leaves behind, said on Ctrl-C (e.g. "run again to resume"). */
  onInterrupt?: string;
  /**
   * Where the databases come from: provideDatabases with the registry's layout (subgraphs/channels.ts;
   * the kit does not know the systems), or the development tools' own.
   */
  databases(options: O): Promise<D>;
  run(databases: D, options: O): Promise<void>;
}

export function runCommand<O, D extends ProvidedDatabases = ProvidedDatabases>(command: Command<O, D>, args: string[] = process.argv.slice(2)): void {
  let options: O;
  try {
    options = command.parse(args);
  } catch (error) {
    console.error(`${command.name}: ${(error as Error).message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  }

  let databases: D | undefined;
  const stop = async (): Promise<void> => {
    const running = databases;
    databases = undefined;
    await running?.stop();
  };
  let interruptedAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interruptedAt > 0) {
      if (Date.now() - interruptedAt < SAME_SIGNAL_WINDOW_MS) return;
      process.exit(130);
    }
    interruptedAt = Date.now();
    logger.warn({ signal }, `${command.name} interrupted${command.onInterrupt ? `: ${command.onInterrupt}` : ''}`);
    stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const main = async (): Promise<void> => {
    databases = await command.databases(options);
    try {
      await command.run(databases, options);
    } finally {
      await stop();
    }
  };
  main().catch((error: unknown) => {
    if (interruptedAt > 0) return; // the signal handler stops everything and exits 130
    logger.fatal({ err: (error as Error).message }, `${command.name} failed`);
    console.error(`${command.name} failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
