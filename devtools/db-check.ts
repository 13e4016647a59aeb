// `npm run db:check [-- --system S] [--no-measure]`: the index contract checked on the configured
// legacy databases (kit/index-contract.ts, issue 14). For the DBAs of the legacy systems and their CI.
//
// - Which databases: each legacy system whose *_DATABASE_URL variable is set (STORE_DATABASE_URL …;
//   one is enough: a team checks its own system); when none is set, the embedded development server
//   (.data/, prepared as `npm start` prepares it, so the development indexes are there).
// - For each declared index: present (under its declared name or another: an equivalent index, or a
//   primary key, whose leading key columns are the declared ones) or MISSING, with which query needs
//   it and the exact `CREATE INDEX CONCURRENTLY IF NOT EXISTS …;` to run.
// - The measured cost of going without (unless --no-measure): for each missing index, one sample
//   value of its leading column is read from the table, then the lookup each needing statement makes
//   per key — `SELECT * FROM <table> WHERE <leading column> = <sample>` — is run under
//   EXPLAIN (ANALYZE, BUFFERS) inside a READ ONLY transaction: its time, plan and rows read.
//
// - For a missing index a read model may stand in for (kit/read-model.ts): whether READ_MODEL turns
//   it on and, if so, its lag (the hub's state, the legacy table's primary-key range: read-only).
// - For each system CHANGE_STREAM names (kit/change-stream.ts): the server's wal_level, the
//   publication and its tables, the slot (present, in use, its wal_status, how far the graph's
//   confirmed position is behind the server's, how much WAL it keeps), whether the graph's role may
//   replicate, max_slot_wal_keep_size; and the exact statements still to run (a cap on what a slot
//   may keep is advised, so that a hub down for long cannot fill the legacy server's disk).
// Nothing is ever created or changed on the databases checked: every statement is a catalog read or
// a read-only SELECT. Exit codes: 0 every declared index present or covered by a built read model
// (and every CHANGE_STREAM system ready); 3 some missing and not covered, or not ready (a CI job of a legacy team fails on it); 1 the check itself
// failed (one line on stderr); 2 bad arguments.
import { Command, UsageError } from '../subgraphs/kit/command';
import { Database } from '../subgraphs/kit/database';
import { DatabaseLayout, databaseNameOf, LegacySystem, withDatabase } from '../subgraphs/kit/databases';
import { createIndexStatement, IndexDeclaration, indexStatuses, quoteIdentifier } from '../subgraphs/kit/index-contract';
import { provideDatabases, ProvidedDatabases } from '../subgraphs/kit/provide-databases';
import { registry } from '../subgraphs/channels';
import { readChangeStreamSetting, readReadModelSetting } from '../subgraphs/kit/config';
import { ChangeStreamStatus, changeStreamStatus, legacyTables } from '../subgraphs/kit/change-stream-contract';
import { declaredReadModels, formatLag, READ_MODEL_VARIABLE, ReadModelLag, readModelLag, ReadModelSpec } from '../subgraphs/kit/read-model';

export interface CheckOptions {
  /** Systems to check (`--system`); null for every configured one. */
  systems: LegacySystem[] | null;
  /** Measure the cost of each missing index (EXPLAIN ANALYZE, read-only). */
  measure: boolean;
}

/** Exit code when the check ran and found declared indexes missing. */
export const MISSING_EXIT_CODE = 3;

export const USAGE = `Usage: npm run db:check [-- --system S] [--no-measure]
  Checks, on each legacy database whose *_DATABASE_URL is set (or on the embedded development server
  when none is), the indexes the graph's reads rely on. Read-only: it never creates anything.
  --system S    check this system only (repeatable; ${'{'}store, ecommerce, …${'}'})
  --no-measure  do not measure the cost of a missing index (skips the EXPLAIN ANALYZE probes)
  With CHANGE_STREAM set, also what each named system's change stream needs (wal_level, publication,
  slot and its lag, REPLICATION, max_slot_wal_keep_size), with the statements for its DBAs.
  Exit code: 0 all present (or covered by a built read model), 3 some missing and not covered (or a change stream not ready),
  1 the check failed, 2 bad arguments.`;

export function parseCheckArguments(args: readonly string[], systems: readonly LegacySystem[]): CheckOptions {
  const options: CheckOptions = { systems: null, measure: true };
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].includes('=') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    switch (flag) {
      case '--no-measure':
        options.measure = false;
        break;
      case '--system': {
        const system = inline ?? args[++i];
        if (system === undefined || !systems.includes(system)) {
          throw new UsageError(`--system needs one of ${systems.join(', ')}${system === undefined ? '' : `, got "${system}"`}`);
        }
        options.systems = [...(options.systems ?? []), system];
        break;
      }
      default:
        throw new UsageError(`unknown argument ${args[i]} (try --help)`);
    }
  }
  return options;
}

/** What the probe of a missing index measured. */
export interface Measurement {
  /** The statement run under EXPLAIN (ANALYZE, BUFFERS), with `<sample>` for its parameter. */
  probe: string;
  /** The plan's first scan node (`Seq Scan` without the index). */
  scan: string;
  executionMs: number;
  rowsFound: number;
  /** Rows the scan read: found plus removed by its filter. */
  rowsRead: number;
  /** Shared buffers hit and read (8 kB pages). */
  buffers: number;
  /** The table's rows by the planner's estimate, and its size on disk. */
  tableRows: number;
  tableBytes: number;
}

export interface SystemReport {
  system: LegacySystem;
  database: string;
  present: { declaration: IndexDeclaration; as: string }[];
  missing: {
    declaration: IndexDeclaration;
    statement: string;
    invalid: string[];
    measurement: Measurement | null;
    measureError?: string;
    /** When the channel declares a read model that can stand in for it (kit/read-model.ts): whether it is on, and its lag. */
    readModel?: { name: string; on: boolean; lag?: ReadModelLag; lagError?: string };
  }[];
  /** When CHANGE_STREAM names the system: what its stream needs, read from the catalog (kit/change-stream-contract.ts). */
  changeStream?: ChangeStreamStatus;
}

/** The read models db:check reports on: those READ_MODEL turns on, and the hub they live in (when its URL is known). */
export interface ReadModelCheck {
  on: readonly string[];
  hubUrl: string | null;
}

interface PlanNode {
  'Node Type': string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function scanNodes(node: PlanNode): PlanNode[] {
  return [...(/Scan$/.test(node['Node Type']) ? [node] : []), ...(node.Plans ?? []).flatMap(scanNodes)];
}

/**
 * The cost of going without `declaration`'s index: one sample value of its leading key column, then
 * the per-key lookup under EXPLAIN (ANALYZE, BUFFERS), in a READ ONLY transaction (nothing written).
 */
export async function measureWithout(db: Database, declaration: IndexDeclaration): Promise<Measurement | null> {
  const column = declaration.columns[0].includes('(') ? declaration.columns[0] : quoteIdentifier(declaration.columns[0]);
  const table = quoteIdentifier(declaration.table);
  const probe = `SELECT * FROM ${table} WHERE ${column} = $1`;
  return db.withTransaction(async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    await tx.query("SET LOCAL statement_timeout = '120s'");
    const [size] = await tx.query<{ rows: string; bytes: string }>(
      `SELECT greatest(c.reltuples, 0)::bigint::text AS rows, pg_table_size(c.oid)::text AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = $1`,
      [declaration.table],
    );
    const [sample] = await tx.query<{ v: string }>(`SELECT (${column})::text AS v FROM ${table} WHERE ${column} IS NOT NULL LIMIT 1`);
    if (!sample) return null; // an empty table: nothing to measure
    const [{ 'QUERY PLAN': plans }] = await tx.query<{ 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${probe}`,
      [sample.v],
    );
    const { Plan: plan, 'Execution Time': executionMs } = plans[0];
    const scans = scanNodes(plan);
    const loops = (node: PlanNode): number => node['Actual Loops'] ?? 1;
    return {
      probe: probe.replace('$1', '<sample>'),
      scan: scans[0]?.['Node Type'] ?? plan['Node Type'],
      executionMs,
      rowsFound: scans.reduce((sum, node) => sum + (node['Actual Rows'] ?? 0) * loops(node), 0),
      rowsRead: scans.reduce((sum, node) => sum + ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops(node), 0),
      buffers: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0),
      tableRows: Number(size?.rows ?? 0),
      tableBytes: Number(size?.bytes ?? 0),
    };
  });
}

/** Checks one legacy database against its channel's declarations. Read-only. */
export async function checkSystem(
  layout: DatabaseLayout,
  system: LegacySystem,
  url: string,
  options: { measure: boolean; readModels?: ReadModelCheck; changeStream?: boolean },
): Promise<SystemReport> {
  const declaredModels = declaredReadModels(layout.indexes);
  return withDatabase(system, url, async (db) => {
    const report: SystemReport = { system, database: databaseNameOf(url), present: [], missing: [] };
    for (const status of await indexStatuses(db, layout.indexes[system] ?? [])) {
      if (status.presentAs !== null) {
        report.present.push({ declaration: status.declaration, as: status.presentAs });
        continue;
      }
      const missing: SystemReport['missing'][number] = {
        declaration: status.declaration,
        statement: createIndexStatement(status.declaration, { concurrently: true }),
        invalid: status.invalid,
        measurement: null,
      };
      if (options.measure) {
        try {
          missing.measurement = await measureWithout(db, status.declaration);
        } catch (error) {
          missing.measureError = (error as Error).message;
        }
      }
      const spec = declaredModels.find((candidate) => candidate.system === system && candidate.index === status.declaration.name);
      if (spec) missing.readModel = await readModelStatus(db, spec, options.readModels);
      report.missing.push(missing);
    }
    if (options.changeStream) report.changeStream = await changeStreamStatus(db, system, legacyTables(layout.ddlFiles[system]));
    return report;
  });
}

/** Whether a declared read model is on, and (read-only reads of the hub's state and the table's primary-key range) its lag. */
async function readModelStatus(legacy: Database, spec: ReadModelSpec, check: ReadModelCheck | undefined): Promise<NonNullable<SystemReport['missing'][number]['readModel']>> {
  const on = check?.on.includes(spec.name) ?? false;
  if (!on) return { name: spec.name, on };
  if (!check?.hubUrl) return { name: spec.name, on, lagError: "the hub's URL (CUSTOMER_DATABASE_URL) is not set: lag not read" };
  try {
    return { name: spec.name, on, lag: await withDatabase('customer', check.hubUrl, (hub) => readModelLag(hub, legacy, spec)) };
  } catch (error) {
    return { name: spec.name, on, lagError: (error as Error).message };
  }
}

const number = (value: number): string => Math.round(value).toLocaleString('en-GB');
const bytes = (value: number): string =>
  value >= 1 << 30 ? `${(value / (1 << 30)).toFixed(1)} GB` : value >= 1 << 20 ? `${(value / (1 << 20)).toFixed(1)} MB` : `${number(value / 1024)} kB`;
const columnsOf = (declaration: IndexDeclaration): string => `${declaration.table} (${declaration.columns.join(', ')})`;

/** A missing index whose read model is on and built (its lag read): reads stay fast without it. */
export function coveredByReadModel(missing: SystemReport['missing'][number]): boolean {
  return missing.readModel?.lag?.built === true;
}

/** The report as the DBAs read it. */
export function formatReport(report: SystemReport): string[] {
  const total = report.present.length + report.missing.length;
  const lines = [
    `${report.database} (${report.system}): ${report.missing.length === 0 ? `all ${total} declared indexes present` : `${report.missing.length} of ${total} declared indexes MISSING`}`,
  ];
  for (const { declaration, as } of report.present) {
    lines.push(`  present  ${declaration.name}  ${columnsOf(declaration)}${as === declaration.name ? '' : `  (as ${as})`}`);
  }
  for (const missing of report.missing) {
    const { declaration } = missing;
    lines.push(`  MISSING  ${declaration.name}  ${columnsOf(declaration)}`);
    lines.push(`    needed by: ${declaration.why}`);
    if (missing.invalid.length > 0) {
      lines.push(`    invalid index ${missing.invalid.join(', ')} (a failed CREATE INDEX CONCURRENTLY): DROP INDEX CONCURRENTLY it, then create:`);
    }
    lines.push(`    ${missing.statement}`);
    const m = missing.measurement;
    if (m) {
      lines.push(
        `    without it (measured, read-only EXPLAIN (ANALYZE, BUFFERS) of ${m.probe}): ${m.scan}, ` +
          `${number(m.rowsRead)} rows read for ${number(m.rowsFound)} found, ${m.executionMs.toFixed(1)} ms, ${number(m.buffers)} buffers ` +
          `(table ~${number(m.tableRows)} rows, ${bytes(m.tableBytes)}): every statement that needs it reads the table whole`,
      );
    } else if (missing.measureError) {
      lines.push(`    not measured: ${missing.measureError}`);
    } else {
      lines.push('    not measured (--no-measure, or an empty table)');
    }
    const model = missing.readModel;
    if (model?.lag) lines.push(`    covered: ${formatLag(model.lag)}`);
    else if (model?.on) lines.push(`    covered: read model ${model.name} ON (${model.lagError})`);
    else if (model) {
      lines.push(
        `    not covered: if this index is refused, ${READ_MODEL_VARIABLE}=${model.name} keeps a copy of its keys in the hub instead ` +
          '(README, "When an index cannot be had")',
      );
    }
  }
  if (report.changeStream) lines.push(...formatChangeStream(report.changeStream));
  return lines;
}

/** The change stream's part of a report (CHANGE_STREAM names the system). */
export function formatChangeStream(status: ChangeStreamStatus): string[] {
  const { slot } = status;
  const lines = [
    `  change stream (CHANGE_STREAM): ${status.ready ? 'ready' : 'NOT READY: the system is polled until it is'}`,
    `    wal_level ${status.walLevel}${status.walLevel === 'logical' ? '' : ' (logical needed: a server restart)'}`,
    `    publication customer_graph: ${status.publication.present ? (status.publication.missingTables.length === 0 ? 'present' : `lacks ${status.publication.missingTables.join(', ')}`) : 'MISSING'}`,
  ];
  if (!slot.present) lines.push(`    slot ${slot.name}: MISSING`);
  else if (slot.otherDatabase) lines.push(`    slot ${slot.name}: belongs to database ${slot.otherDatabase}, not this one`);
  else {
    const lag = slot.lagBytes === null || slot.lagBytes === undefined ? 'unknown' : bytes(Math.max(0, slot.lagBytes));
    const kept = slot.retainedBytes === null || slot.retainedBytes === undefined ? 'unknown' : bytes(Math.max(0, slot.retainedBytes));
    lines.push(
      `    slot ${slot.name}: ${slot.plugin === 'pgoutput' ? 'present' : `plugin ${slot.plugin}, not pgoutput`}, ${slot.active ? 'in use' : 'not in use (is the hub running?)'}, ` +
        `wal_status ${slot.walStatus ?? 'unknown'}${slot.invalidationReason ? ` (invalidated: ${slot.invalidationReason})` : ''}; ` +
        `lag ${lag} (confirmed_flush_lsn ${slot.confirmedFlushLsn ?? 'none'}, current ${slot.currentLsn}); WAL kept for it ${kept}`,
    );
  }
  lines.push(`    the graph's role ${status.canReplicate ? 'may replicate' : 'lacks REPLICATION'}`);
  lines.push(
    `    max_slot_wal_keep_size ${status.maxSlotWalKeepSize === '-1' ? '-1 (unlimited: a hub down for long makes the slot keep WAL until the disk is full)' : status.maxSlotWalKeepSize}`,
  );
  if (status.statements.length > 0) {
    lines.push('    for its DBAs (the graph never runs them on a given database):');
    for (const statement of status.statements) lines.push(`      ${statement}`);
  }
  return lines;
}

/** The legacy systems whose *_DATABASE_URL is set, with their URLs. */
export function configuredLegacyUrls(layout: DatabaseLayout, env: NodeJS.ProcessEnv): Record<LegacySystem, string> {
  return Object.fromEntries(layout.legacySystems.filter((system) => env[layout.urlVariables[system]]).map((system) => [system, env[layout.urlVariables[system]]!]));
}

/** The db:check command (kit/command.ts shape); `env` and `print` are parameters for tests. */
export function dbCheckCommand(
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => console.log(line),
): Command<CheckOptions, ProvidedDatabases> {
  const layout = (): DatabaseLayout => registry().databases;
  return {
    name: 'db:check',
    parse: (args) => parseCheckArguments(args, layout().legacySystems),
    async databases(options) {
      const given = configuredLegacyUrls(layout(), env);
      if (Object.keys(given).length === 0) {
        // No system configured: the embedded development server (prepared, indexes included).
        return provideDatabases(layout(), env);
      }
      const unset = (options.systems ?? []).filter((system) => !given[system]);
      if (unset.length > 0) throw new Error(`${unset.map((system) => layout().urlVariables[system]).join(', ')} not set`);
      // Given databases are only read: nothing started, nothing migrated, nothing created.
      return { urls: given, embedded: false, adminUrl: null, createdLegacy: [], hub: { created: false, migrationsApplied: [] }, stop: async () => undefined };
    },
    async run(databases, options) {
      const systems = (options.systems ?? layout().legacySystems).filter((system) => databases.urls[system]);
      const skipped = layout().legacySystems.filter((system) => !databases.urls[system]);
      if (databases.embedded) print('embedded development server (no *_DATABASE_URL set): its development databases get the declared indexes when prepared');
      let missing = 0;
      let covered = 0;
      let notReady = 0;
      const streamed = readChangeStreamSetting(layout().legacySystems, env);
      const readModels: ReadModelCheck = {
        on: readReadModelSetting(env),
        hubUrl: databases.urls.customer ?? env[layout().urlVariables.customer] ?? null,
      };
      for (const system of systems) {
        const report = await checkSystem(layout(), system, databases.urls[system], { ...options, readModels, changeStream: streamed.includes(system) });
        for (const line of formatReport(report)) print(line);
        missing += report.missing.length;
        covered += report.missing.filter(coveredByReadModel).length;
        if (report.changeStream && !report.changeStream.ready) notReady += 1;
      }
      if (skipped.length > 0 && !options.systems) print(`not configured, not checked: ${skipped.map((system) => layout().urlVariables[system]).join(', ')}`);
      print(
        missing === 0
          ? 'db:check: every declared index is present'
          : `db:check: ${missing} declared index${missing === 1 ? '' : 'es'} missing` +
              (covered > 0 ? `, ${covered === missing ? 'all' : covered} covered by a built read model (${READ_MODEL_VARIABLE})` : '') +
              `: the statements above are for the systems' DBAs (the graph never creates them)`,
      );
      if (notReady > 0) print(`db:check: ${notReady} change stream${notReady === 1 ? '' : 's'} not ready (CHANGE_STREAM): the statements above are for the systems' DBAs`);
      // A missing index a built read model stands in for is the deployment's choice (the owner
      // refused it): reported, but no failure; an uncovered one, or a read model never built, fails.
      if (missing > covered || notReady > 0) process.exitCode = MISSING_EXIT_CODE;
    },
  };
}
