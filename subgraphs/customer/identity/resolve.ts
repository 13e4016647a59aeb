// Identity resolution: one customer id behind every legacy identity record.
//
// Bulk (resolveIdentities, `npm run identity:resolve`):
// 1. Read each legacy system's identity records (one statement each) and normalise them in Node.
// 2. COPY them into the hub's staging tables.
// 3. In one hub transaction, set-based: candidate pairs by joins on normalised identifiers, guards,
//    connected components by label propagation, customer ids kept from the previous run, links
//    written with rule and evidence, households, and the identifier look-up table refreshed.
//
// On changes (resolveChanges, watchIdentities while the graph runs): the same, for the records
// changed since the last pass (those re-read unchanged left out: link.sql.ts DROP_UNCHANGED_STAGED)
// and their neighbourhood only (link.sql.ts CREATE_SCOPE), without
// households (the bulk run keeps those). Both write the same links: a pass on changes and a bulk
// run over the same data agree.
//
// Records whose owner refuses recognition (migration 014, recognition/) take part in no pair and no
// household edge, in both kinds of run; once the refusal is withdrawn, the next run of either kind
// takes them back (a pass on changes counts them as changed until then).
//
// The statements sent do not depend on the number of records: a fixed list, plus a few rounds of
// label propagation (as many as the longest chain of one person's records). The ground truth is
// never read here. Nothing personal is logged: counts and timings only.
import { copyLine, Database, openDatabase, Queryable } from '../../kit/database';
import { DatabaseRole, HUB_ROLE, LegacySystem } from '../../kit/databases';
import { logger } from '../../kit/logger';
import { cutWeakestEdges, propagateLabels } from './components';
import { registry } from '../../channels';
import type { Cursor, StagedRecord } from '../../kit/identity-records';
import * as H from './household.sql';
import * as L from './link.sql';
import * as P from './probabilistic';
import { Poller, startPolling } from '../../kit/poller';
import { changeProbe } from '../../kit/change-probe';
import type { ChangeStreams } from '../../kit/change-stream';

export type ResolutionKind = 'bulk' | 'changes';

export interface ResolutionReport {
  kind: ResolutionKind;
  runId: number;
  /** Identity records read, in total and per legacy system. */
  recordsRead: number;
  recordsBySystem: Record<LegacySystem, number>;
  /** On changes: records read again exactly as an earlier pass linked them (left out of the linking). */
  recordsUnchanged: number;
  /** Normalised identifiers found on those records (for look-up and linking). */
  identifiers: number;
  /** Records the linking worked on: all of them (bulk), or the changed ones and their neighbourhood. */
  recordsInScope: number;
  /** Links written by this run, and rule-made links it closed (moved or re-explained). */
  linksMade: number;
  linksClosed: number;
  /** Bulk: state of the whole hub after the run. On changes: of the re-linked records only. */
  activeLinks: number;
  customers: number;
  newCustomers: number;
  /** Bulk only (households are not recomputed on changes): -1 otherwise. */
  households: number;
  householdMembers: number;
  /** Guards: pairs refused and why, records of components split by a conflict, identifiers too common to mean one person. */
  pairsRejected: Record<string, number>;
  recordsInSplitComponents: number;
  /** Edges cut to resolve a contradiction inside a component (weakest first), by what contradicted. */
  edgesCut: Record<string, number>;
  commonIdentifiersIgnored: number;
  labelRounds: number;
  /** The probabilistic tier (probabilistic.ts): candidate pairs, auto-links, review queue; null when nothing was linked. */
  probabilistic: P.ProbabilisticReport | null;
  /** Seconds from the previous step to each step (reads overlap: a read's figure is its wait), for tuning. */
  stepSeconds: Record<string, number>;
  /** Statements sent to the hub (bounded: does not grow with the number of records). */
  hubStatements: number;
  seconds: number;
  recordsPerSecond: number;
}

export interface ResolveOptions {
  onProgress?(done: number, total: number, label: string): void;
}

/** Open connections to the hub and the four legacy systems (a watcher keeps them between passes). */
export interface ResolutionDatabases {
  hub: Database;
  legacy: Record<LegacySystem, Database>;
}

const SQL_STEPS = ['staging', 'pairs', 'components', 'guards', 'customers', 'links', 'households', 'look-up table'] as const;

/** Bulk statements over every record take longer than an API query: a generous server-side cap. */
const BULK_STATEMENT_TIMEOUT_MS = 15 * 60_000;

function openAll(urls: Record<DatabaseRole, string>): ResolutionDatabases {
  const legacy = Object.fromEntries(
    registry().legacySystems.map((system) => [system, openDatabase({ name: system, url: urls[system], max: 1, statementTimeoutMs: BULK_STATEMENT_TIMEOUT_MS })]),
  );
  return { hub: openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE], max: 2, statementTimeoutMs: BULK_STATEMENT_TIMEOUT_MS }), legacy };
}

async function closeAll(databases: ResolutionDatabases): Promise<void> {
  await Promise.allSettled([databases.hub.close(), ...Object.values(databases.legacy).map((db) => db.close())]);
}

/** Full resolution over every identity record of every legacy system. */
export async function resolveIdentities(urls: Record<DatabaseRole, string>, options: ResolveOptions = {}): Promise<ResolutionReport> {
  const databases = openAll(urls);
  try {
    return await resolve(databases, 'bulk', options);
  } finally {
    await closeAll(databases);
  }
}

/** One pass over the identity records changed since the last pass (or bulk run). */
export async function resolveChanges(urls: Record<DatabaseRole, string>, options: ResolveOptions = {}): Promise<ResolutionReport> {
  const databases = openAll(urls);
  try {
    return await resolve(databases, 'changes', options);
  } finally {
    await closeAll(databases);
  }
}

export type IdentityWatcher = Poller;

/** Defaults of the watcher: a pass every second while there is work, one at least every 30 s when idle. */
export const IDENTITY_INTERVAL_MS = 1000;
export const IDENTITY_MAX_IDLE_MS = 30_000;
/**
 * The change probe runs twice a second (issue 12: a new record linked within 2 s): one cheap
 * statement per legacy system (a WAL position or a sum of write counters), so a write is noticed
 * within 500 ms rather than a second; full passes keep their pace (IDENTITY_INTERVAL_MS while there
 * is work, the doubling idle interval otherwise), so an idle graph still runs no pass. (250 ms was
 * measured too: no faster link on the bench, and the idle workers' CPU went from ~1 % to 2.8 % of a
 * core, past issue 14's 2 %; at 500 ms, 1.35 %.)
 */
export const IDENTITY_PROBE_INTERVAL_MS = 500;

/**
 * Links changed legacy records while the graph runs (kit/poller.ts). Every `probeIntervalMs` (500 ms), one probe
 * per legacy system (its server's WAL position, or its own write counters where it shares the hub's
 * server: kit/change-probe.ts); a pass on changes only when a probe moved, the last pass changed
 * links, wake() was called, or `maxIdleMs` (doubling from `intervalMs`) has passed without one (a
 * refusal withdrawn in the hub is taken then, or at once by wake()). A pass re-reads each system's overlap window (late commits), so without the probe an idle
 * graph re-linked those records every second. `probe: false` runs a pass every `intervalMs` (the
 * behaviour before issue 14, for the idle bench). A failed pass is logged and the next one reads
 * the same changes again (the cursor moves only with the links).
 */
export function watchIdentities(
  urls: Record<DatabaseRole, string>,
  options: {
    intervalMs?: number;
    maxIdleMs?: number;
    probe?: boolean;
    probeIntervalMs?: number;
    /** Streamed systems (CHANGE_STREAM, kit/change-stream.ts): probed in memory, and a change wakes the watcher. */
    streams?: ChangeStreams | null;
    onPass?(report: ResolutionReport): void;
  } = {},
): IdentityWatcher {
  const databases = openAll(urls);
  const pass = async (): Promise<boolean> => {
    const report = await resolve(databases, 'changes', {});
    // Each pass re-reads a short overlap window (late commits), so records re-read with nothing to
    // change are the normal case: only a pass that changed links is worth a line at info level.
    const figures = { runId: report.runId, records: report.recordsRead, unchanged: report.recordsUnchanged, made: report.linksMade, closed: report.linksClosed };
    if (report.linksMade > 0 || report.linksClosed > 0) logger.info(figures, 'identity changes linked');
    else if (report.recordsRead > 0) logger.debug(figures, 'identity changes re-read, nothing to change');
    options.onPass?.(report);
    return report.linksMade > 0 || report.linksClosed > 0 || report.newCustomers > 0;
  };
  const intervalMs = options.intervalMs ?? IDENTITY_INTERVAL_MS;
  const probing = options.probe ?? true;
  const streams = probing ? options.streams : null;
  let unsubscribe = (): void => undefined;
  const poller = startPolling(
    'identity',
    pass,
    {
      intervalMs,
      maxIntervalMs: probing ? Math.max(intervalMs, options.maxIdleMs ?? IDENTITY_MAX_IDLE_MS) : intervalMs,
      probe: probing ? changeProbe(Object.values(databases.legacy), databases.hub, streams) : undefined,
      probeIntervalMs: Math.min(intervalMs, options.probeIntervalMs ?? IDENTITY_PROBE_INTERVAL_MS),
    },
    () => {
      unsubscribe();
      return closeAll(databases);
    },
  );
  // A streamed change wakes the pass at once (then at most once per interval: the pace of polling).
  if (streams) unsubscribe = streams.subscribe(() => poller.wake(), intervalMs);
  return poller;
}

async function resolve(databases: ResolutionDatabases, kind: ResolutionKind, options: ResolveOptions): Promise<ResolutionReport> {
  const { hub } = databases;
  // Every system the registry declares, in its order (reports list them so).
  const systems = Object.keys(databases.legacy);
  const { extractors } = registry();
  const started = process.hrtime.bigint();
  const total = systems.length + SQL_STEPS.length;
  let done = 0;
  const stepSeconds: Record<string, number> = {};
  let stepStarted = process.hrtime.bigint();
  const step = (label: string): void => {
    const now = process.hrtime.bigint();
    stepSeconds[label] = Math.round(Number(now - stepStarted) / 1e7) / 100;
    stepStarted = now;
    done += 1;
    options.onProgress?.(done, total, label);
  };
  options.onProgress?.(0, total, 'starting');

  const statementsBefore = hub.statementCount();
  let runId = 0;
  try {
    // A bulk run is recorded from its start; a pass on changes only if it changed something.
    [{ id: runId }] =
      kind === 'bulk'
        ? await hub.query<{ id: number }>("INSERT INTO identity_run (kind) VALUES ('bulk') RETURNING id")
        : await hub.query<{ id: number }>("SELECT nextval(pg_get_serial_sequence('identity_run', 'id'))::int AS id");
    const since = new Map<string, Cursor>();
    // Records whose refusal of recognition was withdrawn wait for a run to link them again: a pass
    // on changes takes them even when no legacy row changed (read with the cursors: no statement more).
    let withdrawnRefusals = 0;
    if (kind === 'changes') {
      const rows = await hub.query<{ system: string; changed: string | null; last_id: string | null; withdrawn: number }>(
        `SELECT c.system, c.changed, c.last_id::text, w.n AS withdrawn
           FROM identity_cursor c
          CROSS JOIN (SELECT count(*)::int AS n FROM recognition_refusal WHERE withdrawn_at IS NOT NULL AND relinked_at IS NULL) w`,
      );
      for (const row of rows) since.set(row.system, { changed: row.changed, id: row.last_id === null ? null : Number(row.last_id) });
      withdrawnRefusals = rows[0]?.withdrawn ?? 0;
    }
    if (kind === 'bulk') logger.info({ runId }, 'identity resolution started');

    // The systems are read at once: each read mostly waits on its own database.
    // Loads into the hub go one after the other (the pool is small, and COPYs gain nothing from
    // competing for one disk).
    const recordsBySystem = {} as Record<LegacySystem, number>;
    const cursors = {} as Record<LegacySystem, Cursor>;
    let identifiers = 0;
    let loading: Promise<unknown> = Promise.resolve();
    const reads = await Promise.allSettled(
      systems.map(async (system) => {
        const { records, cursor } = await extractors[system](databases.legacy[system], since.get(system));
        recordsBySystem[system] = records.length;
        cursors[system] = cursor;
        const loaded = loading.then(() => stage(hub, runId, records));
        loading = loaded.catch(() => undefined);
        const staged = await loaded;
        identifiers += staged;
        if (kind === 'bulk') logger.info({ runId, system, records: records.length }, 'legacy identities staged');
        step(`read ${system}`);
      }),
    );
    const failed = reads.find((read): read is PromiseRejectedResult => read.status === 'rejected');
    if (failed) throw failed.reason;
    const recordsRead = systems.reduce((sum, system) => sum + recordsBySystem[system], 0);
    // Reads finish in any order; the report lists systems in the registry's order.
    const bySystem = Object.fromEntries(systems.map((system) => [system, recordsBySystem[system]]));

    // Records re-read by the overlap window exactly as an earlier pass linked them leave the pass.
    // The staging tables' statistics first: taken when they were empty, they say "one row", and the
    // statement's deletes then compare every staged row with every unchanged one (a nested loop,
    // quadratic: 1.8 s every idle pass at 1,000,000 people for ~830 records re-read; 38 ms analysed).
    if (kind === 'changes' && recordsRead > 0) await hub.query(L.ANALYZE_STAGED);
    const recordsUnchanged = kind === 'changes' && recordsRead > 0 ? await count(hub, L.DROP_UNCHANGED_STAGED, [runId]) : 0;
    let outcome: LinkOutcome;
    if (kind === 'changes' && recordsRead === recordsUnchanged && withdrawnRefusals === 0) {
      outcome = NOTHING_CHANGED;
      // Nothing to link, but the cursors may have moved (records read again, or read unchanged).
      if (recordsRead > 0) await saveCursors(hub, cursors);
    } else {
      outcome = await hub.withTransaction(async (tx) => {
        const result = await link(tx, runId, kind, step);
        await saveCursors(tx, cursors);
        return result;
      });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const report: ResolutionReport = {
      kind,
      runId,
      recordsRead,
      recordsBySystem: bySystem,
      recordsUnchanged,
      identifiers,
      ...outcome,
      stepSeconds,
      hubStatements: 0,
      seconds: Math.round(seconds * 100) / 100,
      recordsPerSecond: Math.round(recordsRead / seconds),
    };
    report.hubStatements = hub.statementCount() - statementsBefore + 1;
    if (kind === 'bulk') {
      await hub.query('UPDATE identity_run SET finished_at = now(), report = $2 WHERE id = $1', [runId, JSON.stringify(report)]);
      logger.info({ runId, records: recordsRead, links: report.activeLinks, customers: report.customers, seconds: report.seconds }, 'identity resolution finished');
    } else if (report.linksMade + report.linksClosed > 0) {
      await hub.query("INSERT INTO identity_run (id, kind, finished_at, report) VALUES ($1, 'changes', now(), $2)", [runId, JSON.stringify(report)]);
    }
    return report;
  } finally {
    if (runId) {
      for (const sql of H.CLEAR_STAGE) await hub.query(sql, [runId]).catch(() => undefined);
    }
  }
}

const NOTHING_CHANGED: LinkOutcome = {
  recordsInScope: 0,
  linksMade: 0,
  linksClosed: 0,
  activeLinks: 0,
  customers: 0,
  newCustomers: 0,
  households: -1,
  householdMembers: -1,
  pairsRejected: {},
  recordsInSplitComponents: 0,
  edgesCut: {},
  commonIdentifiersIgnored: 0,
  labelRounds: 0,
  probabilistic: null,
};

/** Where each system's reading now stands; a system with nothing new keeps its cursor. */
async function saveCursors(tx: Queryable, cursors: Record<LegacySystem, Cursor>): Promise<void> {
  const systems = Object.keys(cursors).filter((system) => cursors[system].changed !== null || cursors[system].id !== null);
  await tx.query(
    `INSERT INTO identity_cursor (system, changed, last_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (system) DO UPDATE SET changed = EXCLUDED.changed, last_id = EXCLUDED.last_id, updated_at = now()
      WHERE (identity_cursor.changed, identity_cursor.last_id) IS DISTINCT FROM (EXCLUDED.changed, EXCLUDED.last_id)`,
    [systems, systems.map((system) => cursors[system].changed), systems.map((system) => cursors[system].id)],
  );
}

/** COPY one system's records and identifiers into staging; returns the number of identifiers. */
async function stage(hub: Database, runId: number, records: StagedRecord[]): Promise<number> {
  let identifiers = 0;
  await hub.copyFrom(
    'COPY identity_stage_record (run_id, system, local_key, given_name, family_name, name_key, name_readings, birth_date, postcode, family_account, status, ignored, source_changed_at, given_name_display, family_name_display) FROM STDIN',
    (function* () {
      for (const r of records) {
        yield copyLine([
          runId, r.system, r.localKey, r.givenName, r.familyName, r.nameKey, arrayLiteral(r.nameReadings), r.birthDate,
          r.postcode, r.familyAccount, r.status, arrayLiteral(r.ignored), r.sourceChangedAt, r.givenNameDisplay, r.familyNameDisplay,
        ]);
      }
    })(),
  );
  await hub.copyFrom(
    'COPY identity_stage_identifier (run_id, kind, value, system, local_key, role, valid) FROM STDIN',
    (function* () {
      for (const r of records) {
        for (const i of r.identifiers) {
          identifiers += 1;
          yield copyLine([runId, i.kind, i.value, r.system, r.localKey, i.role, i.valid ?? true]);
        }
      }
    })(),
  );
  return identifiers;
}

/** A PostgreSQL text[] literal (each element quoted, so no character of a value can break it). */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

type LinkOutcome = Pick<
  ResolutionReport,
  | 'recordsInScope'
  | 'linksMade'
  | 'linksClosed'
  | 'activeLinks'
  | 'customers'
  | 'newCustomers'
  | 'households'
  | 'householdMembers'
  | 'pairsRejected'
  | 'recordsInSplitComponents'
  | 'edgesCut'
  | 'commonIdentifiersIgnored'
  | 'labelRounds'
  | 'probabilistic'
>;

async function count(tx: Queryable, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await tx.query<{ n: number }>(sql, params);
  return row?.n ?? 0;
}

async function link(tx: Queryable, runId: number, kind: ResolutionKind, step: (label: string) => void): Promise<LinkOutcome> {
  // One resolution writes at a time (a second one waits here), so two runs never interleave links.
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('customer-hub identity resolution'))");
  if (kind === 'bulk') {
    // A bulk run works on a few hundred thousand rows in temporary tables: with the defaults (8 MB
    // of temporary buffers, 4 MB per sort or hash) every step spills to disk. Local to this
    // transaction; temp_buffers must be set before the session's first temporary table, which is
    // the case here (bulk runs have their own connections).
    await tx.query("SET LOCAL temp_buffers = '512MB'; SET LOCAL work_mem = '128MB'; SET LOCAL maintenance_work_mem = '256MB'");
    await tx.query(L.CREATE_RECORDS, [runId]);
  } else {
    await tx.query(L.CREATE_SCOPE, [runId]);
    await tx.query(L.INDEX_SCOPE);
    await tx.query(L.CREATE_SCOPED_RECORDS, [runId]);
  }
  await tx.query(L.INDEX_RECORDS);
  await tx.query(L.CREATE_KEEP_APART);
  const recordsInScope = await count(tx, 'SELECT count(*)::int AS n FROM w_rec');
  step('staging');

  await tx.query(L.CREATE_IDENTIFIERS, [runId]);
  if (kind === 'changes') await tx.query(L.ADD_CONTEXT_IDENTIFIERS);
  let commonIdentifiersIgnored = await count(tx, L.DROP_COMMON_IDENTIFIERS);
  if (kind === 'changes') commonIdentifiersIgnored += await count(tx, L.DROP_GLOBALLY_COMMON_IDENTIFIERS);
  await tx.query(L.INDEX_IDENTIFIERS);
  // Guards' context (rules.ts): homes, loose e-mail keys, what each shared value's holders say.
  await tx.query(L.CREATE_ADDRESSES, [runId]);
  if (kind === 'changes') await tx.query(L.ADD_CONTEXT_ADDRESSES);
  await tx.query(L.CREATE_COHABITANTS);
  await tx.query(L.CREATE_LOOSE_KEYS, [runId]);
  if (kind === 'changes') await tx.query(L.ADD_CONTEXT_LOOSE_KEYS);
  await tx.query(L.INDEX_LOOSE_KEYS);
  await tx.query(L.CREATE_IDENTIFIER_STATS);
  await tx.query(L.CREATE_PAIRS);
  const rejected = await tx.query<{ reason: string; n: number }>(L.COUNT_REJECTED);
  step('pairs');

  await tx.query(L.CREATE_GRAPH);
  let labelRounds = await propagateLabels(tx, { nodes: 'w_comp', edges: 'w_adj', nodeColumn: 'rid' });
  step('components');

  await tx.query(L.SPLIT_CONFLICTS);
  labelRounds += await propagateLabels(tx, { nodes: 'w_comp', edges: 'w_adj_named', nodeColumn: 'rid' });
  await tx.query(L.ATTACH_NAMELESS);
  labelRounds += await cutWeakestEdges(tx, L);
  const cut = await tx.query<{ reason: string; n: number }>(L.COUNT_CUT);
  await tx.query(L.DISSOLVE_REMAINING);
  const recordsInSplitComponents = await count(tx, 'SELECT count(*)::int AS n FROM w_split');
  step('guards');

  await tx.query(L.CREATE_EXPLAIN);
  // What the rules could not decide: scored pairs across components, auto-links merge components
  // (explained in w_explain) before customers are assigned; the rest waits in the review queue.
  const probabilistic = await P.linkProbabilistic(tx, runId, kind);
  labelRounds += probabilistic.labelRounds;
  await tx.query(L.CREATE_ASSIGN);
  const newCustomers = await count(tx, L.INSERT_NEW_CUSTOMERS);
  await tx.query(L.CREATE_REFUSALS);
  await tx.query(L.CREATE_DESIRED);
  step('customers');

  const linksClosed = await count(tx, L.CLOSE_CHANGED_LINKS);
  const linksMade = await count(tx, L.INSERT_LINKS);
  await tx.query(L.MARK_MERGED);
  await tx.query(L.MARK_RELINKED);
  step('links');

  // Households group customers across the whole hub: the bulk run keeps them.
  let households = -1;
  let householdMembers = -1;
  if (kind === 'bulk') {
    await tx.query(H.CREATE_OWNERS);
    await tx.query(H.CREATE_HOUSEHOLD_IDENTIFIERS, [runId]);
    await tx.query(H.INDEX_HOUSEHOLD_IDENTIFIERS);
    await tx.query(H.CREATE_HOUSEHOLD_EDGES);
    await tx.query(H.CREATE_HOUSEHOLD_GRAPH);
    labelRounds += await propagateLabels(tx, { nodes: 'w_hnode', edges: 'w_hadj', nodeColumn: 'node' });
    await tx.query(H.ASSIGN_HOUSEHOLDS);
    await tx.query(H.CLOSE_CHANGED_MEMBERSHIPS);
    await tx.query(H.INSERT_MEMBERSHIPS);
    await tx.query(H.DISSOLVE_EMPTY_HOUSEHOLDS);
    [{ households, household_members: householdMembers }] = await tx.query<{ households: number; household_members: number }>(
      H.COUNT_HOUSEHOLDS,
    );
  }
  step('households');

  await tx.query(H.REFRESH_RECORDS, [runId]);
  if (kind === 'bulk') await tx.query(H.MARK_MISSING_RECORDS);
  await tx.query(H.DROP_STALE_IDENTIFIERS, [runId]);
  await tx.query(H.INSERT_IDENTIFIERS, [runId]);
  const [result] = await tx.query<{ links: number; customers: number }>(kind === 'bulk' ? H.COUNT_LINKS : H.COUNT_SCOPE_LINKS);
  // After rewriting most of the hub, fresh statistics: otherwise the planner keeps believing the
  // tables are as small as before the first run until autovacuum comes by, and the passes on
  // changes, which look up a few records among all of them, scan instead of using the indexes.
  if (kind === 'bulk') await tx.query(H.ANALYZE_HUB);
  step('look-up table');

  return {
    recordsInScope,
    linksMade,
    linksClosed,
    activeLinks: result.links,
    customers: result.customers,
    newCustomers,
    households,
    householdMembers,
    pairsRejected: Object.fromEntries(rejected.map((row) => [row.reason, row.n])),
    recordsInSplitComponents,
    edgesCut: Object.fromEntries(cut.map((row) => [row.reason, row.n])),
    commonIdentifiersIgnored,
    labelRounds,
    probabilistic,
  };
}
