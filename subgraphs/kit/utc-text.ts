// Instants as exact UTC text, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, written by PostgreSQL itself: a JS Date
// made by the driver would lose the microseconds (and, for a `timestamp` column, apply the server's
// zone), and a cursor or a feed position that rounds can skip or repeat a row. The text sorts as
// the instant does, so positions compare as text too. One spelling for every subgraph's cursors and
// feed positions.
import { CURSOR_PART } from './cursor';

/** What a UTC text value looks like (a cursor part, a feed position). */
export const UTC_TEXT = CURSOR_PART.instant;

const UTC_TEXT_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/** SQL: a `timestamptz` expression as UTC text (no session time zone involved). */
export function utcTextOfTimestamptz(expression: string): string {
  return `to_char((${expression}) AT TIME ZONE 'UTC', ${UTC_TEXT_FORMAT})`;
}

/**
 * SQL: a `timestamp` (without zone) expression that holds UTC, as the legacy web shop writes its
 * columns, as UTC text: printed as stored, no shift.
 */
export function utcTextOfUtcTimestamp(expression: string): string {
  return `to_char(${expression}, ${UTC_TEXT_FORMAT})`;
}

/** UTC text as a `timestamp` (without zone) parameter PostgreSQL reads as written, no zone shift. */
export function utcTimestampParam(text: string): string {
  return text.replace('T', ' ').replace(/Z$/, '');
}
