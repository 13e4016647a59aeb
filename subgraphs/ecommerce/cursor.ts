// Web shop list cursors: the sort key `[instant, id]` of the last row a page gave (kit/cursor.ts
// `InstantKey`). The instant is the exact UTC text of the legacy `timestamp`, microseconds kept.
import { decodeInstantCursor, InstantKey } from '../kit/cursor';
import { BadUserInputError } from '../kit/errors';
import { utcTimestampParam } from '../kit/utc-text';

export { encodeInstantCursor as encodeCursor, encodeInstantCursor as encodeBigCursor } from '../kit/cursor';

export interface SortKey {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, as `utcText` gives it. */
  at: string;
  /** The row's integer id. */
  id: number;
}

/** A sort key whose id is a bigint (searches.id): kept as text, never a JS number. */
export type BigSortKey = InstantKey;

const INT32_MAX = 2_147_483_647;

/** Null for no cursor; BAD_USER_INPUT for anything a page of a bigint-keyed list did not give. */
export function decodeBigCursor(cursor: string | null | undefined): BigSortKey | null {
  return decodeInstantCursor(cursor);
}

/** Null for no cursor; BAD_USER_INPUT for anything a page of this field did not give. */
export function decodeCursor(cursor: string | null | undefined): SortKey | null {
  const key = decodeInstantCursor(cursor, /^\d{1,10}$/);
  if (!key) return null;
  const id = Number(key.id);
  if (id > INT32_MAX) throw new BadUserInputError('"after" is not a cursor given by this list', 'after');
  return { at: key.at, id };
}

/** The cursor's instant as a `timestamp` literal PostgreSQL reads without any zone shift. */
export function timestampParam(key: { at: string } | null): string | null {
  return key ? utcTimestampParam(key.at) : null;
}
