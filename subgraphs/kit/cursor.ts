// Opaque cursors, one format for every subgraph: base64url of a JSON array holding the sort key of
// the last item a page gave. Clients pass back what they were given; anything else, including a
// cursor of another list, is BAD_USER_INPUT — never a database error.
import { PageInfo } from '../../schema/common';
import { BadUserInputError } from './errors';

/** Patterns for the usual parts of a sort key. */
export const CURSOR_PART = {
  /** An instant with microseconds, `YYYY-MM-DDTHH:MM:SS.ffffffZ` (a JS Date would lose them). */
  instant: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  /** A non-negative integer id up to bigint. */
  id: /^\d{1,18}$/,
  /** An integer that may be negative (epoch seconds). */
  integer: /^-?\d{1,18}$/,
} as const;

const MAX_CURSOR_LENGTH = 300;

export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/**
 * The parts of a cursor, each checked against its pattern (so a cursor can only carry values that
 * could have come from a page of this list); null when no cursor was given.
 */
export function decodeCursor(cursor: string | null | undefined, patterns: readonly RegExp[]): string[] | null {
  if (cursor === null || cursor === undefined) return null;
  const invalid = new BadUserInputError('"after" is not a cursor given by this list', 'after');
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== patterns.length ||
    !parsed.every((part, i) => typeof part === 'string' && patterns[i].test(part))
  ) {
    throw invalid;
  }
  return parsed as string[];
}

export function pageInfoOf(hasNextPage: boolean, endCursor: string | null): PageInfo {
  return Object.assign(new PageInfo(), { hasNextPage, endCursor });
}
