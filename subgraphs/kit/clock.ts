// The graph's "now" for rules that depend on the date (anticipated needs: points expiring within
// 30 days, a cart untouched for 3 days …). The wall clock, unless a test or a benchmark fixes it,
// so that a rule's answer never depends on the day a test runs. Fixing it is refused in production.

let fixed: Date | null = null;

/** Now: the fixed instant when one is set (tests, benches), the wall clock otherwise. */
export function now(): Date {
  return fixed ? new Date(fixed.getTime()) : new Date();
}

/**
 * Fixes the clock of this process (null: the wall clock again). For tests and benches, whose
 * subgraphs run in their own process: refused when NODE_ENV is production.
 */
export function setClock(instant: Date | string | null): void {
  if (instant !== null && process.env.NODE_ENV === 'production') throw new Error('the clock cannot be fixed in production');
  if (instant === null) {
    fixed = null;
    return;
  }
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new Error(`not an instant: ${String(instant)}`);
  fixed = date;
}

const DAY_MS = 86_400_000;

/** `date` plus whole days (negative: minus). */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Paris calendar date of an instant, `YYYY-MM-DD` (the store's and the call centre's calendar). */
export function parisDay(instant: Date): string {
  return PARIS_DAY.format(instant);
}

const PARIS_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The Paris wall-clock time of an instant, `HH:MM:SS`. */
export function parisTimeOfDay(instant: Date): string {
  return PARIS_TIME.format(instant);
}
