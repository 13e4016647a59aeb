// store_legacy: stores, loyalty cards, receipts with their lines, and the points ledger.
import { copyLine } from '../../subgraphs/kit/database';
import {
  REFERENCE_DAY,
  WINDOW_START_DAY,
  compactDate,
  compactDateTime,
  compactTime,
  dayOf,
  fromParis,
  startOfDay,
  toParis,
  weekday,
} from './calendar';
import { PRODUCT_TABLE, Product, STORES, STORES_BY_TOWN, Store, storeFor, storeIsOpen } from './catalogue';
import { plain } from './identifiers';
import { Card, World } from './model';
import { activeFrom } from './records';
import { Rng, streamId, weighted } from './random';
import { TableLoad } from './tables';
import { Timeline } from './timeline';

/** Receipt numbers continue a numbering that started long before the generated years. */
export const TICKET_NUMBER_BASE = 40_000_000;
const POINTS_VALIDITY_DAYS = 365;
const WELCOME_POINTS = 100;
const VOUCHER_POINTS = 500;

const S_CARD_TICKETS = streamId('store.card-tickets');
const S_ANONYMOUS = streamId('store.anonymous-tickets');
const S_TICKET = streamId('store.ticket');
const S_LEDGER = streamId('store.ledger');

const PAYMENTS = weighted<string>([['CB', 68], ['ES', 20], ['CH', 3], ['BA', 9]]);
const MOTIFS = ['ACHAT', 'BIENVENUE', 'CADEAU', 'EXPIR'] as const;
enum Motif {
  Purchase = 0,
  Welcome = 1,
  Voucher = 2,
  Expiry = 3,
}

export interface StorePlan {
  readonly tickets: Timeline;
  /** Index in world.cards of each planned receipt, -1 for an anonymous one. */
  readonly ticketCard: number[];
  /** Receipts of card c are the plan indexes cardTickets[c] … cardTickets[c + 1] - 1, oldest first. */
  readonly cardTickets: Int32Array;
  readonly cardIndex: Map<Card, number>;
  readonly amount: Int32Array;
  readonly lineCount: Uint8Array;
  readonly isReturn: Uint8Array;
  readonly store: Uint8Array;
  readonly till: Uint8Array;
  readonly payment: string[];
  readonly lines: number;
  readonly moves: Timeline;
  readonly moveCard: number[];
  readonly movePoints: number[];
  readonly moveMotif: number[];
  readonly moveExpiry: number[];
  readonly moveTicket: number[];
}

/** A shopping moment, Paris time: Monday to Saturday, busier late afternoon; a few Sunday mornings. */
function shoppingInstant(day: number, rng: Rng): number {
  let d = day;
  if (weekday(d) === 0 && rng.chance(0.8)) d -= 1;
  const close = weekday(d) === 0 ? 12.75 : 19.75;
  const hour = 9.5 + ((rng.float() + rng.float() + rng.float() * 1.3) / 3.3) * (close - 9.5);
  return fromParis(startOfDay(d) + Math.floor(hour * 3600));
}

export function ticketNumber(plan: StorePlan, index: number): number {
  return TICKET_NUMBER_BASE + plan.tickets.id(index);
}

export function planStore(world: World): StorePlan {
  const tickets = new Timeline();
  const ticketCard: number[] = [];
  const cardTickets = new Int32Array(world.cards.length + 1);
  world.cards.forEach((card, c) => {
    cardTickets[c] = tickets.size;
    for (const instant of cardTicketTimes(world.seed, card, c)) {
      tickets.add(instant);
      ticketCard.push(c);
    }
  });
  cardTickets[world.cards.length] = tickets.size;
  // About one receipt in four is anonymous: no card shown at the till.
  const anonymous = Math.round(tickets.size * 0.3) + 1;
  for (let k = 0; k < anonymous; k += 1) {
    const rng = new Rng(world.seed, S_ANONYMOUS, k);
    tickets.add(shoppingInstant(rng.int(WINDOW_START_DAY, REFERENCE_DAY - 1), rng));
    ticketCard.push(-1);
  }

  const plan = summariseTickets(world, tickets, ticketCard, cardTickets);
  planLedger(world, plan);
  return plan;
}

function cardTicketTimes(seed: number, card: Card, c: number): number[] {
  const rng = new Rng(seed, S_CARD_TICKETS, c);
  const from = activeFrom(card.created);
  const to = Math.min(card.closed ?? card.person.until, card.person.until);
  if (to < from) return [];
  const count = rng.poisson((card.person.storeRate * (to - from + 1)) / 365);
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const instant = shoppingInstant(rng.int(from, to), rng);
    if (dayOf(toParis(instant)) >= from) times.push(instant);
  }
  return times.sort((a, b) => a - b);
}

interface TicketContent {
  store: Store;
  till: number;
  payment: string;
  isReturn: boolean;
  lines: { product: Product; quantity: number }[];
  amount: number;
}

function openStoreOn(day: number, rng: Rng): Store {
  for (;;) {
    const store = rng.pick(STORES);
    if (storeIsOpen(store, day)) return store;
  }
}

/** Card holders shop near home, now and then at the next store, rarely far away (holidays). */
function cardHolderStore(card: Card, day: number, rng: Rng): Store {
  const x = rng.float();
  if (x < 0.85) return storeFor(card.person.town, day);
  if (x < 0.98) {
    const near = STORES_BY_TOWN.get(card.person.town)!.filter((store) => storeIsOpen(store, day));
    if (near.length > 0) return rng.pick(near);
  }
  return openStoreOn(day, rng);
}

/** A receipt's store, till, lines and payment: drawn from its own stream, so it can be redrawn. */
function ticketContent(world: World, tickets: Timeline, ticketCard: readonly number[], index: number): TicketContent {
  const rng = new Rng(world.seed, S_TICKET, index);
  const day = dayOf(toParis(tickets.time(index)));
  const card = ticketCard[index] >= 0 ? world.cards[ticketCard[index]] : null;
  const store = card ? cardHolderStore(card, day, rng) : openStoreOn(day, rng);
  const isReturn = rng.chance(card ? 0.04 : 0.02);
  const count = isReturn ? rng.int(1, 2) : Math.min(12, 1 + rng.geometric(1.3));
  const lines: TicketContent['lines'] = [];
  let amount = 0;
  for (let i = 0; i < count; i += 1) {
    const product = rng.choose(PRODUCT_TABLE);
    const quantity = (product.priceCents > 5000 || rng.chance(0.8) ? 1 : rng.int(2, 4)) * (isReturn ? -1 : 1);
    lines.push({ product, quantity });
    amount += quantity * product.priceCents;
  }
  const payment = isReturn ? (rng.chance(0.7) ? 'CB' : 'BA') : rng.choose(PAYMENTS);
  return { store, till: rng.int(1, 8), payment, isReturn, lines, amount };
}

function summariseTickets(world: World, tickets: Timeline, ticketCard: number[], cardTickets: Int32Array): StorePlan {
  const n = tickets.size;
  const amount = new Int32Array(n);
  const lineCount = new Uint8Array(n);
  const isReturn = new Uint8Array(n);
  const store = new Uint8Array(n);
  const till = new Uint8Array(n);
  const payment: string[] = new Array<string>(n);
  let lines = 0;
  for (let i = 0; i < n; i += 1) {
    const content = ticketContent(world, tickets, ticketCard, i);
    amount[i] = content.amount;
    lineCount[i] = content.lines.length;
    isReturn[i] = content.isReturn ? 1 : 0;
    store[i] = content.store.index;
    till[i] = content.till;
    payment[i] = content.payment;
    lines += content.lines.length;
  }
  return {
    tickets,
    ticketCard,
    cardTickets,
    cardIndex: new Map(world.cards.map((card, c) => [card, c])),
    amount,
    lineCount,
    isReturn,
    store,
    till,
    payment,
    lines,
    moves: new Timeline(),
    moveCard: [],
    movePoints: [],
    moveMotif: [],
    moveExpiry: [],
    moveTicket: [],
  };
}

/**
 * The points ledger of each card: 1 point per euro spent, valid a year; a welcome gift for cards
 * issued in the window; 500 points turned into a voucher at the till; returns take points back;
 * what is left of a year-old purchase expires (EXPIR). Lots are used oldest first.
 */
function planLedger(world: World, plan: StorePlan): void {
  world.cards.forEach((card, c) => {
    const rng = new Rng(world.seed, S_LEDGER, c);
    const lots: { expiry: number; left: number }[] = [];
    const move = (instant: number, points: number, motif: Motif, expiry: number, ticket: number): void => {
      plan.moveCard.push(c);
      plan.movePoints.push(points);
      plan.moveMotif.push(motif);
      plan.moveExpiry.push(expiry);
      plan.moveTicket.push(ticket);
      plan.moves.add(instant);
    };
    const expireBefore = (day: number): void => {
      for (const lot of lots) {
        if (lot.left > 0 && lot.expiry < day) {
          move(fromParis(startOfDay(lot.expiry) + 1800), -lot.left, Motif.Expiry, -1, -1);
          lot.left = 0;
        }
      }
    };
    const spend = (points: number): number => {
      let wanted = points;
      for (const lot of lots) {
        const used = Math.min(lot.left, wanted);
        lot.left -= used;
        wanted -= used;
      }
      return points - wanted;
    };
    const balance = (): number => lots.reduce((sum, lot) => sum + lot.left, 0);

    if (card.created >= WINDOW_START_DAY) {
      const expiry = card.created + POINTS_VALIDITY_DAYS;
      move(fromParis(startOfDay(card.created) + 10 * 3600), WELCOME_POINTS, Motif.Welcome, expiry, -1);
      lots.push({ expiry, left: WELCOME_POINTS });
    }
    for (let t = plan.cardTickets[c]; t < plan.cardTickets[c + 1]; t += 1) {
      const instant = plan.tickets.time(t);
      const day = dayOf(toParis(instant));
      expireBefore(day);
      const points = Math.trunc(Math.abs(plan.amount[t]) / 100);
      if (plan.isReturn[t]) {
        const taken = spend(points);
        if (taken > 0) move(instant + 1, -taken, Motif.Purchase, -1, t);
      } else if (points > 0) {
        move(instant + 1, points, Motif.Purchase, day + POINTS_VALIDITY_DAYS, t);
        lots.push({ expiry: day + POINTS_VALIDITY_DAYS, left: points });
        if (balance() >= VOUCHER_POINTS && rng.chance(0.4)) move(instant + 2, -spend(VOUCHER_POINTS), Motif.Voucher, -1, t);
      }
    }
    expireBefore(REFERENCE_DAY);
  });
}

// ---------------------------------------------------------------- rows

function* storeRows(): Iterable<string> {
  for (const store of STORES) {
    const open = store.closedDay === null || store.closedDay > REFERENCE_DAY;
    yield copyLine([store.code, store.label, store.town, store.postcode, store.lat.toFixed(6), store.lon.toFixed(6), open ? 'O' : 'N']);
  }
}

function* cardRows(world: World): Iterable<string> {
  for (const card of world.cards) {
    const p = card.person;
    yield copyLine([
      card.num,
      card.civility,
      card.nom.slice(0, 40),
      card.prenom.slice(0, 40),
      card.tel,
      card.email,
      card.adr1,
      p.postcode,
      plain(p.town.name).toUpperCase().slice(0, 40),
      card.birth,
      compactDate(card.created),
      card.store.code,
      card.head ? card.head.num : null,
      card.closed === null ? 'A' : 'R',
      card.optSms ? 'O' : 'N',
      compactDateTime(card.updatedWall),
    ]);
  }
}

function* ticketRows(world: World, plan: StorePlan): Iterable<string> {
  for (const i of plan.tickets.inOrder()) {
    const local = toParis(plan.tickets.time(i));
    const c = plan.ticketCard[i];
    yield copyLine([
      ticketNumber(plan, i),
      STORES[plan.store[i]].code,
      compactDate(dayOf(local)),
      compactTime(local),
      plan.till[i],
      c >= 0 ? world.cards[c].num : null,
      plan.amount[i],
      plan.payment[i],
      plan.isReturn[i] ? 'R' : 'V',
    ]);
  }
}

function* lineRows(world: World, plan: StorePlan): Iterable<string> {
  for (const i of plan.tickets.inOrder()) {
    const number = ticketNumber(plan, i);
    const { lines } = ticketContent(world, plan.tickets, plan.ticketCard, i);
    for (let k = 0; k < lines.length; k += 1) {
      const { product, quantity } = lines[k];
      yield copyLine([number, k + 1, product.ean, product.label, quantity, product.priceCents]);
    }
  }
}

function* moveRows(world: World, plan: StorePlan): Iterable<string> {
  const { moves } = plan;
  for (const m of moves.inOrder()) {
    const ticket = plan.moveTicket[m];
    const expiry = plan.moveExpiry[m];
    yield copyLine([
      moves.id(m),
      world.cards[plan.moveCard[m]].num,
      compactDate(dayOf(toParis(moves.time(m)))),
      plan.movePoints[m],
      MOTIFS[plan.moveMotif[m]],
      expiry >= 0 ? compactDate(expiry) : null,
      ticket >= 0 ? ticketNumber(plan, ticket) : null,
    ]);
  }
}

export function storeLoads(world: World, plan: StorePlan): TableLoad[] {
  const database = 'store';
  return [
    {
      database,
      table: 'MAGASIN',
      columns: ['CODE_MAG', 'LIBELLE', 'VILLE', 'CP', 'LAT', 'LON', 'OUVERT'],
      expectedRows: STORES.length,
      rows: storeRows,
    },
    {
      database,
      table: 'CARTE_FIDELITE',
      columns: ['NUM_CARTE', 'CIVILITE', 'NOM', 'PRENOM', 'TEL', 'EMAIL', 'ADR1', 'CP', 'VILLE', 'DATE_NAIS', 'DATE_CREATION', 'MAG_CREATION', 'NUM_FOYER', 'STATUT', 'OPT_SMS', 'DATE_MAJ'],
      expectedRows: world.cards.length,
      rows: () => cardRows(world),
    },
    {
      database,
      table: 'TICKET',
      columns: ['NUM_TICKET', 'CODE_MAG', 'DATE_TICKET', 'HEURE_TICKET', 'NUM_CAISSE', 'NUM_CARTE', 'MONTANT_TTC_CTS', 'MODE_PAIEMENT', 'TYPE'],
      expectedRows: plan.tickets.size,
      rows: () => ticketRows(world, plan),
    },
    {
      database,
      table: 'LIGNE_TICKET',
      columns: ['NUM_TICKET', 'NUM_LIGNE', 'EAN', 'LIBELLE_ART', 'QTE', 'PU_TTC_CTS'],
      expectedRows: plan.lines,
      rows: () => lineRows(world, plan),
    },
    {
      database,
      table: 'MOUVEMENT_POINTS',
      columns: ['ID_MVT', 'NUM_CARTE', 'DATE_MVT', 'POINTS', 'MOTIF', 'DATE_EXPIRATION', 'NUM_TICKET'],
      expectedRows: plan.moves.size,
      rows: () => moveRows(world, plan),
    },
  ];
}
