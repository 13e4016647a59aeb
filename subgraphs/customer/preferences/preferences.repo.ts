// Customer.preferences read in one statement per batch of customers: every preference staged from
// the legacy records linked to them (preference_source_statement, stage.ts) and the statements in
// force made through the graph (preference_statement), then merged by the rule (mergePreferences):
// the most recent explicit statement wins; the others that say something else are its conflicts.
// Opt-ins are not merged here: they are the consent in force (consent/in-force.sql.ts), whose rule
// is stricter (a merge never weakens consent).
import type { Queryable } from '../../kit/database';
import { HUB_ROLE } from '../../kit/databases';

export interface PreferenceStatementRow {
  customer_id: string;
  /** The legacy system, or the hub (`customer`) for a statement made through the graph. */
  system: string;
  /** The legacy record; null for the graph's statements. */
  local_key: string | null;
  preference: string;
  scope: string;
  value: string;
  stated_at: Date;
  basis: 'declared' | 'derived';
  /** table.column in the legacy system, or preference_statement. */
  source: string;
  /** The graph's statements: who made them (role:subject). */
  stated_by: string | null;
}

const READ = `
SELECT l.customer_id::text AS customer_id, s.system, s.local_key, s.preference, s.scope, s.value, s.stated_at, s.basis, s.source, NULL::text AS stated_by
  FROM identity_link l
  JOIN preference_source_statement s ON s.system = l.system AND s.local_key = l.local_key
 WHERE l.customer_id = ANY($1::uuid[]) AND l.unlinked_at IS NULL
UNION ALL
SELECT p.customer_id::text, $2::text, NULL, p.preference, p.scope,
       CASE WHEN jsonb_typeof(p.value) = 'object' THEN (p.value ->> 'from') || '-' || (p.value ->> 'to') ELSE p.value #>> '{}' END,
       p.stated_at, 'declared', 'preference_statement', p.stated_by
  FROM preference_statement p
 WHERE p.customer_id = ANY($1::uuid[]) AND p.superseded_at IS NULL AND p.preference <> 'optIn'`;

export async function preferenceStatementsOf(db: Queryable, customerIds: readonly string[]): Promise<PreferenceStatementRow[]> {
  if (customerIds.length === 0) return [];
  return db.query<PreferenceStatementRow>(READ, [customerIds, HUB_ROLE]);
}

export interface MergedPreference {
  preference: string;
  scope: string;
  winner: PreferenceStatementRow;
  /** The other statements whose value differs from the winner's, most recent first. */
  conflicts: PreferenceStatementRow[];
}

/** Most recent first; at the same instant the graph's statement, then by system and record (deterministic). */
function newestFirst(a: PreferenceStatementRow, b: PreferenceStatementRow): number {
  return (
    b.stated_at.getTime() - a.stated_at.getTime() ||
    Number(b.system === HUB_ROLE) - Number(a.system === HUB_ROLE) ||
    a.system.localeCompare(b.system) ||
    (a.local_key ?? '').localeCompare(b.local_key ?? '')
  );
}

/**
 * One customer's statements, merged per preference and scope: the most recent explicit (declared)
 * statement wins; a derived one (the store most receipts come from) only when nobody declared any.
 * Every other statement saying something else is listed as a conflict (a derived one too).
 */
export function mergePreferences(rows: readonly PreferenceStatementRow[]): MergedPreference[] {
  const groups = new Map<string, PreferenceStatementRow[]>();
  for (const row of rows) {
    const key = `${row.preference}\u0000${row.scope}`;
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  const merged: MergedPreference[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort(newestFirst);
    const winner = sorted.find((row) => row.basis === 'declared') ?? sorted[0];
    merged.push({
      preference: winner.preference,
      scope: winner.scope,
      winner,
      conflicts: sorted.filter((row) => row !== winner && row.value !== winner.value),
    });
  }
  return merged.sort((a, b) => a.preference.localeCompare(b.preference) || a.scope.localeCompare(b.scope));
}
