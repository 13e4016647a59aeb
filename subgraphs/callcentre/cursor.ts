// Call list cursors: the last call's start (epoch seconds) and id (see kit/cursor.ts).
import { CURSOR_PART, decodeCursor, encodeCursor } from '../kit/cursor';

/** Where a newest-first list of calls stands: the last call's start (epoch seconds) and id. */
export interface CallPosition {
  startEpoch: string;
  id: string;
}

export function callCursor(position: CallPosition): string {
  return encodeCursor(['call', position.startEpoch, position.id]);
}

/** The position a call cursor stands for; BAD_USER_INPUT when it is not one of ours. */
export function decodeCallCursor(cursor: string): CallPosition {
  const [, startEpoch, id] = decodeCursor(cursor, [/^call$/, CURSOR_PART.integer, CURSOR_PART.id])!;
  return { startEpoch, id };
}
