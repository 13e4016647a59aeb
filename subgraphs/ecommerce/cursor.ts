// Opaque cursors: base64url of the sort key of the last row a page gave, `[instant, id]`. The
// instant is the exact UTC text of the legacy `timestamp` (microseconds kept: a JS Date would lose
// them and make a page skip or repeat rows that share a millisecond).
import { BadUserInputError } from '../kit/errors';

export interface SortKey {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, as `utcText` gives it. */
  at: string;
  /** The row's integer id. */
  id: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

/** Null for no cursor; BAD_USER_INPUT for anything a page of this field did not give. */
export function decodeCursor(cursor: string | null | undefined): SortKey | null {
  if (cursor === null || cursor === undefined) return null;
  const invalid = new BadUserInputError('"after" is not a cursor given by this field', 'after');
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    !INSTANT.test(parsed[0]) ||
    !Number.isInteger(parsed[1]) ||
    parsed[1] < 0 ||
    parsed[1] > 2_147_483_647
  ) {
    throw invalid;
  }
  return { at: parsed[0], id: parsed[1] };
}

/** The cursor's instant as a `timestamp` literal PostgreSQL reads without any zone shift. */
export function timestampParam(key: SortKey | null): string | null {
  return key ? key.at.replace('T', ' ').replace(/Z$/, '') : null;
}
