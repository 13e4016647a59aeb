// The store system writes dates and times as text in Paris wall-clock time (`YYYYMMDD`, `HHMMSS`).
// They become real instants here, daylight saving included, with the rule PostgreSQL applies to
// `timestamp AT TIME ZONE 'Europe/Paris'`: a wall-clock time that happens twice (last Sunday of
// October, 02:00–03:00) is read as standard time (CET, the second occurrence); one that never
// happens (last Sunday of March, 02:00–03:00) is read with the offset in force before the jump.
// Converted in TypeScript rather than SQL so that one malformed legacy row gives a null instead of
// failing the whole batch's statement.

const DAY_MS = 86_400_000;

const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const HOUR_MS = 3_600_000;
/** Offsets already worked out, by UTC hour: Intl's formatToParts is the costly part of a store row. */
const offsetsByHour = new Map<number, number>();
const MAX_CACHED_HOURS = 100_000;

/**
 * Paris offset from UTC, in milliseconds, at the instant `utcMs`. Paris changes offset on a whole
 * UTC hour (01:00 UTC since 1996; checked hour by hour from 1890 to 2040 with Intl: every change
 * but the one of 1911, Paris mean time to WET, long before any legacy record), so the offset is
 * worked out once per UTC hour and remembered.
 */
function parisOffsetMs(utcMs: number): number {
  const hour = Math.floor(utcMs / HOUR_MS);
  const known = offsetsByHour.get(hour);
  if (known !== undefined) return known;
  const start = hour * HOUR_MS;
  const parts: Record<string, number> = {};
  for (const part of PARIS.formatToParts(new Date(start))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const offset = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - start;
  if (offsetsByHour.size >= MAX_CACHED_HOURS) offsetsByHour.clear();
  offsetsByHour.set(hour, offset);
  return offset;
}

/** Milliseconds of a `YYYYMMDD` (+ `HHMMSS`) wall-clock reading as if it were UTC, or null if it is no real date. */
function wallClockMs(date: string, time = '000000'): number | null {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  const t = /^(\d{2})(\d{2})(\d{2})$/.exec(time.trim());
  if (!d || !t) return null;
  const [year, month, day, hour, minute, second] = [...d.slice(1), ...t.slice(1)].map(Number);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  // Date.UTC rolls 31 February over into March: refuse it instead.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return ms;
}

/** The instant of a store date (`YYYYMMDD`) and time (`HHMMSS`) read in Europe/Paris; null when malformed. */
export function parisInstant(date: string | null | undefined, time: string | null | undefined): Date | null {
  if (!date || !time) return null;
  const wall = wallClockMs(date, time);
  if (wall === null) return null;
  // The offsets in force a day before and a day after (Paris changes offset at most once in between).
  const before = parisOffsetMs(wall - DAY_MS);
  const after = parisOffsetMs(wall + DAY_MS);
  const fits = [...new Set([before, after])].filter((offset) => parisOffsetMs(wall - offset) === offset);
  // One fit: the usual case. Two (the hour repeated in October): standard time, the smaller offset.
  // None (the hour skipped in March): the offset in force before the jump.
  const offset = fits.length ? Math.min(...fits) : before;
  return new Date(wall - offset);
}

/** A store calendar date (`YYYYMMDD`) as ISO `YYYY-MM-DD`; null when unknown (`00000000`) or malformed. */
export function isoDate(date: string | null | undefined): string | null {
  if (!date || wallClockMs(date) === null) return null;
  const d = date.trim();
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}
