// The marketing tool's identity records (contacts) as the hub's staging rows (kit/identity-records.ts).
import { isInvalid, parseExternalRef } from '../kit/identity/normalise';
import type { Database } from '../kit/database';
import { Cursor, epochIso, Extraction, Extractor, maxOf, OVERLAP_SECONDS, postcodeOf, RecordBuilder } from '../kit/identity-records';

interface MarketingRow {
  contact_uuid: string;
  email: string | null;
  mobile_e164: string | null;
  first_name: string | null;
  last_name: string | null;
  postcode: string | null;
  external_ref: string | null;
  changed: number;
}

const MARKETING_COLUMNS = `contact_uuid::text AS contact_uuid, email, mobile_e164, first_name, last_name, postcode, external_ref,
  extract(epoch FROM updated_at)::float8 AS changed`;

export const marketingIdentityRecords: Extractor = async function extractMarketing(db: Database, since?: Cursor): Promise<Extraction> {
  // UUIDs do not grow: the change stamp alone says what is new.
  const rows = since?.changed
    ? await db.query<MarketingRow>(`SELECT ${MARKETING_COLUMNS} FROM mk_contact WHERE updated_at >= to_timestamp($1::float8)`, [
        Number(since.changed) - OVERLAP_SECONDS,
      ])
    : await db.query<MarketingRow>(`SELECT ${MARKETING_COLUMNS} FROM mk_contact`);
  const records = rows.map((row) => {
    const key = row.contact_uuid;
    const builder = new RecordBuilder('marketing', key)
      .names(row.first_name, row.last_name)
      .add('marketing_contact', key)
      .email(row.email)
      .phone(row.mobile_e164);
    if (row.external_ref !== null && row.external_ref.trim() !== '') {
      const ref = parseExternalRef(row.external_ref);
      if (isInvalid(ref)) builder.ignore('external_ref_invalid');
      else if (ref.system === 'ecommerce') builder.add('ecommerce_account', ref.customerId, 'reference');
      else builder.add('card', ref.card, 'reference');
    }
    const record = builder.record;
    record.postcode = postcodeOf(row.postcode);
    record.sourceChangedAt = epochIso(row.changed);
    return record;
  });
  return { records, cursor: { changed: maxOf(rows.map((row) => row.changed), since?.changed ?? null), id: null } };
};
