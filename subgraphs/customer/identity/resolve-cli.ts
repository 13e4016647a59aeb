// `npm run identity:resolve`: a full identity resolution over the legacy databases that
// provideDatabases gives (the *_DATABASE_URL variables, or embedded PostgreSQL in .data/).
// `npm run identity:resolve -- --changes`: one pass over what changed since the last run instead.
// Progress on stderr, the figures on stdout. Ctrl-C stops the embedded PostgreSQL before exiting;
// the resolution's transaction is then rolled back by the server, leaving the hub as it was.
import cliProgress from 'cli-progress';
import { runCommand, UsageError } from '../../kit/command';
import { provideDatabases } from '../../kit/provide-databases';
import { registry } from '../../channels';
import { resolveChanges, resolveIdentities } from './resolve';

runCommand({
  name: 'identity:resolve',
  parse(args) {
    const unknown = args.filter((arg) => arg !== '--changes');
    if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown[0]} (only --changes is understood)`);
    return { changesOnly: args.includes('--changes') };
  },
  onInterrupt: 'the resolution is one transaction: the hub is left as it was',
  databases: () => provideDatabases(registry().databases),
  async run(databases, { changesOnly }) {
    const bar = new cliProgress.SingleBar(
      { format: 'identity {bar} {value}/{total} steps | {label}', hideCursor: true, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 10_000 },
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
    } finally {
      bar.stop();
    }
  },
});
