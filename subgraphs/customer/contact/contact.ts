// "Tell us once" (issue 15 item 2): a customer's new contact details, as a request in the hub's
// outbox (outbox/outbox.ts), kind `contact_update`, the way erasure is (privacy/erasure.ts):
// - submitContactUpdate records it with one step per legacy system holding a record of the
//   customer whose channel declares `writeContactDetails` (kit/contact-details.ts). The payload is
//   the normalised change, and per record its key and a snapshot of what the hub knew of its
//   e-mails, phones and postcode when the change was asked (the writers' conflict rule compares
//   the legacy row with it). Idempotency key: the client's key scoped to the customer (asking
//   again with it returns the first request); without one, every call is a new request.
// - contactHandlers: a system's step calls its channel's writer with its records, the change and
//   the request's requestedAt. The registry gives the channels: the hub names none.
// - contactSummary: once every step is done the payload (new and old values: personal data) is
//   replaced by the fields changed and counts per system; the receipts stay.
// The identity links and the journal follow by themselves: the writers stamp each row as its
// application would, so the hub's incremental identity pass re-reads it (identity/resolve.ts).
// One exception, pinNamelessRecords: a record without a name is linked by its e-mail or phone
// only while that mailbox or number names its holder (identity/rules.ts, family mailboxes), so a
// new e-mail that names nobody (`tell.us.once@…`) would detach it from the customer who asked for
// it. The customer's own statement is the evidence there: its link is pinned, as an agent's is.
import type { Database, Queryable } from '../../kit/database';
import { registry } from '../../channels';
import type { ContactChange, ContactRecord } from '../../kit/contact-details';
import { Json, OutboxHandlers, OutboxRequest, StepHandler } from '../outbox/outbox';
import { submitCustomerRequest, writeThroughPayload, writeThroughSummary, WriteThroughRefused } from '../outbox/write-through';

export const CONTACT_UPDATE_KIND = 'contact_update';

export interface ContactUpdatePayload {
  customerId: string;
  change: ContactChange;
  records: Record<string, ContactRecord[]>;
}

/** The legacy systems whose channel writes contact details. */
function writers(): Map<string, NonNullable<ReturnType<typeof registry>['definitions'][number]['writeContactDetails']>> {
  const found = new Map();
  for (const definition of registry().definitions) {
    if (definition.writeContactDetails && definition.legacy) found.set(definition.database, definition.writeContactDetails);
  }
  return found;
}

export async function submitContactUpdate(
  db: Database,
  input: { customerId: string; change: ContactChange; requestedBy: string; idempotencyKey: string | null },
): Promise<{ request: OutboxRequest; created: boolean }> {
  return submitCustomerRequest(db, {
    kind: CONTACT_UPDATE_KIND,
    customerId: input.customerId,
    requestedBy: input.requestedBy,
    idempotencyKey: input.idempotencyKey,
    within: input.change.email || input.change.phone ? (tx, requestId) => pinNamelessRecords(tx, input.customerId, requestId) : undefined,
    prepare: async () => {
      const systems = writers();
      const rows = await db.query<{ system: string; local_key: string; emails: string[]; phones: string[]; postcode: string | null }>(
        `SELECT l.system, l.local_key,
                coalesce(array_agg(DISTINCT i.value ORDER BY i.value) FILTER (WHERE i.kind = 'email'), '{}') AS emails,
                coalesce(array_agg(DISTINCT i.value ORDER BY i.value) FILTER (WHERE i.kind = 'phone'), '{}') AS phones,
                r.postcode
           FROM identity_link l
           LEFT JOIN identity_record r ON r.system = l.system AND r.local_key = l.local_key
           LEFT JOIN identity_identifier i ON i.system = l.system AND i.local_key = l.local_key AND i.role = 'holder' AND i.kind IN ('email', 'phone')
          WHERE l.customer_id = $1 AND l.unlinked_at IS NULL AND l.system = ANY($2::text[])
          GROUP BY l.system, l.local_key, r.postcode
          ORDER BY l.system, l.local_key`,
        [input.customerId, [...systems.keys()]],
      );
      const records: Record<string, ContactRecord[]> = {};
      for (const row of rows) {
        (records[row.system] ??= []).push({ localKey: row.local_key, old: { emails: row.emails, phones: row.phones, address: null, postcode: row.postcode } });
      }
      if (Object.keys(records).length === 0) throw new WriteThroughRefused('no legacy system holds a record of this customer');
      const payload: ContactUpdatePayload = { customerId: input.customerId, change: input.change, records };
      return { payload: payload as unknown as Json, systems: Object.keys(records).sort() };
    },
  });
}

/**
 * The customer's nameless records (no full name to check a new e-mail or phone against) keep their
 * link whatever the rules say of their new contact details: the link in force is closed and opened
 * again, with the same rule and evidence, decided by `write_through` (the rules leave links not
 * decided by them: identity/link.sql.ts `pinned`; an agent's decision can still move them).
 * Two statements in the submission's transaction, whatever the number of records.
 */
async function pinNamelessRecords(tx: Queryable, customerId: string, requestId: string): Promise<void> {
  const closed = await tx.query<{ system: string; local_key: string; rule: string; evidence: unknown }>(
    `UPDATE identity_link l SET unlinked_at = now(), reason = 'pinned by a contact update'
      WHERE l.customer_id = $1 AND l.unlinked_at IS NULL AND l.decided_by = 'rules'
        AND EXISTS (SELECT 1 FROM identity_record r
                     WHERE r.system = l.system AND r.local_key = l.local_key AND cardinality(r.name_readings) = 0)
      RETURNING l.system, l.local_key, l.rule, l.evidence`,
    [customerId],
  );
  if (closed.length === 0) return;
  await tx.query(
    `INSERT INTO identity_link (customer_id, system, local_key, rule, evidence, decided_by, reason)
     SELECT $1, c.system, c.local_key, c.rule, c.evidence, 'write_through', $3
       FROM jsonb_to_recordset($2::jsonb) AS c(system text, local_key text, rule text, evidence jsonb)`,
    [customerId, JSON.stringify(closed), `the customer gave this record's new contact details (contact update ${requestId})`],
  );
}

const payloadOf = (request: OutboxRequest): ContactUpdatePayload => writeThroughPayload<ContactUpdatePayload>(request, 'the contact update');

/** handlers[contact_update][system], from the registry's channels that declare writeContactDetails. */
export function contactHandlers(): OutboxHandlers {
  const bySystem: Record<string, StepHandler> = {};
  for (const [system, write] of writers()) {
    bySystem[system] = async ({ db, request }) => {
      const payload = payloadOf(request);
      return write(db, payload.records[system] ?? [], payload.change, request.requestedAt);
    };
  }
  return { [CONTACT_UPDATE_KIND]: bySystem };
}

/** The fields changed and counts per system in place of the values, once every step is done. */
export const contactSummary = writeThroughSummary;

export const contactScrub = { [CONTACT_UPDATE_KIND]: contactSummary };
