// Anticipated needs (issue 15 item 3): what the channels and the hub share. Each channel computes
// the needs its own records show (points expiring, a card expiring, an abandoned cart, a ticket
// without follow-up, a callback not made) and gives the dated purchases of articles that
// replenishment is computed from, on an internal Customer field (`<system>Needs`, @inaccessible,
// no arguments); the hub's `Customer.anticipatedNeeds` @requires every such field the registry
// declares (subgraphs/customer/needs/), adds what it owns itself (consent about to lapse), merges
// purchases across channels, filters, and orders by due date. Nothing is copied: every answer is
// computed from the legacy tables at request time.
//
// What a principal may be told is decided per need, by the data class of its kind (the same role ×
// class table as every field: kit/access/policy.ts) and, for a need built from purchase behaviour
// (replenishment), the customer's profiling consent (kit/access/consent-check.ts, as for
// usualBasket). A channel computes only the kinds the principal may see (nothing is read for
// nothing); the hub decides again before serving.
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { checkConsent, ConsentFacts, PROFILING } from './access/consent-check';
import { classify, DataClass, decide, SubgraphPolicy } from './access/policy';
import type { Principal } from './access/principal';

export enum NeedKind {
  LOYALTY_POINTS_EXPIRING = 'LOYALTY_POINTS_EXPIRING',
  PAYMENT_CARD_EXPIRING = 'PAYMENT_CARD_EXPIRING',
  ABANDONED_CART = 'ABANDONED_CART',
  TICKET_WITHOUT_FOLLOW_UP = 'TICKET_WITHOUT_FOLLOW_UP',
  CALLBACK_NOT_MADE = 'CALLBACK_NOT_MADE',
  REPLENISHMENT_DUE = 'REPLENISHMENT_DUE',
  CONSENT_LAPSING = 'CONSENT_LAPSING',
}

/** Each kind: the data class it reveals, whether it is built from behaviour (profiling), what raises it. */
export const NEED_KINDS: Readonly<Record<NeedKind, { dataClass: DataClass; profiling: boolean; description: string }>> = {
  LOYALTY_POINTS_EXPIRING: { dataClass: 'activity', profiling: false, description: 'Loyalty points of an active card expire within 30 days.' },
  PAYMENT_CARD_EXPIRING: { dataClass: 'payment', profiling: false, description: 'A saved payment card ends within 60 days (or ended within 30) and no other saved card outlasts it.' },
  ABANDONED_CART: { dataClass: 'activity', profiling: false, description: 'A web cart with articles, never ordered, untouched for more than 3 days (and at most 30).' },
  TICKET_WITHOUT_FOLLOW_UP: { dataClass: 'activity', profiling: false, description: 'A ticket still open with no step for 7 days (2 for a high-priority ticket).' },
  CALLBACK_NOT_MADE: { dataClass: 'activity', profiling: false, description: 'A callback requested in the last 30 days, not done, its window passed, no outbound call since.' },
  REPLENISHMENT_DUE: { dataClass: 'profiling', profiling: true, description: 'An article bought regularly (store and web) is due again: last purchase plus the usual interval. Profiling: only with profiling consent.' },
  CONSENT_LAPSING: { dataClass: 'consent', profiling: false, description: 'A consent granted 36 months ago or more, or reaching that age within 60 days: time to ask again.' },
};

registerEnumType(NeedKind, {
  name: 'NeedKind',
  description: 'What a customer is anticipated to need.',
  valuesConfig: Object.fromEntries(Object.entries(NEED_KINDS).map(([kind, { description }]) => [kind, { description }])),
});

const INTERNAL = 'Internal to the graph (@inaccessible): ';

@ObjectType({ description: `${INTERNAL}a legacy record a need rests on.` })
@Directive('@shareable')
@Directive('@inaccessible')
export class NeedRecordRef {
  @Field(() => String, { description: 'The legacy system (its registry name, e.g. store).' })
  system!: string;

  @Field(() => String, { description: 'The graph type that resolves the record (Receipt, Order, Ticket …), or its legacy table.' })
  recordType!: string;

  @Field(() => String, { description: 'The record key in its system.' })
  key!: string;

  @Field(() => Date, { nullable: true, description: 'When the record happened, when it says.' })
  at!: Date | null;
}

@ObjectType({ description: `${INTERNAL}a need one channel found in its own records.` })
@Directive('@shareable')
@Directive('@inaccessible')
export class NeedSignal {
  @Field(() => String, { description: 'Its NeedKind value.' })
  kind!: string;

  @Field(() => String, { description: 'Stable within its kind and system: the record it is about.' })
  key!: string;

  @Field(() => Date, { description: 'When to act by.' })
  dueAt!: Date;

  @Field(() => String, { description: 'Why, in plain words, free of personal data beyond the need itself.' })
  reason!: string;

  @Field(() => String, { description: 'What to suggest or do.' })
  action!: string;

  @Field(() => [NeedRecordRef], { description: 'The records it rests on.' })
  evidence!: NeedRecordRef[];
}

@ObjectType({ description: `${INTERNAL}an article bought on one day.` })
@Directive('@shareable')
@Directive('@inaccessible')
export class ArticlePurchase {
  @Field(() => String, { description: 'The day, YYYY-MM-DD on the Paris calendar.' })
  day!: string;

  @Field(() => Int, { description: 'Units bought that day.' })
  quantity!: number;

  @Field(() => NeedRecordRef, { description: 'The receipt or order (the latest of the day).' })
  record!: NeedRecordRef;
}

@ObjectType({ description: `${INTERNAL}the days an article was bought in one channel, for replenishment.` })
@Directive('@shareable')
@Directive('@inaccessible')
export class ArticlePurchases {
  @Field(() => String, { description: 'The article (EAN-13).' })
  ean!: string;

  @Field(() => String, { nullable: true, description: 'Its label in that channel.' })
  label!: string | null;

  @Field(() => [ArticlePurchase], { description: 'The days it was bought, newest first.' })
  purchases!: ArticlePurchase[];
}

@ObjectType({ description: `${INTERNAL}what one channel contributes to Customer.anticipatedNeeds.` })
@Directive('@shareable')
@Directive('@inaccessible')
export class ChannelNeeds {
  @Field(() => [NeedSignal], { description: 'The needs its records show.' })
  needs!: NeedSignal[];

  @Field(() => [ArticlePurchases], {
    description: 'Articles bought in the replenishment window, by day (empty unless replenishment may be served).',
  })
  purchases!: ArticlePurchases[];
}

/** What the hub @requires of each channel's needs field (no arguments anywhere: see DESIGN). */
export const CHANNEL_NEEDS_SELECTION =
  'needs { kind key dueAt reason action evidence { system recordType key at } } ' +
  'purchases { ean label purchases { day quantity record { system recordType key at } } }';

/** The channel's internal Customer field by convention: `store` → `storeNeeds`, `pos_v2` → `posV2Needs`. */
export function needsFieldOf(system: string): string {
  return `${system.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Needs`;
}

/** The policy of the internal types, for every subgraph that declares them (open: hidden from clients). */
export const NEEDS_TYPES_POLICY: SubgraphPolicy = {
  ChannelNeeds: classify('internal', 'needs', 'purchases'),
  NeedSignal: classify('internal', 'kind', 'key', 'dueAt', 'reason', 'action', 'evidence'),
  NeedRecordRef: classify('internal', 'system', 'recordType', 'key', 'at'),
  ArticlePurchases: classify('internal', 'ean', 'label', 'purchases'),
  ArticlePurchase: classify('internal', 'day', 'quantity', 'record'),
};

/**
 * The kinds this principal may be told about this customer: the role's grant for the kind's data
 * class (own, yes …), then for a profiling kind the customer's profiling consent (the customer
 * themself and the privacy officer excepted, as for every profiling field). `facts`: the consent in
 * force as it reached the subgraph (null: unknown, and a profiling kind is then refused).
 */
export function servableKinds(principal: Principal, customer: { id: string }, subgraph: string, facts: ConsentFacts | null): Set<NeedKind> {
  const kinds = new Set<NeedKind>();
  for (const [kind, { dataClass, profiling }] of Object.entries(NEED_KINDS) as [NeedKind, (typeof NEED_KINDS)[NeedKind]][]) {
    if (!decide(principal, dataClass, 'Customer', customer, subgraph).allowed) continue;
    if (profiling && !checkConsent(principal, PROFILING, facts, null, undefined).allowed) continue;
    kinds.add(kind);
  }
  return kinds;
}

/** A record reference. */
export function recordRef(system: string, recordType: string, key: string, at: Date | null = null): NeedRecordRef {
  return Object.assign(new NeedRecordRef(), { system, recordType, key, at });
}

/** A need found by a channel. */
export function needSignal(kind: NeedKind, key: string, dueAt: Date, reason: string, action: string, evidence: NeedRecordRef[]): NeedSignal {
  return Object.assign(new NeedSignal(), { kind, key, dueAt, reason, action, evidence });
}

/** `YYYY-MM-DD` of a Date, in UTC (dates built from calendar days are at UTC midnight). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
