// Customer.anticipatedNeeds as clients read it (issue 15 item 3): what the customer is likely to
// need, why, by when, what to suggest, and the records it rests on.
import { Field, ID, ObjectType } from 'type-graphql';
import { LegacySystem } from '../../../schema/common';
import { NeedKind } from '../../kit/needs';
import { TouchpointRecord } from '../journal/journal.type';

@ObjectType({ description: 'A legacy record a need rests on: its system, type and key (no more personal data than the reference).' })
export class NeedEvidence {
  @Field(() => LegacySystem, { description: 'The system that holds the record.' })
  system!: LegacySystem;

  @Field(() => String, {
    description:
      'What the record is: a graph type when one resolves it (Receipt, LoyaltyMovement, Order, Cart, Ticket, CallbackWindow), ' +
      'otherwise LoyaltyAccount (a card number), PaymentMethod (payment_methods.id) or ConsentDecision (the decision row).',
  })
  recordType!: string;

  @Field(() => String, { description: 'The record key in its system.' })
  key!: string;

  @Field(() => Date, { nullable: true, description: 'When the record happened, when it says (a purchase, a request, a decision).' })
  at!: Date | null;

  @Field(() => TouchpointRecord, {
    nullable: true,
    description: 'The full record, resolved by the subgraph that owns it, for the types the history knows; null for the others.',
  })
  record!: typeof TouchpointRecord | null;
}

@ObjectType({ description: 'A need the graph anticipates for a customer, computed from the channels’ records at the time of the request.' })
export class AnticipatedNeed {
  @Field(() => ID, { description: 'Stable while the need lasts: its kind and the record it is about.' })
  id!: string;

  @Field(() => NeedKind, { description: 'What kind of need.' })
  kind!: NeedKind;

  @Field(() => Date, { description: 'When to act by (past: overdue).' })
  dueAt!: Date;

  @Field(() => Boolean, { description: 'True when dueAt has passed.' })
  overdue!: boolean;

  @Field(() => String, { description: 'Why, in plain words.' })
  reason!: string;

  @Field(() => String, { description: 'What to suggest or do.' })
  suggestedAction!: string;

  @Field(() => [NeedEvidence], { description: 'The records the need rests on.' })
  evidence!: NeedEvidence[];
}
