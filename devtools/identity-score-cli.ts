// `npm run identity:score`: the hub's links against the generator's ground truth. Details first;
// the last line is exactly `precision P recall R pairs N` (N: same-person pairs the links predict),
// for scripts to read.
import { runCommand, UsageError } from '../subgraphs/kit/command';
import { DevelopmentDatabases, provideDevelopmentDatabases } from './databases';
import { formatRatio, scoreIdentities } from './identity-score';

runCommand<null, DevelopmentDatabases>({
  name: 'identity:score',
  parse(args) {
    if (args.length > 0) throw new UsageError(`unknown argument ${args[0]} (identity:score takes none)`);
    return null;
  },
  databases: () => provideDevelopmentDatabases(process.env, { truth: { create: false, why: 'scoring reads the ground truth of generated data' } }),
  async run(databases) {
    const report = await scoreIdentities(databases.urls);
    console.log(`records known to the truth ${report.records} (${report.linkedRecords} linked), people ${report.people}, customers ${report.customers}`);
    console.log(`pairs: predicted ${report.predictedPairs}, correct ${report.correctPairs}, true ${report.truePairs}`);
    console.log('case                      people  wrong pairs  missed pairs');
    for (const [tag, c] of Object.entries(report.byCase).sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`${tag.padEnd(24)} ${String(c.people).padStart(7)} ${String(c.wrongPairs).padStart(12)} ${String(c.missedPairs).padStart(13)}`);
    }
    const h = report.households;
    console.log(
      `households (people sharing a home): precision ${formatRatio(h.precision)} recall ${formatRatio(h.recall)} ` +
        `(predicted ${h.predictedPairs}, true ${h.truePairs} pairs)`,
    );
    console.log(`precision ${formatRatio(report.precision)} recall ${formatRatio(report.recall)} pairs ${report.predictedPairs}`);
  },
});
