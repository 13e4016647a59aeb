// `npm run identity:resolve`: a full identity resolution over the legacy databases that
// provideDatabases gives (the *_DATABASE_URL variables, or embedded PostgreSQL in .data/).
// `npm run identity:resolve -- --changes`: one pass over what changed since the last run instead.
// Progress on stderr, the figures on stdout. Ctrl-C stops the embedded PostgreSQL before exiting;
// the resolution's transaction is then rolled back by the server, leaving the hub as it was.
import cliProgress from 'cli-progress';
import { logger } from '../../kit/logger';
import { provideDatabases, ProvidedDatabases } from '../../kit/provide-databases';
import { resolveChanges, resolveIdentities } from './resolve';

async function main(): Promise<void> {
  let databases: ProvidedDatabases | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    const running = databases;
    databases = undefined;
    await running?.stop();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    logger.warn({ signal }, 'identity resolution interrupted');
    stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const changesOnly = process.argv.includes('--changes');
  const unknown = process.argv.slice(2).filter((arg) => arg !== '--changes');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]} (only --changes is understood)`);
  databases = await provideDatabases();
  const bar = new cliProgress.SingleBar(
    { format: 'identity {bar} {value}/{total} steps | {label}', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { label: 'starting' });
  try {
    const report = await (changesOnly ? resolveChanges : resolveIdentities)(databases.urls, {
      onProgress: (done, total, label) => {
        bar.setTotal(total);
        bar.update(done, { label });
      },
    });
    bar.stop();
    const systems = Object.entries(report.recordsBySystem)
      .map(([system, n]) => `${system} ${n}`)
      .join(', ');
    const rejected = Object.entries(report.pairsRejected)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    console.log(`records ${report.recordsRead} (${systems}); identifiers ${report.identifiers}; records in scope ${report.recordsInScope}`);
    console.log(`links ${report.activeLinks} active (${report.linksMade} made, ${report.linksClosed} closed by this run)`);
    console.log(
      `customers ${report.customers} (${report.newCustomers} new)` +
        (report.households >= 0 ? `; households ${report.households} (${report.householdMembers} members)` : ''),
    );
    console.log(
      `guards: pairs refused ${rejected || 'none'}; records in split components ${report.recordsInSplitComponents}; ` +
        `identifiers too common to link ${report.commonIdentifiersIgnored}`,
    );
    console.log(`statements to the hub ${report.hubStatements} (label propagation rounds ${report.labelRounds})`);
    console.log(`seconds ${report.seconds.toFixed(2)}; records/s ${report.recordsPerSecond}`);
  } catch (error) {
    bar.stop();
    throw error;
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  logger.fatal({ err: (error as Error).message }, 'identity resolution failed');
  console.error(`identity:resolve failed: ${(error as Error).message}`);
  process.exit(1);
});
