// Page sizes are bounded everywhere: a client cannot ask one subgraph for a million rows.
import { BadUserInputError } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export function pageSize(first: number | null | undefined, max = MAX_PAGE_SIZE): number {
  if (first === null || first === undefined) return Math.min(DEFAULT_PAGE_SIZE, max);
  if (!Number.isInteger(first) || first < 0) throw new BadUserInputError(`"first" must be a positive integer, got ${first}`, 'first');
  if (first > max) throw new BadUserInputError(`"first" is at most ${max}, got ${first}`, 'first');
  return first;
}

/**
 * The most rows an aggregate (the analysts' counts) answers: a subgraph refuses a grouping with
 * more, and the gateway's cost limit counts no more than this many rows for one (gateway/query-cost.ts).
 */
export const MAX_AGGREGATE_ROWS = 2_000;
