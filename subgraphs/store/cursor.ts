// Receipt list cursors: the last receipt's NUM_TICKET, which grows with time (see kit/cursor.ts).
import { CURSOR_PART, decodeCursor, encodeCursor } from '../kit/cursor';

/** Cursor of a receipt in a newest-first list. */
export function receiptCursor(receiptId: string): string {
  return encodeCursor(['receipt', receiptId]);
}

/** The NUM_TICKET a receipt cursor stands for; BAD_USER_INPUT when it is not one of ours. */
export function decodeReceiptCursor(cursor: string): string {
  return decodeCursor(cursor, [/^receipt$/, CURSOR_PART.id])![1];
}
