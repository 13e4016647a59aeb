import { Database } from '../kit/database';
import { rowLoader } from '../kit/loaders';
import { Campaign } from './campaign.type';
import { CampaignRow, campaignsByIds } from './campaigns.repo';

export function toCampaign(row: CampaignRow): Campaign {
  return Object.assign(new Campaign(), {
    id: row.campaign_id,
    name: row.name,
    channelCode: row.channel,
    kind: row.kind,
    sentAt: row.sent_at,
    couponPrefix: row.coupon_prefix,
  });
}

export function createMarketingLoaders(db: Database) {
  return {
    campaign: rowLoader((ids: readonly string[]) => campaignsByIds(db, ids), (row) => row.campaign_id),
  };
}

export type MarketingLoaders = ReturnType<typeof createMarketingLoaders>;
