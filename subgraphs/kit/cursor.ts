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

/**
 * The sort key most lists page by, newest first: the last row's instant (UTC text, microseconds
 * kept) and its unique id as text. Cursor text `[at, id]`.
 */
export interface InstantKey {
  at: string;
  id: string;
}

export function encodeInstantCursor(key: { at: string; id: string | number }): string {
  return encodeCursor([key.at, String(key.id)]);
}

/** Null for no cursor; BAD_USER_INPUT for anything a page of such a list did not give. */
export function decodeInstantCursor(cursor: string | null | undefined, idPattern: RegExp = CURSOR_PART.id): InstantKey | null {
  const parts = decodeCursor(cursor, [CURSOR_PART.instant, idPattern]);
  return parts ? { at: parts[0], id: parts[1] } : null;
}

/**
 * Cursors of one list whose text starts with the list's tag, so that a cursor of one list given to
 * another is refused, not misread. `decode` gives the parts after the tag.
 */
export function taggedCursor(tag: string, parts: readonly RegExp[]): { encode(parts: readonly string[]): string; decode(cursor: string): string[] } {
  const patterns = [new RegExp(`^${tag}$`), ...parts];
  return {
    encode: (values) => encodeCursor([tag, ...values]),
    decode: (cursor) => decodeCursor(cursor, patterns)!.slice(1),
  };
}
