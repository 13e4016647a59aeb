// The indexes the call-centre channel's reads rely on in callcentre_legacy (kit/index-contract.ts).
// The CTI and ticketing tables carry primary keys only; every read below goes by another column.
// Created in development and test databases; reported to the call centre's DBAs by
// `npm run db:check`, never created by the project on their database.
import type { IndexDeclaration } from '../kit/index-contract';

export const callcentreIndexes: readonly IndexDeclaration[] = [
  {
    table: 'calls',
    columns: ['contact_id', 'start_epoch'],
    name: 'cg_calls_contact_id_start_epoch',
    why: "a customer's calls, newest first (Customer.calls and its cursor: calls.repo.ts callPages), export and erasure",
    // Where refused: READ_MODEL=callcentre.calls (kit/read-model.ts; export and erasure still read through).
    readModel: { primaryKey: 'call_id' },
  },
  {
    table: 'tickets',
    columns: ['contact_id'],
    name: 'cg_tickets_contact_id',
    why: "a customer's tickets and open tickets (Customer.tickets / openTickets: tickets.repo.ts ticketPages), export and erasure",
    // Where refused: READ_MODEL=callcentre.tickets (kit/read-model.ts; export and erasure still read through).
    readModel: { primaryKey: 'ticket_id' },
  },
  {
    table: 'ticket_events',
    columns: ['ticket_id'],
    name: 'cg_ticket_events_ticket_id',
    why: "a ticket's events (Ticket.events: tickets.repo.ts eventsOfTickets), export",
  },
  {
    table: 'callbacks',
    columns: ['contact_id'],
    name: 'cg_callbacks_contact_id',
    why: "a customer's callback requests (Customer.callbacks: callbacks.repo.ts callbackPages), export and erasure",
  },
  {
    table: 'contacts',
    columns: ['updated_epoch'],
    name: 'cg_contacts_updated_epoch',
    why: "the identity extractor's incremental read of changed contacts (identity.extract.ts: updated_epoch >= … OR contact_id > …, every 30 s)",
  },
];
