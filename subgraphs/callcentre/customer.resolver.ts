import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { connectionOf } from '../kit/connection';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { CallbackWindow } from './callback.type';
import { CallcentreLoaders } from './callcentre.loaders';
import { TicketStatus } from './callcentre.enums';
import { ticketStatusCodes, toCall, toCallbackWindow, toTicket } from './callcentre.mappers';
import { CallConnection } from './call.type';
import { PagedCallRow } from './calls.repo';
import { callCursor, decodeCallCursor } from './cursor';
import { Customer } from './customer.type';
import { contactIds } from './keys';
import { Ticket } from './ticket.type';

type Context = SubgraphContext<CallcentreLoaders>;

const REQUIRES_CONTACTS = '@requires(fields: "linkedRecords { callcentreContacts }")';

function contactsOf(customer: Customer): number[] {
  return contactIds(customer.linkedRecords?.callcentreContacts);
}

function toCallConnection(rows: readonly PagedCallRow[], limit: number): CallConnection {
  return Object.assign(new CallConnection(), connectionOf(rows, limit, toCall, (row) => callCursor({ startEpoch: row.start_epoch, id: row.call_id })));
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
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page: calls older than it.' })
    after: string | null,
  ): Promise<CallConnection> {
    const limit = pageSize(first);
    const position = after === null || after === undefined ? null : decodeCallCursor(after);
    const rows = await loaders.callPages.load({ contacts: contactsOf(customer), limit, after: position });
    return toCallConnection(rows, limit);
  }

  @FieldResolver(() => [Ticket], { nullable: true,
    description: "The customer's call-centre tickets, newest opened first; only those with the given status when one is given.",
  })
  @Directive(REQUIRES_CONTACTS)
  async tickets(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('status', () => TicketStatus, { nullable: true, description: 'Only tickets in this status (all of them when absent).' })
    status: TicketStatus | null,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
  ): Promise<Ticket[]> {
    const limit = pageSize(first);
    const statuses = status === null || status === undefined ? null : ticketStatusCodes(status);
    const rows = await loaders.ticketLists.load({ contacts: contactsOf(customer), statuses, byPriority: false, limit });
    return rows.map(toTicket);
  }

  @FieldResolver(() => [Ticket], { nullable: true,
    description:
      "The customer's tickets not closed yet (OPEN or IN_PROGRESS): the most urgent first, then the newest opened.",
  })
  @Directive(REQUIRES_CONTACTS)
  async openTickets(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
  ): Promise<Ticket[]> {
    const limit = pageSize(first);
    const statuses = [...ticketStatusCodes(TicketStatus.OPEN), ...ticketStatusCodes(TicketStatus.IN_PROGRESS)];
    const rows = await loaders.ticketLists.load({ contacts: contactsOf(customer), statuses, byPriority: true, limit });
    return rows.map(toTicket);
  }

  @FieldResolver(() => [CallbackWindow], { nullable: true,
    description: 'The callbacks the customer asked for, with the hours they want to be called, newest request first (done ones included).',
  })
  @Directive(REQUIRES_CONTACTS)
  async callbackWindows(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
  ): Promise<CallbackWindow[]> {
    const rows = await loaders.callbackLists.load({ contacts: contactsOf(customer), limit: pageSize(first) });
    return rows.map(toCallbackWindow);
  }
}

/** The gateway sends what @requires asked for; nothing to read here. */
export function resolveCustomerReference(reference: Customer): Customer {
  return Object.assign(new Customer(), reference);
}
