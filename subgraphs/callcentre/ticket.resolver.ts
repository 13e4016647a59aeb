import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { SubgraphContext } from '../kit/subgraph';
import { CallcentreLoaders } from './callcentre.loaders';
import { toTicket, toTicketEvent } from './callcentre.mappers';
import { ticketId } from './keys';
import { Ticket, TicketEvent } from './ticket.type';

type Context = SubgraphContext<CallcentreLoaders>;

async function loadTicket(id: string, loaders: CallcentreLoaders): Promise<Ticket | null> {
  const canonical = ticketId(id);
  if (canonical === null) return null;
  const row = await loaders.ticket.load(canonical);
  return row ? toTicket(row) : null;
}

@Resolver(() => Ticket)
export class TicketResolver {
  @Query(() => Ticket, { nullable: true, description: 'A call-centre ticket by id (tickets.ticket_id); null when there is none.' })
  async ticket(@Arg('id', () => ID, { description: 'The ticket id (tickets.ticket_id).' }) id: string, @Ctx() { loaders }: Context): Promise<Ticket | null> {
    return loadTicket(id, loaders);
  }

  @FieldResolver(() => [TicketEvent], { description: 'What happened to the ticket, oldest first (by time, then in the order recorded).' })
  async events(@Root() ticket: Ticket, @Ctx() { loaders }: Context): Promise<TicketEvent[]> {
    return (await loaders.events.load(ticket.id)).map(toTicketEvent);
  }
}

/** Other subgraphs point at tickets (e.g. the shared history): one query per `_entities` batch. */
export async function resolveTicketReference(reference: { id: string }, { loaders }: Context): Promise<Ticket | null> {
  return loadTicket(String(reference.id), loaders);
}
