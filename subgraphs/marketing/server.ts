// The campaign tool (campaigns, messages, segments, coupons, consent), read-through from marketing_legacy.
import { SubgraphDefinition } from '../kit/subgraph';
import { besideSource } from '../kit/databases';
import { marketingConsentDecisions } from './consent.extract';
import { uuidKey } from '../kit/keys';
import { Campaign } from './campaign.type';
import { Coupon } from './coupon.type';
import { Message } from './message.type';
import { MarketingConsentRecord } from './consent.type';

import { marketingIdentityRecords } from './identity.extract';
import { marketingFeeds } from './touchpoints.feed';
import { marketingIndexes } from './indexes';
import { CampaignResolver, resolveCampaignReference } from './campaign.resolver';
import { MarketingConsentsResolver, resolveConsentRecordReference } from './consent.resolver';
import { CouponResolver, resolveCouponReference } from './coupon.resolver';
import { MarketingCustomerResolver, resolveCustomerReference } from './customer.resolver';
import { Customer } from './customer.type';
import { createMarketingLoaders, MarketingLoaders } from './marketing.loaders';
import { resolveMessageReference } from './message.resolver';
import { resolveSegmentReference, SegmentResolver } from './segment.resolver';
import { marketingPolicy } from './marketing.policy';
import { marketingExportRecords } from './privacy.export';
import { eraseMarketingRecords } from './privacy.erase';
import { writeMarketingContactDetails } from './contact.write';
import { writeMarketingPreferences } from './preferences.write';
import { marketingContactChannels } from './contact-channel';

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
  eraseRecords: eraseMarketingRecords,
  writeContactDetails: writeMarketingContactDetails,
  writePreferences: writeMarketingPreferences,
  contactChannels: marketingContactChannels,
  exportRecords: marketingExportRecords,
  consentDecisions: marketingConsentDecisions,
  touchpointFeeds: marketingFeeds,
  indexes: marketingIndexes,
  legacy: { description: 'marketing_legacy: campaigns and consent (2015).', ddlFile: besideSource(__dirname, 'legacy.sql') },
  recordKey: {
    identifierKind: 'MARKETING_CONTACT',
    description: 'A marketing contact UUID (mk_contact.contact_uuid).',
    parse: (text) => uuidKey(text, 'a marketing contact id is a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e'),
  },
  recordTypes: [
    { entity: Message, key: 'id', keyClass: 'marketing' },
    { entity: Coupon, key: 'code', keyClass: 'marketing' },
    { entity: Campaign, key: 'id', keyClass: 'reference' },
    // The journal has named it MarketingConsent since its first entries.
    { entity: MarketingConsentRecord, key: 'id', recordType: 'MarketingConsent', keyClass: 'consent' },
  ],
};
