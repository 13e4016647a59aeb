// `npm run journal:backfill`: reads every channel's touchpoint feed from its stored position into
// the hub's journal, over the databases provideDatabases gives (the *_DATABASE_URL variables, or
// embedded PostgreSQL in .data/). Run again, it adds only what is new. `--batch N` sets the
// touchpoints per read (5000). Progress on stderr, the figures on stdout.
// The feeds use the common enums (schema/common.ts), whose classes carry type-graphql decorators.
import 'reflect-metadata';
import cliProgress from 'cli-progress';
import { runCommand, UsageError } from '../../kit/command';
import { provideDatabases } from '../../kit/provide-databases';
import { registry } from '../../channels';
import { DEFAULT_BATCH, ingestTouchpoints } from './ingest';

function parseBatch(args: string[]): number {
  if (args.length === 0) return DEFAULT_BATCH;
  if (args.length === 2 && args[0] === '--batch' && /^\d+$/.test(args[1]) && Number(args[1]) > 0) return Number(args[1]);
  throw new UsageError(`unknown arguments ${args.join(' ')} (only --batch N is understood)`);
}

runCommand({
  name: 'journal:backfill',
  parse: parseBatch,
  onInterrupt: 'each stored batch kept its feed position: run again to resume',
  databases: () => provideDatabases(registry().databases),
  async run(databases, batch) {
    const bar = new cliProgress.SingleBar(
      { format: 'journal {bar} {value}/{total} feeds | {read} read, {entries} new | {feed}', hideCursor: true, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 10_000 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0, { read: 0, entries: 0, feed: 'starting' });
    try {
      const report = await ingestTouchpoints(databases.urls, {
        batch,
        onProgress: (p) => {
          bar.setTotal(p.feeds);
          bar.update(p.feedsDone, { read: p.read, entries: p.entries, feed: p.feed });
        },
      });
      bar.stop();
      for (const [feed, figures] of Object.entries(report.byFeed)) {
        console.log(
          `${feed}: ${figures.inserted} new, ${figures.updated} updated, ${figures.removed} withdrawn, of ${figures.read} read (${figures.batches} batches)` +
            (figures.waiting ? '; waiting for a transaction still running in its database (run again later for the rest)' : ''),
        );
      }
      console.log(
        `entries ${report.entries} (updated ${report.updated}, withdrawn ${report.removed}, read ${report.read}); seconds ${report.seconds.toFixed(2)}; entries/s ${report.entriesPerSecond}`,
      );
    } finally {
      bar.stop();
    }
  },
});
