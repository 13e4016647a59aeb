// Staging rows read from the legacy systems in the hub, as consent decisions (consent/stage.ts) and
// preferences (preferences/stage.ts) are staged: each source's answer replaces what was staged for
// its system (rows no longer read removed, changed rows updated, the rest left alone), every system
// read in one call written in one hub transaction with a constant number of statements whatever the
// number of rows (the rows travel as arrays, unnest-ed in SQL). Running it again on unchanged
// systems changes nothing (idempotent).
//
// A system whose read fails, or answers a row its check refuses, keeps what was staged from its last
// good read (an outage must not look like "nothing there"); the others are staged, and the failure
// is reported by the system's name, never with a row's data.
import { Database, Queryable } from '../kit/database';
import { logger } from '../kit/logger';

/** One column of the staging table, in the order the SQL unnests them. */
export interface StagedColumn<Row> {
  name: string;
  /** Its PostgreSQL type, for the array it travels in. */
  type: string;
  of(row: Row): unknown;
}

export interface StagingTable<Row extends { system: string }> {
  /** Rows keyed by (system, ...keys), each holding values and a staged_at. */
  table: string;
  /** The key's columns after `system`. */
  keys: readonly StagedColumn<Row>[];
  values: readonly StagedColumn<Row>[];
  /** ORDER BY after the key: of one key answered twice, the first row is kept (e.g. the latest). */
  keep: string;
  /** The table that records when each system was last staged, and the column counting its rows. */
  sourceTable: string;
  countColumn: string;
  /** A fixed number no other code takes: two stagings of the table at once wait for each other. */
  lock: number;
  /** Throws, with the system's name and never the row's data, for a row the table would refuse. */
  check(system: string, row: Row): void;
  /** Words for errors and logs: `two ${readers} for one system`, `${rows} not read from some systems`. */
  readers: string;
  rows: string;
  /** What the warning says stays when a system's read failed. */
  kept: string;
}

export interface StagingSource<Row> {
  /** The legacy system, as identity_link.system names it. */
  system: string;
  read(): Promise<Row[]>;
}

export interface StageReport {
  /** Per system staged: rows read, rows written (new or changed), rows removed (no longer read). */
  systems: Record<string, { read: number; written: number; removed: number }>;
  /** Systems whose read failed, with the error's message (nothing of theirs was touched). */
  failed: Record<string, string>;
  /** Statements sent to the hub (constant: does not grow with the number of rows). */
  hubStatements: number;
  seconds: number;
}

type Counts = Map<string, { written: number; removed: number }>;

/** The staging statement for a table: $1 the systems read, then one array per column. */
function stageSql<Row extends { system: string }>(spec: StagingTable<Row>): string {
  const keys = ['system', ...spec.keys.map((column) => column.name)];
  const values = spec.values.map((column) => column.name);
  const columns = [...keys, ...values];
  const types = ['text', ...spec.keys.map((column) => column.type), ...spec.values.map((column) => column.type)];
  return `
WITH incoming AS (
  SELECT DISTINCT ON (${keys.join(', ')}) *
    FROM unnest(${types.map((type, i) => `$${i + 2}::${type}[]`).join(', ')})
         AS t(${columns.join(', ')})
   ORDER BY ${keys.join(', ')}, ${spec.keep}
),
removed AS (
  DELETE FROM ${spec.table} s
   WHERE s.system = ANY ($1::text[])
     AND NOT EXISTS (SELECT 1 FROM incoming i
                      WHERE ${keys.map((key) => `i.${key} = s.${key}`).join(' AND ')})
  RETURNING s.system
),
written AS (
  INSERT INTO ${spec.table} AS s (${columns.join(', ')})
  SELECT ${columns.join(', ')} FROM incoming
  ON CONFLICT (${keys.join(', ')}) DO UPDATE
     SET ${values.map((value) => `${value} = EXCLUDED.${value}`).join(', ')}, staged_at = now()
   WHERE (${values.map((value) => `s.${value}`).join(', ')}) IS DISTINCT FROM (${values.map((value) => `EXCLUDED.${value}`).join(', ')})
  RETURNING s.system
)
SELECT 'removed' AS what, system, count(*)::int AS n FROM removed GROUP BY system
UNION ALL
SELECT 'written', system, count(*)::int FROM written GROUP BY system`;
}

function sourcesSql<Row extends { system: string }>(spec: StagingTable<Row>): string {
  return `
INSERT INTO ${spec.sourceTable} (system, staged_at, ${spec.countColumn})
SELECT system, now(), n FROM unnest($1::text[], $2::int[]) AS t(system, n)
ON CONFLICT (system) DO UPDATE SET staged_at = EXCLUDED.staged_at, ${spec.countColumn} = EXCLUDED.${spec.countColumn}`;
}

/** Stages rows of one table; the statements are built once, from the table's columns. */
export function stager<Row extends { system: string }>(spec: StagingTable<Row>): (hubDb: Database, sources: readonly StagingSource<Row>[]) => Promise<StageReport> {
  const stage = stageSql(spec);
  const record = sourcesSql(spec);
  const columns = [...spec.keys, ...spec.values];

  async function write(tx: Queryable, read: Map<string, Row[]>): Promise<Counts> {
    const systems = [...read.keys()];
    const all = [...read.values()].flat();
    await tx.query('SELECT pg_advisory_xact_lock($1)', [spec.lock]);
    const rows = await tx.query<{ what: 'removed' | 'written'; system: string; n: number }>(stage, [
      systems,
      all.map((row) => row.system),
      ...columns.map((column) => all.map((row) => column.of(row))),
    ]);
    await tx.query(record, [systems, systems.map((system) => read.get(system)!.length)]);
    const counts: Counts = new Map(systems.map((system) => [system, { written: 0, removed: 0 }]));
    for (const row of rows) counts.get(row.system)![row.what] = row.n;
    return counts;
  }

  return async (hubDb, sources) => {
    const started = process.hrtime.bigint();
    const statementsBefore = hubDb.statementCount();
    const seen = new Set<string>();
    for (const source of sources) {
      if (seen.has(source.system)) throw new Error(`${source.system}: two ${spec.readers} for one system`);
      seen.add(source.system);
    }
    const reads = await Promise.allSettled(sources.map((source) => source.read()));
    const read = new Map<string, Row[]>();
    const failed: Record<string, string> = {};
    reads.forEach((result, i) => {
      const { system } = sources[i];
      if (result.status === 'rejected') {
        failed[system] = result.reason instanceof Error ? result.reason.message : String(result.reason);
        return;
      }
      try {
        for (const row of result.value) spec.check(system, row);
        read.set(system, result.value);
      } catch (error) {
        failed[system] = (error as Error).message;
      }
    });
    const counts: Counts = read.size === 0 ? new Map() : await hubDb.withTransaction((tx) => write(tx, read));
    const systems = Object.fromEntries([...read].map(([system, rows]) => [system, { read: rows.length, ...counts.get(system)! }]));
    const report: StageReport = {
      systems,
      failed,
      hubStatements: hubDb.statementCount() - statementsBefore,
      seconds: Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100,
    };
    // Messages of failed reads can quote a database's words, never a person's: counts and names only.
    if (Object.keys(failed).length > 0) logger.warn({ failed: Object.keys(failed) }, `${spec.rows} not read from some systems; ${spec.kept} stay`);
    logger.debug({ systems, seconds: report.seconds }, `${spec.rows} staged`);
    return report;
  };
}
