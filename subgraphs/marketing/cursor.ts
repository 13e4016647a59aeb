// Opaque cursors: base64url of the sort key of the last row a page gave, `[instant, id]`. The
// instant is PostgreSQL's own text of the timestamptz in UTC with microseconds (a JS Date would
// lose them and make a page skip or repeat rows that share a millisecond).
import { PageInfo } from '../../schema/common';
import { BadUserInputError } from '../kit/errors';

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

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

/** Null for no cursor; BAD_USER_INPUT for anything a page of this field did not give. */
export function decodeCursor(cursor: string | null | undefined, idPattern: RegExp): SortKey | null {
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
    typeof parsed[1] !== 'string' ||
    !INSTANT.test(parsed[0]) ||
    !idPattern.test(parsed[1])
  ) {
    throw invalid;
  }
  return { at: parsed[0], id: parsed[1] };
}

export function pageInfoOf(hasNextPage: boolean, endCursor: string | null): PageInfo {
  return Object.assign(new PageInfo(), { hasNextPage, endCursor });
}
