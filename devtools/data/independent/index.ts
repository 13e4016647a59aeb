// A second, independent data set for scoring identity resolution on data its rules were not
// written for (issue 12): its own world model, names, spellings and proportions (population.ts,
// lexicon.ts, spelling.ts, records.ts), written into the same legacy tables and the same ground
// truth tables as the first generator, so that `npm run identity:score` reads both the same way.
// Only plumbing is shared with the first generator: the random source, the COPY loader and the
// truth database.
import type { TableLoad } from '../tables';
import { buildPopulation } from './population';
import { buildRecords } from './records';
import { independentLoads } from './loads';

export { INDEPENDENT_CASES } from './population';

/** Every row of the independent data set for `people` people, deterministic for the seed. */
export function planIndependent(seed: number, people: number): TableLoad[] {
  const population = buildPopulation(seed, people);
  const records = buildRecords(population);
  return independentLoads(population, records);
}
