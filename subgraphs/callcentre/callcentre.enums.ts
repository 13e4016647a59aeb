// The call centre's own codes, as enums (the shared `Reason` comes from schema/common.ts). Every
// field typed by one of these has a raw `…Code` companion holding the legacy value as stored, and is
// null when that value is not one of the codes below (the legacy tool does not enforce them).
import { registerEnumType } from 'type-graphql';

export enum CallDirection {
  INBOUND = 'INBOUND',
  OUTBOUND = 'OUTBOUND',
}
registerEnumType(CallDirection, {
  name: 'CallDirection',
  description: 'Who placed a call (calls.direction).',
  valuesConfig: {
    INBOUND: { description: 'The customer called the call centre (I).' },
    OUTBOUND: { description: 'An agent called the customer (O).' },
  },
});

export enum CallQueue {
  AFTER_SALES = 'AFTER_SALES',
  ORDERS = 'ORDERS',
  COMPLAINTS = 'COMPLAINTS',
  INFORMATION = 'INFORMATION',
}
registerEnumType(CallQueue, {
  name: 'CallQueue',
  description: 'The call-centre queue a call went through (calls.queue).',
  valuesConfig: {
    AFTER_SALES: { description: 'After-sales service (SAV).' },
    ORDERS: { description: 'Web orders: tracking, invoices (COMMANDES).' },
    COMPLAINTS: { description: 'Complaints (RECLAMATIONS).' },
    INFORMATION: { description: 'General information (INFO).' },
  },
});

export enum CallOutcome {
  RESOLVED = 'RESOLVED',
  CALLBACK = 'CALLBACK',
  ESCALATED = 'ESCALATED',
  ABANDONED = 'ABANDONED',
}
registerEnumType(CallOutcome, {
  name: 'CallOutcome',
  description: 'How a call ended (calls.outcome).',
  valuesConfig: {
    RESOLVED: { description: 'The request was dealt with during the call (RESOLU).' },
    CALLBACK: { description: 'The customer is to be called back (RAPPEL); see `Customer.callbackWindows`.' },
    ESCALATED: { description: 'Passed on to another team or a manager (ESCALADE).' },
    ABANDONED: { description: 'The caller hung up before an agent answered (ABANDON).' },
  },
});

export enum TicketStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  CLOSED = 'CLOSED',
}
registerEnumType(TicketStatus, {
  name: 'TicketStatus',
  description: 'Where a call-centre ticket stands (tickets.status).',
  valuesConfig: {
    OPEN: { description: 'Opened, nobody working on it yet (OUVERT).' },
    IN_PROGRESS: { description: 'Being worked on (EN_COURS).' },
    CLOSED: { description: 'Closed (CLOS).' },
  },
});

export enum TicketCategory {
  COMPLAINT = 'COMPLAINT',
  AFTER_SALES = 'AFTER_SALES',
  INFORMATION = 'INFORMATION',
  DISPUTE = 'DISPUTE',
}
registerEnumType(TicketCategory, {
  name: 'TicketCategory',
  description: 'What a call-centre ticket is about (tickets.category).',
  valuesConfig: {
    COMPLAINT: { description: 'A complaint (RECLAMATION).' },
    AFTER_SALES: { description: 'After-sales service: returns, exchanges, warranty (SAV).' },
    INFORMATION: { description: 'A request for information (INFO).' },
    DISPUTE: { description: 'A dispute: carrier, payment, refund (LITIGE).' },
  },
});

export enum TicketPriority {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}
registerEnumType(TicketPriority, {
  name: 'TicketPriority',
  description: 'How urgent a ticket is (tickets.priority: 1 high – 3 low).',
  valuesConfig: {
    HIGH: { description: 'Priority 1.' },
    MEDIUM: { description: 'Priority 2.' },
    LOW: { description: 'Priority 3.' },
  },
});

export enum TicketEventKind {
  CREATED = 'CREATED',
  NOTE = 'NOTE',
  ESCALATED = 'ESCALATED',
  CLOSED = 'CLOSED',
}
registerEnumType(TicketEventKind, {
  name: 'TicketEventKind',
  description: 'What happened to a ticket (ticket_events.kind).',
  valuesConfig: {
    CREATED: { description: 'The ticket was opened.' },
    NOTE: { description: 'An agent added a note.' },
    ESCALATED: { description: 'The ticket was passed on to another team or a manager.' },
    CLOSED: { description: 'The ticket was closed.' },
  },
});
