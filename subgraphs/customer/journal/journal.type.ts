// The shared history's types (issue 5): a journal entry, where it happened, the full legacy record
// as an entity its owning subgraph resolves, and the analysts' list and counts.
import { createUnionType, Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Channel, Money, PageInfo, Reason, TouchpointRole } from '../../../schema/common';
import { recordStubs } from './record-stubs';

export enum TouchpointPlaceKind {
  STORE = 'STORE',
  QUEUE = 'QUEUE',
  CAMPAIGN = 'CAMPAIGN',
  WEB = 'WEB',
}
registerEnumType(TouchpointPlaceKind, {
  name: 'TouchpointPlaceKind',
  description: 'The kind of place a touchpoint happened at.',
  valuesConfig: {
    STORE: { description: 'A store; `code` is its store code.' },
    QUEUE: { description: 'A call-centre queue; `code` is the queue (SAV, COMMANDES …).' },
    CAMPAIGN: { description: 'A marketing campaign; `code` is its campaign id.' },
    WEB: { description: 'The web shop.' },
  },
});

// A place's store, owned by the store subgraph: only its key lives here (`resolvable: false`),
// described as its owner describes it (composition keeps one description per type). The records
// behind touchpoints are stubs the channels declare (record-stubs.ts).
@ObjectType({ description: 'A physical store of the chain (store system, table MAGASIN).' })
@Directive('@key(fields: "code", resolvable: false)')
export class Store {
  @Field(() => String, { description: 'Store code, e.g. P001 (MAGASIN.CODE_MAG).' })
  code!: string;
}

/**
 * The full record behind a touchpoint: one member per record type the channels declare
 * (journal/record-stubs.ts), each resolved by the subgraph that owns it.
 */
export const TouchpointRecord = createUnionType({
  name: 'TouchpointRecord',
  description: 'The full legacy record behind a touchpoint, resolved by the subgraph that owns it.',
  types: () => [...recordStubs().values()].map((stub) => stub.entity) as [new () => object],
  resolveType: (value) => value.constructor.name,
});

@ObjectType({ description: 'Where a touchpoint happened.' })
export class TouchpointPlace {
  @Field(() => TouchpointPlaceKind, { description: 'Store, call-centre queue, campaign or web.' })
  kind!: TouchpointPlaceKind;

  @Field(() => String, { nullable: true, description: 'The store code, queue or campaign id; null on the web.' })
  code!: string | null;

  @Field(() => Store, { nullable: true, description: 'The store, when the place is one (resolved by the store subgraph).' })
  store!: Store | null;
}

/** What a history entry and an analyst's interaction share (a base class: not in the schema itself). */
@ObjectType({ description: 'The fields of a journal entry.' })
export abstract class JournalEntryFields {
  @Field(() => ID, { description: 'The journal entry id.' })
  id!: string;

  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field(() => Channel, { description: 'The channel it happened on.' })
  channel!: Channel;

  @Field(() => Reason, { description: 'Why it happened.' })
  reason!: Reason;

  @Field(() => TouchpointRole, { description: 'What it did for the relationship.' })
  role!: TouchpointRole;

  @Field(() => TouchpointPlace, { nullable: true, description: 'Where it happened; null when the legacy record does not say.' })
  place!: TouchpointPlace | null;

  @Field(() => String, { description: 'A short summary, free of personal data.' })
  summary!: string;

  @Field(() => Money, { nullable: true, description: 'The amount, where one exists (negative for a return).' })
  amount!: Money | null;

  @Field(() => String, { description: 'The type of the legacy record behind it: Receipt, Order, Cart, Call, Ticket, Message, Coupon …' })
  recordType!: string;

  @Field(() => String, { description: 'The key of that record in its system.' })
  recordKey!: string;
}

@ObjectType({ description: 'One touchpoint of a customer’s history: when, where, why, and the full record behind it.' })
export class HistoryEntry extends JournalEntryFields {
  @Field(() => TouchpointRecord, {
    nullable: true,
    description:
      'The full legacy record, resolved by its owning subgraph; null for a record gone from its system, or with an ' +
      'error when its system is down.',
  })
  record!: typeof TouchpointRecord | null;
}

@ObjectType({ description: 'An edge of a customer’s history.' })
export class HistoryEdge {
  @Field(() => HistoryEntry, { description: 'The entry.' })
  node!: HistoryEntry;

  @Field(() => String, { description: 'Cursor of this entry: pass it as `after` for the entries that follow it.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of a customer’s history, newest first.' })
export class TouchpointConnection {
  @Field(() => [HistoryEdge], { description: 'The entries of this page with their cursors.' })
  edges!: HistoryEdge[];

  @Field(() => [HistoryEntry], { description: 'The entries of this page.' })
  nodes!: HistoryEntry[];

  @Field(() => PageInfo, { description: 'Where this page ends.' })
  pageInfo!: PageInfo;

  /** Counts the entries the criteria select, when `totalCount` is asked (one statement per batch of customers). */
  countEntries!: () => Promise<number>;
}

@ObjectType({ description: 'A touchpoint across customers, for analysts: no personal data, the customer only as the hub id.' })
export class Interaction extends JournalEntryFields {
  @Field(() => ID, { nullable: true, description: 'The hub id of the customer it belongs to; null when anonymous or not linked yet.' })
  customerId!: string | null;
}

@ObjectType({ description: 'An edge of the interactions list.' })
export class InteractionEdge {
  @Field(() => Interaction, { description: 'The interaction.' })
  node!: Interaction;

  @Field(() => String, { description: 'Cursor of this interaction: pass it as `after` for the ones that follow.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of interactions, newest first.' })
export class InteractionConnection {
  @Field(() => [InteractionEdge], { description: 'The interactions of this page with their cursors.' })
  edges!: InteractionEdge[];

  @Field(() => [Interaction], { description: 'The interactions of this page.' })
  nodes!: Interaction[];

  @Field(() => PageInfo, { description: 'Where this page ends.' })
  pageInfo!: PageInfo;
}

@InputType({ description: 'Which interactions: every given criterion must hold; all when none is given.' })
export class InteractionFilter {
  @Field(() => [Channel], { nullable: true, description: 'Only these channels.' })
  channels?: Channel[] | null;

  @Field(() => [Reason], { nullable: true, description: 'Only these reasons.' })
  reasons?: Reason[] | null;

  @Field(() => [TouchpointRole], { nullable: true, description: 'Only these roles.' })
  roles?: TouchpointRole[] | null;

  @Field(() => String, { nullable: true, description: 'Only at this store (store code, e.g. P001).' })
  storeCode?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only from this instant (included).' })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only before this instant (excluded).' })
  until?: Date | null;

  @Field(() => ID, { nullable: true, description: 'Only this customer’s (hub id).' })
  customerId?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only entries whose full record is of these types (`recordType`): Receipt, LoyaltyMovement, Order, Cart, Search, ' +
      'Review, Call, Ticket, CallbackWindow, Message, Coupon, MarketingConsent — e.g. [Call] for calls without ticket steps.',
  })
  recordTypes?: string[] | null;
}

export enum InteractionGroup {
  CHANNEL = 'CHANNEL',
  REASON = 'REASON',
  ROLE = 'ROLE',
  STORE = 'STORE',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  RECORD_TYPE = 'RECORD_TYPE',
}
registerEnumType(InteractionGroup, {
  name: 'InteractionGroup',
  description: 'What interaction counts are grouped by. At most one of DAY, WEEK, MONTH.',
  valuesConfig: {
    CHANNEL: { description: 'By channel.' },
    REASON: { description: 'By reason.' },
    ROLE: { description: 'By role.' },
    STORE: { description: 'By store (interactions not at a store fall in one group with a null store).' },
    DAY: { description: 'By day (Paris calendar).' },
    WEEK: { description: 'By week, starting on Monday (Paris calendar).' },
    MONTH: { description: 'By month (Paris calendar).' },
    RECORD_TYPE: { description: 'By the type of the record behind each interaction (Call, Ticket, CallbackWindow …).' },
  },
});

@ObjectType({ description: 'The number of interactions of one group; a field not grouped by is null.' })
export class InteractionCount {
  @Field(() => Channel, { nullable: true, description: 'The channel, when grouped by CHANNEL.' })
  channel!: Channel | null;

  @Field(() => Reason, { nullable: true, description: 'The reason, when grouped by REASON.' })
  reason!: Reason | null;

  @Field(() => TouchpointRole, { nullable: true, description: 'The role, when grouped by ROLE.' })
  role!: TouchpointRole | null;

  @Field(() => String, { nullable: true, description: 'The store code, when grouped by STORE and the interaction was at a store.' })
  storeCode!: string | null;

  @Field(() => String, { nullable: true, description: 'The first day of the period (YYYY-MM-DD), when grouped by DAY, WEEK or MONTH.' })
  period!: string | null;

  @Field(() => String, { nullable: true, description: 'The type of the record behind the interactions, when grouped by RECORD_TYPE.' })
  recordType!: string | null;

  @Field(() => Int, { description: 'How many interactions.' })
  count!: number;
}
