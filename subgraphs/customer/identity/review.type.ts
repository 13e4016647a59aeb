// The review queue of the probabilistic tier (probabilistic.ts): pairs of records whose match weight
// reached the review threshold but that were not linked automatically, for an agent to decide.
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LegacySystem, PageInfo } from '../../../schema/common';
import { Customer } from '../customer.type';

export enum MatchField {
  NAME = 'name',
  BIRTH_DATE = 'birth_date',
  POSTCODE = 'postcode',
}
registerEnumType(MatchField, {
  name: 'MatchField',
  description: 'A field the probabilistic tier compares between two records.',
  valuesConfig: {
    NAME: { description: 'First name and surname, in every reading of each record’s name.' },
    BIRTH_DATE: { description: 'The birth date.' },
    POSTCODE: { description: 'The postcode of the record’s (first) address.' },
  },
});

export enum MatchLevel {
  EXACT = 'exact',
  CLOSE = 'close',
  NEAR = 'near',
  AREA = 'area',
  DIFFERENT = 'different',
  MISSING = 'missing',
}
registerEnumType(MatchLevel, {
  name: 'MatchLevel',
  description: 'How far two records agree on one field (the README lists the levels of each field).',
  valuesConfig: {
    EXACT: { description: 'The same value (for names: a reading in common, whatever case, accents or order).' },
    CLOSE: { description: 'A name one typo away (one edit, each part at least 80 % alike).' },
    NEAR: {
      description: 'A name two edits away (each part at least 60 % alike), or a birth date with day and month swapped or one digit wrong.',
    },
    AREA: { description: 'Another postcode of the same département (first two digits).' },
    DIFFERENT: { description: 'Different values.' },
    MISSING: { description: 'One of the records lacks the value: it weighs nothing.' },
  },
});

export enum IdentityReviewStatus {
  PENDING = 'pending',
  LINKED = 'linked',
  KEPT_APART = 'kept_apart',
  WITHDRAWN = 'withdrawn',
}
registerEnumType(IdentityReviewStatus, {
  name: 'IdentityReviewStatus',
  description: 'Where a review item stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for an agent.' },
    LINKED: { description: 'An agent found the two records to be one person: their customers were merged by hand.' },
    KEPT_APART: { description: 'An agent found them to be two people: no run links them again.' },
    WITHDRAWN: { description: 'A later resolution run no longer proposes the pair (the data changed).' },
  },
});

@ObjectType({ description: 'The weight one field brought to a pair’s match weight.' })
export class MatchFieldWeight {
  @Field(() => MatchField, { description: 'The field compared.' })
  field!: MatchField;

  @Field(() => MatchLevel, { description: 'How far the two records agree on it.' })
  level!: MatchLevel;

  @Field(() => Float, { description: 'log2(m / u) of that level, in bits: positive for evidence of one person, negative against; 0 when missing.' })
  weight!: number;
}

@ObjectType({ description: 'One record of a review item, and the customer it is linked to now.' })
export class IdentityReviewRecord {
  @Field(() => LegacySystem, { description: 'The system the record lives in.' })
  system!: LegacySystem;

  @Field(() => String, { description: 'The record key in that system.' })
  localKey!: string;

  @Field(() => Customer, { nullable: true, description: 'The customer the record is linked to now; null when it is linked to none.' })
  customer!: Customer | null;
}

@ObjectType({ description: 'Two records that may be one person: the probabilistic tier’s weight was not enough to link them alone.' })
export class IdentityReviewItem {
  @Field(() => ID, { description: 'The item: pass it to `decideReview`.' })
  id!: string;

  @Field(() => [IdentityReviewRecord], { description: 'The two records.' })
  records!: IdentityReviewRecord[];

  @Field(() => Float, { description: 'The match weight in bits: the prior plus the weight of every field.' })
  weight!: number;

  @Field(() => Float, { description: 'The probability that the two are one person, from the weight: 2^w / (1 + 2^w).' })
  probability!: number;

  @Field(() => Float, { description: 'The prior, log2(λ / (1 − λ)), λ the chance that two records taken at random are one person, in the model used.' })
  priorWeight!: number;

  @Field(() => [MatchFieldWeight], { description: 'Level and weight of each field.' })
  fields!: MatchFieldWeight[];

  @Field(() => String, {
    description:
      'Why it was not linked automatically: below_auto_link (weight under the threshold), birth_date_not_exact (a birth date ' +
      'missing or near), name_not_close (names further than a typo), conflict (the merge would join two known birth dates or ' +
      'records kept apart).',
  })
  heldBecause!: string;

  @Field(() => IdentityReviewStatus, { description: 'Where the item stands.' })
  status!: IdentityReviewStatus;

  @Field(() => Date, { description: 'When a run first proposed the pair.' })
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who decided (`<role>:<subject>`); null while pending.' })
  decidedBy!: string | null;
}

@ObjectType({ description: 'An edge of the review queue.' })
export class IdentityReviewEdge {
  @Field(() => IdentityReviewItem, { description: 'The item.' })
  node!: IdentityReviewItem;

  @Field(() => String, { description: 'Cursor of this item: pass it as `after` for the items that follow it.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of the review queue, oldest item first.' })
export class IdentityReviewConnection {
  @Field(() => [IdentityReviewEdge], { description: 'The items with their cursors.' })
  edges!: IdentityReviewEdge[];

  @Field(() => [IdentityReviewItem], { description: 'The items.' })
  nodes!: IdentityReviewItem[];

  @Field(() => PageInfo, { description: 'Whether more items follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'An agent’s decision on a review item.' })
export class DecideIdentityReviewResult {
  @Field(() => ID, { description: 'The audited decision (identity_decision id): a `merge` when linked, a `keep_apart` otherwise.' })
  decisionId!: string;

  @Field(() => IdentityReviewItem, { description: 'The item, decided.' })
  item!: IdentityReviewItem;

  @Field(() => Customer, { nullable: true, description: 'The customer now holding both records when they were linked; null when kept apart.' })
  customer!: Customer | null;
}
