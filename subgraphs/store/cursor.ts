// Opaque cursors: base64url of the sort key. Clients pass back what they were given; anything
// else is a BAD_USER_INPUT, never a database error.
import { BadUserInputError } from '../kit/errors';

/** Cursor of a receipt in a newest-first list (its NUM_TICKET, which grows with time). */
export function receiptCursor(receiptId: string): string {
  return Buffer.from(`receipt:${receiptId}`, 'utf8').toString('base64url');
}

/** The NUM_TICKET a receipt cursor stands for; BAD_USER_INPUT when it is not one of ours. */
export function decodeReceiptCursor(cursor: string): string {
  const match = /^receipt:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadUserInputError('"after" is not a cursor returned by this list', 'after');
  return match[1];
}
