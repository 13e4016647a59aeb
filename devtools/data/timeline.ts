// Legacy keys that "grow with time" (NUM_TICKET, ID_MVT, call_id, serial ids): events are first
// planned with their instant, then numbered by rank once all are known. Rows are written in that
// order, so ids and times rise together as they would have in the live systems.

export class Timeline {
  private readonly times: number[] = [];
  private ranks: Int32Array | null = null;
  private sorted: Int32Array | null = null;

  /** Plans one event; returns its plan index (stable, used to seed its details). */
  add(instant: number): number {
    if (this.ranks) throw new Error('timeline already numbered');
    this.times.push(instant);
    return this.times.length - 1;
  }

  get size(): number {
    return this.times.length;
  }

  time(index: number): number {
    return this.times[index];
  }

  /** 1-based id of a planned event (its rank in time, ties in plan order). */
  id(index: number): number {
    return this.numbered().ranks[index] + 1;
  }

  /** Plan indexes, oldest first. */
  inOrder(): Int32Array {
    return this.numbered().sorted;
  }

  private numbered(): { ranks: Int32Array; sorted: Int32Array } {
    if (!this.ranks || !this.sorted) {
      this.sorted = sortByTime(this.times);
      this.ranks = new Int32Array(this.times.length);
      this.sorted.forEach((index, rank) => (this.ranks![index] = rank));
    }
    return { ranks: this.ranks, sorted: this.sorted };
  }
}

/**
 * Indexes sorted by (time, index). Packs both into one float64 (exact below 2^53) and uses the
 * native typed-array sort: a comparator sort of millions of entries takes seconds, this does not.
 */
function sortByTime(times: readonly number[]): Int32Array {
  const n = times.length;
  const sorted = new Int32Array(n);
  if (n === 0) return sorted;
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const slots = 2 ** Math.ceil(Math.log2(n + 1));
  if ((max - min + 1) * slots < 2 ** 53) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i += 1) keys[i] = (times[i] - min) * slots + i;
    keys.sort();
    for (let i = 0; i < n; i += 1) sorted[i] = keys[i] % slots;
    return sorted;
  }
  for (let i = 0; i < n; i += 1) sorted[i] = i;
  sorted.sort((a, b) => times[a] - times[b] || a - b);
  return sorted;
}
