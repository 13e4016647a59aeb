// When an index cannot be had (issue 14 item 2): an opt-in, per-table read model in the hub.
//
// A legacy owner may refuse an index the index contract asks for (kit/index-contract.ts). Without
// it, every per-customer read of that table reads it whole. A read model is a narrow copy, in the
// hub's database (ours: never the legacy one), of only (foreign key, primary key) of that table,
// indexed there by (model, foreign key, primary key). A channel's per-customer read then:
//   1. asks the hub for the primary keys of its customers' foreign keys, and the read model's
//      settled high-water mark (one statement for the whole batch: `keysFor`);
//   2. reads the legacy rows by primary key — `pk = ANY(<those keys>) OR pk > <high water>`, both
//      served by the primary key index every legacy table has — still joined on the foreign key
//      (one statement for the whole batch, as read-through).
// So a batch costs two statements instead of one, whatever its size (no N+1).
//
// What can be stale, and what cannot:
// - rows inserted after the last refresh: never stale. The table's primary key grows with time
//   and the read above the high-water mark is a primary-key range scan (a few rows);
// - rows deleted: never shown (the legacy row is read, and is gone);
// - a row whose foreign key CHANGED (a receipt attached to a card afterwards, an order moved to
//   another account): the legacy row is joined on its current foreign key, so it is never shown to
//   its former owner; it is MISSING from its new owner's list until the reconcile (below) has
//   passed over it. Never a wrong owner (a privacy incident), at worst a late one;
// - a row committed late below the high water (a transaction that took its key first and
//   committed after a later one) is not copied past: the refresh moves its mark only over settled
//   rows (kit/feed-settling.ts, the rule the touchpoint feeds use), so it is read above the mark.
//
// Kept fresh by the hub's watcher (customer/read-model/watch.ts, in startWatchers beside the
// journal, woken by the same change probe): each pass copies the new rows by growing key (a
// primary-key range scan of the legacy table) and reconciles one chunk of the copy with the legacy
// table by primary-key range (updated foreign keys, deleted rows), cycling over the whole table.
// Its lag is stated: `npm run db:check` prints it beside the missing index it stands in for.
//
// Opt-in per table (`READ_MODEL=store.TICKET,…`, kit/config.ts), off by default: read-through with
// the declared index stays the default and the right answer whenever the index can be had.
import { ConfigError } from './config';
import type { Queryable } from './database';
import { settledPrefix, unsettledSql } from './feed-settling';
import { type IndexDeclaration, quoteIdentifier } from './index-contract';
import type { LegacySystem } from './databases';

/** What a channel declares beside an index (`IndexDeclaration.readModel`) when a read model may stand in for it. */
export interface ReadModelDeclaration {
  /**
   * The table's primary key: ONE integer column that grows with time (a sequence's `bigserial`,
   * `serial`, or a number the application increments), as the table spells it. The index's leading
   * column is the foreign key the read model maps to it.
   */
  primaryKey: string;
}

/** A read model as the graph runs it: one declared table of one system. */
export interface ReadModelSpec {
  /** `<system>.<table>`, the name READ_MODEL and db:check use, and the hub's key. */
  name: string;
  system: LegacySystem;
  table: string;
  /** The foreign key column (the declared index's leading column). */
  foreignKey: string;
  primaryKey: string;
  /** The index it stands in for. */
  index: string;
}

/** The read model variable's name (kit/config.ts reads it). */
export const READ_MODEL_VARIABLE = 'READ_MODEL';

/** Every read model the channels declare, by name. */
export function declaredReadModels(indexes: Readonly<Record<LegacySystem, readonly IndexDeclaration[]>>): ReadModelSpec[] {
  const specs: ReadModelSpec[] = [];
  for (const [system, declarations] of Object.entries(indexes)) {
    for (const declaration of declarations) {
      if (!declaration.readModel) continue;
      specs.push({
        name: `${system}.${declaration.table}`,
        system,
        table: declaration.table,
        foreignKey: declaration.columns[0],
        primaryKey: declaration.readModel.primaryKey,
        index: declaration.name,
      });
    }
  }
  return specs;
}

/** Checks a declaration's read model (kit/index-contract.ts checkIndexDeclaration calls it). */
export function checkReadModelDeclaration(declaration: IndexDeclaration): void {
  const model = declaration.readModel;
  if (!model) return;
  const what = `index ${declaration.name} on ${declaration.table}`;
  if (declaration.columns[0].includes('(')) throw new Error(`${what}: a read model needs a plain foreign key column first, not an expression`);
  if (!model.primaryKey || model.primaryKey.includes('(')) throw new Error(`${what}: its read model names no primary key column`);
}

/**
 * The read models a deployment turns on (READ_MODEL, already split by kit/config.ts), checked
 * against what the channels declare: an unknown name fails naming the variable and the names known.
 */
export function selectReadModels(names: readonly string[], indexes: Readonly<Record<LegacySystem, readonly IndexDeclaration[]>>): ReadModelSpec[] {
  const declared = declaredReadModels(indexes);
  return [...new Set(names)].map((name) => {
    const spec = declared.find((candidate) => candidate.name === name);
    if (!spec) {
      throw new ConfigError(
        `${READ_MODEL_VARIABLE} names ${name}, which no channel declares a read model for ` +
          `(declared: ${declared.map((candidate) => candidate.name).join(', ') || 'none'})`,
      );
    }
    return spec;
  });
}

/** What the hub answers for a batch's foreign keys: their primary keys, and the mark above which the legacy table is read directly. */
export interface ReadModelKeys {
  /** Primary keys (as text) of the rows whose foreign key is one of those asked, as of the last refresh. */
  keys: string[];
  /** Rows above this primary key are not (or not surely) in the copy: read them by primary-key range. */
  above: string;
}

/** Below every primary key: a read model never built reads the whole table by primary-key range (correct, slow). */
const BELOW_EVERY_KEY = '-9223372036854775808';

/** The read side, handed to the channels' loaders (kit/subgraph.ts `createLoaders`). */
export interface ReadModelReader {
  /** Whether this deployment turned on the read model of `<system>.<table>`. */
  covers(system: LegacySystem, table: string): boolean;
  /** One statement to the hub for a whole batch's foreign keys. */
  keysFor(system: LegacySystem, table: string, foreignKeys: readonly string[]): Promise<ReadModelKeys>;
}

/** No read model on: every channel reads through (the default). */
export const NO_READ_MODELS: ReadModelReader = {
  covers: () => false,
  keysFor: () => Promise.reject(new Error('no read model is on')),
};

export function readModelReader(hub: Queryable, specs: readonly ReadModelSpec[]): ReadModelReader {
  const on = new Set(specs.map((spec) => spec.name));
  return {
    covers: (system, table) => on.has(`${system}.${table}`),
    async keysFor(system, table, foreignKeys) {
      const [row] = await hub.query<{ above: string | null; keys: string[] }>(
        `SELECT (SELECT s.settled::text FROM read_model_state s WHERE s.model = $1) AS above,
                coalesce((SELECT array_agg(k.pk::text) FROM read_model_key k WHERE k.model = $1 AND k.fk = ANY($2::text[])), '{}') AS keys`,
        [`${system}.${table}`, [...new Set(foreignKeys)]],
      );
      return { keys: row.keys, above: row.above ?? BELOW_EVERY_KEY };
    },
  };
}

/**
 * One request's reader: the same lookup asked again (the same table and foreign keys: a channel's
 * receipts, favourite stores and usual basket all ask for one batch's cards) shares the first
 * answer instead of sending the same statement to the hub again. Per request only, so an answer is
 * never older than the request that asked for it; a failed lookup is not kept.
 */
export function perRequest(reader: ReadModelReader): ReadModelReader {
  if (reader === NO_READ_MODELS) return reader;
  const asked = new Map<string, Promise<ReadModelKeys>>();
  return {
    covers: (system, table) => reader.covers(system, table),
    keysFor(system, table, foreignKeys) {
      const key = [system, table, ...[...new Set(foreignKeys)].sort()].join('\u0000');
      const known = asked.get(key);
      if (known) return known;
      const answer = reader.keysFor(system, table, foreignKeys);
      asked.set(key, answer);
      answer.catch(() => asked.delete(key));
      return answer;
    },
  };
}

/**
 * The condition a channel's statement adds on the legacy table's alias when a read model stands in:
 * `(<alias>."<pk>" = ANY($n::bigint[]) OR <alias>."<pk>" > $n+1::bigint)`, both on the primary key
 * index; the statement keeps its own join on the foreign key (the legacy row's current owner decides).
 * Returns the SQL and the two parameters to append, `firstParameter` being the number of the first.
 */
export function readModelCondition(alias: string, primaryKey: string, keys: ReadModelKeys, firstParameter: number): { sql: string; params: [string[], string] } {
  const column = `${alias}.${quoteIdentifier(primaryKey)}`;
  return {
    sql: `(${column} = ANY($${firstParameter}::bigint[]) OR ${column} > $${firstParameter + 1}::bigint)`,
    params: [keys.keys, keys.above],
  };
}

// ---------------------------------------------------------------------------------------------
// The write side: the hub's watcher keeps each read model fresh.

/** Rows copied per statement when catching up, and at most per pass (a first build spreads over passes). */
export const REFRESH_BATCH = 20_000;
const REFRESH_BATCHES_PER_PASS = 10;
/** Rows of the legacy table compared with the copy per pass (foreign keys changed, rows deleted). */
export const RECONCILE_CHUNK = 20_000;

export interface RefreshReport {
  model: string;
  /** New rows read past the high water (those without a foreign key, e.g. anonymous receipts, are not stored). */
  copied: number;
  /** Rows the reconcile fixed: foreign key changed, row gone, row found missing. */
  reconciled: number;
  /** The settled high water after the pass. */
  settled: string | null;
  /** True when the pass ended a reconcile cycle over the whole table. */
  cycleDone: boolean;
  /** True when rows above the mark were not copied because a transaction may still commit below them. */
  waiting: boolean;
}

interface StateRow {
  settled: string | null;
  reconcile_from: string;
}

const pk = (spec: ReadModelSpec): string => `t.${quoteIdentifier(spec.primaryKey)}`;
const fk = (spec: ReadModelSpec): string => `t.${quoteIdentifier(spec.foreignKey)}`;

/**
 * One refresh pass of one read model: new rows by growing key (settled prefix only), then one
 * reconcile chunk. Every legacy statement is a primary-key range read; nothing is written there.
 */
export async function refreshReadModel(
  hub: Queryable,
  legacy: Queryable,
  spec: ReadModelSpec,
  options: { batch?: number; reconcileChunk?: number } = {},
): Promise<RefreshReport> {
  const batch = options.batch ?? REFRESH_BATCH;
  const chunk = options.reconcileChunk ?? RECONCILE_CHUNK;
  const table = quoteIdentifier(spec.table);
  await hub.query(`INSERT INTO read_model_state (model) VALUES ($1) ON CONFLICT (model) DO NOTHING`, [spec.name]);
  // A reconcile cycle's start is taken before it reads anything: every foreign-key change made
  // before that moment is in the copy once the cycle is done (reconciled_at).
  const [state] = await hub.query<StateRow>(
    `UPDATE read_model_state SET cycle_started_at = coalesce(cycle_started_at, now()) WHERE model = $1
     RETURNING settled::text AS settled, reconcile_from::text AS reconcile_from`,
    [spec.name],
  );
  const report: RefreshReport = { model: spec.name, copied: 0, reconciled: 0, settled: state.settled, cycleDone: false, waiting: false };

  // 1. New rows, by growing key, past the settled mark.
  let after = state.settled ?? BELOW_EVERY_KEY;
  for (let round = 0; round < REFRESH_BATCHES_PER_PASS; round += 1) {
    const rows = await legacy.query<{ pk: string; fk: string | null; unsettled: boolean }>(
      `SELECT ${pk(spec)}::text AS pk, ${fk(spec)}::text AS fk, ${unsettledSql('t')} AS unsettled
         FROM ${table} t WHERE ${pk(spec)} > $1::bigint ORDER BY ${pk(spec)} LIMIT $2`,
      [after, batch],
    );
    const settled = settledPrefix(rows);
    if (settled.rows.length > 0) {
      await upsertKeys(hub, spec.name, settled.rows);
      after = settled.rows[settled.rows.length - 1].pk;
      report.copied += settled.rows.length;
      await hub.query(`UPDATE read_model_state SET settled = $2::bigint, refreshed_at = now() WHERE model = $1`, [spec.name, after]);
    } else {
      await hub.query(`UPDATE read_model_state SET refreshed_at = now() WHERE model = $1`, [spec.name]);
    }
    report.waiting = settled.waiting;
    if (settled.waiting || rows.length < batch) break;
  }
  report.settled = after === BELOW_EVERY_KEY ? null : after;

  // 2. One reconcile chunk: legacy rows in (reconcile_from, next chunk end] against the copy's.
  if (report.settled !== null) {
    const from = state.reconcile_from;
    const rows = await legacy.query<{ pk: string; fk: string | null }>(
      `SELECT ${pk(spec)}::text AS pk, ${fk(spec)}::text AS fk FROM ${table} t
        WHERE ${pk(spec)} > $1::bigint AND ${pk(spec)} <= $2::bigint ORDER BY ${pk(spec)} LIMIT $3`,
      [from, report.settled, chunk],
    );
    const through = rows.length < chunk ? report.settled : rows[rows.length - 1].pk;
    const [fixed] = await hub.query<{ changed: number; removed: number }>(
      `WITH legacy AS (SELECT x.pk, x.fk FROM unnest($2::bigint[], $3::text[]) AS x(pk, fk) WHERE x.fk IS NOT NULL),
            removed AS (DELETE FROM read_model_key k
                         WHERE k.model = $1 AND k.pk > $4::bigint AND k.pk <= $5::bigint
                           AND NOT EXISTS (SELECT 1 FROM legacy l WHERE l.pk = k.pk)
                        RETURNING 1),
            changed AS (INSERT INTO read_model_key AS k (model, pk, fk) SELECT $1, l.pk, l.fk FROM legacy l
                        ON CONFLICT (model, pk) DO UPDATE SET fk = EXCLUDED.fk WHERE k.fk IS DISTINCT FROM EXCLUDED.fk
                        RETURNING (xmax = 0) AS inserted)
       SELECT (SELECT count(*) FROM changed)::int AS changed, (SELECT count(*) FROM removed)::int AS removed`,
      [spec.name, rows.map((row) => row.pk), rows.map((row) => row.fk), from, through],
    );
    report.reconciled = fixed.changed + fixed.removed;
    report.cycleDone = through === report.settled;
    await hub.query(
      `UPDATE read_model_state
          SET reconcile_from = CASE WHEN $3 THEN -9223372036854775808 ELSE $2::bigint END,
              reconciled_at = CASE WHEN $3 THEN cycle_started_at ELSE reconciled_at END,
              cycle_started_at = CASE WHEN $3 THEN NULL ELSE cycle_started_at END
        WHERE model = $1`,
      [spec.name, through, report.cycleDone],
    );
  }
  return report;
}

async function upsertKeys(hub: Queryable, model: string, rows: readonly { pk: string; fk: string | null }[]): Promise<void> {
  const kept = rows.filter((row) => row.fk !== null);
  if (kept.length === 0) return;
  await hub.query(
    `INSERT INTO read_model_key AS k (model, pk, fk) SELECT $1, x.pk, x.fk FROM unnest($2::bigint[], $3::text[]) AS x(pk, fk)
     ON CONFLICT (model, pk) DO UPDATE SET fk = EXCLUDED.fk WHERE k.fk IS DISTINCT FROM EXCLUDED.fk`,
    [model, kept.map((row) => row.pk), kept.map((row) => row.fk)],
  );
}

/** How far behind a read model is: what db:check and the watcher's log state. */
export interface ReadModelLag {
  model: string;
  /** False when the hub has never refreshed it. */
  built: boolean;
  /** The settled high water, and the legacy table's newest primary key. */
  settled: string | null;
  newest: string | null;
  /** Legacy rows above the mark (read by primary-key range on every lookup until copied). */
  rowsAbove: number;
  /** Seconds since the last refresh pass; since the start of the last complete reconcile cycle (foreign-key changes before it are in). */
  refreshedSecondsAgo: number | null;
  reconciledSecondsAgo: number | null;
  /** Rows in the copy. */
  rows: number;
}

/** The lag of one read model: hub state and the legacy table's primary-key range (index-only reads). */
export async function readModelLag(hub: Queryable, legacy: Queryable, spec: ReadModelSpec): Promise<ReadModelLag> {
  const [state] = await hub.query<{ settled: string | null; refreshed: number | null; reconciled: number | null; rows: number }>(
    `SELECT s.settled::text AS settled,
            extract(epoch FROM now() - s.refreshed_at)::float8 AS refreshed,
            extract(epoch FROM now() - s.reconciled_at)::float8 AS reconciled,
            (SELECT count(*) FROM read_model_key k WHERE k.model = $1)::int AS rows
       FROM (SELECT $1::text AS model) m LEFT JOIN read_model_state s ON s.model = m.model`,
    [spec.name],
  );
  const table = quoteIdentifier(spec.table);
  const [legacyRange] = await legacy.query<{ newest: string | null; above: number }>(
    `SELECT (SELECT max(${pk(spec)})::text FROM ${table} t) AS newest,
            (SELECT count(*) FROM ${table} t WHERE ${pk(spec)} > $1::bigint)::int AS above`,
    [state.settled ?? BELOW_EVERY_KEY],
  );
  return {
    model: spec.name,
    built: state.settled !== null,
    settled: state.settled,
    newest: legacyRange.newest,
    rowsAbove: legacyRange.above,
    refreshedSecondsAgo: state.refreshed,
    reconciledSecondsAgo: state.reconciled,
    rows: state.rows,
  };
}

/** One line for db:check and the logs. */
export function formatLag(lag: ReadModelLag): string {
  if (!lag.built) return `read model ${lag.model}: ON but not built yet (the hub's workers build it; until then its reads scan the table by primary-key range)`;
  const ago = (seconds: number | null): string => (seconds === null ? 'never' : `${Math.round(seconds)} s ago`);
  return (
    `read model ${lag.model}: ON, ${lag.rows.toLocaleString('en-GB')} keys, settled through ${lag.settled} of ${lag.newest ?? 'none'} ` +
    `(${lag.rowsAbove.toLocaleString('en-GB')} newer rows read by primary-key range: never stale), refreshed ${ago(lag.refreshedSecondsAgo)}, ` +
    `foreign-key changes and deletions reconciled as of ${ago(lag.reconciledSecondsAgo)}`
  );
}
