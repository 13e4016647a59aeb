import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { OWN_RECORDS, ownKeys } from '../kit/channel-customer';
import { connectionOf } from '../kit/connection';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { CallbackRow } from './callbacks.repo';
import { CallbackWindowConnection } from './callback.type';
import { CallcentreLoaders } from './callcentre.loaders';
import { TicketStatus } from './callcentre.enums';
import { ticketStatusCodes, toCall, toCallbackWindow, toTicket } from './callcentre.mappers';
import { CallConnection } from './call.type';
import { PagedCallRow } from './calls.repo';
import {
  callbackCursor,
  callCursor,
  decodeCallbackCursor,
  decodeCallCursor,
  decodeOpenTicketCursor,
  decodeTicketCursor,
  openTicketCursor,
  ticketCursor,
} from './cursor';
import { Customer } from './customer.type';
import { contactIds } from './keys';
import { TicketConnection } from './ticket.type';
import { PagedTicketRow } from './tickets.repo';

type Context = SubgraphContext<CallcentreLoaders>;

const REQUIRES_CONTACTS = `@requires(fields: "${OWN_RECORDS}")`;
const FIRST = { nullable: true, description: 'How many (default 20, at most 100).' } as const;

function contactsOf(customer: Customer): number[] {
  return contactIds(ownKeys(customer, 'callcentre'));
}

/** The decoded `after` argument; null when absent (a cursor that is not the list's own is BAD_USER_INPUT). */
function positionOf<P>(after: string | null | undefined, decode: (cursor: string) => P): P | null {
  return after === null || after === undefined ? null : decode(after);
}

function toCallConnection(rows: readonly PagedCallRow[], limit: number): CallConnection {
  return Object.assign(new CallConnection(), connectionOf(rows, limit, toCall, (row) => callCursor({ startEpoch: row.start_epoch, id: row.call_id })));
}

/** A page of `tickets` (newest opened first) or, `byPriority`, of `openTickets` (most urgent first): each has its own cursors. */
function toTicketConnection(rows: readonly PagedTicketRow[], limit: number, byPriority: boolean): TicketConnection {
  const cursorOf = (row: PagedTicketRow) =>
    byPriority
      ? openTicketCursor({ priority: String(row.priority), openedEpoch: row.opened_epoch, id: row.ticket_id })
      : ticketCursor({ openedEpoch: row.opened_epoch, id: row.ticket_id });
  return Object.assign(new TicketConnection(), connectionOf(rows, limit, toTicket, cursorOf));
}

function toCallbackWindowConnection(rows: readonly CallbackRow[], limit: number): CallbackWindowConnection {
  return Object.assign(
    new CallbackWindowConnection(),
    connectionOf(rows, limit, toCallbackWindow, (row) => callbackCursor({ requestedEpoch: row.requested_epoch, id: row.id })),
  );
}

@Resolver(() => Customer)
export class CallcentreCustomerResolver {
  @FieldResolver(() => CallConnection, { nullable: true,
    description: "The customer's calls with the call centre, on all their linked contacts, newest first, `first` at a time.",
  })
  @Directive(REQUIRES_CONTACTS)
  async calls(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, FIRST) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page: calls older than it.' })
    after: string | null,
  ): Promise<CallConnection> {
    const limit = pageSize(first);
    const rows = await loaders.callPages.load({ contacts: contactsOf(customer), limit, after: positionOf(after, decodeCallCursor) });
    return toCallConnection(rows, limit);
  }

  @FieldResolver(() => TicketConnection, { nullable: true,
    description:
      "The customer's call-centre tickets, on all their linked contacts, newest opened first (then the highest id), `first` at a time; " +
      'only those with the given status when one is given.',
  })
  @Directive(REQUIRES_CONTACTS)
  async tickets(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('status', () => TicketStatus, { nullable: true, description: 'Only tickets in this status (all of them when absent).' })
    status: TicketStatus | null,
    @Arg('first', () => Int, FIRST) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page of `tickets`: tickets opened before it.' })
    after: string | null,
  ): Promise<TicketConnection> {
    const limit = pageSize(first);
    const statuses = status === null || status === undefined ? null : ticketStatusCodes(status);
    const rows = await loaders.ticketPages.load({
      contacts: contactsOf(customer),
      statuses,
      byPriority: false,
      limit,
      after: positionOf(after, decodeTicketCursor),
    });
    return toTicketConnection(rows, limit, false);
  }

  @FieldResolver(() => TicketConnection, { nullable: true,
    description:
      "The customer's tickets not closed yet (OPEN or IN_PROGRESS): the most urgent first, then the newest opened (then the highest id), " +
      '`first` at a time.',
  })
  @Directive(REQUIRES_CONTACTS)
  async openTickets(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, FIRST) first: number | null,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The `endCursor` of the previous page of `openTickets`: the tickets after it (less urgent, or as urgent and opened before).',
    })
    after: string | null,
  ): Promise<TicketConnection> {
    const limit = pageSize(first);
    const statuses = [...ticketStatusCodes(TicketStatus.OPEN), ...ticketStatusCodes(TicketStatus.IN_PROGRESS)];
    const rows = await loaders.ticketPages.load({
      contacts: contactsOf(customer),
      statuses,
      byPriority: true,
      limit,
      after: positionOf(after, decodeOpenTicketCursor),
    });
    return toTicketConnection(rows, limit, true);
  }

  @FieldResolver(() => CallbackWindowConnection, { nullable: true,
    description:
      'The callbacks the customer asked for, with the hours they want to be called, newest request first (then the highest id), ' +
      '`first` at a time (done ones included).',
  })
  @Directive(REQUIRES_CONTACTS)
  async callbackWindows(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, FIRST) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page: callback requests older than it.' })
    after: string | null,
  ): Promise<CallbackWindowConnection> {
    const limit = pageSize(first);
    const rows = await loaders.callbackPages.load({ contacts: contactsOf(customer), limit, after: positionOf(after, decodeCallbackCursor) });
    return toCallbackWindowConnection(rows, limit);
  }
}

/** The gateway sends what @requires asked for; nothing to read here. */
export function resolveCustomerReference(reference: Customer): Customer {
  return Object.assign(new Customer(), reference);
}
