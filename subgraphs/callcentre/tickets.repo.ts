// Tickets and their events (tables tickets, ticket_events) read-through.
import { Queryable } from '../kit/database';
import { ReadModelKeys, readModelCondition } from '../kit/read-model';
import { ContactPairs } from './per-customer';

export interface TicketRow {
  ticket_id: string;
  contact_id: string;
  opened_epoch: string;
  closed_epoch: string | null;
  status: string;
  category: string;
  subject: string;
  order_ref: string | null;
  priority: number;
  satisfaction: number | null;
}

const TICKET_COLUMNS = `t.ticket_id::text AS ticket_id, t.contact_id::text AS contact_id, t.opened_epoch::text AS opened_epoch,
       t.closed_epoch::text AS closed_epoch, t.status, t.category, t.subject, t.order_ref, t.priority, t.satisfaction`;

export function ticketsByIds(db: Queryable, ids: readonly string[]): Promise<TicketRow[]> {
  return db.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.ticket_id = ANY($1::int[])`, [ids]);
}

export interface PagedTicketRow extends TicketRow {
  i: number;
}

/**
 * Each customer's tickets whose status is one of their request's `statuses` (all of them when
 * null), after their request's `after` position, `limit + 1` of them (the extra one says whether a
 * next page exists): newest opened first (then id), or, with `byPriority`, the most urgent first
 * (lowest legacy priority), then the newest opened, then id. Statuses are compared trimmed and
 * upper-cased (the legacy tool does not check them). The position is compared as bigint: a cursor's
 * parts are checked as integers of at most 18 digits, which cannot overflow it.
 */
export function ticketPages(
  db: Queryable,
  pairs: ContactPairs & {
    statuses: (string[] | null)[];
    byPriority: boolean[];
    afterPriority: (string | null)[];
    afterEpoch: (string | null)[];
    afterId: (string | null)[];
    limit: number[];
  },
  readModel?: ReadModelKeys,
): Promise<PagedTicketRow[]> {
  // READ_MODEL=callcentre.tickets (kit/read-model.ts): the contacts' tickets named by the hub's copy of
  // (contact_id, ticket_id), plus those above its high water, by primary key; still joined on the contact.
  const byReadModel = readModel ? readModelCondition('t', 'ticket_id', readModel, 9) : null;
  // unnest cannot take an array of arrays of different lengths: each request's statuses travel as one text.
  const statuses = pairs.statuses.map((list) => (list === null ? null : list.join(',')));
  return db.query<PagedTicketRow>(
    `SELECT p.i, p.ticket_id, p.contact_id, p.opened_epoch, p.closed_epoch, p.status, p.category, p.subject, p.order_ref,
            p.priority, p.satisfaction
       FROM (SELECT k.i, k.lim, ${TICKET_COLUMNS},
                    row_number() OVER (PARTITION BY k.i
                                       ORDER BY CASE WHEN k.by_priority THEN t.priority END, t.opened_epoch DESC, t.ticket_id DESC) AS rn
               FROM unnest($1::int[], $2::int[], $3::text[], $4::boolean[], $5::bigint[], $6::bigint[], $7::bigint[], $8::int[])
                      AS k(i, contact, statuses, by_priority, after_priority, after_epoch, after_id, lim)
               JOIN tickets t ON t.contact_id = k.contact
                             AND (k.statuses IS NULL OR upper(trim(t.status)) = ANY(string_to_array(k.statuses, ',')))
                             AND (k.after_id IS NULL
                                  OR (k.by_priority AND (t.priority > k.after_priority
                                                         OR (t.priority = k.after_priority
                                                             AND (t.opened_epoch, t.ticket_id) < (k.after_epoch, k.after_id))))
                                  OR (NOT k.by_priority AND (t.opened_epoch, t.ticket_id) < (k.after_epoch, k.after_id)))${byReadModel ? ` AND ${byReadModel.sql}` : ''}) p
      WHERE p.rn <= p.lim + 1
      ORDER BY p.i, p.rn`,
    [pairs.request, pairs.record, statuses, pairs.byPriority, pairs.afterPriority, pairs.afterEpoch, pairs.afterId, pairs.limit, ...(byReadModel?.params ?? [])],
  );
}

export interface TicketEventRow {
  id: string;
  ticket_id: string;
  at_epoch: string;
  kind: string;
  author: string;
  body: string;
}

/** The events of each ticket, in the order they happened (then in the order they were recorded). */
export function eventsOfTickets(db: Queryable, ids: readonly string[]): Promise<TicketEventRow[]> {
  return db.query<TicketEventRow>(
    `SELECT e.id::text AS id, e.ticket_id::text AS ticket_id, e.at_epoch::text AS at_epoch, e.kind, e.author, e.body
       FROM ticket_events e WHERE e.ticket_id = ANY($1::int[])
      ORDER BY e.ticket_id, e.at_epoch, e.id`,
    [ids],
  );
}
