import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from '../../schema/common';
import { ConsentPurpose, ConsentSource, MarketingChannel } from './marketing.enums';

@ObjectType({ description: 'One consent decision as the campaign tool recorded it (marketing system, table mk_consent).' })
@Directive('@key(fields: "id")')
export class MarketingConsentRecord {
  @Field(() => ID, { description: 'Row id (mk_consent.id).' })
  id!: string;

  @Field(() => ID, { description: 'The marketing contact it is about (mk_contact.contact_uuid).' })
  contactId!: string;

  @Field(() => MarketingChannel, { nullable: true, description: 'The channel; null for a code the graph does not know (see channelCode).' })
  channel!: MarketingChannel | null;

  @Field(() => String, { description: 'Legacy channel code as stored: EMAIL, SMS, POST, PHONE or PUSH.' })
  channelCode!: string;

  @Field(() => ConsentPurpose, { nullable: true, description: 'The purpose; null for a code the graph does not know (see purposeCode).' })
  purpose!: ConsentPurpose | null;

  @Field(() => String, { description: 'Legacy purpose code as stored: NEWSLETTER, OFFERS, PROFILING or PARTNERS.' })
  purposeCode!: string;

  @Field(() => Boolean, { description: 'True when consent was given, false when it was refused or withdrawn.' })
  granted!: boolean;

  @Field(() => Date, { description: 'When the decision was made.' })
  at!: Date;

  @Field(() => ConsentSource, { nullable: true, description: 'Where it was collected; null for a code the graph does not know (see sourceCode).' })
  source!: ConsentSource | null;

  @Field(() => String, { description: 'Legacy source code as stored: WEB_FORM, STORE_TABLET, CALL or IMPORT.' })
  sourceCode!: string;

  @Field(() => Boolean, {
    description: 'True when this is the latest decision of its contact for its channel and purpose, i.e. the one in force.',
  })
  inForce!: boolean;

  /** Exact instant text, for cursors. */
  sortAt!: string;
}

@ObjectType({
  description:
    'The consent in force for one channel and purpose, all of the customer\'s marketing contacts combined. For each contact the ' +
    'latest decision is in force; across contacts a refusal wins: `granted` is true only when at least one contact granted ' +
    'and none refused. A channel and purpose absent from the list was never asked: treat it as not granted.',
})
export class MarketingConsentState {
  @Field(() => MarketingChannel, { nullable: true, description: 'The channel; null for a code the graph does not know (see channelCode).' })
  channel!: MarketingChannel | null;

  @Field(() => String, { description: 'Legacy channel code (trimmed, upper case).' })
  channelCode!: string;

  @Field(() => ConsentPurpose, { nullable: true, description: 'The purpose; null for a code the graph does not know (see purposeCode).' })
  purpose!: ConsentPurpose | null;

  @Field(() => String, { description: 'Legacy purpose code (trimmed, upper case).' })
  purposeCode!: string;

  @Field(() => Boolean, { description: 'True when the customer may be contacted on this channel for this purpose (no contact refuses).' })
  granted!: boolean;

  @Field(() => Date, {
    description: 'When the deciding decision was made: the latest refusal in force when refused, otherwise the latest grant in force.',
  })
  at!: Date;

  @Field(() => ConsentSource, { nullable: true, description: 'Where the deciding decision was collected; null for an unknown code (see sourceCode).' })
  source!: ConsentSource | null;

  @Field(() => String, { description: 'Legacy source code of the deciding decision.' })
  sourceCode!: string;

  @Field(() => [MarketingConsentRecord], { description: 'The decision in force of each marketing contact of the customer, newest first.' })
  contacts!: MarketingConsentRecord[];
}

@ObjectType({ description: 'A consent decision and the cursor that points just after it.' })
export class MarketingConsentEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` to read the older decisions.' })
  cursor!: string;

  @Field(() => MarketingConsentRecord, { description: 'The decision.' })
  node!: MarketingConsentRecord;
}

@ObjectType({ description: 'A page of consent decisions, newest first.' })
export class MarketingConsentConnection {
  @Field(() => [MarketingConsentEdge], { description: 'The decisions of this page, each with its cursor.' })
  edges!: MarketingConsentEdge[];


  @Field(() => [MarketingConsentRecord], { description: 'The consent decisions of this page, in the same order as `edges` (for clients that need no cursor).' })
  nodes!: MarketingConsentRecord[];

  @Field(() => PageInfo, { description: 'Whether more decisions follow, and the cursor to get them.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: "A customer's marketing consents in the campaign tool: what is in force now, and the whole history." })
export class MarketingConsents {
  @Field(() => [MarketingConsentState], { description: 'The consent in force per channel and purpose, ordered by channel then purpose.' })
  current!: MarketingConsentState[];

  /** Every decision of every contact, newest first; paged by the `history` field resolver. */
  records!: MarketingConsentRecord[];
}
