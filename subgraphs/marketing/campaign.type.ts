import { PageInfo } from '../../schema/common';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { CampaignKind, MarketingChannel } from './marketing.enums';

@ObjectType({ description: 'Message and coupon counts of a campaign (marketing system, mk_message and mk_coupon).' })
export class CampaignStatistics {
  @Field(() => Int, { description: 'Messages sent (one per contact reached).' })
  messagesSent!: number;

  @Field(() => Int, { description: 'Messages opened at least once.' })
  messagesOpened!: number;

  @Field(() => Int, { description: 'Messages whose content was clicked.' })
  messagesClicked!: number;

  @Field(() => Int, { description: 'Messages that bounced (not delivered).' })
  messagesBounced!: number;

  @Field(() => Int, { description: 'Messages from which the recipient unsubscribed.' })
  unsubscribed!: number;

  @Field(() => Int, { description: 'Coupons issued by the campaign.' })
  couponsIssued!: number;

  @Field(() => Int, { description: 'Coupons redeemed, anywhere.' })
  couponsRedeemed!: number;

  @Field(() => Int, { description: 'Coupons redeemed in a store (at a till).' })
  couponsRedeemedInStore!: number;

  @Field(() => Int, { description: 'Coupons redeemed on the web shop.' })
  couponsRedeemedOnWeb!: number;
}

@ObjectType({ description: 'A marketing campaign (marketing system, table mk_campaign).' })
@Directive('@key(fields: "id")')
export class Campaign {
  @Field(() => ID, { description: 'Campaign id (mk_campaign.campaign_id).' })
  id!: string;

  @Field(() => String, { description: 'Campaign name.' })
  name!: string;

  @Field(() => MarketingChannel, { nullable: true, description: 'The channel it was sent on; null for a code the graph does not know (see channelCode).' })
  channel!: MarketingChannel | null;

  @Field(() => String, { description: 'Legacy channel code as stored: EMAIL, SMS, POST, PHONE or PUSH.' })
  channelCode!: string;

  @Field(() => CampaignKind, { nullable: true, description: 'What the campaign is for; null for a code the graph does not know (see kindCode).' })
  kind!: CampaignKind | null;

  @Field(() => String, { description: 'Legacy kind code as stored: PROMO, INFO, EVENT or SURVEY.' })
  kindCode!: string;

  @Field(() => Date, { description: 'When the campaign was sent.' })
  sentAt!: Date;

  @Field(() => String, { nullable: true, description: 'Prefix of the coupon codes it issued; null when it issued none.' })
  couponPrefix!: string | null;
}

@ObjectType({ description: 'A campaign and the cursor that points just after it.' })
export class CampaignEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` to read the campaigns that follow this one.' })
  cursor!: string;

  @Field(() => Campaign, { description: 'The campaign.' })
  node!: Campaign;
}

@ObjectType({ description: 'A page of campaigns, newest sent first.' })
export class CampaignConnection {
  @Field(() => [CampaignEdge], { description: 'The campaigns of this page, each with its cursor.' })
  edges!: CampaignEdge[];

  @Field(() => [Campaign], { description: 'The campaigns of this page (the same as edges.node).' })
  nodes!: Campaign[];

  @Field(() => PageInfo, { description: 'Whether more campaigns follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;
}
