// Web shop list cursors: the sort key `[instant, id]` of the last row a page gave. The instant is
// the exact UTC text of the legacy `timestamp`, microseconds kept (see kit/cursor.ts).
import { CURSOR_PART, decodeCursor as decodeParts, encodeCursor as encodeParts } from '../kit/cursor';
import { BadUserInputError } from '../kit/errors';

export interface SortKey {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, as `utcText` gives it. */
  at: string;
  /** The row's integer id. */
  id: number;
}

const INT32_MAX = 2_147_483_647;

export function encodeCursor(key: SortKey): string {
  return encodeParts([key.at, String(key.id)]);
}

/** A sort key whose id is a bigint (searches.id): kept as text, never a JS number. */
export interface BigSortKey {
  at: string;
  id: string;
}

export function encodeBigCursor(key: BigSortKey): string {
  return encodeParts([key.at, key.id]);
}

/** Null for no cursor; BAD_USER_INPUT for anything a page of a bigint-keyed list did not give. */
export function decodeBigCursor(cursor: string | null | undefined): BigSortKey | null {
  const parts = decodeParts(cursor, [CURSOR_PART.instant, CURSOR_PART.id]);
  return parts ? { at: parts[0], id: parts[1] } : null;
}

/** Null for no cursor; BAD_USER_INPUT for anything a page of this field did not give. */
export function decodeCursor(cursor: string | null | undefined): SortKey | null {
  const parts = decodeParts(cursor, [CURSOR_PART.instant, /^\d{1,10}$/]);
  if (!parts) return null;
  const id = Number(parts[1]);
  if (id > INT32_MAX) throw new BadUserInputError('"after" is not a cursor given by this list', 'after');
  return { at: parts[0], id };
}

/** The cursor's instant as a `timestamp` literal PostgreSQL reads without any zone shift. */
export function timestampParam(key: { at: string } | null): string | null {
  return key ? key.at.replace('T', ' ').replace(/Z$/, '') : null;
}
