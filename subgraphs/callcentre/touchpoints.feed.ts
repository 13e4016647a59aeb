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
import type { Database } from '../kit/database';
import { settledRead, unsettledSql } from '../kit/feed-settling';
import type { FeedPosition, Touchpoint, TouchpointFeed } from '../kit/touchpoints';
import { CALL_REASON, epochInstant } from './callcentre.mappers';

/** Position value of a growing bigint key: digits only, or null (from the beginning). */
function afterKey(since: FeedPosition | null): string | null {
  const value = since?.after;
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (!/^-?\d{1,19}$/.test(text)) throw new Error('callcentre feed: position is not one this feed gave');
  return text;
}

function code(value: string | null | undefined): string {
  return (value ?? '').trim().toUpperCase();
}

function contactIdentity(contactId: string | null): Touchpoint['identity'] {
  return contactId === null ? null : { system: 'callcentre', localKey: contactId };
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
  unsettled: boolean;
}

/**
 * calls by growing call_id: kind `call`, channel CALL_CENTRE, place QUEUE/queue, at start_epoch.
 * Reason by reason_code (RECL → COMPLAINT, SUIVI → ORDER_TRACKING, INFO → INFORMATION, RETOUR →
 * RETURN, FACT → INVOICE, RESIL → CANCELLATION; an unknown code by its queue), role AFTER_SALES
 * (INFORMATION for an information call). Identity: the contact, null for an unidentified call.
 * Summary: direction, queue, length and outcome (`Inbound call, queue SAV, 4 min, RESOLU`); the
 * notes are not read at all.
 */
export const callsFeed: TouchpointFeed = {
  name: 'callcentre.calls',
  system: 'callcentre',
  async read(db: Database, since: FeedPosition | null, limit: number) {
    const rows = await db.query<CallRow>(
      `SELECT c.call_id::text AS id, c.contact_id::text AS contact_id, c.direction, c.queue, c.start_epoch::text AS start_epoch,
              c.duration_s, c.reason_code, c.outcome, ${unsettledSql('c')} AS unsettled
         FROM calls c
        WHERE $1::bigint IS NULL OR c.call_id > $1::bigint
        ORDER BY c.call_id
        LIMIT $2`,
      [afterKey(since), limit],
    );
    const { rows: settled, next, waiting } = settledRead(rows, since);
    const touchpoints = settled.map((row): Touchpoint => {
      const queue = row.queue.trim();
      const direction = DIRECTION[code(row.direction)] ?? 'Unknown direction';
      return {
        sourceSystem: 'callcentre',
        sourceKind: 'call',
        sourceKey: row.id,
        occurredAt: epochInstant(row.start_epoch),
        channel: 'CALL_CENTRE',
        ...callWhy(row.reason_code, row.queue),
        placeKind: 'QUEUE',
        placeCode: queue || null,
        summary: `${direction} call, queue ${queue || '?'}, ${callLength(row.duration_s)}, ${code(row.outcome) || '?'}`,
        amountMinor: null,
        currency: null,
        recordType: 'Call',
        recordKey: row.id,
        identity: contactIdentity(row.contact_id),
      };
    });
    return { touchpoints, next, waiting };
  },
};

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
  unsettled: boolean;
}

/**
 * ticket_events by growing id, with their ticket (primary-key join): kind `ticket_event` (a
 * ticket's CREATED, NOTE, ESCALATED and CLOSED steps), at at_epoch, reason by the ticket's category
 * (RECLAMATION, LITIGE → COMPLAINT, SAV → AFTER_SALES, INFO → INFORMATION), role AFTER_SALES,
 * record `Ticket`/ticket_id, identity the ticket's contact (null if the ticket is missing).
 * Summary: ticket number, step and category (`Ticket 42 escalated, RECLAMATION`); never the body
 * or the subject.
 */
export const ticketEventsFeed: TouchpointFeed = {
  name: 'callcentre.ticket_events',
  system: 'callcentre',
  async read(db: Database, since: FeedPosition | null, limit: number) {
    const rows = await db.query<TicketEventRow>(
      `SELECT e.id::text AS id, e.ticket_id::text AS ticket_id, e.at_epoch::text AS at_epoch, e.kind,
              t.contact_id::text AS contact_id, t.category, ${unsettledSql('e')} AS unsettled
         FROM ticket_events e
         LEFT JOIN tickets t ON t.ticket_id = e.ticket_id
        WHERE $1::bigint IS NULL OR e.id > $1::bigint
        ORDER BY e.id
        LIMIT $2`,
      [afterKey(since), limit],
    );
    const { rows: settled, next, waiting } = settledRead(rows, since);
    const touchpoints = settled.map((row): Touchpoint => {
      const kind = code(row.kind);
      const category = code(row.category);
      return {
        sourceSystem: 'callcentre',
        sourceKind: 'ticket_event',
        sourceKey: row.id,
        occurredAt: epochInstant(row.at_epoch),
        channel: 'CALL_CENTRE',
        reason: ticketReason(row.category),
        role: TouchpointRole.AFTER_SALES,
        placeKind: null,
        placeCode: null,
        summary: `Ticket ${row.ticket_id} ${EVENT_VERB[kind] ?? `step ${kind || '?'}`}${category ? `, ${category}` : ''}`,
        amountMinor: null,
        currency: null,
        recordType: 'Ticket',
        recordKey: row.ticket_id,
        identity: contactIdentity(row.contact_id),
      };
    });
    return { touchpoints, next, waiting };
  },
};

interface CallbackRow {
  id: string;
  contact_id: string;
  requested_epoch: string;
  window_start: string;
  window_end: string;
  unsettled: boolean;
}

/**
 * callbacks by growing id: kind `callback` (a request to be called back), at requested_epoch,
 * reason and role INFORMATION, record `CallbackWindow`/id, identity the contact. Summary: the
 * hours asked for (`Callback requested, 09:00-12:00`). Whether it was done changes later and is
 * left to the record (a growing-key feed does not see changes).
 */
export const callbacksFeed: TouchpointFeed = {
  name: 'callcentre.callbacks',
  system: 'callcentre',
  async read(db: Database, since: FeedPosition | null, limit: number) {
    const rows = await db.query<CallbackRow>(
      `SELECT b.id::text AS id, b.contact_id::text AS contact_id, b.requested_epoch::text AS requested_epoch,
              to_char(b.window_start, 'HH24:MI') AS window_start, to_char(b.window_end, 'HH24:MI') AS window_end,
              ${unsettledSql('b')} AS unsettled
         FROM callbacks b
        WHERE $1::bigint IS NULL OR b.id > $1::bigint
        ORDER BY b.id
        LIMIT $2`,
      [afterKey(since), limit],
    );
    const { rows: settled, next, waiting } = settledRead(rows, since);
    const touchpoints = settled.map(
      (row): Touchpoint => ({
        sourceSystem: 'callcentre',
        sourceKind: 'callback',
        sourceKey: row.id,
        occurredAt: epochInstant(row.requested_epoch),
        channel: 'CALL_CENTRE',
        reason: Reason.INFORMATION,
        role: TouchpointRole.INFORMATION,
        placeKind: null,
        placeCode: null,
        summary: `Callback requested, ${row.window_start}-${row.window_end}`,
        amountMinor: null,
        currency: null,
        recordType: 'CallbackWindow',
        recordKey: row.id,
        identity: contactIdentity(row.contact_id),
      }),
    );
    return { touchpoints, next, waiting };
  },
};

export const callcentreFeeds: TouchpointFeed[] = [callsFeed, ticketEventsFeed, callbacksFeed];
