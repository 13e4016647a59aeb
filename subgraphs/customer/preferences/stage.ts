// Staging the channels' preferences in the hub (preference_source_statement, migration 018), the
// way consent decisions are staged (consent/stage.ts): each source is a legacy system with its
// channel's reader (kit/preferences.ts); its answer replaces what was staged for that system
// (rows no longer read removed, changed rows updated, the rest left alone), every system read in
// one call written in one hub transaction with a constant number of statements (rows travel as
// arrays). Idempotent. A system whose reader fails keeps its last staged rows (an outage must not
// look like "no preference"); the failure is reported by name, never with a row's data.
import { Database, Queryable } from '../../kit/database';
import { LegacyPreference, PreferenceReader, PREFERENCES } from '../../kit/preferences';
import { logger } from '../../kit/logger';

export interface PreferenceSource {
  system: string;
  db: Database;
  read: PreferenceReader;
}

export interface PreferenceStageReport {
  systems: Record<string, { read: number; written: number; removed: number }>;
  failed: Record<string, string>;
  /** Statements sent to the hub (constant: does not grow with the number of preferences). */
  hubStatements: number;
  seconds: number;
}

/** A fixed number no other code takes: two stagings at once wait for each other. */
const STAGE_LOCK = 7_310_420_150;

const STAGE = `
WITH incoming AS (
  SELECT DISTINCT ON (system, local_key, preference, scope, source_ref) *
    FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[])
         AS t(system, local_key, preference, scope, source_ref, value, stated_at, basis, source)
   ORDER BY system, local_key, preference, scope, source_ref, stated_at DESC
),
removed AS (
  DELETE FROM preference_source_statement p
   WHERE p.system = ANY ($1::text[])
     AND NOT EXISTS (SELECT 1 FROM incoming i
                      WHERE i.system = p.system AND i.local_key = p.local_key AND i.preference = p.preference
                        AND i.scope = p.scope AND i.source_ref = p.source_ref)
  RETURNING p.system
),
written AS (
  INSERT INTO preference_source_statement AS p (system, local_key, preference, scope, source_ref, value, stated_at, basis, source)
  SELECT system, local_key, preference, scope, source_ref, value, stated_at, basis, source FROM incoming
  ON CONFLICT (system, local_key, preference, scope, source_ref) DO UPDATE
     SET value = EXCLUDED.value, stated_at = EXCLUDED.stated_at, basis = EXCLUDED.basis, source = EXCLUDED.source, staged_at = now()
   WHERE (p.value, p.stated_at, p.basis, p.source) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.stated_at, EXCLUDED.basis, EXCLUDED.source)
  RETURNING p.system
)
SELECT 'removed' AS what, system, count(*)::int AS n FROM removed GROUP BY system
UNION ALL
SELECT 'written', system, count(*)::int FROM written GROUP BY system`;

const SOURCES = `
INSERT INTO preference_source (system, staged_at, statements)
SELECT system, now(), n FROM unnest($1::text[], $2::int[]) AS t(system, n)
ON CONFLICT (system) DO UPDATE SET staged_at = EXCLUDED.staged_at, statements = EXCLUDED.statements`;

function check(system: string, preference: LegacyPreference): void {
  if (preference.system !== system) throw new Error(`${system}: its preference reader answered a row of another system (${preference.system})`);
  if (!(PREFERENCES as readonly string[]).includes(preference.preference)) throw new Error(`${system}: a preference the graph does not know`);
  if (preference.basis !== 'declared' && preference.basis !== 'derived') throw new Error(`${system}: a preference neither declared nor derived`);
  if (!preference.localKey || !preference.sourceRef || !preference.source || typeof preference.value !== 'string') {
    throw new Error(`${system}: a preference without a record, row, source or value`);
  }
  if (Number.isNaN(Date.parse(preference.statedAt))) throw new Error(`${system}: a preference without a valid date`);
}

async function write(tx: Queryable, read: Map<string, LegacyPreference[]>): Promise<Map<string, { written: number; removed: number }>> {
  const systems = [...read.keys()];
  const all = [...read.values()].flat();
  await tx.query('SELECT pg_advisory_xact_lock($1)', [STAGE_LOCK]);
  const rows = await tx.query<{ what: 'removed' | 'written'; system: string; n: number }>(STAGE, [
    systems,
    all.map((p) => p.system),
    all.map((p) => p.localKey),
    all.map((p) => p.preference),
    all.map((p) => p.scope),
    all.map((p) => p.sourceRef),
    all.map((p) => p.value),
    all.map((p) => p.statedAt),
    all.map((p) => p.basis),
    all.map((p) => p.source),
  ]);
  await tx.query(SOURCES, [systems, systems.map((system) => read.get(system)!.length)]);
  const counts = new Map(systems.map((system) => [system, { written: 0, removed: 0 }]));
  for (const row of rows) counts.get(row.system)![row.what] = row.n;
  return counts;
}

/** Reads every source (at once) and replaces each system's staged preferences, in one hub transaction. */
export async function stagePreferences(hubDb: Database, sources: readonly PreferenceSource[]): Promise<PreferenceStageReport> {
  const started = process.hrtime.bigint();
  const statementsBefore = hubDb.statementCount();
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.system)) throw new Error(`${source.system}: two preference readers for one system`);
    seen.add(source.system);
  }
  const reads = await Promise.allSettled(sources.map((source) => source.read(source.db)));
  const read = new Map<string, LegacyPreference[]>();
  const failed: Record<string, string> = {};
  reads.forEach((result, i) => {
    const { system } = sources[i];
    if (result.status === 'rejected') {
      failed[system] = result.reason instanceof Error ? result.reason.message : String(result.reason);
      return;
    }
    try {
      for (const preference of result.value) check(system, preference);
      read.set(system, result.value);
    } catch (error) {
      failed[system] = (error as Error).message;
    }
  });
  const counts = read.size === 0 ? new Map<string, { written: number; removed: number }>() : await hubDb.withTransaction((tx) => write(tx, read));
  const systems = Object.fromEntries([...read].map(([system, rows]) => [system, { read: rows.length, ...counts.get(system)! }]));
  const report: PreferenceStageReport = {
    systems,
    failed,
    hubStatements: hubDb.statementCount() - statementsBefore,
    seconds: Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100,
  };
  if (Object.keys(failed).length > 0) logger.warn({ failed: Object.keys(failed) }, 'preferences not read from some systems; their last staged rows stay');
  logger.debug({ systems, seconds: report.seconds }, 'preferences staged');
  return report;
}
