// Opaque cursors: base64url of the sort key. Clients pass back what they were given; anything
// else is a BAD_USER_INPUT, never a database error.
import { BadUserInputError } from '../kit/errors';

/** Where a newest-first list of calls stands: the last call's start (epoch seconds) and id. */
export interface CallPosition {
  startEpoch: string;
  id: string;
}

export function callCursor(position: CallPosition): string {
  return Buffer.from(`call:${position.startEpoch}:${position.id}`, 'utf8').toString('base64url');
}

/** The position a call cursor stands for; BAD_USER_INPUT when it is not one of ours. */
export function decodeCallCursor(cursor: string): CallPosition {
  const match = /^call:(-?\d{1,18}):(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadUserInputError('"after" is not a cursor returned by this list', 'after');
  return { startEpoch: match[1], id: match[2] };
}
