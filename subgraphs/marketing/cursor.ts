// Marketing list cursors: the sort key `[instant, id]` of the last row a page gave. The instant is
// PostgreSQL's own text of the timestamptz in UTC with microseconds (see kit/cursor.ts).
import { CURSOR_PART, decodeCursor as decodeParts, encodeCursor as encodeParts } from '../kit/cursor';

export { pageInfoOf } from '../kit/cursor';

export interface SortKey {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` */
  at: string;
  /** The row's id as text (a bigint, or a coupon code). */
  id: string;
}

/** SQL expression giving a timestamptz as the exact text a cursor carries. */
export function exactInstant(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeCursor(key: SortKey): string {
  return encodeParts([key.at, key.id]);
}

/** Null for no cursor; BAD_USER_INPUT for anything a page of this field did not give. */
export function decodeCursor(cursor: string | null | undefined, idPattern: RegExp): SortKey | null {
  const parts = decodeParts(cursor, [CURSOR_PART.instant, idPattern]);
  return parts ? { at: parts[0], id: parts[1] } : null;
}
