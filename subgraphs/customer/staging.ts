// Staging rows read from the legacy systems in the hub, as consent decisions (consent/stage.ts) and
// preferences (preferences/stage.ts) are staged: each source's answer replaces what was staged for
// its system (rows no longer read removed, changed rows updated, the rest left alone), every system
// read in one call written in one hub transaction with a constant number of statements whatever the
// number of rows (the rows travel as arrays, unnest-ed in SQL). Running it again on unchanged
// systems changes nothing (idempotent).
//
// Incremental where the source can say what moved (issue 14; kit/sliced-read.ts): a source with
// `digest` answers one digest per slice of its records; the slices whose digest differs from the
// one staged (staging_digest) are read and replaced, the others left alone, and a pass where no
// digest moved reads no row and writes only the sources' freshness. A source without `digest`, or
// one never staged since (no digest kept), is read whole, its system's rows replaced.
//
// A system whose read fails, or answers a row its check refuses, keeps what was staged from its last
// good read (an outage must not look like "nothing there"); the others are staged, and the failure
// is reported by the system's name, never with a row's data.
import { Database, Queryable } from '../kit/database';
import { logger } from '../kit/logger';
import { changedSlices, SLICES, SliceDigests, Sliced } from '../kit/sliced-read';

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
  /** The slices' rows (null: all of them). */
  read(slices: readonly number[] | null): Promise<Sliced<Row>[]>;
  /** Its digests per slice (kit/sliced-read.ts); absent: the source is read whole at every pass. */
  digest?(): Promise<SliceDigests>;
}

export interface StageReport {
  /**
   * Per system staged: rows read, rows written (new or changed), rows removed (no longer read), and
   * the slices read (SLICES when read whole, 0 when no digest moved).
   */
  systems: Record<string, { read: number; written: number; removed: number; slices: number }>;
  /** Systems whose read failed, with the error's message (nothing of theirs was touched). */
  failed: Record<string, string>;
  /** Statements sent to the hub (constant: does not grow with the number of rows or slices). */
  hubStatements: number;
  seconds: number;
}

type Counts = Map<string, { written: number; removed: number }>;

/** What one pass read of one system: all of it, or some slices (with their new digests). */
interface SystemRead<Row> {
  rows: Sliced<Row>[];
  /** null: read whole. */
  slices: number[] | null;
  /** The digests to keep for what was read (null: a source without digests). */
  digests: SliceDigests | null;
}

/**
 * The staging statement for a table: $1 the systems read whole, $2/$3 the (system, slice) pairs
 * read, then one array per column (the slice last).
 */
function stageSql<Row extends { system: string }>(spec: StagingTable<Row>): string {
  const keys = ['system', ...spec.keys.map((column) => column.name)];
  const values = spec.values.map((column) => column.name);
  const columns = [...keys, ...values, 'slice'];
  const types = ['text', ...spec.keys.map((column) => column.type), ...spec.values.map((column) => column.type), 'int'];
  return `
WITH incoming AS (
  SELECT DISTINCT ON (${keys.join(', ')}) *
    FROM unnest(${types.map((type, i) => `$${i + 4}::${type}[]`).join(', ')})
         AS t(${columns.join(', ')})
   ORDER BY ${keys.join(', ')}, ${spec.keep}
),
removed AS (
  DELETE FROM ${spec.table} s
   WHERE (s.system = ANY ($1::text[])
          OR (s.system, s.slice) IN (SELECT * FROM unnest($2::text[], $3::int[])))
     AND NOT EXISTS (SELECT 1 FROM incoming i
                      WHERE ${keys.map((key) => `i.${key} = s.${key}`).join(' AND ')})
  RETURNING s.system
),
written AS (
  INSERT INTO ${spec.table} AS s (${columns.join(', ')})
  SELECT ${columns.join(', ')} FROM incoming
  ON CONFLICT (${keys.join(', ')}) DO UPDATE
     SET ${[...values, 'slice'].map((value) => `${value} = EXCLUDED.${value}`).join(', ')}, staged_at = now()
   WHERE (${[...values, 'slice'].map((value) => `s.${value}`).join(', ')}) IS DISTINCT FROM (${[...values, 'slice'].map((value) => `EXCLUDED.${value}`).join(', ')})
  RETURNING s.system
)
SELECT 'removed' AS what, system, count(*)::int AS n FROM removed GROUP BY system
UNION ALL
SELECT 'written', system, count(*)::int FROM written GROUP BY system`;
}

/**
 * Each source's freshness: $1 the systems answered, $2 whether their rows changed this pass (then
 * counted again; otherwise the count stands).
 */
function sourcesSql<Row extends { system: string }>(spec: StagingTable<Row>): string {
  return `
INSERT INTO ${spec.sourceTable} AS src (system, staged_at, ${spec.countColumn})
SELECT t.system, now(),
       CASE WHEN t.counted OR NOT EXISTS (SELECT 1 FROM ${spec.sourceTable} o WHERE o.system = t.system)
            THEN (SELECT count(*) FROM ${spec.table} x WHERE x.system = t.system) ELSE -1 END
  FROM unnest($1::text[], $2::boolean[]) AS t(system, counted)
ON CONFLICT (system) DO UPDATE
   SET staged_at = EXCLUDED.staged_at,
       ${spec.countColumn} = CASE WHEN EXCLUDED.${spec.countColumn} < 0 THEN src.${spec.countColumn} ELSE EXCLUDED.${spec.countColumn} END`;
}

/** The digests kept for a table, of some systems. */
const KEPT_DIGESTS = 'SELECT system, slice, digest FROM staging_digest WHERE staged_table = $1 AND system = ANY ($2::text[])';
/** Digests of what was read replaced: $2 systems read whole, $3/$4 (system, slice) pairs read. */
const FORGET_DIGESTS = `
DELETE FROM staging_digest
 WHERE staged_table = $1
   AND (system = ANY ($2::text[]) OR (system, slice) IN (SELECT * FROM unnest($3::text[], $4::int[])))`;
const KEEP_DIGESTS = `
INSERT INTO staging_digest (staged_table, system, slice, digest)
SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[])`;

/** Stages rows of one table; the statements are built once, from the table's columns. */
export function stager<Row extends { system: string }>(spec: StagingTable<Row>): (hubDb: Database, sources: readonly StagingSource<Row>[]) => Promise<StageReport> {
  const stage = stageSql(spec);
  const record = sourcesSql(spec);
  const columns = [...spec.keys, ...spec.values];

  async function write(tx: Queryable, read: Map<string, SystemRead<Row>>): Promise<Counts> {
    const whole = [...read].filter(([, r]) => r.slices === null).map(([system]) => system);
    const pairs = [...read].flatMap(([system, r]) => (r.slices ?? []).map((slice) => ({ system, slice })));
    const all = [...read.values()].flatMap((r) => r.rows);
    await tx.query('SELECT pg_advisory_xact_lock($1)', [spec.lock]);
    const rows = await tx.query<{ what: 'removed' | 'written'; system: string; n: number }>(stage, [
      whole,
      pairs.map((pair) => pair.system),
      pairs.map((pair) => pair.slice),
      all.map((row) => row.system),
      ...columns.map((column) => all.map((row) => column.of(row))),
      all.map((row) => row.slice ?? null),
    ]);
    // The digests of what was read replace those kept: for a system read whole, all of them (none
    // kept for a source without digests); else the slices read.
    const kept = [...read].flatMap(([system, r]) =>
      [...(r.digests ?? [])].filter(([slice]) => r.slices === null || r.slices.includes(slice)).map(([slice, digest]) => ({ system, slice, digest })),
    );
    await tx.query(FORGET_DIGESTS, [spec.table, whole, pairs.map((pair) => pair.system), pairs.map((pair) => pair.slice)]);
    await tx.query(KEEP_DIGESTS, [spec.table, kept.map((k) => k.system), kept.map((k) => k.slice), kept.map((k) => k.digest)]);
    const counts: Counts = new Map([...read.keys()].map((system) => [system, { written: 0, removed: 0 }]));
    for (const row of rows) counts.get(row.system)![row.what] = row.n;
    return counts;
  }

  /** One system's pass: its digests against those kept, then the slices that moved (all when none kept). */
  async function readSystem(source: StagingSource<Row>, kept: SliceDigests | undefined): Promise<SystemRead<Row>> {
    if (!source.digest) return { rows: await source.read(null), slices: null, digests: null };
    const digests = await source.digest();
    if (!kept || kept.size === 0) return { rows: await source.read(null), slices: null, digests };
    const slices = changedSlices(kept, digests);
    // Every slice moved (a new recipe): read whole, which also replaces rows staged before slicing.
    if (slices.length > 0 && slices.length === new Set([...kept.keys(), ...digests.keys()]).size) return { rows: await source.read(null), slices: null, digests };
    return { rows: slices.length === 0 ? [] : await source.read(slices), slices, digests };
  }

  return async (hubDb, sources) => {
    const started = process.hrtime.bigint();
    const statementsBefore = hubDb.statementCount();
    const seen = new Set<string>();
    for (const source of sources) {
      if (seen.has(source.system)) throw new Error(`${source.system}: two ${spec.readers} for one system`);
      seen.add(source.system);
    }
    const keptBySystem = new Map<string, SliceDigests>();
    const digesting = sources.filter((source) => source.digest).map((source) => source.system);
    if (digesting.length > 0) {
      for (const row of await hubDb.query<{ system: string; slice: number; digest: string }>(KEPT_DIGESTS, [spec.table, digesting])) {
        const kept = keptBySystem.get(row.system) ?? keptBySystem.set(row.system, new Map()).get(row.system)!;
        kept.set(row.slice, row.digest);
      }
    }
    const reads = await Promise.allSettled(sources.map((source) => readSystem(source, keptBySystem.get(source.system))));
    const read = new Map<string, SystemRead<Row>>();
    const failed: Record<string, string> = {};
    reads.forEach((result, i) => {
      const { system } = sources[i];
      if (result.status === 'rejected') {
        failed[system] = result.reason instanceof Error ? result.reason.message : String(result.reason);
        return;
      }
      try {
        for (const row of result.value.rows) spec.check(system, row);
        read.set(system, result.value);
      } catch (error) {
        failed[system] = (error as Error).message;
      }
    });
    const moved = new Map([...read].filter(([, r]) => r.slices === null || r.slices.length > 0));
    let counts: Counts = new Map();
    if (moved.size > 0) {
      counts = await hubDb.withTransaction(async (tx) => {
        const written = await write(tx, moved);
        await tx.query(record, [[...read.keys()], [...read.keys()].map((system) => moved.has(system))]);
        return written;
      });
    } else if (read.size > 0) {
      // Nothing moved: only the sources' freshness (one statement, no transaction, no lock).
      await hubDb.query(record, [[...read.keys()], [...read.keys()].map(() => false)]);
    }
    const systems = Object.fromEntries(
      [...read].map(([system, r]) => [
        system,
        { read: r.rows.length, ...(counts.get(system) ?? { written: 0, removed: 0 }), slices: r.slices === null ? SLICES : r.slices.length },
      ]),
    );
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
