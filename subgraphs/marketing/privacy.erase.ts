// Erasure in the campaign tool (issue 11 item 5), as it forgets a contact: the contact row stays
// (messages, coupons and the consent history point at its UUID) but holds nothing of the person —
// e-mail and its SHA-256 (a hash of an address can be guessed back), mobile, names, postcode and
// country removed, and the import reference to another system's record (`external_ref`) cut. The
// contact leaves every segment (segment membership is profiling). Kept, pseudonymous: messages
// sent (campaign statistics), coupons issued and redeemed (their redemption is a receipt's or an
// order's), and the consent history (the proof of what the person agreed to and when); with no
// address or mobile left, nothing can be sent to the contact any more.
//
// Idempotent: every statement only touches rows still holding something. One transaction.
import type { Database } from '../kit/database';
import type { Json, RecordEraser } from '../kit/privacy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const eraseMarketingRecords: RecordEraser = async (db: Database, localKeys: readonly string[]) => {
  const uuids = [...new Set(localKeys.map((key) => key.trim().toLowerCase()).filter((key) => UUID.test(key)))];
  return db.withTransaction(async (tx) => {
    const count = async (sql: string): Promise<number> => (await tx.query(sql, [uuids])).length;
    const contacts = await count(
      `UPDATE mk_contact
          SET email = NULL, email_sha256 = NULL, mobile_e164 = NULL, first_name = NULL, last_name = NULL,
              postcode = NULL, country = NULL, external_ref = NULL, updated_at = now()
        WHERE contact_uuid = ANY($1::uuid[])
          AND (email IS NOT NULL OR email_sha256 IS NOT NULL OR mobile_e164 IS NOT NULL OR first_name IS NOT NULL
               OR last_name IS NOT NULL OR postcode IS NOT NULL OR country IS NOT NULL OR external_ref IS NOT NULL)
        RETURNING 1`,
    );
    const memberships = await count('DELETE FROM mk_segment_member WHERE contact_uuid = ANY($1::uuid[]) RETURNING 1');
    const [kept] = await tx.query<{ found: number; messages: number; coupons: number; consents: number }>(
      `SELECT (SELECT count(*) FROM mk_contact WHERE contact_uuid = ANY($1::uuid[]))::int AS found,
              (SELECT count(*) FROM mk_message WHERE contact_uuid = ANY($1::uuid[]))::int AS messages,
              (SELECT count(*) FROM mk_coupon WHERE contact_uuid = ANY($1::uuid[]))::int AS coupons,
              (SELECT count(*) FROM mk_consent WHERE contact_uuid = ANY($1::uuid[]))::int AS consents`,
      [uuids],
    );
    const receipt: { [key: string]: Json } = {
      action: 'anonymised',
      records: uuids.length,
      alreadyErased: contacts + memberships === 0 && kept.found > 0,
      tables: {
        mk_contact: { anonymised: contacts, found: kept.found },
        mk_segment_member: { deleted: memberships },
        mk_message: { kept: kept.messages },
        mk_coupon: { kept: kept.coupons },
        mk_consent: { kept: kept.consents },
      },
      kept: 'messages, coupons and the consent history, on a contact that names nobody and can no longer be reached',
    };
    return receipt;
  });
};
