// Staging the channels' consent decisions in the hub (consent_decision, migration 010). Each source
// is a legacy system with its channel's extractor (kit/consent.ts); its answer replaces everything
// staged for that system before: rows no longer read are removed, changed rows updated, the rest left
// alone. All systems read in one call are written in one transaction, with a constant number of
// statements whatever the number of decisions (the rows travel as arrays, unnest-ed in SQL).
// Running it again on unchanged systems changes nothing (idempotent).
//
// A system whose extractor fails keeps what was staged from its last good read (an outage must not
// look like "this customer never decided"); the others are staged, and the failure is reported.
import { Database, Queryable } from '../../kit/database';
import { ConsentDecision, ConsentExtractor, isContactMedium, isPurpose } from '../../kit/consent';
import { logger } from '../../kit/logger';

export interface ConsentSource {
  /** The legacy system, as identity_link.system names it. */
  system: string;
  db: Database;
  extract: ConsentExtractor;
}

export interface ConsentStageReport {
  /** Per system staged: decisions read, rows written (new or changed), rows removed (no longer read). */
  systems: Record<string, { read: number; written: number; removed: number }>;
  /** Systems whose extractor failed, with the error's message (nothing of theirs was touched). */
  failed: Record<string, string>;
  /** Statements sent to the hub (constant: does not grow with the number of decisions). */
  hubStatements: number;
  seconds: number;
}

/** Any fixed number no other code of the project takes: two stagings at once wait for each other. */
const STAGE_LOCK = 7_310_420_110;

const STAGE = `
WITH incoming AS (
  -- One row per key: an extractor answering a key twice keeps its latest decision.
  SELECT DISTINCT ON (system, local_key, purpose, medium, source_ref) *
    FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::timestamptz[], $9::text[])
         AS t(system, local_key, purpose, medium, source_ref, granted, decided_at, source)
   ORDER BY system, local_key, purpose, medium, source_ref, decided_at DESC, granted
),
removed AS (
  DELETE FROM consent_decision d
   WHERE d.system = ANY ($1::text[])
     AND NOT EXISTS (SELECT 1 FROM incoming i
                      WHERE i.system = d.system AND i.local_key = d.local_key AND i.purpose = d.purpose
                        AND i.medium = d.medium AND i.source_ref = d.source_ref)
  RETURNING d.system
),
written AS (
  INSERT INTO consent_decision AS d (system, local_key, purpose, medium, source_ref, granted, decided_at, source)
  SELECT system, local_key, purpose, medium, source_ref, granted, decided_at, source FROM incoming
  ON CONFLICT (system, local_key, purpose, medium, source_ref) DO UPDATE
     SET granted = EXCLUDED.granted, decided_at = EXCLUDED.decided_at, source = EXCLUDED.source, staged_at = now()
   WHERE (d.granted, d.decided_at, d.source) IS DISTINCT FROM (EXCLUDED.granted, EXCLUDED.decided_at, EXCLUDED.source)
  RETURNING d.system
)
SELECT 'removed' AS what, system, count(*)::int AS n FROM removed GROUP BY system
UNION ALL
SELECT 'written', system, count(*)::int FROM written GROUP BY system`;

const SOURCES = `
INSERT INTO consent_source (system, staged_at, decisions)
SELECT system, now(), n FROM unnest($1::text[], $2::int[]) AS t(system, n)
ON CONFLICT (system) DO UPDATE SET staged_at = EXCLUDED.staged_at, decisions = EXCLUDED.decisions`;

/** A decision the staging table would refuse, said with the system's name (never the row's data). */
function check(system: string, decision: ConsentDecision): void {
  if (decision.system !== system) throw new Error(`${system}: its consent extractor answered a decision of another system (${decision.system})`);
  if (!isPurpose(decision.purpose)) throw new Error(`${system}: consent decision with an unknown purpose`);
  if (!isContactMedium(decision.medium)) throw new Error(`${system}: consent decision with an unknown medium`);
  if (!decision.localKey || !decision.sourceRef || !decision.source) throw new Error(`${system}: consent decision without a record, row or source`);
  if (Number.isNaN(Date.parse(decision.decidedAt))) throw new Error(`${system}: consent decision without a valid date`);
}

async function write(tx: Queryable, read: Map<string, ConsentDecision[]>): Promise<Map<string, { written: number; removed: number }>> {
  const systems = [...read.keys()];
  const all = [...read.values()].flat();
  await tx.query('SELECT pg_advisory_xact_lock($1)', [STAGE_LOCK]);
  const rows = await tx.query<{ what: 'removed' | 'written'; system: string; n: number }>(STAGE, [
    systems,
    all.map((d) => d.system),
    all.map((d) => d.localKey),
    all.map((d) => d.purpose),
    all.map((d) => d.medium),
    all.map((d) => d.sourceRef),
    all.map((d) => d.granted),
    all.map((d) => d.decidedAt),
    all.map((d) => d.source),
  ]);
  await tx.query(SOURCES, [systems, systems.map((system) => read.get(system)!.length)]);
  const counts = new Map(systems.map((system) => [system, { written: 0, removed: 0 }]));
  for (const row of rows) counts.get(row.system)![row.what] = row.n;
  return counts;
}

/** Reads every source's decisions (at once) and replaces each system's staged rows, in one hub transaction. */
export async function stageConsent(hubDb: Database, sources: readonly ConsentSource[]): Promise<ConsentStageReport> {
  const started = process.hrtime.bigint();
  const statementsBefore = hubDb.statementCount();
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.system)) throw new Error(`${source.system}: two consent extractors for one system`);
    seen.add(source.system);
  }
  const reads = await Promise.allSettled(sources.map((source) => source.extract(source.db)));
  const read = new Map<string, ConsentDecision[]>();
  const failed: Record<string, string> = {};
  reads.forEach((result, i) => {
    const { system } = sources[i];
    if (result.status === 'rejected') {
      failed[system] = result.reason instanceof Error ? result.reason.message : String(result.reason);
      return;
    }
    try {
      for (const decision of result.value) check(system, decision);
      read.set(system, result.value);
    } catch (error) {
      failed[system] = (error as Error).message;
    }
  });
  const counts = read.size === 0 ? new Map<string, { written: number; removed: number }>() : await hubDb.withTransaction((tx) => write(tx, read));
  const systems = Object.fromEntries([...read].map(([system, decisions]) => [system, { read: decisions.length, ...counts.get(system)! }]));
  const report: ConsentStageReport = {
    systems,
    failed,
    hubStatements: hubDb.statementCount() - statementsBefore,
    seconds: Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100,
  };
  // Messages of failed reads can quote a database's words, never a person's: counts and names only.
  if (Object.keys(failed).length > 0) logger.warn({ failed: Object.keys(failed) }, 'consent decisions not read from some systems; their last staged decisions stay');
  logger.debug({ systems, seconds: report.seconds }, 'consent decisions staged');
  return report;
}
