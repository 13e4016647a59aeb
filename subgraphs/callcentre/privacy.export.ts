// The call centre's part of a customer's export (kit/privacy.ts): every row callcentre_legacy holds
// about the given contacts — the contact, their calls (with the agents' notes), their tickets and
// each ticket's events, their callback requests — as the CTI stores them (epoch seconds, short
// codes). One statement whatever the number of contacts or rows (PostgreSQL aggregates each table
// to JSON, columns in their order).
//
// Not exported: calls whose caller was not identified (contact_id null), even from a number the
// customer uses: a number can be a household's or recycled, and the call centre itself does not
// say whose they are.
import type { Database } from '../kit/database';
import type { Json, RecordExporter } from '../kit/privacy';

const CONTACT = /^\d{1,9}$/;

const EXPORT = `
  WITH ticket AS (SELECT * FROM tickets WHERE contact_id = ANY($1::int[]))
  SELECT
    (SELECT coalesce(json_agg(c ORDER BY c.contact_id), '[]') FROM contacts c WHERE c.contact_id = ANY($1::int[])) AS contacts,
    (SELECT coalesce(json_agg(c ORDER BY c.call_id), '[]') FROM calls c WHERE c.contact_id = ANY($1::int[])) AS calls,
    (SELECT coalesce(json_agg(t ORDER BY t.ticket_id), '[]') FROM ticket t) AS tickets,
    (SELECT coalesce(json_agg(e ORDER BY e.ticket_id, e.id), '[]')
       FROM ticket_events e WHERE e.ticket_id IN (SELECT ticket_id FROM ticket)) AS ticket_events,
    (SELECT coalesce(json_agg(b ORDER BY b.id), '[]') FROM callbacks b WHERE b.contact_id = ANY($1::int[])) AS callbacks`;

export const callcentreExportRecords: RecordExporter = async (db: Database, localKeys) => {
  // A key that is no contact number names no row here.
  const contacts = [...new Set(localKeys.map((key) => key.trim()))].filter((key) => CONTACT.test(key)).map(Number);
  const [tables] = await db.query<{ [table: string]: Json }>(EXPORT, [contacts]);
  return { tables, withheld: [] };
};
