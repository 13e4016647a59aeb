// The call centre's contribution to Customer.anticipatedNeeds (kit/needs.ts): tickets left open
// without follow-up, and callbacks promised and not made. Read from callcentre_legacy at request
// time by contact (cg_tickets_contact_id, cg_ticket_events_ticket_id, cg_callbacks_contact_id,
// cg_calls_contact_id_start_epoch), one statement per kind for a whole batch of customers.
import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { OWN_RECORDS, ownKeys } from '../kit/channel-customer';
import { addDays, now, parisDay, parisTimeOfDay } from '../kit/clock';
import { Queryable } from '../kit/database';
import { NO_READ_MODELS, ReadModelKeys, readModelCondition, ReadModelReader } from '../kit/read-model';
import { perCustomerLoader, RecordPairs } from '../kit/loaders';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ChannelNeeds, isoDay, NeedKind, needsFieldDescription, needsFieldOf, needSignal, NeedSignal, recordRef, servableKinds } from '../kit/needs';
import { parisInstant } from '../kit/paris-time';
import { SubgraphContext } from '../kit/subgraph';
import { Customer } from './customer.type';
import { contactIds } from './keys';

const SYSTEM = 'callcentre';
/** Days without a step after which an open ticket needs a follow-up … */
export const TICKET_FOLLOW_UP_DAYS = 7;
/** … and for a high-priority ticket (priority 1). */
export const URGENT_TICKET_FOLLOW_UP_DAYS = 2;
/** Callbacks requested this far back are still owed. */
export const CALLBACK_LOOKBACK_DAYS = 30;

export interface OpenTicketRow {
  i: number;
  id: string;
  opened_epoch: string;
  category: string;
  priority: number;
  last_event_epoch: string | null;
}

/** Each customer's tickets still open (not CLOS, no closing time) with the time of their latest step. */
export function openTickets(db: Queryable, pairs: RecordPairs<number>, readModel?: ReadModelKeys): Promise<OpenTicketRow[]> {
  const rm = readModel ? readModelCondition('t', 'ticket_id', readModel, 3) : null;
  return db.query<OpenTicketRow>(
    `SELECT a.i, t.ticket_id::text AS id, t.opened_epoch::text AS opened_epoch, t.category, t.priority,
            e.at_epoch::text AS last_event_epoch
       FROM unnest($1::int[], $2::int[]) AS a(i, contact_id)
       JOIN tickets t ON t.contact_id = a.contact_id${rm ? ` AND ${rm.sql}` : ''}
       LEFT JOIN LATERAL (SELECT max(ev.at_epoch) AS at_epoch FROM ticket_events ev WHERE ev.ticket_id = t.ticket_id) e ON true
      WHERE t.closed_epoch IS NULL AND t.status <> 'CLOS'
      ORDER BY a.i, t.ticket_id`,
    [pairs.request, pairs.record, ...(rm?.params ?? [])],
  );
}

export interface PendingCallbackRow {
  i: number;
  id: string;
  requested_epoch: string;
  window_start: string;
  window_end: string;
}

/**
 * Each customer's callbacks requested in [since, until] (epoch seconds), not marked done, with no
 * outbound call to that contact since the request (an agent who called back and forgot the flag).
 */
export function pendingCallbacks(db: Queryable, pairs: RecordPairs<number>, since: number, until: number, callsModel?: ReadModelKeys): Promise<PendingCallbackRow[]> {
  const rm = callsModel ? readModelCondition('k', 'call_id', callsModel, 5) : null;
  return db.query<PendingCallbackRow>(
    `SELECT a.i, c.id::text AS id, c.requested_epoch::text AS requested_epoch,
            to_char(c.window_start, 'HH24MISS') AS window_start, to_char(c.window_end, 'HH24MISS') AS window_end
       FROM unnest($1::int[], $2::int[]) AS a(i, contact_id)
       -- The contact's latest outbound call, and its callbacks, each looked up by the contact's key (OFFSET 0
       -- keeps the subquery from being flattened: a selective date range made the planner read the index whole).
       CROSS JOIN LATERAL (SELECT max(k.start_epoch) AS last_out FROM calls k WHERE k.contact_id = a.contact_id AND k.direction = 'O'${rm ? ` AND ${rm.sql}` : ''}) o
       CROSS JOIN LATERAL (SELECT * FROM callbacks b
                            WHERE b.contact_id = a.contact_id AND NOT b.done
                              AND b.requested_epoch >= $3 AND b.requested_epoch <= $4 OFFSET 0) c
      WHERE o.last_out IS NULL OR o.last_out < c.requested_epoch
      ORDER BY a.i, c.requested_epoch, c.id`,
    [pairs.request, pairs.record, since, until, ...(rm?.params ?? [])],
  );
}

interface ContactsKey {
  contacts: readonly number[];
}

/** Per-request loaders: one statement per kind for a whole batch, "now" read once per batch. */
export function createCallcentreNeedsLoaders(db: Queryable, readModels: ReadModelReader = NO_READ_MODELS) {
  // READ_MODEL=callcentre.tickets / callcentre.calls: one lookup in the hub per kind and batch.
  const keysOf = async (table: string, contacts: readonly number[]): Promise<ReadModelKeys | undefined> =>
    readModels.covers('callcentre', table) ? readModels.keysFor('callcentre', table, contacts.map(String)) : undefined;
  return {
    openTickets: perCustomerLoader(
      (key: ContactsKey) => key.contacts,
      async (_keys, pairs) => openTickets(db, pairs, await keysOf('tickets', pairs.record)),
      (row: OpenTicketRow) => row.i,
    ),
    pendingCallbacks: perCustomerLoader(
      (key: ContactsKey) => key.contacts,
      async (_keys, pairs) => {
        const at = now();
        const since = Math.floor(addDays(at, -CALLBACK_LOOKBACK_DAYS).getTime() / 1000);
        return pendingCallbacks(db, pairs, since, Math.floor(at.getTime() / 1000), await keysOf('calls', pairs.record));
      },
      (row: PendingCallbackRow) => row.i,
    ),
  };
}

export type CallcentreNeedsLoaders = ReturnType<typeof createCallcentreNeedsLoaders>;

const CATEGORY: Record<string, string> = { RECLAMATION: 'complaint', SAV: 'after-sales', INFO: 'information', LITIGE: 'dispute' };
const fromEpoch = (epoch: string | number): Date => new Date(Number(epoch) * 1000);

/** One need per open ticket whose latest step (or opening) is older than its follow-up delay. */
export function toTicketNeeds(rows: readonly OpenTicketRow[], at: Date): NeedSignal[] {
  return rows.flatMap((row) => {
    const opened = fromEpoch(row.opened_epoch);
    const last = row.last_event_epoch !== null && Number(row.last_event_epoch) > Number(row.opened_epoch) ? fromEpoch(row.last_event_epoch) : opened;
    const urgent = row.priority === 1;
    const due = addDays(last, urgent ? URGENT_TICKET_FOLLOW_UP_DAYS : TICKET_FOLLOW_UP_DAYS);
    if (due > at) return [];
    const what = CATEGORY[row.category.trim()] ?? 'call-centre';
    return [
      needSignal(
        NeedKind.TICKET_WITHOUT_FOLLOW_UP,
        `${SYSTEM}:${row.id}`,
        due,
        `A${what === 'after-sales' || what === 'information' ? 'n' : ''} ${what} ticket${urgent ? ' of high priority' : ''} opened on ${parisDay(opened)} ` +
          `is still open with no follow-up since ${parisDay(last)}.`,
        'Contact the customer with news of their ticket, or close it if it is settled.',
        [recordRef(SYSTEM, 'Ticket', row.id, opened)],
      ),
    ];
  });
}

/** When a callback was owed: the end of the first window after the request (Paris wall clock). */
export function callbackDue(requested: Date, windowEnd: string): Date | null {
  const day = parisDay(requested);
  const end = `${windowEnd.slice(0, 2)}:${windowEnd.slice(2, 4)}:${windowEnd.slice(4, 6)}`;
  const onDay = parisTimeOfDay(requested) < end ? day : isoDay(addDays(new Date(`${day}T12:00:00Z`), 1));
  return parisInstant(onDay.replace(/-/g, ''), windowEnd);
}

/** One need per callback whose window has passed. */
export function toCallbackNeeds(rows: readonly PendingCallbackRow[], at: Date): NeedSignal[] {
  return rows.flatMap((row) => {
    const requested = fromEpoch(row.requested_epoch);
    const due = callbackDue(requested, row.window_end);
    if (!due || due > at) return [];
    const hours = (t: string) => `${t.slice(0, 2)}:${t.slice(2, 4)}`;
    return [
      needSignal(
        NeedKind.CALLBACK_NOT_MADE,
        `${SYSTEM}:${row.id}`,
        due,
        `A callback requested on ${parisDay(requested)} for ${hours(row.window_start)}–${hours(row.window_end)} was not made.`,
        `Call the customer back within their hours (${hours(row.window_start)}–${hours(row.window_end)}), then mark the callback done.`,
        [recordRef(SYSTEM, 'CallbackWindow', row.id, requested)],
      ),
    ];
  });
}

type Context = SubgraphContext<CallcentreNeedsLoaders>;

@Resolver(() => Customer)
export class CallcentreNeedsResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: needsFieldDescription('the needs the call centre’s records show (tickets without follow-up, callbacks not made)'),
  })
  @Directive('@inaccessible')
  @Directive(`@requires(fields: "${OWN_RECORDS}")`)
  async callcentreNeeds(@Root() customer: Customer, @Ctx() { loaders, principal }: Context): Promise<ChannelNeeds> {
    // No kind here is built from behaviour: no consent fact is needed (null refuses any that were).
    const kinds = servableKinds(principal, customer, SYSTEM, null);
    const key = { contacts: contactIds(ownKeys(customer, SYSTEM)) };
    const at = now();
    const [tickets, callbacks] = await Promise.all([
      kinds.has(NeedKind.TICKET_WITHOUT_FOLLOW_UP) ? loaders.openTickets.load(key) : [],
      kinds.has(NeedKind.CALLBACK_NOT_MADE) ? loaders.pendingCallbacks.load(key) : [],
    ]);
    return { needs: [...toTicketNeeds(tickets, at), ...toCallbackNeeds(callbacks, at)], purchases: [] };
  }
}

/** The declaration in the call centre's definition. */
export const callcentreNeeds = { field: needsFieldOf(SYSTEM) };
