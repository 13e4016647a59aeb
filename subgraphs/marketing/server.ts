// The campaign tool (campaigns, messages, segments, coupons, consent), read-through from marketing_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { marketingIdentityRecords } from './identity.extract';
import { marketingFeeds } from './touchpoints.feed';
import { CampaignResolver, resolveCampaignReference } from './campaign.resolver';
import { MarketingConsentsResolver, resolveConsentRecordReference } from './consent.resolver';
import { CouponResolver, resolveCouponReference } from './coupon.resolver';
import { MarketingCustomerResolver, resolveCustomerReference } from './customer.resolver';
import { Customer } from './customer.type';
import { createMarketingLoaders, MarketingLoaders } from './marketing.loaders';
import { resolveMessageReference } from './message.resolver';
import { resolveSegmentReference, SegmentResolver } from './segment.resolver';
import { marketingPolicy } from './marketing.policy';

export const marketingSubgraph: SubgraphDefinition<MarketingLoaders> = {
  name: 'marketing',
  database: 'marketing',
  resolvers: [CampaignResolver, CouponResolver, SegmentResolver, MarketingConsentsResolver, MarketingCustomerResolver],
  policy: marketingPolicy,
  orphanedTypes: [Customer],
  references: {
    Campaign: resolveCampaignReference,
    Message: resolveMessageReference,
    Coupon: resolveCouponReference,
    MarketingConsentRecord: resolveConsentRecordReference,
    Segment: resolveSegmentReference,
    Customer: resolveCustomerReference,
  },
  createLoaders: createMarketingLoaders,
  identityRecords: marketingIdentityRecords,
  touchpointFeeds: marketingFeeds,
};
