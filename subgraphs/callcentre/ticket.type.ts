import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../schema/common';
import { TicketCategory, TicketEventKind, TicketPriority, TicketStatus } from './callcentre.enums';
import { Order } from './order.type';

@ObjectType({ description: 'A call-centre ticket (table tickets): a request followed until it is closed.' })
@Directive('@key(fields: "id")')
export class Ticket {
  @Field(() => ID, { description: 'Ticket id (tickets.ticket_id).' })
  id!: string;

  @Field(() => TicketStatus, { nullable: true, description: 'Open, in progress or closed; null when the legacy code is not a known one (see `statusCode`).' })
  status!: TicketStatus | null;

  @Field(() => String, { description: 'The legacy status as stored (tickets.status): OUVERT, EN_COURS or CLOS.' })
  statusCode!: string;

  @Field(() => TicketCategory, { nullable: true, description: 'What the ticket is about; null when the legacy code is not a known one (see `categoryCode`).' })
  category!: TicketCategory | null;

  @Field(() => String, { description: 'The legacy category as stored (tickets.category): RECLAMATION, SAV, INFO or LITIGE.' })
  categoryCode!: string;

  @Field(() => String, { description: 'Subject line (tickets.subject).' })
  subject!: string;

  @Field(() => TicketPriority, { nullable: true, description: 'How urgent it is; null when the legacy value is not 1, 2 or 3 (see `priorityLevel`).' })
  priority!: TicketPriority | null;

  @Field(() => Int, { description: 'The legacy priority as stored (tickets.priority): 1 high, 2 medium, 3 low.' })
  priorityLevel!: number;

  @Field(() => Int, { nullable: true, description: 'The customer\'s satisfaction from the post-call survey, 1 (worst) to 5 (best); null when not answered.' })
  satisfaction!: number | null;

  @Field(() => Date, { description: 'When the ticket was opened (tickets.opened_epoch) as an instant.' })
  openedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the ticket was closed (tickets.closed_epoch) as an instant; null while it is not.' })
  closedAt!: Date | null;

  @Field(() => Order, {
    nullable: true,
    description: 'The web order the ticket concerns (tickets.order_ref), resolved by the ecommerce subgraph; null when it concerns none.',
  })
  order!: Order | null;

  @Field(() => String, { description: 'The call-centre contact the ticket was opened for (tickets.contact_id).' })
  contactId!: string;

  // Declared for type-graphql's field resolver.
  events?: TicketEvent[];
}

@ObjectType({ description: 'Something that happened to a ticket (table ticket_events).' })
export class TicketEvent {
  @Field(() => ID, { description: 'Event id (ticket_events.id).' })
  id!: string;

  @Field(() => Date, { description: 'When it happened (ticket_events.at_epoch) as an instant.' })
  at!: Date;

  @Field(() => TicketEventKind, { nullable: true, description: 'What happened; null when the legacy code is not a known one (see `kindCode`).' })
  kind!: TicketEventKind | null;

  @Field(() => String, { description: 'The legacy event kind as stored (ticket_events.kind): CREATED, NOTE, ESCALATED or CLOSED.' })
  kindCode!: string;

  @Field(() => String, { description: 'The agent who recorded it (ticket_events.author).' })
  author!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What the agent wrote (ticket_events.body): free text. Staff only: null with a FORBIDDEN error for other callers.',
  })
  body!: string | null;
}

@ObjectType({ description: 'A ticket in a list, with the cursor to continue after it.' })
export class TicketEdge {
  @Field(() => String, { description: 'Opaque cursor of this ticket: pass it as `after`, to the same list, to get the tickets that follow it.' })
  cursor!: string;

  @Field(() => Ticket, { description: 'The ticket.' })
  node!: Ticket;
}

@ObjectType({ description: "A page of a customer's tickets, in the order of the list that gave it (newest opened first, or most urgent first)." })
export class TicketConnection {
  @Field(() => [TicketEdge], { description: 'The tickets of this page, in the order of the list.' })
  edges!: TicketEdge[];

  @Field(() => [Ticket], { description: 'The tickets of this page, in the same order as `edges` (for clients that need no cursor).' })
  nodes!: Ticket[];

  @Field(() => PageInfo, { description: 'Whether more tickets follow, and the cursor to get them.' })
  pageInfo!: PageInfo;
}
