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
import { registerEnumType } from 'type-graphql';
import { checkConsent, ConsentFacts, PROFILING } from './access/consent-check';
import { DataClass, decide } from './access/policy';
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

/**
 * What one channel contributes, as the value of its internal field: a JSON object (GraphQLJSONObject),
 * not object types. A computed (@requires) field returning an object type shared by several
 * subgraphs makes Hive Gateway refuse the supergraph ("Multiple canonical definitions"): each
 * subgraph's computed field would isolate the same type. A scalar also spares every channel from
 * re-declaring the hub's types (the reason consentGrants is one). The hub checks what it receives.
 */
export interface ChannelNeeds {
  /** The needs its records show. */
  needs: NeedSignal[];
  /** Articles bought in the replenishment window, by day (empty unless replenishment may be served). */
  purchases: ArticlePurchases[];
}

/** A legacy record a need rests on. */
export interface NeedRecordRef {
  /** The legacy system (its registry name, e.g. store). */
  system: string;
  /** The graph type that resolves the record (Receipt, Order, Ticket …), or what it is. */
  recordType: string;
  key: string;
  /** When the record happened (ISO instant), when it says. */
  at: string | null;
}

/** A need one channel found in its own records. */
export interface NeedSignal {
  /** Its NeedKind value. */
  kind: string;
  /** Stable within its kind and system: the record it is about. */
  key: string;
  /** When to act by (ISO instant). */
  dueAt: string;
  /** Why, in plain words, free of personal data beyond the need itself. */
  reason: string;
  /** What to suggest or do. */
  action: string;
  evidence: NeedRecordRef[];
}

/** The days an article was bought in one channel, newest first, for replenishment. */
export interface ArticlePurchases {
  /** EAN-13. */
  ean: string;
  label: string | null;
  /** Each day (YYYY-MM-DD, Paris calendar), the units bought and the receipt or order (the latest of the day). */
  purchases: { day: string; quantity: number; record: NeedRecordRef }[];
}

/** The channel's internal Customer field by convention: `store` → `storeNeeds`, `pos_v2` → `posV2Needs`. */
export function needsFieldOf(system: string): string {
  return `${system.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Needs`;
}

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
  return { system, recordType, key, at: at ? at.toISOString() : null };
}

/** A need found by a channel. */
export function needSignal(kind: NeedKind, key: string, dueAt: Date, reason: string, action: string, evidence: NeedRecordRef[]): NeedSignal {
  return { kind, key, dueAt: dueAt.toISOString(), reason, action, evidence };
}

/** The description every channel gives its needs field. */
export function needsFieldDescription(what: string): string {
  return `Internal (@inaccessible): ${what}, for Customer.anticipatedNeeds, as a JSON object { needs, purchases } (kit/needs.ts ChannelNeeds).`;
}

/** `YYYY-MM-DD` of a Date, in UTC (dates built from calendar days are at UTC midnight). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
