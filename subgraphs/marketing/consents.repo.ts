// mk_consent is a history: the latest row for a contact, channel and purpose is in force. One
// statement reads a batch of contacts' whole history and marks the rows in force (window function),
// so that both the current state and the history come from the same read.
import { Queryable } from '../kit/database';
import { ReadModelKeys, readModelCondition } from '../kit/read-model';
import { utcTextOfTimestamptz } from '../kit/utc-text';

export interface ConsentRow {
  id: string;
  contact_uuid: string;
  channel: string;
  purpose: string;
  granted: boolean;
  at: Date;
  source: string;
  /** Exact instant text, for cursors. */
  sort_at: string;
  in_force: boolean;
}

export function consentsOfContacts(db: Queryable, contacts: readonly string[], readModel?: ReadModelKeys): Promise<ConsentRow[]> {
  if (contacts.length === 0) return Promise.resolve([]);
  // READ_MODEL=marketing.mk_consent (kit/read-model.ts): the contacts' decisions named by the hub's
  // copy of (contact_uuid, id), plus every decision above its high water (a withdrawal made a second
  // ago included), by primary key; still on their contact.
  const byReadModel = readModel ? readModelCondition('c', 'id', readModel, 2) : null;
  return db.query<ConsentRow>(
    `SELECT c.id::text AS id, c.contact_uuid::text AS contact_uuid, c.channel, c.purpose, c.granted, c.at, c.source,
            ${utcTextOfTimestamptz('c.at')} AS sort_at,
            row_number() OVER (PARTITION BY c.contact_uuid, upper(trim(c.channel)), upper(trim(c.purpose))
                               ORDER BY c.at DESC, c.id DESC) = 1 AS in_force
       FROM mk_consent c
      WHERE c.contact_uuid = ANY($1::uuid[])${byReadModel ? ` AND ${byReadModel.sql}` : ''}
      ORDER BY c.at DESC, c.id DESC`,
    [contacts, ...(byReadModel?.params ?? [])],
  );
}

/** mk_consent.id is a bigserial; anything else is no record. */
export const CONSENT_ID = /^\d{1,18}$/;

/**
 * Consent decisions by id, for the history's records: one statement per batch, each marked in force
 * when no later decision of its contact exists for the same channel and purpose (the same rule as
 * consentsOfContacts).
 */
export function consentsByIds(db: Queryable, ids: readonly string[]): Promise<ConsentRow[]> {
  const valid = ids.filter((id) => CONSENT_ID.test(id));
  if (valid.length === 0) return Promise.resolve([]);
  return db.query<ConsentRow>(
    `SELECT c.id::text AS id, c.contact_uuid::text AS contact_uuid, c.channel, c.purpose, c.granted, c.at, c.source,
            ${utcTextOfTimestamptz('c.at')} AS sort_at,
            NOT EXISTS (SELECT 1 FROM mk_consent n
                         WHERE n.contact_uuid = c.contact_uuid
                           AND upper(trim(n.channel)) = upper(trim(c.channel)) AND upper(trim(n.purpose)) = upper(trim(c.purpose))
                           AND (n.at, n.id) > (c.at, c.id)) AS in_force
       FROM mk_consent c
      WHERE c.id = ANY($1::bigint[])`,
    [valid],
  );
}
