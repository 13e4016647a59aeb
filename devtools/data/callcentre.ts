// callcentre_legacy: contacts, calls (some unidentified), tickets with their events, callbacks.
// Times are epoch seconds. Calls about a web order often quote its reference in the notes.
import { copyLine } from '../../subgraphs/kit/database';
import { REFERENCE_DAY, REFERENCE_INSTANT, WINDOW_START_DAY, dayOf, fromParis, startOfDay, timeOfDay, weekday } from './calendar';
import { EcommercePlan, orderReference } from './ecommerce';
import { formatPhone, phoneDigits } from './identifiers';
import { Contact, World } from './model';
import { activeFrom } from './records';
import { Rng, streamId, weighted } from './random';
import { bool, TableLoad } from './tables';
import { Timeline } from './timeline';

const S_CALLS = streamId('callcentre.contact-calls');
const S_UNIDENTIFIED = streamId('callcentre.unidentified');
const S_CALL = streamId('callcentre.call');
const S_TICKET = streamId('callcentre.ticket');
const S_TICKET_ROW = streamId('callcentre.ticket-row');
const S_EVENT = streamId('callcentre.event');
const S_CALLBACK = streamId('callcentre.callback');

type Reason = 'RECL' | 'SUIVI' | 'INFO' | 'RETOUR' | 'FACT' | 'RESIL';
type Outcome = 'RESOLU' | 'RAPPEL' | 'ESCALADE' | 'ABANDON';
type Category = 'RECLAMATION' | 'SAV' | 'INFO' | 'LITIGE';
type EventKind = 'CREATED' | 'NOTE' | 'ESCALATED' | 'CLOSED';

const QUEUE: Record<Reason, string> = {
  RECL: 'RECLAMATIONS',
  SUIVI: 'COMMANDES',
  INFO: 'INFO',
  RETOUR: 'SAV',
  FACT: 'COMMANDES',
  RESIL: 'INFO',
};
const ORDER_REASONS = weighted<Reason>([['SUIVI', 50], ['RETOUR', 25], ['RECL', 20], ['FACT', 5]]);
const OTHER_REASONS = weighted<Reason>([['INFO', 45], ['RECL', 18], ['SUIVI', 10], ['RETOUR', 10], ['FACT', 10], ['RESIL', 7]]);
const OUTCOMES = weighted<Outcome>([['RESOLU', 70], ['RAPPEL', 12], ['ESCALADE', 10], ['ABANDON', 8]]);
const AGENTS = Array.from({ length: 60 }, (_, i) => `AG${String(101 + i * 7).padStart(4, '0')}`);

export interface CallcentrePlan {
  readonly calls: Timeline;
  /** Index in world.contacts, or -1 for a caller nobody identified. */
  readonly callContact: number[];
  readonly callReason: Reason[];
  readonly callOutcome: Outcome[];
  /** Order plan index the call is about, or -1. */
  readonly callOrder: number[];
  readonly tickets: Timeline;
  readonly ticketCall: number[];
  readonly ticketClosed: number[];
  readonly ticketCategory: Category[];
  readonly events: Timeline;
  readonly eventTicket: number[];
  readonly eventKind: EventKind[];
  readonly callbacks: Timeline;
  readonly callbackCall: number[];
}

/** Opening hours of the call centre, Paris time: weekdays 8:30–19:30, Saturdays 9–17. */
function callInstant(day: number, rng: Rng): number {
  const d = weekday(day) === 0 ? day - 1 : day;
  const [open, close] = weekday(d) === 6 ? [9, 17] : [8.5, 19.5];
  return fromParis(startOfDay(d) + Math.floor((open + rng.float() * (close - open)) * 3600));
}

export function planCallcentre(world: World, ecommerce: EcommercePlan): CallcentrePlan {
  const plan: CallcentrePlan = {
    calls: new Timeline(),
    callContact: [],
    callReason: [],
    callOutcome: [],
    callOrder: [],
    tickets: new Timeline(),
    ticketCall: [],
    ticketClosed: [],
    ticketCategory: [],
    events: new Timeline(),
    eventTicket: [],
    eventKind: [],
    callbacks: new Timeline(),
    callbackCall: [],
  };
  world.contacts.forEach((contact, k) => planContactCalls(world, ecommerce, plan, contact, k));
  const unidentified = Math.round(plan.calls.size * 0.12) + 1;
  for (let u = 0; u < unidentified; u += 1) {
    const rng = new Rng(world.seed, S_UNIDENTIFIED, u);
    addCall(plan, callInstant(rng.int(WINDOW_START_DAY, REFERENCE_DAY - 1), rng), -1, rng.choose(OTHER_REASONS), rng.choose(OUTCOMES), -1);
  }
  for (let call = 0; call < plan.calls.size; call += 1) planFollowUps(world, plan, call);
  return plan;
}

function addCall(plan: CallcentrePlan, instant: number, contact: number, reason: Reason, outcome: Outcome, order: number): void {
  plan.calls.add(instant);
  plan.callContact.push(contact);
  plan.callReason.push(reason);
  plan.callOutcome.push(outcome);
  plan.callOrder.push(order);
}

/** The person's web orders placed while this contact existed (what they may call about). */
function ordersOf(world: World, ecommerce: EcommercePlan, contact: Contact): number[] {
  const orders: number[] = [];
  for (const account of contact.person.accounts) {
    const a = account.id - 1;
    for (let o = ecommerce.accountOrders[a]; o < ecommerce.accountOrders[a + 1]; o += 1) {
      if (ecommerce.orders.time(o) >= contact.created) orders.push(o);
    }
  }
  return orders;
}

function planContactCalls(world: World, ecommerce: EcommercePlan, plan: CallcentrePlan, contact: Contact, k: number): void {
  const rng = new Rng(world.seed, S_CALLS, k);
  const from = activeFrom(dayOf(contact.created));
  const to = contact.person.until;
  if (to < from) return;
  const count = to - from < 60 ? 1 : 1 + rng.geometric(1.2);
  const orders = ordersOf(world, ecommerce, contact);
  for (let i = 0; i < count; i += 1) {
    if (orders.length > 0 && rng.chance(0.45)) {
      const order = rng.pick(orders);
      const day = dayOf(ecommerce.orders.time(order)) + rng.int(1, 20);
      if (day <= to) {
        const instant = Math.max(contact.created + 60, callInstant(day, rng));
        addCall(plan, instant, k, rng.choose(ORDER_REASONS), rng.choose(OUTCOMES), order);
        continue;
      }
    }
    const instant = Math.max(contact.created + 60, callInstant(rng.int(from, to), rng));
    addCall(plan, instant, k, rng.choose(OTHER_REASONS), rng.choose(OUTCOMES), -1);
  }
}

/** Complaints and escalations open tickets; calls ending in RAPPEL ask for a callback. */
function planFollowUps(world: World, plan: CallcentrePlan, call: number): void {
  if (plan.callContact[call] < 0) return;
  const rng = new Rng(world.seed, S_TICKET, call);
  const at = plan.calls.time(call);
  const reason = plan.callReason[call];
  const outcome = plan.callOutcome[call];
  if (outcome === 'RAPPEL') {
    plan.callbacks.add(at + rng.int(60, 900));
    plan.callbackCall.push(call);
  }
  const opens = (reason === 'RECL' && rng.chance(0.6)) || (outcome === 'ESCALADE' && rng.chance(0.8)) || rng.chance(0.03);
  if (!opens) return;
  const category: Category =
    reason === 'RECL' ? (rng.chance(0.85) ? 'RECLAMATION' : 'LITIGE') : outcome === 'ESCALADE' || reason === 'RETOUR' ? 'SAV' : 'INFO';
  const opened = at + rng.int(300, 1800);
  const closes = opened < REFERENCE_INSTANT - 5 * 86_400 && rng.chance(0.9);
  const closed = closes ? Math.min(REFERENCE_INSTANT - 60, opened + rng.int(3600, 20 * 86_400)) : -1;
  const ticket = plan.tickets.add(opened);
  plan.ticketCall.push(call);
  plan.ticketClosed.push(closed);
  plan.ticketCategory.push(category);

  const addEvent = (instant: number, kind: EventKind): void => {
    plan.events.add(instant);
    plan.eventTicket.push(ticket);
    plan.eventKind.push(kind);
  };
  const end = closed >= 0 ? closed : REFERENCE_INSTANT - 60;
  addEvent(opened, 'CREATED');
  for (let n = rng.int(0, 3); n > 0; n -= 1) addEvent(opened + Math.floor(rng.float() * (end - opened)), 'NOTE');
  if (category === 'LITIGE' || rng.chance(0.15)) addEvent(opened + Math.floor(rng.float() * (end - opened)), 'ESCALATED');
  if (closed >= 0) addEvent(closed, 'CLOSED');
}

// ---------------------------------------------------------------- texts

const NOTES: Record<Reason, string[]> = {
  RECL: [
    'Cliente mécontente de la qualité du produit reçu, souhaite un geste commercial.',
    'Réclamation : article arrivé cassé, photos demandées par mail.',
    'Client se plaint de l’accueil en magasin. Remonté au responsable.',
  ],
  SUIVI: ['Demande où en est sa commande.', 'Colis indiqué livré mais non reçu.', 'Souhaite modifier l’adresse de livraison.'],
  INFO: [
    'Demande les horaires du magasin le plus proche.',
    'Question sur le fonctionnement des points fidélité.',
    'Renseignement sur la disponibilité d’un article.',
    'Demande si un article vu en magasin existe en ligne.',
  ],
  RETOUR: ['Souhaite retourner un article, étiquette de retour envoyée.', 'Demande le remboursement d’un retour déposé en magasin.'],
  FACT: ['Demande une facture pour sa commande.', 'Erreur de montant sur la facture, corrigée.'],
  RESIL: ['Souhaite ne plus recevoir de courriers publicitaires.', 'Demande la suppression de son compte web.'],
};

const ORDER_NOTES: Record<Reason, (ref: string) => string> = {
  SUIVI: (ref) => `Client appelle pour le suivi de la commande ${ref}, colis en retard.`,
  RETOUR: (ref) => `Retour d’un article de la commande ${ref}, étiquette envoyée.`,
  RECL: (ref) => `Réclamation sur la commande ${ref} : article endommagé à la livraison.`,
  FACT: (ref) => `Demande la facture de la commande ${ref}.`,
  INFO: (ref) => `Question sur la commande ${ref}.`,
  RESIL: (ref) => `Annulation demandée pour la commande ${ref}.`,
};

const SUBJECTS: Record<Category, string[]> = {
  RECLAMATION: ['Produit défectueux', 'Livraison incomplète', 'Accueil en magasin', 'Remboursement non reçu'],
  SAV: ['Retour article', 'Échange de taille', 'Pièce manquante', 'Garantie appareil'],
  INFO: ['Demande d’information', 'Programme fidélité', 'Disponibilité article'],
  LITIGE: ['Litige transporteur', 'Contestation de prélèvement', 'Litige remboursement'],
};

const EVENT_BODIES: Record<EventKind, string[]> = {
  CREATED: ['Ticket créé suite à appel.'],
  NOTE: ['Client rappelé, en attente de photos.', 'Relance transporteur.', 'Geste commercial proposé : bon de 10 €.', 'Pièce commandée.'],
  ESCALATED: ['Transmis au service litiges.', 'Escaladé au responsable du service client.'],
  CLOSED: ['Clôturé : problème résolu.', 'Clôturé : remboursement effectué.', 'Clôturé sans suite.'],
};

// ---------------------------------------------------------------- rows

function* contactRows(world: World): Iterable<string> {
  for (const c of world.contacts) {
    yield copyLine([c.id, c.phone, c.altPhone, c.email, c.fullName, c.postcode, c.language, bool(c.vip), c.created, c.updated]);
  }
}

/** A number nobody in the generated world holds, as the CTI captured it. */
function unknownNumber(world: World, rng: Rng): string {
  for (;;) {
    const number = `0${rng.chance(0.7) ? rng.int(6, 7) : rng.int(1, 5)}${rng.digits(8)}`;
    if (!world.knownPhones.has(number)) return formatPhone(number, rng.chance(0.6) ? 'e164' : 'compact');
  }
}

function callerNumber(contact: Contact, rng: Rng): string {
  const captured = contact.altPhone && rng.chance(0.15) ? contact.altPhone : contact.phone;
  const digits = phoneDigits(captured) ?? captured;
  return formatPhone(digits, rng.chance(0.6) ? 'e164' : 'compact');
}

function* callRows(world: World, ecommerce: EcommercePlan, plan: CallcentrePlan): Iterable<string> {
  for (const call of plan.calls.inOrder()) {
    const rng = new Rng(world.seed, S_CALL, call);
    const k = plan.callContact[call];
    const contact = k >= 0 ? world.contacts[k] : null;
    const reason = plan.callReason[call];
    const outcome = plan.callOutcome[call];
    const order = plan.callOrder[call];
    const notes = order >= 0 && rng.chance(0.75) ? ORDER_NOTES[reason](orderReference(ecommerce, order)) : rng.pick(NOTES[reason]);
    yield copyLine([
      plan.calls.id(call),
      contact ? contact.id : null,
      contact ? callerNumber(contact, rng) : unknownNumber(world, rng),
      contact && rng.chance(0.08) ? 'O' : 'I',
      QUEUE[reason],
      rng.pick(AGENTS),
      plan.calls.time(call),
      outcome === 'ABANDON' ? rng.int(5, 90) : rng.int(60, 1200),
      reason,
      outcome,
      outcome === 'ABANDON' ? 'Appel abandonné avant prise en charge.' : notes,
    ]);
  }
}

function* ticketRows(world: World, ecommerce: EcommercePlan, plan: CallcentrePlan): Iterable<string> {
  for (const t of plan.tickets.inOrder()) {
    const rng = new Rng(world.seed, S_TICKET_ROW, t);
    const call = plan.ticketCall[t];
    const opened = plan.tickets.time(t);
    const closed = plan.ticketClosed[t];
    const category = plan.ticketCategory[t];
    const order = plan.callOrder[call];
    const status = closed >= 0 ? 'CLOS' : REFERENCE_INSTANT - opened < 86_400 || rng.chance(0.3) ? 'OUVERT' : 'EN_COURS';
    const priority = category === 'LITIGE' ? 1 : category === 'RECLAMATION' ? rng.int(1, 2) : category === 'SAV' ? 2 : 3;
    yield copyLine([
      plan.tickets.id(t),
      world.contacts[plan.callContact[call]].id,
      opened,
      closed >= 0 ? closed : null,
      status,
      category,
      rng.pick(SUBJECTS[category]),
      order >= 0 ? orderReference(ecommerce, order) : null,
      priority,
      closed >= 0 && rng.chance(0.6) ? rng.int(1, 5) : null,
    ]);
  }
}

function* eventRows(world: World, plan: CallcentrePlan): Iterable<string> {
  for (const e of plan.events.inOrder()) {
    const rng = new Rng(world.seed, S_EVENT, e);
    const kind = plan.eventKind[e];
    yield copyLine([plan.events.id(e), plan.tickets.id(plan.eventTicket[e]), plan.events.time(e), kind, rng.pick(AGENTS), rng.pick(EVENT_BODIES[kind])]);
  }
}

function* callbackRows(world: World, plan: CallcentrePlan): Iterable<string> {
  for (const b of plan.callbacks.inOrder()) {
    const rng = new Rng(world.seed, S_CALLBACK, b);
    const requested = plan.callbacks.time(b);
    const start = rng.int(9, 17);
    const done = requested < REFERENCE_INSTANT - 2 * 86_400 ? rng.chance(0.9) : false;
    yield copyLine([
      plan.callbacks.id(b),
      world.contacts[plan.callContact[plan.callbackCall[b]]].id,
      requested,
      timeOfDay(start * 3600),
      timeOfDay((start + rng.int(1, 2)) * 3600),
      bool(done),
    ]);
  }
}

export function callcentreLoads(world: World, ecommerce: EcommercePlan, plan: CallcentrePlan): TableLoad[] {
  const database = 'callcentre';
  return [
    {
      database,
      table: 'contacts',
      columns: ['contact_id', 'phone', 'alt_phone', 'email', 'full_name', 'postcode', 'language', 'vip', 'created_epoch', 'updated_epoch'],
      expectedRows: world.contacts.length,
      rows: () => contactRows(world),
    },
    {
      database,
      table: 'calls',
      columns: ['call_id', 'contact_id', 'ani', 'direction', 'queue', 'agent_id', 'start_epoch', 'duration_s', 'reason_code', 'outcome', 'notes'],
      expectedRows: plan.calls.size,
      rows: () => callRows(world, ecommerce, plan),
    },
    {
      database,
      table: 'tickets',
      columns: ['ticket_id', 'contact_id', 'opened_epoch', 'closed_epoch', 'status', 'category', 'subject', 'order_ref', 'priority', 'satisfaction'],
      expectedRows: plan.tickets.size,
      rows: () => ticketRows(world, ecommerce, plan),
    },
    {
      database,
      table: 'ticket_events',
      columns: ['id', 'ticket_id', 'at_epoch', 'kind', 'author', 'body'],
      expectedRows: plan.events.size,
      rows: () => eventRows(world, plan),
    },
    {
      database,
      table: 'callbacks',
      columns: ['id', 'contact_id', 'requested_epoch', 'window_start', 'window_end', 'done'],
      expectedRows: plan.callbacks.size,
      rows: () => callbackRows(world, plan),
    },
  ];
}
