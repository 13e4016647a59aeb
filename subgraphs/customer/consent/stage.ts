// Staging the channels' consent decisions in the hub (consent_decision, migration 010), with the
// hub's staging (../staging.ts). Each source is a legacy system with its channel's extractor
// (kit/consent.ts); its answer replaces everything staged for that system before: rows no longer
// read are removed, changed rows updated, the rest left alone. All systems read in one call are
// written in one transaction, with a constant number of statements whatever the number of decisions.
// Running it again on unchanged systems changes nothing (idempotent).
//
// A system whose extractor fails keeps what was staged from its last good read (an outage must not
// look like "this customer never decided"); the others are staged, and the failure is reported.
import { Database } from '../../kit/database';
import { ConsentDecision, ConsentExtractor, isContactMedium, isPurpose } from '../../kit/consent';
import { StageReport, stager } from '../staging';

export interface ConsentSource {
  /** The legacy system, as identity_link.system names it. */
  system: string;
  db: Database;
  extract: ConsentExtractor;
}

/** Per system staged: decisions read, rows written, rows removed; failed systems; hub statements. */
export type ConsentStageReport = StageReport;

/** A decision the staging table would refuse, said with the system's name (never the row's data). */
function check(system: string, decision: ConsentDecision): void {
  if (decision.system !== system) throw new Error(`${system}: its consent extractor answered a decision of another system (${decision.system})`);
  if (!isPurpose(decision.purpose)) throw new Error(`${system}: consent decision with an unknown purpose`);
  if (!isContactMedium(decision.medium)) throw new Error(`${system}: consent decision with an unknown medium`);
  if (!decision.localKey || !decision.sourceRef || !decision.source) throw new Error(`${system}: consent decision without a record, row or source`);
  if (Number.isNaN(Date.parse(decision.decidedAt))) throw new Error(`${system}: consent decision without a valid date`);
}

const stage = stager<ConsentDecision>({
  table: 'consent_decision',
  keys: [
    { name: 'local_key', type: 'text', of: (d) => d.localKey },
    { name: 'purpose', type: 'text', of: (d) => d.purpose },
    { name: 'medium', type: 'text', of: (d) => d.medium },
    { name: 'source_ref', type: 'text', of: (d) => d.sourceRef },
  ],
  values: [
    { name: 'granted', type: 'boolean', of: (d) => d.granted },
    { name: 'decided_at', type: 'timestamptz', of: (d) => d.decidedAt },
    { name: 'source', type: 'text', of: (d) => d.source },
  ],
  // One row per key: an extractor answering a key twice keeps its latest decision.
  keep: 'decided_at DESC, granted',
  sourceTable: 'consent_source',
  countColumn: 'decisions',
  lock: 7_310_420_110,
  check,
  readers: 'consent extractors',
  rows: 'consent decisions',
  kept: 'their last staged decisions',
});

/** Reads every source's decisions (at once: the slices that moved, kit/sliced-read.ts) and replaces them in the hub, in one transaction. */
export function stageConsent(hubDb: Database, sources: readonly ConsentSource[]): Promise<ConsentStageReport> {
  return stage(hubDb, sources.map(({ system, db, extract }) => ({ system, read: (slices) => extract(db, slices), digest: extract.digest && (() => extract.digest!(db)) })));
}
