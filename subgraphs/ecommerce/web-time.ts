// The web shop's `timestamp` columns hold UTC without a zone. They are read as PostgreSQL's own
// text (microseconds kept, no session time zone involved) and marked UTC here: a JS Date made by
// the driver would apply the server's zone and lose the microseconds a cursor needs.

/** SQL expression giving a web `timestamp` column as exact UTC text, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function utcText(column: string): string {
  return `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The instant a `utcText` value stands for (null stays null). */
export function instant(text: string): Date;
export function instant(text: string | null): Date | null;
export function instant(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}
