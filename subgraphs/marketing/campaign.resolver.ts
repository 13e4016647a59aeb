import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { Campaign } from './campaign.type';
import { latestCampaigns } from './campaigns.repo';
import { MarketingLoaders, toCampaign } from './marketing.loaders';

type Context = SubgraphContext<MarketingLoaders>;

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => Campaign, { nullable: true, description: 'A campaign by id; null when there is none.' })
  async campaign(@Arg('id', () => ID) id: string, @Ctx() { loaders }: Context): Promise<Campaign | null> {
    const row = await loaders.campaign.load(id);
    return row ? toCampaign(row) : null;
  }

  @Query(() => [Campaign], { description: 'The latest campaigns, newest first (at most 100).' })
  async campaigns(
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Ctx() { db }: Context,
  ): Promise<Campaign[]> {
    return (await latestCampaigns(db, pageSize(first))).map(toCampaign);
  }
}

export async function resolveCampaignReference(reference: { id: string }, { loaders }: Context): Promise<Campaign | null> {
  const row = await loaders.campaign.load(String(reference.id));
  return row ? toCampaign(row) : null;
}
