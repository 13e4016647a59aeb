// The consent in force on the hub's Customer (consent.resolver.ts): per purpose × contact medium,
// with the decision behind it, and a compact form for channels to enforce.
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ConsentPurpose, ContactMedium, LegacySystem } from '../../../schema/common';

export { ConsentPurpose, ContactMedium };

export enum ConsentState {
  GRANTED = 'GRANTED',
  REFUSED = 'REFUSED',
  NEVER_ASKED = 'NEVER_ASKED',
}
registerEnumType(ConsentState, {
  name: 'ConsentState',
  description: 'Where a customer stands for one purpose and contact medium.',
  valuesConfig: {
    GRANTED: { description: 'An explicit grant is in force.' },
    REFUSED: { description: 'An explicit refusal (or withdrawal) is in force.' },
    NEVER_ASKED: { description: 'No system holds a decision: not granted.' },
  },
});

@ObjectType({ description: 'The legacy record a consent decision was made on.' })
export class ConsentRecordRef {
  @Field(() => LegacySystem, { description: 'The system the record lives in.' })
  system!: LegacySystem;

  @Field(() => String, { description: 'The record’s key in its system (card number, web account id, marketing contact UUID).' })
  localKey!: string;
}

@ObjectType({
  description:
    'The consent in force for one purpose and contact medium, with its provenance. Within one legacy record the latest ' +
    'decision wins; across a customer’s records a refusal stands unless a grant was made after it and after both records ' +
    'were linked into this customer (a merge never weakens consent); then the most recent decision wins. No decision: not granted.',
})
export class ConsentInForce {
  @Field(() => ConsentPurpose, { description: 'What the consent is for.' })
  purpose!: ConsentPurpose;

  @Field(() => ContactMedium, { description: 'How the customer would be contacted.' })
  channel!: ContactMedium;

  @Field(() => Boolean, { description: 'True only when an explicit grant is in force; false when refused or never asked.' })
  granted!: boolean;

  @Field(() => ConsentState, { description: 'Granted, refused, or never asked.' })
  state!: ConsentState;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the decision in force was made; null when never asked. For a flag kept without history (web shop newsletter, ' +
      'store OPT_SMS) it is a bound: a refusal is dated by the record’s last change, a grant by the record’s creation.',
  })
  decidedAt!: Date | null;

  @Field(() => LegacySystem, { nullable: true, description: 'The system the decision in force comes from; null when never asked.' })
  sourceSystem!: LegacySystem | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where it was collected, as that system says it: WEB_FORM, STORE_TABLET, CALL, IMPORT (campaign tool), NEWSLETTER_FLAG ' +
      '(web account), OPT_SMS (loyalty card). Null when never asked.',
  })
  source!: string | null;

  @Field(() => ConsentRecordRef, { nullable: true, description: 'The legacy record whose decision is in force; null when never asked.' })
  decidedByRecord!: ConsentRecordRef | null;
}

@ObjectType({ description: 'Whether one purpose is allowed on one contact medium: the compact form channels enforce.' })
export class ConsentFlag {
  @Field(() => ConsentPurpose, { description: 'What the consent is for.' })
  purpose!: ConsentPurpose;

  @Field(() => ContactMedium, { description: 'How the customer would be contacted.' })
  channel!: ContactMedium;

  @Field(() => Boolean, { description: 'True only when an explicit grant is in force (Customer.consents says why).' })
  granted!: boolean;
}
