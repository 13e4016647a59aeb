// Per-request DataLoaders: every list or entity batch is one SQL statement, whatever its length.
import { Database } from '../kit/database';
import { groupLoader, rowLoader } from '../kit/loaders';
import { callbackPages, callbacksByIds } from './callbacks.repo';
import { callPages, callsByIds, notesOfCalls } from './calls.repo';
import { ContactsKey, perCustomerLoader, perPair } from './per-customer';
import { CallbackPosition, CallPosition, TicketPosition } from './cursor';
import { eventsOfTickets, ticketPages, ticketsByIds } from './tickets.repo';
import type { Principal } from '../kit/access/principal';
import { NO_READ_MODELS, ReadModelReader } from '../kit/read-model';

export interface CallPageKey extends ContactsKey {
  limit: number;
  /** Position of the `after` cursor (start epoch and id of the last call seen), or null. */
  after: CallPosition | null;
}

export interface TicketPageKey extends ContactsKey {
  /** Legacy status codes to keep; null for every ticket. */
  statuses: string[] | null;
  /** Most urgent first (then newest opened) instead of newest opened first. */
  byPriority: boolean;
  limit: number;
  /** Position of the `after` cursor (the last ticket seen), or null. */
  after: TicketPosition | null;
}

export interface CallbackPageKey extends ContactsKey {
  limit: number;
  /** Position of the `after` cursor (request epoch and id of the last callback seen), or null. */
  after: CallbackPosition | null;
}

export function createCallcentreLoaders(db: Database, _principal?: Principal, readModels: ReadModelReader = NO_READ_MODELS) {
  // READ_MODEL=callcentre.calls / callcentre.tickets (kit/read-model.ts): one lookup in the hub per
  // batch, then the rows by primary key.
  const keysOf = async (table: string, contacts: readonly number[]) =>
    readModels.covers('callcentre', table) ? readModels.keysFor('callcentre', table, contacts.map(String)) : undefined;
  return {
    /** Calls by canonical id (see `callId`). */
    call: rowLoader((ids: readonly string[]) => callsByIds(db, ids), (row) => row.call_id),
    /** The free-text notes of calls by id: a statement of their own, sent only when `notes` is asked for. */
    notes: rowLoader((ids: readonly string[]) => notesOfCalls(db, ids), (row) => row.call_id),
    /** Tickets by canonical id (see `ticketId`). */
    ticket: rowLoader((ids: readonly string[]) => ticketsByIds(db, ids), (row) => row.ticket_id),
    /** Callback requests by canonical id (see `callbackId`). */
    callback: rowLoader((ids: readonly string[]) => callbacksByIds(db, ids), (row) => row.id),
    events: groupLoader((ids: readonly string[]) => eventsOfTickets(db, ids), (row) => row.ticket_id),
    callPages: perCustomerLoader(async (keys: readonly CallPageKey[], pairs) =>
      callPages(
        db,
        {
          ...pairs,
          afterEpoch: perPair(keys, pairs, (key) => key.after?.startEpoch ?? null),
          afterId: perPair(keys, pairs, (key) => key.after?.id ?? null),
          limit: perPair(keys, pairs, (key) => key.limit),
        },
        await keysOf('calls', pairs.record),
      ),
    ),
    /** Pages of `tickets` and `openTickets` alike: both lists of a batch in one statement. */
    ticketPages: perCustomerLoader(async (keys: readonly TicketPageKey[], pairs) =>
      ticketPages(
        db,
        {
          ...pairs,
          statuses: perPair(keys, pairs, (key) => key.statuses),
          byPriority: perPair(keys, pairs, (key) => key.byPriority),
          afterPriority: perPair(keys, pairs, (key) => key.after?.priority ?? null),
          afterEpoch: perPair(keys, pairs, (key) => key.after?.openedEpoch ?? null),
          afterId: perPair(keys, pairs, (key) => key.after?.id ?? null),
          limit: perPair(keys, pairs, (key) => key.limit),
        },
        await keysOf('tickets', pairs.record),
      ),
    ),
    callbackPages: perCustomerLoader((keys: readonly CallbackPageKey[], pairs) =>
      callbackPages(db, {
        ...pairs,
        afterEpoch: perPair(keys, pairs, (key) => key.after?.requestedEpoch ?? null),
        afterId: perPair(keys, pairs, (key) => key.after?.id ?? null),
        limit: perPair(keys, pairs, (key) => key.limit),
      }),
    ),
  };
}

export type CallcentreLoaders = ReturnType<typeof createCallcentreLoaders>;
