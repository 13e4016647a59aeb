// Customer.preferences (issue 15 item 1): one object, each value with its provenance (system,
// record, field, date, declared or derived) and the statements that disagree with it; and the
// write-through request that changes them (item 2), shown like a contact details update.
import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Channel, TouchpointRole } from '../../../schema/common';
import { ConsentInForce, ConsentPurpose, ContactMedium } from '../consent/consent.type';
import { WriteThroughRequest, WriteThroughStep } from '../outbox/write-through.type';

export enum PreferenceBasis {
  DECLARED = 'declared',
  DERIVED = 'derived',
}
registerEnumType(PreferenceBasis, {
  name: 'PreferenceBasis',
  description: 'Whether a preference was stated by the customer or inferred from what they do.',
  valuesConfig: {
    DECLARED: { description: 'Stated by the customer (in a legacy application or through the graph).' },
    DERIVED: { description: 'Inferred by a system from behaviour (the store most receipts come from); never outranks a declared one.' },
  },
});

@ObjectType({ description: 'Where a preference statement is held.' })
export class PreferenceSource {
  @Field(() => String, { description: 'The legacy system (store, ecommerce, callcentre, marketing …), or `customer`: stated through the graph.' })
  system!: string;

  @Field(() => String, { nullable: true, description: 'The record holding it in that system (contact id, web account id, card number); null for a statement made through the graph.' })
  record!: string | null;

  @Field(() => String, { description: 'Where in that system: `table.column` (`contacts.language`), or `preference_statement` for the graph.' })
  field!: string;

  @Field(() => String, { nullable: true, description: 'Who made a statement through the graph (role:subject); null for a legacy record.' })
  statedBy!: string | null;
}

@ObjectType({ description: 'One system’s statement of a preference.' })
export class PreferenceStatement {
  @Field(() => String, {
    description: 'The value, in the graph’s spelling: a language `fr` (ISO 639-1), a store code `P001`, contact hours `18:00-20:00` (Paris time), a Channel value `STORE`.',
  })
  value!: string;

  @Field(() => PreferenceBasis, { description: 'Declared by the customer or derived from behaviour.' })
  basis!: PreferenceBasis;

  @Field(() => Date, {
    description:
      'When it was stated. A legacy column without a date of its own is dated by its record’s last change (a bound: the latest it can have been stated); a derived store by the latest receipt there.',
  })
  statedAt!: Date;

  @Field(() => PreferenceSource, { description: 'Where it is held.' })
  source!: PreferenceSource;
}

@ObjectType({ description: 'A preference in force: the most recent explicit statement, with the statements that say something else.' })
export class SourcedPreference extends PreferenceStatement {
  @Field(() => [PreferenceStatement], { description: 'The other statements of this preference whose value differs, most recent first (declared or derived).' })
  conflicts!: PreferenceStatement[];
}

@ObjectType({ description: 'The channel a customer prefers to be contacted on for one task.' })
export class PreferredChannel {
  @Field(() => TouchpointRole, { description: 'The task: selling, after-sales, promotion, information.' })
  task!: TouchpointRole;

  @Field(() => Channel, { description: 'The channel preferred for it.' })
  channel!: Channel;

  @Field(() => SourcedPreference, { description: 'The statement in force (value: the channel) and its conflicts.' })
  preference!: SourcedPreference;
}

@ObjectType({ description: 'A customer’s preferences across every system, each with its source and date; when systems disagree, the most recent explicit statement wins.' })
export class Preferences {
  @Field(() => SourcedPreference, { nullable: true, description: 'The language to speak to them in (ISO 639-1). Sources: the call centre’s contacts, the graph.' })
  language!: SourcedPreference | null;

  @Field(() => SourcedPreference, {
    nullable: true,
    description: 'Their favourite store (a store code): declared on a web account or through the graph, or, when nobody declared one, derived from their receipts (basis DERIVED).',
  })
  favouriteStore!: SourcedPreference | null;

  @Field(() => SourcedPreference, { nullable: true, description: 'When they want to be called (`HH:MM-HH:MM`, Paris time). Sources: their latest call-centre callback request, the graph.' })
  contactHours!: SourcedPreference | null;

  @Field(() => [PreferredChannel], { nullable: true, description: 'The channel they prefer per task, as stated through the graph (no legacy system holds it).' })
  contactChannels!: PreferredChannel[] | null;

  @Field(() => [ConsentInForce], {
    nullable: true,
    description: 'Their communication opt-ins: the consent in force per purpose × medium, with its source (the same answer and rule as Customer.consents: a merge never weakens consent).',
  })
  optIns?: ConsentInForce[];

  /** The customer (not in the schema): optIns reads the consent in force through it. */
  customerId!: string;
}

@InputType({ description: 'Contact hours, Paris time.' })
export class ContactHoursInput {
  @Field(() => String, { description: 'From, `HH:MM`.' })
  from!: string;

  @Field(() => String, { description: 'To, `HH:MM`, after `from`.' })
  to!: string;
}

@InputType({ description: 'The channel preferred for one task.' })
export class PreferredChannelInput {
  @Field(() => TouchpointRole, { description: 'The task.' })
  task!: TouchpointRole;

  @Field(() => Channel, { description: 'The channel.' })
  channel!: Channel;
}

@InputType({ description: 'An opt-in or opt-out for one purpose on one medium.' })
export class OptInInput {
  @Field(() => ConsentPurpose, { description: 'What for.' })
  purpose!: ConsentPurpose;

  @Field(() => ContactMedium, { description: 'On which medium.' })
  channel!: ContactMedium;

  @Field(() => Boolean, { description: 'True: opts in; false: opts out.' })
  granted!: boolean;
}

@InputType({ description: 'The preferences to change; those left out are left as they are.' })
export class PreferencesInput {
  @Field(() => String, { nullable: true, description: 'Language, ISO 639-1 (two letters).' })
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'Favourite store, its code (`P001`).' })
  favouriteStore?: string | null;

  @Field(() => ContactHoursInput, { nullable: true, description: 'When to call them.' })
  contactHours?: ContactHoursInput | null;

  @Field(() => [PreferredChannelInput], { nullable: true, description: 'The channel preferred per task (each task at most once).' })
  contactChannels?: PreferredChannelInput[] | null;

  @Field(() => [OptInInput], { nullable: true, description: 'Opt-ins and opt-outs (each purpose × medium at most once).' })
  optIns?: OptInInput[] | null;
}

@ObjectType({ description: 'One system’s part of a preferences update (`customer`: the statements recorded in the hub).' })
export class PreferenceUpdateStep extends WriteThroughStep {}

@ObjectType({ description: 'A preferences update written into every legacy system that holds the changed preferences.' })
export class PreferenceUpdateRequest extends WriteThroughRequest(PreferenceUpdateStep, {
  name: 'PreferenceUpdateRequestFields',
  fields: 'The preferences it changes: language, favouriteStore, contactHours, contactChannels, optIns.',
  steps: 'One step per system, by name: the hub (`customer`) and each legacy system holding a changed preference.',
}) {}
