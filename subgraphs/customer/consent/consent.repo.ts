// The hub rows behind Customer.consents, consentFlags and profilingAllowed: one statement for any
// number of customers (a DataLoader batch, STYLE 5). The rule is in in-force.sql.ts.
import { Queryable } from '../../kit/database';
import type { ContactMedium, Purpose } from '../../kit/consent';
import { CONSENT_IN_FORCE } from './in-force.sql';

export interface ConsentInForceRow {
  customer_id: string;
  purpose: Purpose;
  medium: ContactMedium;
  granted: boolean;
  decided_at: Date;
  /** The record whose decision is in force. */
  system: string;
  local_key: string;
  source: string;
  source_ref: string;
}

/** The decision in force of each customer for each purpose and medium that has one (absent: never asked). */
export function consentsInForceOf(db: Queryable, customerIds: readonly string[]): Promise<ConsentInForceRow[]> {
  return db.query<ConsentInForceRow>(CONSENT_IN_FORCE, [customerIds]);
}
