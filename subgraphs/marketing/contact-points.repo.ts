// The campaign tool's own addresses of its contacts (mk_contact.email, mobile_e164): what a campaign
// is sent to. Read for Customer.marketingEmail / marketingMobile, one statement per batch.
import { Queryable } from '../kit/database';

export interface ContactPointRow {
  contact_uuid: string;
  email: string | null;
  mobile_e164: string | null;
  updated_at: Date;
}

export function contactPointsOf(db: Queryable, contacts: readonly string[]): Promise<ContactPointRow[]> {
  if (contacts.length === 0) return Promise.resolve([]);
  return db.query<ContactPointRow>(
    `SELECT contact_uuid::text AS contact_uuid, nullif(trim(email), '') AS email, nullif(trim(mobile_e164), '') AS mobile_e164, updated_at
       FROM mk_contact WHERE contact_uuid = ANY($1::uuid[])`,
    [contacts],
  );
}
