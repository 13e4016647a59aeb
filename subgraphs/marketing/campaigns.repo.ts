import { Queryable } from '../kit/database';

export interface CampaignRow {
  campaign_id: string;
  name: string;
  channel: string;
  kind: string;
  sent_at: Date;
  coupon_prefix: string | null;
}

const COLUMNS = 'campaign_id::text AS campaign_id, name, channel, kind, sent_at, coupon_prefix';
const CAMPAIGN_ID = /^\d{1,9}$/;

export function campaignsByIds(db: Queryable, ids: readonly string[]): Promise<CampaignRow[]> {
  const valid = ids.filter((id) => CAMPAIGN_ID.test(id));
  if (valid.length === 0) return Promise.resolve([]);
  return db.query<CampaignRow>(`SELECT ${COLUMNS} FROM mk_campaign WHERE campaign_id = ANY($1::int[])`, [valid]);
}

export function latestCampaigns(db: Queryable, limit: number): Promise<CampaignRow[]> {
  return db.query<CampaignRow>(`SELECT ${COLUMNS} FROM mk_campaign ORDER BY sent_at DESC, campaign_id DESC LIMIT $1`, [limit]);
}
