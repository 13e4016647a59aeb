import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { connectionOf } from '../kit/connection';
import { Campaign, CampaignConnection, CampaignStatistics } from './campaign.type';
import { CAMPAIGN_ID, latestCampaigns } from './campaigns.repo';
import { decodeCursor, encodeCursor } from './cursor';
import { MarketingLoaders, toCampaign, toCampaignStatistics } from './marketing.loaders';

type Context = SubgraphContext<MarketingLoaders>;

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => Campaign, { nullable: true, description: 'A campaign by id; null when there is none.' })
  async campaign(@Arg('id', () => ID, { description: 'Campaign id (mk_campaign.campaign_id).' }) id: string, @Ctx() { loaders }: Context): Promise<Campaign | null> {
    const row = await loaders.campaign.load(id.trim());
    return row ? toCampaign(row) : null;
  }

  @Query(() => CampaignConnection, { nullable: true, description: 'The campaigns, newest sent first, a page at a time (default 20, at most 100).' })
  async campaigns(
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page: older campaigns.' }) after: string | null,
    @Ctx() { db }: Context,
  ): Promise<CampaignConnection> {
    const limit = pageSize(first);
    const rows = await latestCampaigns(db, limit + 1, decodeCursor(after, CAMPAIGN_ID));
    return Object.assign(new CampaignConnection(), connectionOf(rows, limit, toCampaign, (row) => encodeCursor({ at: row.sent_key, id: row.campaign_id })));
  }

  @FieldResolver(() => CampaignStatistics, {
    description:
      'Counts of its messages (sent, opened, clicked, bounced, unsubscribed) and coupons (issued, redeemed in store or on the web). ' +
      'Computed on demand from the whole campaign: ask for it on a few campaigns at a time.',
  })
  async statistics(@Root() campaign: Campaign, @Ctx() { loaders }: Context): Promise<CampaignStatistics> {
    const row = await loaders.campaignStatistics.load(campaign.id);
    return toCampaignStatistics(
      row ?? {
        messages_sent: 0,
        messages_opened: 0,
        messages_clicked: 0,
        messages_bounced: 0,
        messages_unsubscribed: 0,
        coupons_issued: 0,
        coupons_redeemed: 0,
        coupons_redeemed_in_store: 0,
        coupons_redeemed_on_web: 0,
      },
    );
  }
}

export async function resolveCampaignReference(reference: { id: string }, { loaders }: Context): Promise<Campaign | null> {
  const row = await loaders.campaign.load(String(reference.id));
  return row ? toCampaign(row) : null;
}
