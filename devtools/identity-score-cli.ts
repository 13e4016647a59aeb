// `npm run identity:score`: the hub's links against the generator's ground truth. Details first;
// the last line is exactly `precision P recall R pairs N` (N: same-person pairs the links predict),
// for scripts to read.
// `npm run identity:score -- --both [--people N] [--seed S]`: generates the first generator's data
// set and the independent one in turn into the same databases (replacing what they hold), resolves
// each in bulk with today's rules and prints both scores side by side (identity-score-both.ts).
import { readDataSetConfig } from '../subgraphs/kit/config';
import { runCommand, UsageError } from '../subgraphs/kit/command';
import { DevelopmentDatabases, provideDevelopmentDatabases } from './databases';
import { formatRatio, scoreIdentities } from './identity-score';
import { formatSideBySide, scoreBoth } from './identity-score-both';

interface ScoreOptions {
  both: boolean;
  people: number;
  seed: number;
}

function integer(flag: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} needs an integer between ${min} and ${max}`);
  }
  return Number(text);
}

export function parseScoreArguments(args: readonly string[], defaults: { people: number; seed: number }): ScoreOptions {
  const options: ScoreOptions = { both: false, ...defaults };
  let sized = false;
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].includes('=') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    if (flag === '--both') options.both = true;
    else if (flag === '--people') {
      options.people = integer('--people', inline ?? args[++i], 1, 10_000_000);
      sized = true;
    } else if (flag === '--seed') {
      options.seed = integer('--seed', inline ?? args[++i], 0, 2 ** 31 - 1);
      sized = true;
    } else throw new UsageError(`unknown argument ${args[i]} (identity:score takes --both [--people N] [--seed S], or nothing)`);
  }
  if (sized && !options.both) throw new UsageError('--people and --seed go with --both (without it, the data already in the databases is scored)');
  return options;
}

if (require.main === module) {
  runCommand<ScoreOptions, DevelopmentDatabases>({
    name: 'identity:score',
    parse: (args) => parseScoreArguments(args, readDataSetConfig()),
    databases: () => provideDevelopmentDatabases(process.env, { truth: { create: false, why: 'scoring reads the ground truth of generated data' } }),
    async run(databases, options) {
      if (options.both) {
        const scores = await scoreBoth(databases.urls, { people: options.people, seed: options.seed, onStep: (text) => console.error(text) });
        for (const line of formatSideBySide(scores)) console.log(line);
        return;
      }
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
}
