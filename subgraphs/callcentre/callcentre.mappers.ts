// Legacy rows to graph types: codes to enums (raw code kept beside), epoch seconds to instants,
// the calling number to E.164 the way the hub normalises phones.
import { Reason } from '../../schema/common';
import { isInvalid, normalisePhone } from '../kit/identity/normalise';
import { CallbackRow } from './callbacks.repo';
import { CallbackWindow } from './callback.type';
import { CallDirection, CallOutcome, CallQueue, TicketCategory, TicketEventKind, TicketPriority, TicketStatus } from './callcentre.enums';
import { Call } from './call.type';
import { CallRow } from './calls.repo';
import { Order } from './order.type';
import { Ticket, TicketEvent } from './ticket.type';
import { TicketEventRow, TicketRow } from './tickets.repo';

const DIRECTION: Record<string, CallDirection> = { I: CallDirection.INBOUND, O: CallDirection.OUTBOUND };
const QUEUE: Record<string, CallQueue> = {
  SAV: CallQueue.AFTER_SALES,
  COMMANDES: CallQueue.ORDERS,
  RECLAMATIONS: CallQueue.COMPLAINTS,
  INFO: CallQueue.INFORMATION,
};
export const CALL_REASON: Record<string, Reason> = {
  RECL: Reason.COMPLAINT,
  SUIVI: Reason.ORDER_TRACKING,
  INFO: Reason.INFORMATION,
  RETOUR: Reason.RETURN,
  FACT: Reason.INVOICE,
  RESIL: Reason.CANCELLATION,
};
const OUTCOME: Record<string, CallOutcome> = {
  RESOLU: CallOutcome.RESOLVED,
  RAPPEL: CallOutcome.CALLBACK,
  ESCALADE: CallOutcome.ESCALATED,
  ABANDON: CallOutcome.ABANDONED,
};
export const TICKET_STATUS: Record<string, TicketStatus> = {
  OUVERT: TicketStatus.OPEN,
  EN_COURS: TicketStatus.IN_PROGRESS,
  CLOS: TicketStatus.CLOSED,
};
const CATEGORY: Record<string, TicketCategory> = {
  RECLAMATION: TicketCategory.COMPLAINT,
  SAV: TicketCategory.AFTER_SALES,
  INFO: TicketCategory.INFORMATION,
  LITIGE: TicketCategory.DISPUTE,
};
const PRIORITY: Record<number, TicketPriority> = { 1: TicketPriority.HIGH, 2: TicketPriority.MEDIUM, 3: TicketPriority.LOW };
const EVENT_KIND: Record<string, TicketEventKind> = {
  CREATED: TicketEventKind.CREATED,
  NOTE: TicketEventKind.NOTE,
  ESCALATED: TicketEventKind.ESCALATED,
  CLOSED: TicketEventKind.CLOSED,
};

/** The legacy codes of a ticket status, for filtering in SQL. */
export function ticketStatusCodes(status: TicketStatus): string[] {
  return Object.keys(TICKET_STATUS).filter((code) => TICKET_STATUS[code] === status);
}

/** The enum value of a legacy code, compared trimmed and upper-cased; null for an unknown code. */
function mapped<T>(table: Record<string, T>, code: string | null | undefined): T | null {
  const key = (code ?? '').trim().toUpperCase();
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : null;
}

/** Epoch seconds (bigint as text) as an instant. */
export function epochInstant(epoch: string): Date {
  return new Date(Number(epoch) * 1000);
}

function e164(raw: string): string | null {
  const phone = normalisePhone(raw);
  return isInvalid(phone) ? null : phone.e164;
}

/** An order reference as the web shop spells it (`cmd 0001234` → `CMD-0001234`); null when empty. */
function orderStub(reference: string | null): Order | null {
  const compact = (reference ?? '').replace(/\s+/g, '').toUpperCase();
  if (compact === '') return null;
  const usual = /^CMD-?(\d{7})$/.exec(compact);
  return Object.assign(new Order(), { reference: usual ? `CMD-${usual[1]}` : compact });
}

export function toCall(row: CallRow): Call {
  return Object.assign(new Call(), {
    id: row.call_id,
    direction: mapped(DIRECTION, row.direction),
    directionCode: row.direction.trim(),
    queue: mapped(QUEUE, row.queue),
    queueCode: row.queue.trim(),
    reason: mapped(CALL_REASON, row.reason_code),
    reasonCode: row.reason_code.trim(),
    outcome: mapped(OUTCOME, row.outcome),
    outcomeCode: row.outcome.trim(),
    startedAt: epochInstant(row.start_epoch),
    durationSeconds: row.duration_s,
    agentId: row.agent_id.trim(),
    callingNumber: e164(row.ani),
    callingNumberAsCaptured: row.ani,
    contactId: row.contact_id,
    quotedOrder: orderStub(row.quoted_order),
  });
}

export function toTicket(row: TicketRow): Ticket {
  return Object.assign(new Ticket(), {
    id: row.ticket_id,
    status: mapped(TICKET_STATUS, row.status),
    statusCode: row.status.trim(),
    category: mapped(CATEGORY, row.category),
    categoryCode: row.category.trim(),
    subject: row.subject,
    priority: PRIORITY[row.priority] ?? null,
    priorityLevel: row.priority,
    satisfaction: row.satisfaction,
    openedAt: epochInstant(row.opened_epoch),
    closedAt: row.closed_epoch === null ? null : epochInstant(row.closed_epoch),
    order: orderStub(row.order_ref),
    contactId: row.contact_id,
  });
}

export function toTicketEvent(row: TicketEventRow): TicketEvent {
  return Object.assign(new TicketEvent(), {
    id: row.id,
    at: epochInstant(row.at_epoch),
    kind: mapped(EVENT_KIND, row.kind),
    kindCode: row.kind.trim(),
    author: row.author.trim(),
    body: row.body,
  });
}

export function toCallbackWindow(row: CallbackRow): CallbackWindow {
  return Object.assign(new CallbackWindow(), {
    id: row.id,
    requestedAt: epochInstant(row.requested_epoch),
    windowStart: row.window_start,
    windowEnd: row.window_end,
    done: row.done,
    contactId: row.contact_id,
  });
}
