// Receipt list cursors: the last receipt's NUM_TICKET, which grows with time (see kit/cursor.ts).
import { CURSOR_PART, taggedCursor } from '../kit/cursor';

const RECEIPT = taggedCursor('receipt', [CURSOR_PART.id]);

/** Cursor of a receipt in a newest-first list. */
export function receiptCursor(receiptId: string): string {
  return RECEIPT.encode([receiptId]);
}

/** The NUM_TICKET a receipt cursor stands for; BAD_USER_INPUT when it is not one of ours. */
export function decodeReceiptCursor(cursor: string): string {
  return RECEIPT.decode(cursor)[0];
}
