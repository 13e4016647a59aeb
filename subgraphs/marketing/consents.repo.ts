// mk_consent is a history: the latest row for a contact, channel and purpose is in force. One
// statement reads a batch of contacts' whole history and marks the rows in force (window function),
// so that both the current state and the history come from the same read.
import { Queryable } from '../kit/database';
import { exactInstant } from './cursor';

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

export function consentsOfContacts(db: Queryable, contacts: readonly string[]): Promise<ConsentRow[]> {
  if (contacts.length === 0) return Promise.resolve([]);
  return db.query<ConsentRow>(
    `SELECT c.id::text AS id, c.contact_uuid::text AS contact_uuid, c.channel, c.purpose, c.granted, c.at, c.source,
            ${exactInstant('c.at')} AS sort_at,
            row_number() OVER (PARTITION BY c.contact_uuid, upper(trim(c.channel)), upper(trim(c.purpose))
                               ORDER BY c.at DESC, c.id DESC) = 1 AS in_force
       FROM mk_consent c
      WHERE c.contact_uuid = ANY($1::uuid[])
      ORDER BY c.at DESC, c.id DESC`,
    [contacts],
  );
}
