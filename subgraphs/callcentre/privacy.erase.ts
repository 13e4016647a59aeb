// Erasure in the call centre (issue 11 item 5), as the CTI tool forgets a caller: the contact row
// stays (calls, tickets and callbacks point at it; call statistics and ticket history are kept)
// but says nothing of the person — phone, alternate phone, e-mail, name and postcode blanked.
// Their calls keep queue, agent, time, duration, reason and outcome; the calling number and the
// agent's free-text notes are blanked. Unidentified calls (no contact) made from one of the
// contact's numbers (compared on the last nine digits, whatever the spelling) lose that number too:
// it is this person's phone. Tickets keep category, status, dates, priority, satisfaction and the
// order reference (orders are kept for accounting); their subject and every event's body, free
// text, are blanked. Callback windows hold no personal data and stay.
//
// Idempotent: every statement only touches rows still holding something. One transaction.
import type { Database } from '../kit/database';
import type { Json, RecordEraser } from '../kit/privacy';

export const eraseCallcentreRecords: RecordEraser = async (db: Database, localKeys: readonly string[]) => {
  const ids = [...new Set(localKeys.map((key) => key.trim()).filter((key) => /^\d{1,9}$/.test(key)).map(Number))];
  return db.withTransaction(async (tx) => {
    const count = async (sql: string, params: unknown[] = [ids]): Promise<number> => (await tx.query(sql, params)).length;
    // The numbers first (they are blanked below): nine last digits, the national number whatever its spelling.
    const numbers = (
      await tx.query<{ digits: string }>(
        `SELECT DISTINCT right(regexp_replace(p, '\\D', '', 'g'), 9) AS digits
           FROM contacts, unnest(ARRAY[phone, alt_phone]) AS p
          WHERE contact_id = ANY($1::int[]) AND p IS NOT NULL AND length(regexp_replace(p, '\\D', '', 'g')) >= 9`,
        [ids],
      )
    ).map((row) => row.digits);
    const contacts = await count(
      `UPDATE contacts SET phone = '', alt_phone = NULL, email = NULL, full_name = '', postcode = NULL,
              updated_epoch = extract(epoch FROM now())::bigint
        WHERE contact_id = ANY($1::int[])
          AND (phone <> '' OR alt_phone IS NOT NULL OR email IS NOT NULL OR full_name <> '' OR postcode IS NOT NULL)
        RETURNING 1`,
    );
    const calls = await count(
      `UPDATE calls SET ani = '', notes = ''
        WHERE contact_id = ANY($1::int[]) AND (ani <> '' OR notes <> '')
        RETURNING 1`,
    );
    const unidentifiedCalls =
      numbers.length === 0
        ? 0
        : await count(
            `UPDATE calls SET ani = ''
              WHERE contact_id IS NULL AND ani <> '' AND right(regexp_replace(ani, '\\D', '', 'g'), 9) = ANY($1::text[])
              RETURNING 1`,
            [numbers],
          );
    const tickets = await count(
      `UPDATE tickets SET subject = '' WHERE contact_id = ANY($1::int[]) AND subject <> '' RETURNING 1`,
    );
    const ticketEvents = await count(
      `UPDATE ticket_events e SET body = ''
         FROM tickets t
        WHERE t.ticket_id = e.ticket_id AND t.contact_id = ANY($1::int[]) AND e.body <> ''
        RETURNING 1`,
    );
    const [kept] = await tx.query<{ found: number; calls: number; tickets: number; callbacks: number }>(
      `SELECT (SELECT count(*) FROM contacts WHERE contact_id = ANY($1::int[]))::int AS found,
              (SELECT count(*) FROM calls WHERE contact_id = ANY($1::int[]))::int AS calls,
              (SELECT count(*) FROM tickets WHERE contact_id = ANY($1::int[]))::int AS tickets,
              (SELECT count(*) FROM callbacks WHERE contact_id = ANY($1::int[]))::int AS callbacks`,
      [ids],
    );
    const touched = contacts + calls + unidentifiedCalls + tickets + ticketEvents;
    const receipt: { [key: string]: Json } = {
      action: 'anonymised',
      records: ids.length,
      alreadyErased: touched === 0 && kept.found > 0,
      tables: {
        contacts: { anonymised: contacts, found: kept.found },
        calls: { anonymised: calls, unidentifiedAnonymised: unidentifiedCalls, kept: kept.calls },
        tickets: { anonymised: tickets, kept: kept.tickets },
        ticket_events: { anonymised: ticketEvents },
        callbacks: { kept: kept.callbacks },
      },
      kept: 'calls (queue, agent, time, duration, reason, outcome), tickets (category, status, dates, order reference) and callbacks, on a contact that names nobody',
    };
    return receipt;
  });
};
