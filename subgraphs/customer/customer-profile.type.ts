// What the hub says about a customer beyond its id: the legacy records behind it (identities), the
// systems that know them (channels), their household, and the golden record, where every value
// names the record it came from and disagreeing values are all listed.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LegacySystem, PageInfo } from '../../schema/common';
import { Customer } from './customer.type';

export enum IdentityRecordStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
  DELETED = 'DELETED',
}
registerEnumType(IdentityRecordStatus, {
  name: 'IdentityRecordStatus',
  description: 'The state of a linked legacy record in its own system (identity_record.status).',
  valuesConfig: {
    ACTIVE: { description: 'In use.' },
    CLOSED: { description: 'A closed loyalty card: its history is the customer’s, but it is no live contact.' },
    DELETED: { description: 'A soft-deleted web account: its history is the customer’s, but it is no live contact.' },
  },
});

export enum HouseholdRole {
  HOLDER = 'HOLDER',
  MEMBER = 'MEMBER',
}
registerEnumType(HouseholdRole, {
  name: 'HouseholdRole',
  description: 'A customer’s place in a household.',
  valuesConfig: {
    HOLDER: { description: 'Holds the card the store family account (NUM_FOYER) is named after.' },
    MEMBER: { description: 'Any other member.' },
  },
});

@ObjectType({ description: 'One legacy record linked to a customer, with the rule and evidence that linked it.' })
export class IdentityLink {
  @Field(() => LegacySystem, { description: 'The system the record lives in.' })
  system!: LegacySystem;

  @Field(() => String, { description: 'The record’s key in its system (card number, account id, contact id or UUID).' })
  localKey!: string;

  @Field(() => String, { description: 'The identity rule (or manual decision) that made the link.' })
  rule!: string;

  @Field(() => String, {
    description:
      'The evidence of the link as a JSON object text (e.g. {"email":"…"} or {"card":"…"}): the normalised values ' +
      'the rule matched on. Parse it client-side; its keys depend on the rule.',
  })
  evidence!: string;

  @Field(() => Date, { description: 'When the link was made.' })
  linkedAt!: Date;

  @Field(() => String, { description: '"rules" for an automatic link, otherwise who decided it (an agent, a privacy officer).' })
  decidedBy!: string;

  @Field(() => String, { nullable: true, description: 'Why a person made the link; null for automatic links.' })
  reason!: string | null;

  @Field(() => IdentityRecordStatus, { description: 'Whether the record is active, closed (card) or deleted (web account).' })
  status!: IdentityRecordStatus;

  @Field(() => Date, { nullable: true, description: 'Since when the record is no longer found in its system; null while it is.' })
  missingSince!: Date | null;
}

@ObjectType({ description: 'A member of a household.' })
export class HouseholdMember {
  @Field(() => Customer, { description: 'The member.' })
  customer!: Customer;

  @Field(() => HouseholdRole, { description: 'Holder of the family account, or member.' })
  role!: HouseholdRole;

  @Field(() => [String], { description: 'How this member was found to share the home: family_card and/or shared_phone_address.' })
  establishedBy!: string[];

  @Field(() => Date, { description: 'When the member joined the household.' })
  joinedAt!: Date;
}

@ObjectType({ description: 'People sharing a home: a shared family card, or one phone and one postal address for different names.' })
export class Household {
  @Field(() => ID, { description: 'The household id (a UUID).' })
  id!: string;

  @Field(() => Date, { description: 'When the hub first established the household.' })
  createdAt!: Date;

  @Field(() => [String], {
    description: 'How the household was established, over all members: family_card (shared NUM_FOYER), shared_phone_address.',
  })
  establishedBy!: string[];

  @Field(() => [HouseholdMember], { description: 'The current members, holder first.' })
  members!: HouseholdMember[];
}

@ObjectType({ description: 'Where a golden-record value comes from.' })
export class ValueSource {
  @Field(() => LegacySystem, { description: 'The system holding the value.' })
  system!: LegacySystem;

  @Field(() => String, { description: 'The key of the record holding it.' })
  localKey!: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'The record’s own last change date in its system (store DATE_MAJ read in Europe/Paris, updated_at or updated_epoch ' +
      'elsewhere); null until a resolution run has read it.',
  })
  asOf!: Date | null;
}

@ObjectType({ description: 'A name as one legacy record holds it: normalised (lower case, no accents) and as written.' })
export class SourcedName {
  @Field(() => String, { nullable: true, description: 'First name(s), normalised.' })
  given!: string | null;

  @Field(() => String, { nullable: true, description: 'Surname, normalised.' })
  family!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'First name(s) as the record writes them (case and accents kept). For the call centre, which keeps one full-name ' +
      'field, the part read as first name.',
  })
  givenAsWritten!: string | null;

  @Field(() => String, { nullable: true, description: 'Surname as the record writes it (case and accents kept).' })
  familyAsWritten!: string | null;

  @Field(() => ValueSource, { description: 'The record it comes from and its date.' })
  source!: ValueSource;
}

@ObjectType({ description: 'A value (e-mail, phone, postcode, birth date) as one legacy record holds it.' })
export class SourcedValue {
  @Field(() => String, {
    description: 'The value, normalised: lower-case e-mail, E.164 phone, 5-digit postcode, ISO birth date (YYYY-MM-DD).',
  })
  value!: string;

  @Field(() => ValueSource, { description: 'The record it comes from and its date.' })
  source!: ValueSource;
}

@ObjectType({
  description:
    'Everything the linked records say about the customer. Each list has one entry per record holding a value, newest ' +
    'first; when records disagree every value is listed (and the field is named in `conflicts`), none is hidden.',
})
export class GoldenRecord {
  @Field(() => [SourcedName], { description: 'Names, one per record that has one.' })
  names!: SourcedName[];

  @Field(() => [SourcedValue], { description: 'E-mail addresses the records hold as their own.' })
  emails!: SourcedValue[];

  @Field(() => [SourcedValue], { description: 'Phone numbers the records hold as their own (E.164).' })
  phones!: SourcedValue[];

  @Field(() => [SourcedValue], {
    description: 'Postal address postcodes (the hub keeps the postcode of each record; street lines stay in the legacy systems).',
  })
  postcodes!: SourcedValue[];

  @Field(() => [SourcedValue], { description: 'Birth dates (YYYY-MM-DD).' })
  birthDates!: SourcedValue[];

  @Field(() => [String], {
    description: 'The fields (names, birthDates, postcodes) whose records disagree: more than one distinct value.',
  })
  conflicts!: string[];
}

@InputType({ description: 'Which customers to list; every filter given must hold.' })
export class CustomerFilter {
  @Field(() => String, {
    nullable: true,
    description: 'A first name, a surname or a full name, in any case and with or without accents, matched against every linked record.',
  })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'A postcode one of the customer’s records holds.' })
  postcode?: string | null;

  @Field(() => LegacySystem, { nullable: true, description: 'Only customers this system knows (an active link to one of its records).' })
  system?: LegacySystem | null;

  @Field(() => Boolean, { nullable: true, description: 'True: only customers in a household; false: only those in none.' })
  hasHousehold?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only the members of this household.' })
  householdId?: string | null;
}

@ObjectType({ description: 'A customer in a list, with its cursor.' })
export class CustomerEdge {
  @Field(() => Customer, { description: 'The customer.' })
  node!: Customer;

  @Field(() => String, { description: 'Pass as `after` to continue after this customer.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of customers, in customer id order (stable across pages, not meaningful).' })
export class CustomerConnection {
  @Field(() => [CustomerEdge], { description: 'The customers of this page with their cursors.' })
  edges!: CustomerEdge[];

  @Field(() => [Customer], { description: 'The customers of this page.' })
  nodes!: Customer[];

  @Field(() => PageInfo, { description: 'Where this page ends.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many customers this page holds.' })
  count!: number;
}
