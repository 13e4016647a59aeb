// Marketing's part of a customer's export (kit/privacy.ts): every row marketing_legacy holds about
// the given contacts — the contact, their consent history, the messages sent to them, their coupons,
// their segment memberships — as the campaign tool stores them, with the campaigns and segments
// those rows name (no person in them: what the campaign or segment was). One statement whatever the
// number of contacts or rows (PostgreSQL aggregates each table to JSON, columns in their order).
import type { Database } from '../kit/database';
import type { Json, RecordExporter } from '../kit/privacy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const EXPORT = `
  WITH message AS (SELECT * FROM mk_message WHERE contact_uuid = ANY($1::uuid[])),
       coupon AS (SELECT * FROM mk_coupon WHERE contact_uuid = ANY($1::uuid[])),
       member AS (SELECT * FROM mk_segment_member WHERE contact_uuid = ANY($1::uuid[]))
  SELECT
    (SELECT coalesce(json_agg(c ORDER BY c.contact_uuid), '[]') FROM mk_contact c WHERE c.contact_uuid = ANY($1::uuid[])) AS mk_contact,
    (SELECT coalesce(json_agg(c ORDER BY c.id), '[]') FROM mk_consent c WHERE c.contact_uuid = ANY($1::uuid[])) AS mk_consent,
    (SELECT coalesce(json_agg(m ORDER BY m.message_id), '[]') FROM message m) AS mk_message,
    (SELECT coalesce(json_agg(c ORDER BY c.code), '[]') FROM coupon c) AS mk_coupon,
    (SELECT coalesce(json_agg(s ORDER BY s.segment_id, s.contact_uuid, s.added_at), '[]') FROM member s) AS mk_segment_member,
    (SELECT coalesce(json_agg(k ORDER BY k.campaign_id), '[]') FROM mk_campaign k
      WHERE k.campaign_id IN (SELECT campaign_id FROM message UNION SELECT campaign_id FROM coupon)) AS mk_campaign,
    (SELECT coalesce(json_agg(g ORDER BY g.segment_id), '[]') FROM mk_segment g
      WHERE g.segment_id IN (SELECT segment_id FROM member)) AS mk_segment`;

export const marketingExportRecords: RecordExporter = async (db: Database, localKeys) => {
  // A key that is no contact UUID names no row here (the cast would refuse the whole statement).
  const contacts = [...new Set(localKeys.map((key) => key.trim().toLowerCase()))].filter((key) => UUID.test(key));
  const [tables] = await db.query<{ [table: string]: Json }>(EXPORT, [contacts]);
  return { tables, withheld: [] };
};
