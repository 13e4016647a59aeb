// mk_coupon: a coupon issued by a campaign to a contact, and where it was redeemed.
import { Queryable } from '../kit/database';
import { RecordPairs } from '../kit/loaders';
import { CAMPAIGN_JOIN, JOINED_CAMPAIGN_COLUMNS, JoinedCampaignColumns } from './campaigns.repo';
import { PagedTable, PageRequest, pagesByContacts, PagedRow } from './contact-pages.repo';

export interface CouponRow extends JoinedCampaignColumns {
  code: string;
  campaign_id: string;
  contact_uuid: string;
  issued_at: Date;
  redeemed_at: Date | null;
  redeemed_channel: string | null;
  redeemed_ref: string | null;
}

const COLUMNS = `t.code, t.campaign_id::text AS campaign_id, t.contact_uuid::text AS contact_uuid, t.issued_at,
  t.redeemed_at, t.redeemed_channel, t.redeemed_ref,
  ${JOINED_CAMPAIGN_COLUMNS}`;

/** mk_coupon.code is varchar(20). */
export const COUPON_CODE = /^[^\u0000]{1,20}$/;

export function couponsByCodes(db: Queryable, codes: readonly string[]): Promise<CouponRow[]> {
  const valid = codes.filter((code) => COUPON_CODE.test(code));
  if (valid.length === 0) return Promise.resolve([]);
  return db.query<CouponRow>(`SELECT ${COLUMNS} FROM mk_coupon t ${CAMPAIGN_JOIN} WHERE t.code = ANY($1::varchar[])`, [valid]);
}

const COUPONS: PagedTable = { table: 'mk_coupon', columns: COLUMNS, instant: 'issued_at', id: 'code', idCast: 'text', joins: CAMPAIGN_JOIN };

/** A page of each request's coupons, newest issued first, in one statement. */
export function couponPages(db: Queryable, requests: readonly PageRequest[], pairs: RecordPairs<string>): Promise<PagedRow<CouponRow>[]> {
  return pagesByContacts<CouponRow>(db, COUPONS, requests, pairs);
}
