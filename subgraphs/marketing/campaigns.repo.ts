import { Queryable } from '../kit/database';
import { utcTextOfTimestamptz } from '../kit/utc-text';
import { SortKey } from './cursor';

export interface CampaignRow {
  campaign_id: string;
  name: string;
  channel: string;
  kind: string;
  sent_at: Date;
  coupon_prefix: string | null;
}

export interface CampaignStatisticsRow {
  campaign_id: string;
  messages_sent: number;
  messages_opened: number;
  messages_clicked: number;
  messages_bounced: number;
  messages_unsubscribed: number;
  coupons_issued: number;
  coupons_redeemed: number;
  coupons_redeemed_in_store: number;
  coupons_redeemed_on_web: number;
}

const COLUMNS = 'campaign_id::text AS campaign_id, name, channel, kind, sent_at, coupon_prefix';

/**
 * The campaign of a message or coupon row, read in the same statement (alias `cp`), so that
 * `campaign` costs no statement of its own: the loaders prime the campaign loader with it.
 */
export const CAMPAIGN_JOIN = 'LEFT JOIN mk_campaign cp ON cp.campaign_id = t.campaign_id';
export const JOINED_CAMPAIGN_COLUMNS = `cp.campaign_id IS NOT NULL AS campaign_found, cp.name AS campaign_name, cp.channel AS campaign_channel,
  cp.kind AS campaign_kind, cp.sent_at AS campaign_sent_at, cp.coupon_prefix AS campaign_coupon_prefix`;

export interface JoinedCampaignColumns {
  campaign_id: string;
  campaign_found: boolean;
  campaign_name: string | null;
  campaign_channel: string | null;
  campaign_kind: string | null;
  campaign_sent_at: Date | null;
  campaign_coupon_prefix: string | null;
}

/** The campaign read with a message or coupon, or null when its row is missing. */
export function joinedCampaign(row: JoinedCampaignColumns): CampaignRow | null {
  if (!row.campaign_found) return null;
  return {
    campaign_id: row.campaign_id,
    name: row.campaign_name!,
    channel: row.campaign_channel!,
    kind: row.campaign_kind!,
    sent_at: row.campaign_sent_at!,
    coupon_prefix: row.campaign_coupon_prefix,
  };
}
export const CAMPAIGN_ID = /^\d{1,9}$/;

export function campaignsByIds(db: Queryable, ids: readonly string[]): Promise<CampaignRow[]> {
  const valid = ids.filter((id) => CAMPAIGN_ID.test(id));
  if (valid.length === 0) return Promise.resolve([]);
  return db.query<CampaignRow>(`SELECT ${COLUMNS} FROM mk_campaign WHERE campaign_id = ANY($1::int[])`, [valid]);
}

export interface CampaignPageRow extends CampaignRow {
  /** sent_at as the exact UTC text a cursor carries. */
  sent_key: string;
}

/** `limit` campaigns, newest sent first, after the cursor's (sent_at, id) when one is given. */
export function latestCampaigns(db: Queryable, limit: number, after: SortKey | null): Promise<CampaignPageRow[]> {
  return db.query<CampaignPageRow>(
    `SELECT ${COLUMNS}, ${utcTextOfTimestamptz('sent_at')} AS sent_key FROM mk_campaign
      WHERE $2::timestamptz IS NULL OR (sent_at, campaign_id) < ($2::timestamptz, $3::int)
      ORDER BY sent_at DESC, campaign_id DESC LIMIT $1`,
    [limit, after?.at ?? null, after?.id ?? null],
  );
}

/**
 * Message and coupon counts of each campaign, in one statement for any number of campaigns. The
 * legacy tables have no index on campaign_id (and the graph may not add one): this reads both
 * tables once per batch, which is why it is a separate field, computed only when asked for.
 */
export function campaignStatistics(db: Queryable, ids: readonly string[]): Promise<CampaignStatisticsRow[]> {
  const valid = ids.filter((id) => CAMPAIGN_ID.test(id));
  if (valid.length === 0) return Promise.resolve([]);
  return db.query<CampaignStatisticsRow>(
    `WITH wanted AS (SELECT DISTINCT unnest($1::int[]) AS campaign_id),
     messages AS (
       SELECT campaign_id, count(*)::int AS sent, count(opened_at)::int AS opened, count(clicked_at)::int AS clicked,
              count(*) FILTER (WHERE bounced)::int AS bounced, count(unsubscribed_at)::int AS unsubscribed
         FROM mk_message WHERE campaign_id = ANY($1::int[]) GROUP BY campaign_id
     ), coupons AS (
       SELECT campaign_id, count(*)::int AS issued, count(redeemed_at)::int AS redeemed,
              count(redeemed_at) FILTER (WHERE upper(trim(redeemed_channel)) = 'STORE')::int AS in_store,
              count(redeemed_at) FILTER (WHERE upper(trim(redeemed_channel)) = 'WEB')::int AS on_web
         FROM mk_coupon WHERE campaign_id = ANY($1::int[]) GROUP BY campaign_id
     )
     SELECT w.campaign_id::text AS campaign_id,
            COALESCE(m.sent, 0) AS messages_sent, COALESCE(m.opened, 0) AS messages_opened,
            COALESCE(m.clicked, 0) AS messages_clicked, COALESCE(m.bounced, 0) AS messages_bounced,
            COALESCE(m.unsubscribed, 0) AS messages_unsubscribed,
            COALESCE(c.issued, 0) AS coupons_issued, COALESCE(c.redeemed, 0) AS coupons_redeemed,
            COALESCE(c.in_store, 0) AS coupons_redeemed_in_store, COALESCE(c.on_web, 0) AS coupons_redeemed_on_web
       FROM wanted w
       LEFT JOIN messages m ON m.campaign_id = w.campaign_id
       LEFT JOIN coupons c ON c.campaign_id = w.campaign_id`,
    [valid],
  );
}
