// The outbox's `export` steps (outbox/outbox.ts): one per legacy system holding the customer's
// records, read by that channel's exportRecords (kit/privacy.ts) with the keys linked to the customer
// when the step runs, and one for the hub's own tables. Each step writes its section to the hub's
// export_section table (personal data: never in the receipt) and returns a receipt of counts only.
//
// Idempotent as the outbox requires: a step reads, then upserts its one section; a re-run after a
// crash reads again and overwrites it. The registry drives it: a channel added later is exported
// once it declares exportRecords; one that declares none fails its step for good (an export that
// silently left a system out would be a wrong answer to the customer).
import { registry } from '../../channels';
import type { Database } from '../../kit/database';
import { HUB_ROLE } from '../../kit/databases';
import { isCustomerId } from '../../kit/access/principal';
import type { Json } from '../../kit/privacy';
import { OutboxHandlers, OutboxRequest, PermanentStepError, Receipt, StepHandler } from '../outbox/outbox';
import { hubSectionOf, linkedKeysOf, purgeExpiredExports, saveSection } from './export.repo';

/** The outbox kind of an export request. */
export const EXPORT_KIND = 'export';

/** The hub's own step and section: its name is the hub's database role. */
export const HUB_SECTION = HUB_ROLE;

/** The payload of an export request: the customer, nothing else (no personal data to scrub). */
export interface ExportPayload {
  customerId: string;
}

export function customerOfRequest(request: Pick<OutboxRequest, 'payload'>): string {
  const customerId = (request.payload as Partial<ExportPayload> | null)?.customerId;
  if (!isCustomerId(customerId)) throw new PermanentStepError('the export request names no customer id');
  return customerId;
}

/** Rows per table of a section: what a receipt may say (no value, no key). */
function rowCounts(tables: Json | undefined): { [table: string]: Json } {
  if (!tables || typeof tables !== 'object' || Array.isArray(tables)) return {};
  return Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, Array.isArray(rows) ? rows.length : 0]));
}

function legacyStep(hubDb: Database, system: string): StepHandler {
  const definition = registry().definitions.find((candidate) => candidate.legacy && candidate.database === system);
  return async ({ db, request }) => {
    const customerId = customerOfRequest(request);
    const exporter = definition?.exportRecords;
    if (!exporter) throw new PermanentStepError(`the ${system} channel declares no exportRecords`);
    const keys = await linkedKeysOf(hubDb, customerId, system);
    const section = keys.length === 0 ? { tables: {}, withheld: [] } : await exporter(db, keys);
    await saveSection(hubDb, request.id, system, customerId, { system, records: keys, ...section });
    await purgeExpiredExports(hubDb);
    return { records: keys.length, rows: rowCounts(section.tables) } satisfies Receipt;
  };
}

function hubStep(hubDb: Database): StepHandler {
  return async ({ request }) => {
    const customerId = customerOfRequest(request);
    const tables = await hubSectionOf(hubDb, customerId);
    await saveSection(hubDb, request.id, HUB_SECTION, customerId, { system: HUB_SECTION, tables, withheld: [] });
    await purgeExpiredExports(hubDb);
    return { rows: rowCounts(tables) } satisfies Receipt;
  };
}

/**
 * The `export` handlers for runOutbox, by system: every registered legacy system and the hub.
 * `hubDb` is where sections are written and links read (the worker's own hub database); the
 * worker's `databases` must name every legacy system and the hub (`customer`).
 */
export function exportHandlers(hubDb: Database): OutboxHandlers[typeof EXPORT_KIND] {
  const handlers: Record<string, StepHandler> = { [HUB_SECTION]: hubStep(hubDb) };
  for (const system of registry().legacySystems) handlers[system] = legacyStep(hubDb, system);
  return handlers;
}
