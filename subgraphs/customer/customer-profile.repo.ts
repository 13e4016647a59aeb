// The hub rows behind Customer.identities, household, goldenRecord and the customers list. Every
// function takes many customers and is one statement (DataLoader batches, STYLE 5).
import { Queryable } from '../kit/database';

/** A legacy system's name, as the registry declares it. */
type System = string;

export interface IdentityRow {
  customer_id: string;
  system: System;
  local_key: string;
  rule: string;
  evidence: unknown;
  linked_at: Date;
  decided_by: string;
  reason: string | null;
  record_status: 'active' | 'closed' | 'deleted';
  missing_since: Date | null;
}

export function identitiesOf(db: Queryable, customerIds: readonly string[]): Promise<IdentityRow[]> {
  return db.query<IdentityRow>(
    `SELECT customer_id::text AS customer_id, system, local_key, rule, evidence, linked_at, decided_by, reason, record_status, missing_since
       FROM customer_identity
      WHERE customer_id = ANY($1::uuid[])
      ORDER BY customer_id, system, local_key`,
    [customerIds],
  );
}

export interface HouseholdMemberRow {
  /** The customer whose household this row belongs to. */
  of_customer: string;
  household_id: string;
  household_created_at: Date;
  member_id: string;
  member_created_at: Date;
  role: 'holder' | 'member';
  established_by: string[];
  joined_at: Date;
}

/** The current household of each customer, as the list of its current members. */
export function householdsOf(db: Queryable, customerIds: readonly string[]): Promise<HouseholdMemberRow[]> {
  return db.query<HouseholdMemberRow>(
    `SELECT me.customer_id::text AS of_customer, h.id::text AS household_id, h.created_at AS household_created_at,
            m.customer_id::text AS member_id, c.created_at AS member_created_at, m.role, m.established_by, m.joined_at
       FROM household_member me
       JOIN household h ON h.id = me.household_id
       JOIN household_member m ON m.household_id = me.household_id AND m.left_at IS NULL
       JOIN customer c ON c.id = m.customer_id
      WHERE me.customer_id = ANY($1::uuid[]) AND me.left_at IS NULL
      ORDER BY me.customer_id, m.role, m.joined_at, m.customer_id`,
    [customerIds],
  );
}

export interface ProfileRecordRow {
  customer_id: string;
  system: System;
  local_key: string;
  given_name: string | null;
  family_name: string | null;
  given_name_display: string | null;
  family_name_display: string | null;
  birth_date: string | null;
  postcode: string | null;
  source_changed_at: Date | null;
}

/** The hub's copy of every record linked (in force) to each customer. */
export function profileRecordsOf(db: Queryable, customerIds: readonly string[]): Promise<ProfileRecordRow[]> {
  return db.query<ProfileRecordRow>(
    `SELECT l.customer_id::text AS customer_id, r.system, r.local_key, r.given_name, r.family_name,
            r.given_name_display, r.family_name_display, r.birth_date::text AS birth_date, r.postcode, r.source_changed_at
       FROM identity_link l
       JOIN identity_record r ON r.system = l.system AND r.local_key = l.local_key
      WHERE l.customer_id = ANY($1::uuid[]) AND l.unlinked_at IS NULL
      ORDER BY l.customer_id, r.source_changed_at DESC NULLS LAST, r.system, r.local_key`,
    [customerIds],
  );
}

export interface ProfileIdentifierRow {
  customer_id: string;
  kind: 'email' | 'phone';
  value: string;
  system: System;
  local_key: string;
  source_changed_at: Date | null;
}

/** The e-mails and phones each customer's linked records hold as their own. */
export function profileIdentifiersOf(db: Queryable, customerIds: readonly string[]): Promise<ProfileIdentifierRow[]> {
  return db.query<ProfileIdentifierRow>(
    `SELECT l.customer_id::text AS customer_id, i.kind, i.value, i.system, i.local_key, r.source_changed_at
       FROM identity_link l
       JOIN identity_identifier i ON i.system = l.system AND i.local_key = l.local_key AND i.role = 'holder' AND i.kind IN ('email', 'phone')
       LEFT JOIN identity_record r ON r.system = l.system AND r.local_key = l.local_key
      WHERE l.customer_id = ANY($1::uuid[]) AND l.unlinked_at IS NULL
      ORDER BY l.customer_id, r.source_changed_at DESC NULLS LAST, i.system, i.local_key, i.kind, i.value`,
    [customerIds],
  );
}

export interface CustomerListFilter {
  /** Normalised name (normalise.ts normaliseName, words joined by one space). */
  name: string | null;
  postcode: string | null;
  system: System | null;
  hasHousehold: boolean | null;
  householdId: string | null;
}

/** One page of customers (not merged into another), in id order, after `afterId`; `limit` rows at most. */
export function listCustomers(
  db: Queryable,
  filter: CustomerListFilter,
  afterId: string | null,
  limit: number,
): Promise<{ id: string; created_at: Date }[]> {
  return db.query(
    `SELECT c.id::text AS id, c.created_at
       FROM customer c
      WHERE c.merged_into IS NULL
        AND ($1::uuid IS NULL OR c.id > $1::uuid)
        AND ($2::text IS NULL OR EXISTS (
              SELECT 1 FROM identity_link l JOIN identity_record r ON r.system = l.system AND r.local_key = l.local_key
               WHERE l.customer_id = c.id AND l.unlinked_at IS NULL
                 AND ($2 IN (r.given_name, r.family_name) OR $2 = r.given_name || ' ' || r.family_name OR $2 = r.family_name || ' ' || r.given_name)))
        AND ($3::text IS NULL OR EXISTS (
              SELECT 1 FROM identity_link l JOIN identity_record r ON r.system = l.system AND r.local_key = l.local_key
               WHERE l.customer_id = c.id AND l.unlinked_at IS NULL AND r.postcode = $3))
        AND ($4::text IS NULL OR EXISTS (
              SELECT 1 FROM identity_link l WHERE l.customer_id = c.id AND l.unlinked_at IS NULL AND l.system = $4))
        AND ($5::boolean IS NULL OR $5 = EXISTS (
              SELECT 1 FROM household_member m WHERE m.customer_id = c.id AND m.left_at IS NULL))
        AND ($6::uuid IS NULL OR EXISTS (
              SELECT 1 FROM household_member m WHERE m.customer_id = c.id AND m.left_at IS NULL AND m.household_id = $6::uuid))
      ORDER BY c.id
      LIMIT $7`,
    [afterId, filter.name, filter.postcode, filter.system, filter.hasHousehold, filter.householdId, limit],
  );
}
