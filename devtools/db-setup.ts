// `npm run db:setup [-- --legacy] [--generate N] [--seed S]`: the databases made ready on the
// configured server (the five *_DATABASE_URL variables, or embedded PostgreSQL when none is set).
//
// - Always: what the project owns, the hub — created when the server has none, migrated to the
//   latest schema (the same migration npm start and the workers run on start; idempotent).
// - `--legacy` (development, refused in production): each legacy database created when missing and
//   given its tables (subgraphs/<system>/legacy.sql) when it has none — a database holding any table
//   is never altered — and the generator's ground truth (GROUND_TRUTH_DATABASE_URL, skipped when
//   unset on external PostgreSQL); and for each system CHANGE_STREAM names, when its server's
//   wal_level is logical, the publication and slot of its change stream (kit/change-stream-contract.ts).
// - `--generate N` (development, implies --legacy; 0: nothing): a generated data set of N people
//   when the legacy databases hold no data yet; left as they are when they do.
// Re-running it changes nothing that is already there.
import { Command, UsageError } from '../subgraphs/kit/command';
import { isProduction, readChangeStreamSetting, readDataSetConfig } from '../subgraphs/kit/config';
import { createChangeStreamObjects, legacyTables } from '../subgraphs/kit/change-stream-contract';
import path from 'node:path';
import { createDatabaseIfMissing, createLegacyTablesIfEmpty, databaseNameOf, HUB_ROLE, projectPath, withDatabase } from '../subgraphs/kit/databases';
import { registry } from '../subgraphs/channels';
import { databaseUrlsFromEnv } from '../subgraphs/kit/provide-databases';
import { generateDataSet } from './data/generate';
import { prepareGroundTruth, TRUTH_URL_VARIABLE } from './data/ground-truth';
import { DevelopmentDatabases, legacyIsEmpty, provideDevelopmentDatabases } from './databases';

export interface SetupOptions {
  legacy: boolean;
  /** People to generate; 0 for none. */
  generate: number;
  seed: number;
}

export const USAGE = `Usage: npm run db:setup [-- --legacy] [--generate N] [--seed S]
  (no flag)     create the hub database when missing and migrate it (what npm start and the workers also do on start)
  --legacy      development: also create the legacy databases and their tables when empty, and the ground truth
  --generate N  development: fill empty legacy databases with N generated people (implies --legacy; 0: none)
  --seed S      the generated data set's seed (default: GENERATE_SEED or 42)`;

function integer(flag: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} needs an integer between ${min} and ${max}${text === undefined ? '' : `, got "${text}"`}`);
  }
  return Number(text);
}

export function parseSetupArguments(args: readonly string[], env: NodeJS.ProcessEnv = process.env): SetupOptions {
  const options: SetupOptions = { legacy: false, generate: 0, seed: readDataSetConfig(env).seed };
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].includes('=') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--legacy':
        options.legacy = true;
        break;
      case '--generate':
        options.generate = integer('--generate', value(), 0, 10_000_000);
        break;
      case '--seed':
        options.seed = integer('--seed', value(), 0, 2 ** 31 - 1);
        break;
      default:
        throw new UsageError(`unknown argument ${args[i]} (try --help)`);
    }
  }
  if (options.generate > 0) options.legacy = true;
  if (options.legacy && isProduction(env)) {
    throw new UsageError('--legacy and --generate are for development: in production the legacy databases belong to their systems');
  }
  return options;
}

/**
 * The db:setup command (kit/command.ts shape: exit 0, 1 with one line, 2 for bad arguments, 130).
 * `env` and `print` are parameters so that tests run the same path on their own server.
 */
export function dbSetupCommand(
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => console.log(line),
): Command<SetupOptions, DevelopmentDatabases> {
  return {
    name: 'db:setup',
    parse: (args) => parseSetupArguments(args, env),
    onInterrupt: 'run it again: each step is idempotent',
    async databases(options) {
      // Said before anything is created: a data set without its answer key could not be scored or tested.
      if (options.generate > 0 && databaseUrlsFromEnv(registry().databases, env) && !env[TRUTH_URL_VARIABLE]) {
        throw new Error(`--generate needs ${TRUTH_URL_VARIABLE} too: the generated data set's ground truth is kept there`);
      }
      return provideDevelopmentDatabases(env, { createHub: true });
    },
    async run(databases, options) {
      const { urls } = databases;
      const hub = databases.hub;
      print(
        `${databaseNameOf(urls[HUB_ROLE])}: ${hub.created ? 'created, ' : ''}` +
          (hub.migrationsApplied.length > 0 ? `migrated (${hub.migrationsApplied.join(', ')})` : 'schema up to date'),
      );
      if (!options.legacy) return;

      const layout = registry().databases;
      for (const system of layout.legacySystems) {
        const created = await createDatabaseIfMissing(urls[system]);
        const tables = (await createLegacyTablesIfEmpty(layout, system, urls[system])) || databases.createdLegacy.includes(system);
        print(
          `${databaseNameOf(urls[system])}: ${created ? 'created, ' : ''}` +
            (tables ? `tables created (${path.relative(projectPath(), layout.ddlFiles[system])})` : 'has tables already: left as it is'),
        );
      }
      for (const system of readChangeStreamSetting(layout.legacySystems, env)) {
        const made = await withDatabase(system, urls[system], (db) => createChangeStreamObjects(db, system, legacyTables(layout.ddlFiles[system])));
        print(
          `${databaseNameOf(urls[system])}: change stream ` +
            (made === null ? "not prepared: its server's wal_level is not logical (CHANGE_STREAM; it is polled)" : made.length > 0 ? `${made.join(', ')} created` : 'publication and slot there'),
        );
      }
      if (urls.truth) {
        await prepareGroundTruth(urls.truth, { create: true });
        print(`${databaseNameOf(urls.truth)}: ready`);
      } else {
        print(`ground truth: ${TRUTH_URL_VARIABLE} is not set, skipped (only generated data needs it)`);
      }

      if (options.generate === 0) return;
      const [{ cards }] = await withDatabase('store', urls.store, (db) =>
        db.query<{ cards: string | null }>(`SELECT to_regclass('"CARTE_FIDELITE"')::text AS cards`),
      );
      if (cards === null) throw new Error(`cannot generate: ${databaseNameOf(urls.store)} has tables, but not those of subgraphs/store/legacy.sql`);
      if (!(await legacyIsEmpty(urls.store))) {
        print('legacy data: already there, nothing generated');
        return;
      }
      // generateDataSet refuses when any legacy or truth table holds rows (never mixes data sets).
      const report = await generateDataSet({ urls, people: options.generate, seed: options.seed });
      print(`generated ${report.totalRows} rows for ${report.people} people (seed ${report.seed}) in ${report.seconds.toFixed(1)} s`);
    },
  };
}
