// The callcentre system's touchpoint feeds (issue 5): its legacy tables read incrementally, as
// normalised touchpoints for the hub's journal. See subgraphs/kit/touchpoints.ts.
//
// Every feed here follows a growing key (calls.call_id, ticket_events.id, callbacks.id: rows are
// written once): position `{ after: "<key>" }` (text: the keys are bigint), one statement per read,
// `key > after ORDER BY key LIMIT n`, on the primary key's index. The position stops before the
// first row written by a transaction not older than one still running in the call-centre database
// at the read (kit/feed-settling.ts: a lower key may still commit): a read gives the rows before
// it, not that row nor those after, and says it is waiting; a later read gives them once settled.
// A long open write transaction in that database holds the position while it runs (limits stated
// there).
// Times are epoch seconds.
// Summaries carry codes, durations and ticket numbers only: never a call's notes, a ticket event's
// body, a ticket's subject, a name or a calling number.
import { Reason, TouchpointRole } from '../../schema/common';
import { FeedEntry, growingKeyFeed } from '../kit/feeds';
import type { TouchpointFeed } from '../kit/touchpoints';
import { CALL_REASON, epochInstant } from './callcentre.mappers';

function code(value: string | null | undefined): string {
  return (value ?? '').trim().toUpperCase();
}

/** A call's queue, when its reason code is not one the mappers know (a newer code, a typo). */
const QUEUE_REASON: Record<string, Reason> = {
  RECLAMATIONS: Reason.COMPLAINT,
  SAV: Reason.AFTER_SALES,
  COMMANDES: Reason.ORDER_TRACKING,
  INFO: Reason.INFORMATION,
};

/** Reason and role of a call: by reason code, else by queue, else INFORMATION. */
export function callWhy(reasonCode: string, queue: string): { reason: Reason; role: TouchpointRole } {
  const reason = CALL_REASON[code(reasonCode)] ?? QUEUE_REASON[code(queue)] ?? Reason.INFORMATION;
  return { reason, role: reason === Reason.INFORMATION ? TouchpointRole.INFORMATION : TouchpointRole.AFTER_SALES };
}

const DIRECTION: Record<string, string> = { I: 'Inbound', O: 'Outbound' };

/** `4 min` (rounded), `45 s` under a minute. */
export function callLength(seconds: number): string {
  return seconds < 60 ? `${Math.max(0, seconds)} s` : `${Math.round(seconds / 60)} min`;
}

interface CallRow {
  id: string;
  contact_id: string | null;
  direction: string;
  queue: string;
  start_epoch: string;
  duration_s: number;
  reason_code: string;
  outcome: string;
}

/**
 * calls by growing call_id: kind `call`, channel CALL_CENTRE, place QUEUE/queue, at start_epoch.
 * Reason by reason_code (RECL → COMPLAINT, SUIVI → ORDER_TRACKING, INFO → INFORMATION, RETOUR →
 * RETURN, FACT → INVOICE, RESIL → CANCELLATION; an unknown code by its queue), role AFTER_SALES
 * (INFORMATION for an information call). Identity: the contact, null for an unidentified call.
 * Summary: direction, queue, length and outcome (`Inbound call, queue SAV, 4 min, RESOLU`); the
 * notes are not read at all.
 */
export const callsFeed: TouchpointFeed = growingKeyFeed<CallRow>({
  name: 'callcentre.calls',
  system: 'callcentre',
  alias: 'c',
  key: 'call_id',
  columns: `c.call_id::text AS id, c.contact_id::text AS contact_id, c.direction, c.queue, c.start_epoch::text AS start_epoch,
              c.duration_s, c.reason_code, c.outcome`,
  from: 'calls c',
  entryOf(row): FeedEntry {
    const queue = row.queue.trim();
    const direction = DIRECTION[code(row.direction)] ?? 'Unknown direction';
    return {
      sourceKind: 'call',
      sourceKey: row.id,
      occurredAt: epochInstant(row.start_epoch),
      channel: 'CALL_CENTRE',
      ...callWhy(row.reason_code, row.queue),
      placeKind: 'QUEUE',
      placeCode: queue || null,
      summary: `${direction} call, queue ${queue || '?'}, ${callLength(row.duration_s)}, ${code(row.outcome) || '?'}`,
      recordType: 'Call',
      recordKey: row.id,
      identityKey: row.contact_id,
    };
  },
});

/** Reason of a ticket by its category; an unknown (or missing) category is after-sales. */
const TICKET_REASON: Record<string, Reason> = {
  RECLAMATION: Reason.COMPLAINT,
  SAV: Reason.AFTER_SALES,
  INFO: Reason.INFORMATION,
  LITIGE: Reason.COMPLAINT,
};

export function ticketReason(category: string | null): Reason {
  return TICKET_REASON[code(category)] ?? Reason.AFTER_SALES;
}

const EVENT_VERB: Record<string, string> = { CREATED: 'opened', NOTE: 'note added', ESCALATED: 'escalated', CLOSED: 'closed' };

interface TicketEventRow {
  id: string;
  ticket_id: string;
  at_epoch: string;
  kind: string;
  contact_id: string | null;
  category: string | null;
}

/**
 * ticket_events by growing id, with their ticket (primary-key join): kind `ticket_event` (a
 * ticket's CREATED, NOTE, ESCALATED and CLOSED steps), at at_epoch, reason by the ticket's category
 * (RECLAMATION, LITIGE → COMPLAINT, SAV → AFTER_SALES, INFO → INFORMATION), role AFTER_SALES,
 * record `Ticket`/ticket_id, identity the ticket's contact (null if the ticket is missing).
 * Summary: ticket number, step and category (`Ticket 42 escalated, RECLAMATION`); never the body
 * or the subject.
 */
export const ticketEventsFeed: TouchpointFeed = growingKeyFeed<TicketEventRow>({
  name: 'callcentre.ticket_events',
  system: 'callcentre',
  alias: 'e',
  key: 'id',
  columns: `e.id::text AS id, e.ticket_id::text AS ticket_id, e.at_epoch::text AS at_epoch, e.kind,
              t.contact_id::text AS contact_id, t.category`,
  from: `ticket_events e
         LEFT JOIN tickets t ON t.ticket_id = e.ticket_id`,
  entryOf(row): FeedEntry {
    const kind = code(row.kind);
    const category = code(row.category);
    return {
      sourceKind: 'ticket_event',
      sourceKey: row.id,
      occurredAt: epochInstant(row.at_epoch),
      channel: 'CALL_CENTRE',
      reason: ticketReason(row.category),
      role: TouchpointRole.AFTER_SALES,
      summary: `Ticket ${row.ticket_id} ${EVENT_VERB[kind] ?? `step ${kind || '?'}`}${category ? `, ${category}` : ''}`,
      recordType: 'Ticket',
      recordKey: row.ticket_id,
      identityKey: row.contact_id,
    };
  },
});

interface CallbackRow {
  id: string;
  contact_id: string;
  requested_epoch: string;
  window_start: string;
  window_end: string;
}

/**
 * callbacks by growing id: kind `callback` (a request to be called back), at requested_epoch,
 * reason and role INFORMATION, record `CallbackWindow`/id, identity the contact. Summary: the
 * hours asked for (`Callback requested, 09:00-12:00`). Whether it was done changes later and is
 * left to the record (a growing-key feed does not see changes).
 */
export const callbacksFeed: TouchpointFeed = growingKeyFeed<CallbackRow>({
  name: 'callcentre.callbacks',
  system: 'callcentre',
  alias: 'b',
  key: 'id',
  columns: `b.id::text AS id, b.contact_id::text AS contact_id, b.requested_epoch::text AS requested_epoch,
              to_char(b.window_start, 'HH24:MI') AS window_start, to_char(b.window_end, 'HH24:MI') AS window_end`,
  from: 'callbacks b',
  entryOf: (row): FeedEntry => ({
    sourceKind: 'callback',
    sourceKey: row.id,
    occurredAt: epochInstant(row.requested_epoch),
    channel: 'CALL_CENTRE',
    reason: Reason.INFORMATION,
    role: TouchpointRole.INFORMATION,
    summary: `Callback requested, ${row.window_start}-${row.window_end}`,
    recordType: 'CallbackWindow',
    recordKey: row.id,
    identityKey: row.contact_id,
  }),
});

export const callcentreFeeds: TouchpointFeed[] = [callsFeed, ticketEventsFeed, callbacksFeed];
