// Fills the four legacy databases with a deterministic, realistic data set and the ground truth
// database with its answer key (which records are one person). Same seed and size, same rows.
//
// Three steps: build the world (people and their records, in memory: about 3.5 KB a person, so
// 5.1 GB resident at 1,000,000 people, past Node's default heap: the npm scripts that generate
// raise it with --max-old-space-size=8192), plan every event
// with its instant (compact arrays, so that ids can grow with time and cross-references can
// point at rows that exist), then stream each table's rows into COPY, the five databases at once.
// No table's rows are ever all held in memory.
import { Database, openDatabase } from '../../subgraphs/kit/database';
import type { DevelopmentUrls } from '../databases';
import { logger } from '../../subgraphs/kit/logger';
import { callcentreLoads, planCallcentre } from './callcentre';
import { ecommerceLoads, planEcommerce } from './ecommerce';
import { marketingLoads, planMarketing } from './marketing';
import { planStore, storeLoads } from './store';
import { copyStatement, quoteIdentifier, TableLoad, TargetDatabase } from './tables';
import { truthLoads } from './truth';
import { buildWorld } from './world';
import { planIndependent } from './independent';

export { REFERENCE_DATE } from './calendar';

export interface GenerateOptions {
  urls: DevelopmentUrls;
  people: number;
  seed: number;
  /** Empty the legacy and truth tables first (otherwise non-empty tables are an error). */
  replace?: boolean;
  /** Which world: this generator's (default), or the independent one (devtools/data/independent/) for scoring on data the rules were not written for. */
  dataSet?: DataSetKind;
  onProgress?: (done: number, total: number, label: string) => void;
}

export type DataSetKind = 'original' | 'independent';

export interface TableCount {
  database: TargetDatabase;
  table: string;
  rows: number;
}

export interface GenerationReport {
  seed: number;
  people: number;
  tables: TableCount[];
  totalRows: number;
  seconds: number;
  rowsPerSecond: number;
}

/** The generator writes the four legacy systems whose tables it knows (a channel added later brings its own fixtures), and the answer key. */
export const GENERATED_SYSTEMS = ['store', 'ecommerce', 'callcentre', 'marketing'] as const;
const TARGETS: readonly TargetDatabase[] = [...GENERATED_SYSTEMS, 'truth'];
/** The truth tables the generator owns (schema_migrations is left alone). */
const TRUTH_TABLES = ['generation', 'person', 'record_owner'];
const MAX_SEED = 2_147_483_647;
const CHUNK_CHARACTERS = 65_536;

export function validateGenerateOptions(options: Pick<GenerateOptions, 'people' | 'seed'>): void {
  if (!Number.isSafeInteger(options.people) || options.people < 1) {
    throw new Error(`people must be a positive integer, got ${options.people}`);
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0 || options.seed > MAX_SEED) {
    throw new Error(`seed must be an integer between 0 and ${MAX_SEED}, got ${options.seed}`);
  }
}

export async function generateDataSet(options: GenerateOptions): Promise<GenerationReport> {
  validateGenerateOptions(options);
  const started = process.hrtime.bigint();
  const databases = new Map<TargetDatabase, Database>(
    TARGETS.map((target) => [target, openDatabase({ name: target, url: options.urls[target], max: 2, statementTimeoutMs: 0 })]),
  );
  try {
    await emptyTables(databases, options.replace === true);
    options.onProgress?.(0, 1, 'planning');
    const loads =
      options.dataSet === 'independent'
        ? planIndependent(options.seed, options.people)
        : await plan(options.seed, options.people, (label) => options.onProgress?.(0, 1, label));
    // Secondary indexes are built once after the load, not maintained row by row during it: at
    // 1,000,000 people the declared indexes (kit/index-contract.ts) made COPY's inserts random
    // writes into 34 B-trees larger than the cache. The same indexes, by their own definitions.
    const deferred = await dropSecondaryIndexes(databases);
    let counts: TableCount[];
    try {
      counts = await loadAll(databases, loads, options.onProgress);
    } finally {
      await rebuildIndexes(databases, deferred, options.onProgress);
    }
    await Promise.all(TARGETS.map((target) => finish(databases.get(target)!, target)));
    const totalRows = counts.reduce((sum, count) => sum + count.rows, 0);
    await recordGeneration(databases.get('truth')!, options, counts);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    logger.info({ people: options.people, seed: options.seed, rows: totalRows, seconds: Math.round(seconds * 10) / 10 }, 'data set generated');
    return { seed: options.seed, people: options.people, tables: counts, totalRows, seconds, rowsPerSecond: totalRows / seconds };
  } finally {
    await Promise.all([...databases.values()].map((db) => db.close()));
  }
}

/**
 * Planning is CPU-bound and synchronous: at 1,000,000 people it takes minutes and a few GB of heap
 * (the world is in memory). Each step is reported, and the event loop gets a turn between steps
 * (a progress bar redraws, Ctrl-C is heard).
 */
async function plan(seed: number, people: number, step: (label: string) => void): Promise<TableLoad[]> {
  const breathe = async (label: string): Promise<void> => {
    step(label);
    await new Promise((resolve) => setImmediate(resolve));
  };
  await breathe(`planning: ${people.toLocaleString('en-US')} people and their records`);
  const world = buildWorld(seed, people);
  await breathe('planning: store events');
  const store = planStore(world);
  await breathe('planning: web shop events');
  const ecommerce = planEcommerce(world);
  await breathe('planning: call centre events');
  const callcentre = planCallcentre(world, ecommerce);
  await breathe('planning: marketing events');
  const marketing = planMarketing(world);
  await breathe('planning: rows');
  return [
    ...storeLoads(world, store),
    ...ecommerceLoads(world, ecommerce),
    ...callcentreLoads(world, ecommerce, callcentre),
    ...marketingLoads(world, marketing, store, ecommerce),
    ...truthLoads(world),
  ];
}

async function tablesOf(db: Database, target: TargetDatabase): Promise<string[]> {
  if (target === 'truth') return TRUTH_TABLES;
  const rows = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  return rows.map((row) => row.name);
}

/**
 * Generated rows never mix with rows already there: existing rows are an error unless the caller
 * asked for them to be replaced, in which case every table is emptied and its ids restart.
 */
async function emptyTables(databases: Map<TargetDatabase, Database>, replace: boolean): Promise<void> {
  const tables = new Map<TargetDatabase, string[]>();
  for (const target of TARGETS) tables.set(target, await tablesOf(databases.get(target)!, target));
  if (!replace) {
    const filled: string[] = [];
    for (const target of TARGETS) {
      for (const table of tables.get(target)!) {
        const [{ filled: hasRows }] = await databases
          .get(target)!
          .query<{ filled: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoteIdentifier(table)}) AS filled`);
        if (hasRows) filled.push(`${target}.${table}`);
      }
    }
    if (filled.length > 0) {
      throw new Error(
        `The databases already hold data (${filled.slice(0, 4).join(', ')}${filled.length > 4 ? ', …' : ''}): ` +
          'pass --replace (replace: true) to empty them and generate again.',
      );
    }
    return;
  }
  await Promise.all(
    TARGETS.map((target) => {
      const names = tables.get(target)!;
      if (names.length === 0) return undefined;
      return databases.get(target)!.query(`TRUNCATE ${names.map(quoteIdentifier).join(', ')} RESTART IDENTITY`);
    }),
  );
}

interface Progress {
  done: number;
  readonly total: number;
  report?: (done: number, total: number, label: string) => void;
}

/** COPY lines grouped into chunks: one write per row would dominate the load time. */
function* chunks(load: TableLoad, progress: Progress, written: { rows: number }): Generator<string> {
  const label = `${load.database}.${load.table}`;
  let chunk = '';
  let pending = 0;
  const account = (): void => {
    progress.done += pending;
    written.rows += pending;
    pending = 0;
    progress.report?.(progress.done, progress.total, label);
  };
  for (const line of load.rows()) {
    chunk += line;
    pending += 1;
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
      account();
    }
  }
  if (chunk) yield chunk;
  account();
}

async function loadAll(
  databases: Map<TargetDatabase, Database>,
  loads: TableLoad[],
  report?: GenerateOptions['onProgress'],
): Promise<TableCount[]> {
  const progress: Progress = { done: 0, total: loads.reduce((sum, load) => sum + load.expectedRows, 0), report };
  const counts = new Map<TableLoad, { rows: number }>(loads.map((load) => [load, { rows: 0 }]));
  const perDatabase = TARGETS.map(async (target) => {
    const db = databases.get(target)!;
    for (const load of loads.filter((l) => l.database === target)) {
      await db.copyFrom(copyStatement(load), chunks(load, progress, counts.get(load)!));
    }
  });
  // Let every database finish (or fail) before the connections close.
  const outcomes = await Promise.allSettled(perDatabase);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return loads.map((load) => {
    const rows = counts.get(load)!.rows;
    if (rows !== load.expectedRows) {
      throw new Error(`generator bug: ${load.database}.${load.table} wrote ${rows} rows, planned ${load.expectedRows}`);
    }
    return { database: load.database, table: load.table, rows };
  });
}

interface DeferredIndex {
  target: TargetDatabase;
  name: string;
  definition: string;
}

/** Every index of the public schema that backs no constraint (primary keys and unique constraints stay), dropped; their definitions returned. */
async function dropSecondaryIndexes(databases: Map<TargetDatabase, Database>): Promise<DeferredIndex[]> {
  const perTarget = await Promise.all(
    TARGETS.map(async (target) => {
      const db = databases.get(target)!;
      const indexes = await db.query<{ name: string; definition: string }>(
        `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = 'public' AND t.relkind = 'r'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
         ORDER BY 1`,
      );
      for (const index of indexes) await db.query(`DROP INDEX ${quoteIdentifier(index.name)}`);
      return indexes.map((index) => ({ target, ...index }));
    }),
  );
  return perTarget.flat();
}

/** The dropped indexes created again, one database's at a time per connection, the databases in parallel. */
async function rebuildIndexes(databases: Map<TargetDatabase, Database>, indexes: DeferredIndex[], report?: GenerateOptions['onProgress']): Promise<void> {
  let done = 0;
  await Promise.all(
    TARGETS.map(async (target) => {
      const db = databases.get(target)!;
      for (const index of indexes.filter((i) => i.target === target)) {
        report?.(done, indexes.length, `index ${target}.${index.name}`);
        await db.withTransaction(async (tx) => {
          await tx.query("SET LOCAL maintenance_work_mem = '256MB'");
          await tx.query(index.definition);
        });
        done += 1;
      }
    }),
  );
  if (indexes.length > 0) report?.(done, indexes.length, 'indexes built');
}

/**
 * Rows were copied with explicit ids: every serial sequence is moved past its column's maximum,
 * so that the legacy applications' next insert gets a fresh id. Then fresh statistics.
 */
const SET_SEQUENCES = `
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT c.relname AS tab, a.attname AS col, pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS seq
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind = 'r'
  LOOP
    IF r.seq IS NOT NULL THEN
      EXECUTE format('SELECT setval(%L, COALESCE((SELECT max(%I) FROM public.%I), 0) + 1, false)', r.seq, r.col, r.tab);
    END IF;
  END LOOP;
END $$`;

async function finish(db: Database, target: TargetDatabase): Promise<void> {
  await db.query(SET_SEQUENCES);
  await db.query(target === 'truth' ? 'ANALYZE person, record_owner' : 'ANALYZE');
}

async function recordGeneration(truth: Database, options: GenerateOptions, counts: TableCount[]): Promise<void> {
  const rowCounts = Object.fromEntries(counts.map((count) => [`${count.database}.${count.table}`, count.rows]));
  await truth.query('INSERT INTO generation (seed, people, row_counts) VALUES ($1, $2, $3)', [options.seed, options.people, JSON.stringify(rowCounts)]);
}
