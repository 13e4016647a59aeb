// The probabilistic tier of identity resolution: what the deterministic rules cannot decide (two
// records of one person sharing no e-mail, phone or card), decided on name, birth date and postcode
// with Fellegi–Sunter match weights, the way Splink computes them.
//
// - Blocking: only records sharing a blocking key are compared (soundex of the surname + birth date;
//   postcode + birth year + first initial; name + postcode), and a key shared by more than MAX_BLOCK
//   records compares nothing, so the pairs grow with the records, not with their square.
// - Comparison: one level per field (probabilistic.sql.ts), computed in SQL.
// - Estimation (bulk runs): u, the chance that two different people agree at a level, from random
//   pairs; m, the chance that one person's two records do, from the pairs the rules joined (known
//   matches); λ, the chance that two records taken at random are one person (a global prior: the
//   expected matching pairs over all pairs; see globalModel). With too few known matches, m and λ
//   come from expectation–maximisation over the candidates, u fixed. Only histograms of comparison
//   vectors (a few dozen rows) leave the database.
// - Weight of a pair: log2(λ / (1 − λ)) + Σ log2(m / u) of its levels (a missing value weighs 0).
//   Auto-link at AUTO_LINK_WEIGHT and above (posterior ≥ 0.999) with the same birth date and the
//   same name or a typo or abbreviation of it; review queue from REVIEW_WEIGHT; nothing when the
//   birth dates differ.
// - A pass on changes scores only the pairs of the records it re-links, with the latest model.
//
// Auto-links merge deterministic components before customers are assigned, so that customer ids,
// merges and links follow link.sql.ts exactly as for a rule; a merge that would join two known
// birth dates or two records an agent kept apart is not made (its pairs go to review). Records
// whose owner refuses recognition, records linked or unlinked by hand, take part in no pair.
import { Queryable } from '../../kit/database';
import { propagateLabels } from './components';
import * as P from './probabilistic.sql';
import type { Field } from './probabilistic.sql';

/** Posterior 0.999: log2(0.999 / 0.001). */
export const AUTO_LINK_WEIGHT = 9.97;
/** Posterior 0.5: below this, two people are likelier than one, and the pair is not worth an agent's time. */
export const REVIEW_WEIGHT = 0;

const EM_MAX_ITERATIONS = 100;
const EM_TOLERANCE = 1e-6;

export interface VectorCount {
  name: string;
  birth_date: string;
  postcode: string;
  /** Both records already in one deterministic component (candidate histograms only). */
  same?: boolean;
  n: number;
}

export interface LevelParameter {
  field: Field;
  level: string;
  m: number;
  u: number;
  weight: number;
}

export interface MatchModel {
  lambda: number;
  priorWeight: number;
  parameters: LevelParameter[];
  iterations: number;
  converged: boolean;
  candidatePairs: number;
  randomPairs: number;
}

export interface ProbabilisticReport {
  /** The bulk run whose model scored the pairs (null: no model yet, nothing scored). */
  modelRunId: number | null;
  candidatePairs: number;
  autoLinks: number;
  /** Auto-links not made because the merge would have joined conflicting records (sent to review). */
  heldByConflict: number;
  review: number;
  lambda: number | null;
  /** Rounds of label propagation over the auto-links (counted in the run's labelRounds). */
  labelRounds: number;
}

const log2 = (x: number): number => Math.log(x) / Math.LN2;

/** Level frequencies among random pairs, per field (missing left out), smoothed so none is 0. */
export function estimateU(random: readonly VectorCount[]): Record<Field, Record<string, number>> {
  const u = {} as Record<Field, Record<string, number>>;
  for (const field of P.FIELDS) {
    const counts: Record<string, number> = {};
    let total = 0;
    for (const row of random) {
      const level = row[field];
      if (level === 'missing') continue;
      counts[level] = (counts[level] ?? 0) + row.n;
      total += row.n;
    }
    const levels = P.LEVELS[field];
    u[field] = Object.fromEntries(levels.map((level) => [level, ((counts[level] ?? 0) + 0.5) / (total + 0.5 * levels.length)]));
  }
  return u;
}

/**
 * Expectation–maximisation of m and λ over the histogram of candidate-pair vectors, u fixed (as
 * Splink does after estimating u from random pairs). Deterministic: the same histogram gives the
 * same model.
 */
export function estimateModel(
  candidates: readonly VectorCount[],
  random: readonly VectorCount[],
  known: { matches?: readonly VectorCount[]; records?: number } = {},
): MatchModel {
  const u = estimateU(random);
  const matchPairs = (known.matches ?? []).reduce((sum, row) => sum + row.n, 0);
  if (matchPairs >= MIN_KNOWN_MATCHES) return globalModel(candidates, random, u, known.matches!, known.records);
  const m = {} as Record<Field, Record<string, number>>;
  // Start: agreement likely for a match; the rest of the mass spread over the other levels.
  for (const field of P.FIELDS) {
    const levels = P.LEVELS[field];
    m[field] = Object.fromEntries(levels.map((level, i) => [level, i === 0 ? 0.8 : 0.2 / (levels.length - 1)]));
  }
  let lambda = 0.1;
  const rows = [...candidates].sort((a, b) => `${a.name}${a.birth_date}${a.postcode}${a.same}`.localeCompare(`${b.name}${b.birth_date}${b.postcode}${b.same}`));
  const total = rows.reduce((sum, row) => sum + row.n, 0);
  let iterations = 0;
  let converged = false;
  if (total > 0) {
    for (iterations = 1; iterations <= EM_MAX_ITERATIONS; iterations += 1) {
      // E: the probability that each vector is a match.
      let matches = 0;
      const sums = {} as Record<Field, Record<string, number>>;
      for (const field of P.FIELDS) sums[field] = Object.fromEntries(P.LEVELS[field].map((level) => [level, 0]));
      for (const row of rows) {
        let pm = lambda;
        let pu = 1 - lambda;
        for (const field of P.FIELDS) {
          const level = row[field];
          if (level === 'missing') continue;
          pm *= m[field][level];
          pu *= u[field][level];
        }
        const posterior = pm / (pm + pu);
        matches += posterior * row.n;
        for (const field of P.FIELDS) {
          const level = row[field];
          if (level !== 'missing') sums[field][level] += posterior * row.n;
        }
      }
      // M: m from the expected matches (smoothed: no level of a field is impossible), λ from their share.
      let change = 0;
      const nextLambda = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
      change = Math.max(change, Math.abs(nextLambda - lambda));
      lambda = nextLambda;
      for (const field of P.FIELDS) {
        const levels = P.LEVELS[field];
        const fieldTotal = levels.reduce((sum, level) => sum + sums[field][level], 0);
        for (const level of levels) {
          const next = (sums[field][level] + 1e-3) / (fieldTotal + 1e-3 * levels.length);
          change = Math.max(change, Math.abs(next - m[field][level]));
          m[field][level] = next;
        }
      }
      if (change < EM_TOLERANCE) {
        converged = true;
        break;
      }
    }
    iterations = Math.min(iterations, EM_MAX_ITERATIONS);
  }
  // The pairs scored are those the rules left in two components, among which matches are far rarer
  // than among all candidates (most candidates are one person's records the rules already joined):
  // the prior is that share, by EM over those pairs with m and u fixed.
  const cross = rows.filter((row) => row.same === false);
  if (cross.length > 0) lambda = estimateLambda(cross, m, u, lambda);
  return modelOf(lambda, m, u, { iterations, converged, candidatePairs: total, randomPairs: random.reduce((sum, row) => sum + row.n, 0) });
}

/** The model of a prior λ and m, u per field and level: each level's weight log2(m/u), the prior's log-odds. */
function modelOf(
  lambda: number,
  m: Record<Field, Record<string, number>>,
  u: Record<Field, Record<string, number>>,
  fit: Pick<MatchModel, 'iterations' | 'converged' | 'candidatePairs' | 'randomPairs'>,
): MatchModel {
  const parameters: LevelParameter[] = P.FIELDS.flatMap((field) =>
    P.LEVELS[field].map((level) => ({ field, level, m: m[field][level], u: u[field][level], weight: log2(m[field][level] / u[field][level]) })),
  );
  return { lambda, priorWeight: log2(lambda / (1 - lambda)), parameters, ...fit };
}

/** Fewer pairs joined by the rules than this, and m is estimated by EM over the candidates instead. */
const MIN_KNOWN_MATCHES = 50;

/**
 * The model with a global prior, the way Splink builds it: u from random pairs; m read from the pairs
 * the deterministic rules joined (known matches: level frequencies, smoothed, no EM); λ the chance
 * that two records taken at random are one person — the expected matching pairs (those the rules
 * joined, plus the share of the cross-component candidates that EM with m and u fixed finds to be
 * matches) over all N(N−1)/2 pairs of the N records. A pair's weight is then a calibrated
 * log-odds: at 9.97 bits, 999 in 1000 such pairs are one person's, if the fields are independent.
 */
function globalModel(
  candidates: readonly VectorCount[],
  random: readonly VectorCount[],
  u: Record<Field, Record<string, number>>,
  matches: readonly VectorCount[],
  records: number | undefined,
): MatchModel {
  const m = estimateU(matches);
  const rows = [...candidates].sort((a, b) => `${a.name}${a.birth_date}${a.postcode}${a.same}`.localeCompare(`${b.name}${b.birth_date}${b.postcode}${b.same}`));
  const cross = rows.filter((row) => row.same === false);
  const crossPairs = cross.reduce((sum, row) => sum + row.n, 0);
  const crossShare = crossPairs > 0 ? estimateLambda(cross, m, u, 0.1) : 0;
  const knownPairs = matches.reduce((sum, row) => sum + row.n, 0);
  const n = Math.max(records ?? 0, 2);
  const allPairs = (n * (n - 1)) / 2;
  const lambda = Math.min(Math.max((knownPairs + crossShare * crossPairs) / allPairs, 1e-12), 1 - 1e-9);
  return modelOf(lambda, m, u, {
    iterations: 0,
    converged: true,
    candidatePairs: rows.reduce((sum, row) => sum + row.n, 0),
    randomPairs: random.reduce((sum, row) => sum + row.n, 0),
  });
}

/** λ alone by EM, m and u fixed. */
function estimateLambda(
  rows: readonly VectorCount[],
  m: Record<Field, Record<string, number>>,
  u: Record<Field, Record<string, number>>,
  start: number,
): number {
  const total = rows.reduce((sum, row) => sum + row.n, 0);
  let lambda = Math.min(start, 0.5);
  for (let i = 0; i < EM_MAX_ITERATIONS; i += 1) {
    let matches = 0;
    for (const row of rows) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (const field of P.FIELDS) {
        if (row[field] === 'missing') continue;
        pm *= m[field][row[field]];
        pu *= u[field][row[field]];
      }
      matches += (pm / (pm + pu)) * row.n;
    }
    const next = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
    if (Math.abs(next - lambda) < EM_TOLERANCE) return next;
    lambda = next;
  }
  return lambda;
}

interface StoredModel {
  run_id: number;
  prior_weight: number;
  auto_link_weight: number;
  review_weight: number;
  fields: string[];
  levels: string[];
  weights: number[];
}

/**
 * The tier, inside a resolution's transaction: after the deterministic components and guards
 * (link.sql.ts w_comp, w_explain) and before customers are assigned. A bulk run estimates and stores
 * a model and scores every candidate pair; a pass on changes scores the pairs of its changed records
 * with the latest model (none yet: it does nothing). A fixed list of statements whatever the data.
 */
export async function linkProbabilistic(tx: Queryable, runId: number, kind: 'bulk' | 'changes'): Promise<ProbabilisticReport> {
  const bulk = kind === 'bulk';
  let model: StoredModel | undefined;
  if (!bulk) {
    [model] = await tx.query<StoredModel>(P.LATEST_MODEL);
    if (!model) return { modelRunId: null, candidatePairs: 0, autoLinks: 0, heldByConflict: 0, review: 0, lambda: null, labelRounds: 0 };
  }
  await tx.query(P.CREATE_RECORDS, [runId]);
  if (!bulk) await tx.query(P.ADD_CONTEXT);
  await tx.query(P.CREATE_KEYS);
  await tx.query(P.createPairs(!bulk));
  await tx.query('ANALYZE w_pcmp');

  let lambda: number | null = null;
  if (bulk) {
    const candidates = await tx.query<VectorCount>(P.VECTOR_COUNTS);
    await tx.query(P.SEED_RANDOM);
    const random = await tx.query<VectorCount>(P.RANDOM_VECTOR_COUNTS, [P.RANDOM_PAIRS]);
    const matches = await tx.query<VectorCount>(P.MATCH_VECTOR_COUNTS);
    const [{ n: records }] = await tx.query<{ n: number }>(P.COUNT_RECORDS);
    const estimated = estimateModel(candidates, random, { matches, records });
    lambda = estimated.lambda;
    const p = estimated.parameters;
    await tx.query(P.INSERT_MODEL, [
      runId,
      estimated.lambda,
      estimated.priorWeight,
      AUTO_LINK_WEIGHT,
      REVIEW_WEIGHT,
      estimated.candidatePairs,
      estimated.randomPairs,
      estimated.iterations,
      estimated.converged,
      p.map((x) => x.field),
      p.map((x) => x.level),
      p.map((x) => x.m),
      p.map((x) => x.u),
      p.map((x) => x.weight),
    ]);
    model = {
      run_id: runId,
      prior_weight: estimated.priorWeight,
      auto_link_weight: AUTO_LINK_WEIGHT,
      review_weight: REVIEW_WEIGHT,
      fields: p.map((x) => x.field),
      levels: p.map((x) => x.level),
      weights: p.map((x) => x.weight),
    };
  }
  const m = model!;
  await tx.query(P.CREATE_SCORES, [m.prior_weight, m.fields, m.levels, m.weights]);
  await tx.query(P.CREATE_DECISIONS, [m.auto_link_weight, m.review_weight]);
  if (!bulk) await tx.query(P.ADD_CONTEXT_CUSTOMERS);
  await tx.query(P.CREATE_LABEL_GRAPH);
  const labelRounds = await propagateLabels(tx, { nodes: 'w_plabel', edges: 'w_pladj', nodeColumn: 'node' });
  const [{ n: heldByConflict }] = await tx.query<{ n: number }>(P.HOLD_CONFLICTS);
  await tx.query(P.MERGE_COMPONENTS);
  await tx.query(P.EXPLAIN);
  await tx.query(P.CREATE_REVIEW);
  await tx.query(P.UPSERT_REVIEW, [m.run_id, runId, m.prior_weight]);
  await tx.query(P.withdrawReview(bulk));
  const [counts] = await tx.query<{ candidates: number; auto_links: number; review: number }>(P.COUNT_DECISIONS);
  return {
    modelRunId: m.run_id,
    candidatePairs: counts.candidates,
    autoLinks: counts.auto_links,
    heldByConflict,
    review: counts.review,
    lambda,
    labelRounds,
  };
}
