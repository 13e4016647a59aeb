import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A marketing campaign (marketing system, table mk_campaign).' })
@Directive('@key(fields: "id")')
export class Campaign {
  @Field(() => ID, { description: 'Campaign id (mk_campaign.campaign_id).' })
  id!: string;

  @Field(() => String, { description: 'Campaign name.' })
  name!: string;

  @Field(() => String, { description: 'Legacy channel code: EMAIL, SMS, POST, PHONE or PUSH.' })
  channelCode!: string;

  @Field(() => String, { description: 'PROMO, INFO, EVENT or SURVEY.' })
  kind!: string;

  @Field(() => Date, { description: 'When the campaign was sent.' })
  sentAt!: Date;

  @Field(() => String, { nullable: true, description: 'Prefix of the coupon codes it issued, if any.' })
  couponPrefix!: string | null;
}
