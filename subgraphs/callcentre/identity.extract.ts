// The call centre's identity records (contacts) as the hub's staging rows (kit/identity-records.ts).
import type { Database } from '../kit/database';
import { Cursor, epochIso, Extraction, Extractor, maxOf, OVERLAP_SECONDS, postcodeOf, RecordBuilder } from '../kit/identity-records';

interface ContactRow {
  contact_id: number;
  phone: string;
  alt_phone: string | null;
  email: string | null;
  full_name: string;
  postcode: string | null;
  changed: string;
}

const CONTACT_COLUMNS = 'contact_id, phone, alt_phone, email, full_name, postcode, updated_epoch AS changed';

export const callcentreIdentityRecords: Extractor = async function extractCallcentre(db: Database, since?: Cursor): Promise<Extraction> {
  const rows =
    since?.changed || since?.id
      ? await db.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE updated_epoch >= $1 OR contact_id > $2`, [
          Number(since.changed ?? 0) - OVERLAP_SECONDS,
          since.id ?? 0,
        ])
      : await db.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts`);
  const records = rows.map((row) => {
    const key = String(row.contact_id);
    // `DUPONT Marie` or `Marie Dupont`: unless capitals mark the surname, both readings are kept.
    const record = new RecordBuilder('callcentre', key)
      .fullName(row.full_name)
      .add('callcentre_contact', key)
      .phone(row.phone)
      .phone(row.alt_phone)
      .email(row.email).record;
    record.postcode = postcodeOf(row.postcode);
    record.sourceChangedAt = epochIso(row.changed);
    return record;
  });
  const cursor = {
    changed: maxOf(rows.map((row) => Number(row.changed)), since?.changed ?? null),
    id: Number(maxOf(rows.map((row) => row.contact_id), since?.id ?? null)) || null,
  };
  return { records, cursor };
};
