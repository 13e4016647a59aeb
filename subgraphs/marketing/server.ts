// The campaign tool (campaigns, messages, consent), read-through from marketing_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { CampaignResolver, resolveCampaignReference } from './campaign.resolver';
import { createMarketingLoaders, MarketingLoaders } from './marketing.loaders';

export const marketingSubgraph: SubgraphDefinition<MarketingLoaders> = {
  name: 'marketing',
  database: 'marketing',
  resolvers: [CampaignResolver],
  references: { Campaign: resolveCampaignReference },
  createLoaders: createMarketingLoaders,
};
