// Staging the channels' preferences in the hub (preference_source_statement, migration 018), the
// way consent decisions are staged (consent/stage.ts), with the hub's staging (../staging.ts): each
// source is a legacy system with its channel's reader (kit/preferences.ts); its answer replaces what
// was staged for that system (rows no longer read removed, changed rows updated, the rest left
// alone), every system read in one call written in one hub transaction with a constant number of
// statements. Idempotent. A system whose reader fails keeps its last staged rows (an outage must not
// look like "no preference"); the failure is reported by name, never with a row's data.
import { Database } from '../../kit/database';
import { LegacyPreference, PreferenceReader, PREFERENCES } from '../../kit/preferences';
import { StageReport, stager } from '../staging';

export interface PreferenceSource {
  system: string;
  db: Database;
  read: PreferenceReader;
}

export type PreferenceStageReport = StageReport;

function check(system: string, preference: LegacyPreference): void {
  if (preference.system !== system) throw new Error(`${system}: its preference reader answered a row of another system (${preference.system})`);
  if (!(PREFERENCES as readonly string[]).includes(preference.preference)) throw new Error(`${system}: a preference the graph does not know`);
  if (preference.basis !== 'declared' && preference.basis !== 'derived') throw new Error(`${system}: a preference neither declared nor derived`);
  if (!preference.localKey || !preference.sourceRef || !preference.source || typeof preference.value !== 'string') {
    throw new Error(`${system}: a preference without a record, row, source or value`);
  }
  if (Number.isNaN(Date.parse(preference.statedAt))) throw new Error(`${system}: a preference without a valid date`);
}

const stage = stager<LegacyPreference>({
  table: 'preference_source_statement',
  keys: [
    { name: 'local_key', type: 'text', of: (p) => p.localKey },
    { name: 'preference', type: 'text', of: (p) => p.preference },
    { name: 'scope', type: 'text', of: (p) => p.scope },
    { name: 'source_ref', type: 'text', of: (p) => p.sourceRef },
  ],
  values: [
    { name: 'value', type: 'text', of: (p) => p.value },
    { name: 'stated_at', type: 'timestamptz', of: (p) => p.statedAt },
    { name: 'basis', type: 'text', of: (p) => p.basis },
    { name: 'source', type: 'text', of: (p) => p.source },
  ],
  keep: 'stated_at DESC',
  sourceTable: 'preference_source',
  countColumn: 'statements',
  lock: 7_310_420_150,
  check,
  readers: 'preference readers',
  rows: 'preferences',
  kept: 'their last staged rows',
});

/** Reads every source (at once: the slices that moved, kit/sliced-read.ts) and replaces them in the hub, in one transaction. */
export function stagePreferences(hubDb: Database, sources: readonly PreferenceSource[]): Promise<PreferenceStageReport> {
  return stage(hubDb, sources.map(({ system, db, read }) => ({ system, read: (slices) => read(db, slices), digest: read.digest && (() => read.digest!(db)) })));
}
