// "Tell us once" for preferences (issue 15 item 2): a change of preferences as a request in the
// hub's outbox, kind `preference_update`, the way contact details are (contact/contact.ts; shared
// parts in outbox/write-through.ts):
// - submitPreferenceUpdate records it with one step per legacy system holding a record of the
//   customer whose channel declares `writePreferences` holding one of the changed fields
//   (kit/preferences.ts), plus the hub's own step; in the same transaction it records each stated
//   preference in preference_statement (migration 017), superseding the statement it replaces:
//   the graph's statements are read at once, whatever the legacy systems' state. The payload holds,
//   per record, the hub's snapshot of what that record held (its staged preferences and latest
//   consent decisions), which the writers' conflict rule compares the legacy row with.
// - preferenceHandlers: a system's step calls its channel's writer; the hub's step only counts the
//   statements recorded with the request (they were written at submission).
// - scrub: once every step is done the payload is replaced by the fields and counts per system.
import type { Database, Queryable } from '../../kit/database';
import { registry } from '../../channels';
import { HUB_ROLE } from '../../kit/databases';
import { changedFields, holdsField, PreferenceChange, PreferenceRecord, PreferenceWriter } from '../../kit/preferences';
import { Json, OutboxHandlers, OutboxRequest, StepHandler } from '../outbox/outbox';
import { submitCustomerRequest, writeThroughPayload, writeThroughSummary } from '../outbox/write-through';

export const PREFERENCE_UPDATE_KIND = 'preference_update';

export interface PreferenceUpdatePayload {
  customerId: string;
  change: PreferenceChange;
  collectedVia: NonNullable<PreferenceChange['collectedVia']>;
  records: Record<string, PreferenceRecord[]>;
}

/** The legacy systems whose channel writes preferences, with what each holds. */
export function preferenceWriters(): Map<string, PreferenceWriter> {
  const found = new Map<string, PreferenceWriter>();
  for (const definition of registry().definitions) {
    if (definition.writePreferences && definition.legacy) found.set(definition.database, definition.writePreferences);
  }
  return found;
}

/**
 * The statements a change makes: preference, scope and value (JSON), one per preference and scope.
 * Values: a JSON string (`"fr"`, `"P001"`; contactChannel the Channel, `"STORE"`), contactHours
 * `{"from": "18:00", "to": "20:00"}`, an opt-in a boolean. suggestedChannel reads contactChannel and contactHours.
 */
export function statementsOf(change: PreferenceChange): { preference: string; scope: string; value: Json }[] {
  const statements: { preference: string; scope: string; value: Json }[] = [];
  if (change.language !== undefined) statements.push({ preference: 'language', scope: '', value: change.language });
  if (change.favouriteStore !== undefined) statements.push({ preference: 'favouriteStore', scope: '', value: change.favouriteStore });
  if (change.contactHours !== undefined) {
    // As suggestedChannel reads it: {"from": "HH:MM", "to": "HH:MM"}.
    const [from, to] = change.contactHours.split('-');
    statements.push({ preference: 'contactHours', scope: '', value: { from, to } });
  }
  for (const { task, channel } of change.contactChannels ?? []) statements.push({ preference: 'contactChannel', scope: task, value: channel });
  for (const { purpose, medium, granted } of change.optIns ?? []) statements.push({ preference: 'optIn', scope: `${purpose}:${medium}`, value: granted });
  return statements;
}

/** What the hub knew of each record of the customer in `systems`: declared preferences staged, latest consent decision per purpose × medium. One statement. */
const SNAPSHOT = `
SELECT l.system, l.local_key,
       coalesce((SELECT jsonb_object_agg(s.preference, s.value)
                   FROM (SELECT DISTINCT ON (preference) preference, value FROM preference_source_statement s
                          WHERE s.system = l.system AND s.local_key = l.local_key AND s.basis = 'declared' AND s.scope = ''
                          ORDER BY preference, stated_at DESC) s), '{}'::jsonb)
       || coalesce((SELECT jsonb_object_agg('optIn:' || c.purpose || ':' || c.medium, c.granted::text)
                      FROM (SELECT DISTINCT ON (purpose, medium) purpose, medium, granted FROM consent_decision c
                             WHERE c.system = l.system AND c.local_key = l.local_key
                             ORDER BY purpose, medium, decided_at DESC) c), '{}'::jsonb) AS old
  FROM identity_link l
 WHERE l.customer_id = $1 AND l.unlinked_at IS NULL AND l.system = ANY($2::text[])
 ORDER BY l.system, l.local_key`;

async function recordStatements(tx: Queryable, customerId: string, change: PreferenceChange, statedBy: string, requestId: string): Promise<void> {
  const statements = statementsOf(change);
  await tx.query(
    `UPDATE preference_statement p SET superseded_at = now()
       FROM unnest($2::text[], $3::text[]) AS t(preference, scope)
      WHERE p.customer_id = $1 AND p.superseded_at IS NULL AND p.preference = t.preference AND p.scope = t.scope`,
    [customerId, statements.map((s) => s.preference), statements.map((s) => s.scope)],
  );
  await tx.query(
    `INSERT INTO preference_statement (customer_id, preference, scope, value, stated_by, request_id)
     SELECT $1, t.preference, t.scope, t.value::jsonb, $5, $6 FROM unnest($2::text[], $3::text[], $4::text[]) AS t(preference, scope, value)`,
    [customerId, statements.map((s) => s.preference), statements.map((s) => s.scope), statements.map((s) => JSON.stringify(s.value)), statedBy, requestId],
  );
}

export async function submitPreferenceUpdate(
  db: Database,
  input: { customerId: string; change: PreferenceChange; collectedVia: PreferenceUpdatePayload['collectedVia']; requestedBy: string; idempotencyKey: string | null },
): Promise<{ request: OutboxRequest; created: boolean }> {
  return submitCustomerRequest(db, {
    kind: PREFERENCE_UPDATE_KIND,
    customerId: input.customerId,
    requestedBy: input.requestedBy,
    idempotencyKey: input.idempotencyKey,
    prepare: async () => {
      const fields = changedFields(input.change);
      const writers = [...preferenceWriters()].filter(([, writer]) => fields.some((field) => holdsField(writer, field)));
      const rows = await db.query<{ system: string; local_key: string; old: Record<string, string> }>(SNAPSHOT, [input.customerId, writers.map(([system]) => system)]);
      const records: Record<string, PreferenceRecord[]> = {};
      for (const row of rows) (records[row.system] ??= []).push({ localKey: row.local_key, old: row.old });
      const payload: PreferenceUpdatePayload = { customerId: input.customerId, change: input.change, collectedVia: input.collectedVia, records };
      return { payload: payload as unknown as Json, systems: [HUB_ROLE, ...Object.keys(records).sort()] };
    },
    within: (tx, requestId) => recordStatements(tx, input.customerId, input.change, input.requestedBy, requestId),
  });
}

const payloadOf = (request: OutboxRequest): PreferenceUpdatePayload => writeThroughPayload<PreferenceUpdatePayload>(request, 'the preference update');

/** handlers[preference_update][system]: every channel declaring writePreferences, and the hub. */
export function preferenceHandlers(): OutboxHandlers {
  const bySystem: Record<string, StepHandler> = {
    // The statements were recorded with the request, in its transaction: the hub's step says how many.
    [HUB_ROLE]: async ({ db, request }) => {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM preference_statement WHERE request_id = $1', [request.id]);
      return { action: 'preferencesStated', statements: row.n, alreadyApplied: false, conflict: false, conflicts: 0 };
    },
  };
  for (const [system, writer] of preferenceWriters()) {
    bySystem[system] = async ({ db, request }) => {
      const payload = payloadOf(request);
      return writer.write(db, payload.records[system] ?? [], { ...payload.change, collectedVia: payload.collectedVia }, request.requestedAt);
    };
  }
  return { [PREFERENCE_UPDATE_KIND]: bySystem };
}

export const preferenceScrub = { [PREFERENCE_UPDATE_KIND]: writeThroughSummary };
