// The rows Customer.suggestedChannel decides from that no other hub loader reads: the customer's
// habits (journal entries per channel and role) and their stated contact preferences. One statement
// each for any number of customers (a DataLoader batch, STYLE 5).
import { Queryable } from '../../kit/database';

export interface ChannelUseRow {
  customer_id: string;
  channel: string;
  role: string;
  uses: number;
  last_at: Date;
}

/**
 * How many touchpoints each customer has per channel and role, and the last one's time, through
 * the customer's links in force (so it follows every link, merge, split or refusal of recognition,
 * like the history).
 */
export function channelUsesOf(db: Queryable, customerIds: readonly string[]): Promise<ChannelUseRow[]> {
  return db.query<ChannelUseRow>(
    `SELECT l.customer_id::text AS customer_id, t.channel, t.role, count(*)::int AS uses, max(t.occurred_at) AS last_at
       FROM identity_link l
       JOIN touchpoint t ON t.identity_system = l.system AND t.identity_key = l.local_key
      WHERE l.customer_id = ANY($1::uuid[]) AND l.unlinked_at IS NULL
      GROUP BY l.customer_id, t.channel, t.role`,
    [customerIds],
  );
}

export interface ContactPreferenceRow {
  customer_id: string;
  preference: 'contactChannel' | 'contactHours';
  scope: string;
  value: unknown;
  stated_at: Date;
}

/**
 * The statements in force (not superseded) of the preferences a suggestion follows: the preferred
 * contact channel per task (scope: a TouchpointRole, '' for any task) and the contact hours. The
 * graph's statements come from `preference_statement` (migration 017, written by
 * `updatePreferences`); contact hours also from what the legacy systems hold, as staged for
 * `Customer.preferences` (018: the call centre's latest callback window, `HH:MM-HH:MM`), through the
 * links in force. Most recent first, per customer: the first of a kind is the one in force, as
 * `preferences` decides it (the most recent explicit statement wins). One statement per batch.
 */
export function contactPreferencesOf(db: Queryable, customerIds: readonly string[]): Promise<ContactPreferenceRow[]> {
  return db.query<ContactPreferenceRow>(
    `SELECT customer_id, preference, scope, value, stated_at FROM (
       SELECT customer_id::text AS customer_id, preference, scope, value, stated_at
         FROM preference_statement
        WHERE customer_id = ANY($1::uuid[]) AND superseded_at IS NULL AND preference IN ('contactChannel', 'contactHours')
       UNION ALL
       SELECT l.customer_id::text, s.preference, s.scope,
              jsonb_build_object('from', split_part(s.value, '-', 1), 'to', split_part(s.value, '-', 2)), s.stated_at
         FROM identity_link l
         JOIN preference_source_statement s ON s.system = l.system AND s.local_key = l.local_key
        WHERE l.customer_id = ANY($1::uuid[]) AND l.unlinked_at IS NULL
          AND s.preference = 'contactHours' AND s.scope = '' AND s.basis = 'declared'
     ) stated
     ORDER BY customer_id, stated_at DESC`,
    [customerIds],
  );
}
