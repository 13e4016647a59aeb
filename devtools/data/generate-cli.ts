// `npm run generate -- --people N --seed S [--replace]`: fills the legacy databases (embedded
// PostgreSQL unless every *_DATABASE_URL is set) with a generated data set and its ground truth.
import cliProgress from 'cli-progress';
import { readDataSetConfig } from '../../subgraphs/kit/config';
import { withDatabase } from '../../subgraphs/kit/databases';
import { DevelopmentDatabases, provideDevelopmentDatabases } from '../databases';
import { generateDataSet, GenerationReport } from './generate';

const USAGE = `Usage: npm run generate -- [--people N] [--seed S] [--replace] [--independent]
  --people N   how many people the data set describes (default: GENERATE_PEOPLE or 2000)
  --seed S     0…2147483647; the same seed and size give the same rows (default: GENERATE_SEED or 42)
  --replace    empty the legacy and ground-truth tables first (required when they hold rows)
  --independent  the independent data set (devtools/data/independent/): another world model, for
               scoring identity resolution on data its rules were not written for`;

export interface CliOptions {
  people: number;
  seed: number;
  replace: boolean;
  help: boolean;
  /** Present only when --independent was given. */
  independent?: true;
}

function integerArgument(name: string, text: string | undefined, min: number, max: number, what: string): number {
  if (text === undefined || text === '' || text.startsWith('--')) throw new Error(`${name} needs a value (${what})`);
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new Error(`${name} must be ${what}, got "${text}"`);
  return value;
}

export function parseArguments(argv: readonly string[], defaults: { people: number; seed: number }): CliOptions {
  const options: CliOptions = { ...defaults, replace: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--people':
        options.people = integerArgument('--people', value(), 1, 10_000_000, 'a positive integer');
        break;
      case '--seed':
        options.seed = integerArgument('--seed', value(), 0, 2 ** 31 - 1, 'an integer between 0 and 2147483647');
        break;
      case '--replace':
        options.replace = true;
        break;
      case '--independent':
        options.independent = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`unknown argument "${argv[i]}" (try --help)`);
    }
  }
  return options;
}

function printReport(report: GenerationReport): void {
  const number = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(
    `Generated ${number(report.totalRows)} rows for ${number(report.people)} people (seed ${report.seed}) ` +
      `in ${report.seconds.toFixed(1)} s: ${number(report.rowsPerSecond)} rows/s`,
  );
  const width = Math.max(...report.tables.map((t) => t.database.length + t.table.length + 1));
  for (const { database, table, rows } of report.tables) {
    console.log(`  ${`${database}.${table}`.padEnd(width)}  ${number(rows).padStart(11)}`);
  }
}

async function generate(options: CliOptions, databases: DevelopmentDatabases): Promise<GenerationReport> {
  const bar = new cliProgress.SingleBar(
    // Not a terminal (CI, a log file): a line every 10 s instead of a bar that never shows.
    { stream: process.stderr, format: 'generating {bar} {percentage}% | {value}/{total} rows | {label}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 10_000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { label: 'starting' });
  try {
    return await generateDataSet({
      urls: databases.urls,
      people: options.people,
      seed: options.seed,
      replace: options.replace,
      dataSet: options.independent ? 'independent' : 'original',
      onProgress: (done, total, label) => {
        if (bar.getTotal() !== total) bar.setTotal(total);
        bar.update(done, { label });
      },
    });
  } finally {
    bar.stop();
  }
}

/**
 * Replaced legacy data makes every hub link wrong: the same card number or account id now names
 * someone else, so the old links would show one person's records to another. The hub is emptied
 * (schema kept); the next `npm start` or `npm run identity:resolve` links the new data.
 */
export async function resetHub(url: string): Promise<void> {
  await withDatabase('customer', url, (db) =>
    // One table at a time: a table's TRUNCATE trigger may empty another (touchpoint empties
    // touchpoint_daily, migration 007), which fails when both are in one TRUNCATE statement.
    db.query(`DO $$
      DECLARE t text;
      BEGIN
        FOR t IN SELECT format('%I', tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' LOOP
          EXECUTE 'TRUNCATE ' || t || ' RESTART IDENTITY CASCADE';
        END LOOP;
      END $$`),
  );
  console.log('The customer hub was emptied (its links named the replaced records): npm start or npm run identity:resolve links the new data.');
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArguments(process.argv.slice(2), readDataSetConfig());
  } catch (error) {
    console.error(`generate: ${(error as Error).message}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  let databases: DevelopmentDatabases | undefined;
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    console.error('\ngenerate: interrupted');
    // Stopping PostgreSQL cuts the COPY connections under way: their errors are expected now.
    process.on('uncaughtException', () => undefined);
    void (databases?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
  try {
    databases = await provideDevelopmentDatabases(process.env, {
      truth: { create: false, why: 'the ground truth of a generated data set is kept there' },
    });
    printReport(await generate(options, databases));
    if (options.replace) await resetHub(databases.urls.customer);
    return 0;
  } catch (error) {
    if (!interrupted) console.error(`generate: ${((error as Error).message ?? String(error)).split('\n')[0]}`);
    return 1;
  } finally {
    // pg's pool.end() resolves before its sockets are closed; stopping PostgreSQL at once makes
    // those closing clients log "idle database client failed". A moment lets them finish.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await databases?.stop();
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
