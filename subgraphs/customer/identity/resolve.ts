// Bulk identity resolution: one customer id behind every legacy identity record.
//
// 1. Read each legacy system's identity records (one statement each) and normalise them in Node.
// 2. COPY them into the hub's staging tables.
// 3. In one hub transaction, set-based: candidate pairs by joins on normalised identifiers, guards,
//    connected components by label propagation, customer ids kept from the previous run, links
//    written with rule and evidence, households, and the identifier look-up table refreshed.
//
// The statements sent do not depend on the number of records: a fixed list, plus a few rounds of
// label propagation (as many as the longest chain of one person's records). The ground truth is
// never read here. Nothing personal is logged: counts and timings only.
import { copyLine, Database, openDatabase, Queryable } from '../../kit/database';
import { DatabaseRole, LEGACY_SYSTEMS, LegacySystem } from '../../kit/databases';
import { logger } from '../../kit/logger';
import { propagateLabels } from './components';
import { EXTRACTORS, StagedRecord } from './extract';
import * as H from './household.sql';
import * as L from './link.sql';

export interface ResolutionReport {
  runId: number;
  /** Identity records read, in total and per legacy system. */
  recordsRead: number;
  recordsBySystem: Record<LegacySystem, number>;
  /** Normalised identifiers found on those records (for look-up and linking). */
  identifiers: number;
  /** Links written by this run, and rule-made links it closed (moved or re-explained). */
  linksMade: number;
  linksClosed: number;
  /** State after the run. */
  activeLinks: number;
  customers: number;
  newCustomers: number;
  households: number;
  householdMembers: number;
  /** Guards: pairs refused and why, records of components split by a conflict, identifiers too common to mean one person. */
  pairsRejected: Record<string, number>;
  recordsInSplitComponents: number;
  commonIdentifiersIgnored: number;
  labelRounds: number;
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

const SQL_STEPS = ['staging', 'pairs', 'components', 'guards', 'customers', 'links', 'households', 'look-up table'] as const;

export async function resolveIdentities(
  urls: Record<DatabaseRole, string>,
  options: ResolveOptions = {},
): Promise<ResolutionReport> {
  const started = process.hrtime.bigint();
  const total = LEGACY_SYSTEMS.length + SQL_STEPS.length;
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

  // Bulk statements over every record take longer than an API query: a generous server-side cap.
  const hub = openDatabase({ name: 'customer', url: urls.customer, max: 2, statementTimeoutMs: 15 * 60_000 });
  const statementsBefore = hub.statementCount();
  let runId = 0;
  try {
    [{ id: runId }] = await hub.query<{ id: number }>('INSERT INTO identity_run DEFAULT VALUES RETURNING id');
    logger.info({ runId }, 'identity resolution started');

    // The four systems are read at once: each read mostly waits on its own database.
    // Loads into the hub go one after the other (the pool is small, and COPYs gain nothing from
    // competing for one disk).
    const recordsBySystem = {} as Record<LegacySystem, number>;
    let identifiers = 0;
    let loading: Promise<unknown> = Promise.resolve();
    const reads = await Promise.allSettled(
      LEGACY_SYSTEMS.map(async (system) => {
        const legacy = openDatabase({ name: system, url: urls[system], max: 1, statementTimeoutMs: 10 * 60_000 });
        let records: StagedRecord[];
        try {
          records = await EXTRACTORS[system](legacy);
        } finally {
          await legacy.close();
        }
        recordsBySystem[system] = records.length;
        const loaded = loading.then(() => stage(hub, runId, records));
        loading = loaded.catch(() => undefined);
        const staged = await loaded;
        identifiers += staged;
        logger.info({ runId, system, records: records.length }, 'legacy identities staged');
        step(`read ${system}`);
      }),
    );
    const failed = reads.find((read): read is PromiseRejectedResult => read.status === 'rejected');
    if (failed) throw failed.reason;
    const recordsRead = LEGACY_SYSTEMS.reduce((sum, system) => sum + recordsBySystem[system], 0);
    // Reads finish in any order; the report lists systems in their usual order.
    const bySystem = Object.fromEntries(LEGACY_SYSTEMS.map((system) => [system, recordsBySystem[system]])) as Record<LegacySystem, number>;

    const outcome = await hub.withTransaction((tx) => link(tx, runId, step));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const report: ResolutionReport = {
      runId,
      recordsRead,
      recordsBySystem: bySystem,
      identifiers,
      ...outcome,
      stepSeconds,
      hubStatements: 0,
      seconds: Math.round(seconds * 100) / 100,
      recordsPerSecond: Math.round(recordsRead / seconds),
    };
    report.hubStatements = hub.statementCount() - statementsBefore + 1;
    await hub.query('UPDATE identity_run SET finished_at = now(), report = $2 WHERE id = $1', [runId, JSON.stringify(report)]);
    logger.info({ runId, records: recordsRead, links: report.activeLinks, customers: report.customers, seconds: report.seconds }, 'identity resolution finished');
    return report;
  } finally {
    if (runId) {
      for (const sql of H.CLEAR_STAGE) await hub.query(sql, [runId]).catch(() => undefined);
    }
    await hub.close();
  }
}

/** COPY one system's records and identifiers into staging; returns the number of identifiers. */
async function stage(hub: Database, runId: number, records: StagedRecord[]): Promise<number> {
  let identifiers = 0;
  await hub.copyFrom(
    'COPY identity_stage_record (run_id, system, local_key, given_name, family_name, name_key, name_readings, birth_date, postcode, family_account, status, ignored) FROM STDIN',
    (function* () {
      for (const r of records) {
        yield copyLine([
          runId, r.system, r.localKey, r.givenName, r.familyName, r.nameKey, arrayLiteral(r.nameReadings), r.birthDate,
          r.postcode, r.familyAccount, r.status, arrayLiteral(r.ignored),
        ]);
      }
    })(),
  );
  await hub.copyFrom(
    'COPY identity_stage_identifier (run_id, kind, value, system, local_key, role) FROM STDIN',
    (function* () {
      for (const r of records) {
        for (const i of r.identifiers) {
          identifiers += 1;
          yield copyLine([runId, i.kind, i.value, r.system, r.localKey, i.role]);
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
  | 'linksMade'
  | 'linksClosed'
  | 'activeLinks'
  | 'customers'
  | 'newCustomers'
  | 'households'
  | 'householdMembers'
  | 'pairsRejected'
  | 'recordsInSplitComponents'
  | 'commonIdentifiersIgnored'
  | 'labelRounds'
>;

async function count(tx: Queryable, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await tx.query<{ n: number }>(sql, params);
  return row?.n ?? 0;
}

async function link(tx: Queryable, runId: number, step: (label: string) => void): Promise<LinkOutcome> {
  // One resolution writes at a time (a second one waits here), so two runs never interleave links.
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('customer-hub identity resolution'))");
  // One bulk job per hub at a time, working on a few hundred thousand rows in temporary tables:
  // with the defaults (8 MB of temporary buffers, 4 MB per sort or hash) every step spills to
  // disk. Local to this transaction; temp_buffers must be set before the session's first temporary
  // table, which is the case here.
  await tx.query("SET LOCAL temp_buffers = '512MB'; SET LOCAL work_mem = '128MB'; SET LOCAL maintenance_work_mem = '256MB'");
  await tx.query(L.CREATE_RECORDS, [runId]);
  await tx.query(L.INDEX_RECORDS);
  await tx.query(L.CREATE_KEEP_APART);
  step('staging');

  await tx.query(L.CREATE_IDENTIFIERS, [runId]);
  const commonIdentifiersIgnored = await count(tx, L.DROP_COMMON_IDENTIFIERS);
  await tx.query(L.INDEX_IDENTIFIERS);
  await tx.query(L.CREATE_PAIRS);
  const rejected = await tx.query<{ reason: string; n: number }>(L.COUNT_REJECTED);
  step('pairs');

  await tx.query(L.CREATE_GRAPH);
  let labelRounds = await propagateLabels(tx, { nodes: 'w_comp', edges: 'w_adj', nodeColumn: 'rid' });
  step('components');

  await tx.query(L.SPLIT_CONFLICTS);
  labelRounds += await propagateLabels(tx, { nodes: 'w_comp', edges: 'w_adj_named', nodeColumn: 'rid' });
  await tx.query(L.ATTACH_NAMELESS);
  await tx.query(L.DISSOLVE_REMAINING);
  const recordsInSplitComponents = await count(tx, 'SELECT count(*)::int AS n FROM w_split');
  step('guards');

  await tx.query(L.CREATE_EXPLAIN);
  await tx.query(L.CREATE_ASSIGN);
  const newCustomers = await count(tx, L.INSERT_NEW_CUSTOMERS);
  await tx.query(L.CREATE_REFUSALS);
  await tx.query(L.CREATE_DESIRED);
  step('customers');

  const linksClosed = await count(tx, L.CLOSE_CHANGED_LINKS);
  const linksMade = await count(tx, L.INSERT_LINKS);
  await tx.query(L.MARK_MERGED);
  step('links');

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
  step('households');

  await tx.query(H.REFRESH_RECORDS, [runId]);
  await tx.query(H.MARK_MISSING_RECORDS);
  await tx.query(H.DROP_STALE_IDENTIFIERS, [runId]);
  await tx.query(H.INSERT_IDENTIFIERS, [runId]);
  const [result] = await tx.query<{ links: number; customers: number; households: number; household_members: number }>(H.COUNT_RESULT);
  step('look-up table');

  return {
    linksMade,
    linksClosed,
    activeLinks: result.links,
    customers: result.customers,
    newCustomers,
    households: result.households,
    householdMembers: result.household_members,
    pairsRejected: Object.fromEntries(rejected.map((row) => [row.reason, row.n])),
    recordsInSplitComponents,
    commonIdentifiersIgnored,
    labelRounds,
  };
}
