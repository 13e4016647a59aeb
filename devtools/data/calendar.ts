// Time in the generated world. Everything is placed relative to one fixed reference date (never
// the clock), so the same seed gives the same rows on any day. Instants are whole seconds since
// 1970-01-01 UTC; days are whole days since that date. Formatting is done by hand because the data
// set formats millions of dates and Date objects are slow.

/** The generated world's "today": the data stop here and activity spreads over the 3 years before. */
export const REFERENCE_DATE = '2026-11-20';
export const WINDOW_DAYS = 3 * 365;

const DAY = 86_400;

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** [year, month, day] of a day number (Hinnant's civil_from_days). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

export const REFERENCE_DAY = daysFromCivil(2026, 11, 20);
export const WINDOW_START_DAY = REFERENCE_DAY - WINDOW_DAYS;
/** The generated world ends at 11:00 UTC on the reference day: nothing happens after it. */
export const REFERENCE_INSTANT = REFERENCE_DAY * DAY + 11 * 3600;

export function dayOf(instant: number): number {
  return Math.floor(instant / DAY);
}

export function startOfDay(day: number): number {
  return day * DAY;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function lastSunday(year: number, month: number): number {
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - weekday(last);
}

const dstCache = new Map<number, [number, number]>();

/** Europe/Paris: UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC. */
export function parisOffset(instant: number): number {
  const [year] = civilFromDays(dayOf(instant));
  let range = dstCache.get(year);
  if (!range) {
    range = [lastSunday(year, 3) * DAY + 3600, lastSunday(year, 10) * DAY + 3600];
    dstCache.set(year, range);
  }
  return instant >= range[0] && instant < range[1] ? 7200 : 3600;
}

/** Paris wall-clock seconds (as if they were UTC) of an instant. */
export function toParis(instant: number): number {
  return instant + parisOffset(instant);
}

/** The instant of a Paris wall-clock time (shops are closed in the ambiguous night hour). */
export function fromParis(local: number): number {
  return local - parisOffset(local - 3600);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');

const ymdCache = new Map<number, [string, string, string]>();

function dayStrings(day: number): [string, string, string] {
  let cached = ymdCache.get(day);
  if (!cached) {
    const [y, m, d] = civilFromDays(day);
    cached = [pad4(y), pad2(m), pad2(d)];
    ymdCache.set(day, cached);
  }
  return cached;
}

/** `YYYY-MM-DD` */
export function isoDate(day: number): string {
  const [y, m, d] = dayStrings(day);
  return `${y}-${m}-${d}`;
}

/** `YYYYMMDD` (the store system's dates). */
export function compactDate(day: number): string {
  const [y, m, d] = dayStrings(day);
  return y + m + d;
}

/** `DDMMYYYY` (the store system's birth dates). */
export function frenchCompactDate(day: number): string {
  const [y, m, d] = dayStrings(day);
  return d + m + y;
}

function clock(secondsOfDay: number, separator: string): string {
  const h = Math.floor(secondsOfDay / 3600);
  const m = Math.floor((secondsOfDay % 3600) / 60);
  return pad2(h) + separator + pad2(m) + separator + pad2(secondsOfDay % 60);
}

/** `HHMMSS` of a wall-clock second count. */
export function compactTime(wallSeconds: number): string {
  return clock(((wallSeconds % DAY) + DAY) % DAY, '');
}

/** `HH:MM:SS` */
export function timeOfDay(secondsOfDay: number): string {
  return clock(secondsOfDay, ':');
}

/** `YYYYMMDDHHMMSS` of a wall-clock second count. */
export function compactDateTime(wallSeconds: number): string {
  return compactDate(dayOf(wallSeconds)) + compactTime(wallSeconds);
}

/** `YYYY-MM-DD HH:MM:SS` (a `timestamp` column holding UTC). */
export function timestamp(instant: number): string {
  return `${isoDate(dayOf(instant))} ${clock(((instant % DAY) + DAY) % DAY, ':')}`;
}

/** `YYYY-MM-DD HH:MM:SS+00` (a `timestamptz` column). */
export function timestamptz(instant: number): string {
  return `${timestamp(instant)}+00`;
}
