// Call-centre list cursors: the sort key of the last item a page gave (see kit/cursor.ts). Each list
// has its own tag, so a cursor of one list given to another is refused, not misread.
import { CURSOR_PART, taggedCursor } from '../kit/cursor';

const CALL = taggedCursor('call', [CURSOR_PART.integer, CURSOR_PART.id]);
const TICKET = taggedCursor('ticket', [CURSOR_PART.integer, CURSOR_PART.id]);
const OPEN_TICKET = taggedCursor('openTicket', [CURSOR_PART.integer, CURSOR_PART.integer, CURSOR_PART.id]);
const CALLBACK = taggedCursor('callback', [CURSOR_PART.integer, CURSOR_PART.id]);

/** Where a newest-first list of calls stands: the last call's start (epoch seconds) and id. */
export interface CallPosition {
  startEpoch: string;
  id: string;
}

export function callCursor(position: CallPosition): string {
  return CALL.encode([position.startEpoch, position.id]);
}

/** The position a call cursor stands for; BAD_USER_INPUT when it is not one of ours. */
export function decodeCallCursor(cursor: string): CallPosition {
  const [startEpoch, id] = CALL.decode(cursor);
  return { startEpoch, id };
}

/**
 * Where a list of tickets stands: the last ticket's opening (epoch seconds) and id, and, in the
 * most-urgent-first list (`openTickets`), its legacy priority (null in the newest-opened-first list).
 */
export interface TicketPosition {
  priority: string | null;
  openedEpoch: string;
  id: string;
}

/** A cursor of `tickets` (newest opened first). */
export function ticketCursor(position: { openedEpoch: string; id: string }): string {
  return TICKET.encode([position.openedEpoch, position.id]);
}

export function decodeTicketCursor(cursor: string): TicketPosition {
  const [openedEpoch, id] = TICKET.decode(cursor);
  return { priority: null, openedEpoch, id };
}

/** A cursor of `openTickets` (most urgent first, then newest opened). */
export function openTicketCursor(position: { priority: string; openedEpoch: string; id: string }): string {
  return OPEN_TICKET.encode([position.priority, position.openedEpoch, position.id]);
}

export function decodeOpenTicketCursor(cursor: string): TicketPosition {
  const [priority, openedEpoch, id] = OPEN_TICKET.decode(cursor);
  return { priority, openedEpoch, id };
}

/** Where a newest-first list of callback requests stands: the last one's request time (epoch seconds) and id. */
export interface CallbackPosition {
  requestedEpoch: string;
  id: string;
}

export function callbackCursor(position: CallbackPosition): string {
  return CALLBACK.encode([position.requestedEpoch, position.id]);
}

export function decodeCallbackCursor(cursor: string): CallbackPosition {
  const [requestedEpoch, id] = CALLBACK.decode(cursor);
  return { requestedEpoch, id };
}
