// `npm run identity:score -- --both`: the same rules scored on two data sets, one after the other in
// the same databases: the first generator's (devtools/data/) and the independent one
// (devtools/data/independent/), which the rules were not written for. For each: generate (replacing
// the legacy data and the ground truth), empty the hub, resolve every identity in bulk, score.
// The databases are left holding the independent data set and its links.
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import type { DevelopmentUrls } from './databases';
import { DataSetKind, generateDataSet } from './data/generate';
import { resetHub } from './data/generate-cli';
import { CaseScore, formatRatio, ScoreReport, scoreIdentities } from './identity-score';

export const DATA_SETS: readonly DataSetKind[] = ['original', 'independent'];

export interface DataSetScore {
  dataSet: DataSetKind;
  people: number;
  seed: number;
  report: ScoreReport;
}

export async function scoreBoth(
  urls: DevelopmentUrls,
  options: { people: number; seed: number; onStep?: (text: string) => void },
): Promise<DataSetScore[]> {
  const scores: DataSetScore[] = [];
  for (const dataSet of DATA_SETS) {
    options.onStep?.(`${dataSet}: generating ${options.people} people (seed ${options.seed})`);
    await generateDataSet({ urls, people: options.people, seed: options.seed, replace: true, dataSet });
    await resetHub(urls.customer);
    options.onStep?.(`${dataSet}: resolving identities`);
    await resolveIdentities(urls);
    options.onStep?.(`${dataSet}: scoring`);
    scores.push({ dataSet, people: options.people, seed: options.seed, report: await scoreIdentities(urls) });
  }
  return scores;
}

/** Both reports side by side: headline figures, then every case of either data set. */
export function formatSideBySide(scores: readonly DataSetScore[]): string[] {
  const width = 18;
  const cell = (text: string): string => text.padStart(width);
  const row = (label: string, values: string[]): string => `${label.padEnd(30)}${values.map(cell).join('')}`;
  const lines = [row('', scores.map((s) => s.dataSet))];
  const each = (label: string, value: (r: ScoreReport) => string): void => {
    lines.push(row(label, scores.map((s) => value(s.report))));
  };
  each('people', (r) => String(r.people));
  each('records (linked)', (r) => `${r.records} (${r.linkedRecords})`);
  each('customers', (r) => String(r.customers));
  each('pairs predicted / true', (r) => `${r.predictedPairs} / ${r.truePairs}`);
  each('precision', (r) => formatRatio(r.precision));
  each('recall', (r) => formatRatio(r.recall));
  each('household precision', (r) => formatRatio(r.households.precision));
  each('household recall', (r) => formatRatio(r.households.recall));
  lines.push('', row('case: people / wrong / missed', scores.map((s) => s.dataSet)));
  const tags = [...new Set(scores.flatMap((s) => Object.keys(s.report.byCase)))].sort();
  const caseCell = (c: CaseScore | undefined): string => (c ? `${c.people} / ${c.wrongPairs} / ${c.missedPairs}` : '–');
  for (const tag of tags) lines.push(row(`  ${tag}`, scores.map((s) => caseCell(s.report.byCase[tag]))));
  lines.push('');
  lines.push(
    scores.map((s) => `${s.dataSet} precision ${formatRatio(s.report.precision)} recall ${formatRatio(s.report.recall)} pairs ${s.report.predictedPairs}`).join('; '),
  );
  return lines;
}
