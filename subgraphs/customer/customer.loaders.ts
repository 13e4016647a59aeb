import { Database } from '../kit/database';
import { groupLoader, rowLoader } from '../kit/loaders';
import { activeLinksOf } from './links.repo';
import { Customer } from './customer.type';
import { customersWithRestrictionByIds, CustomerRow, isCustomerId } from './customers.repo';
import { householdsOf, identitiesOf, profileIdentifiersOf, profileRecordsOf } from './customer-profile.repo';
import { consentsInForceOf } from './consent/consent.repo';

export function toCustomer(row: CustomerRow): Customer {
  return Object.assign(new Customer(), { id: row.id, createdAt: row.created_at });
}

/**
 * Per-request loaders: each field of any number of customers is one statement per batch. The
 * customer row carries the restriction in force (`restricted`), which `hideRestricted` reads so
 * that it needs no statement of its own before the customer's fields, and the links in force,
 * which prime `activeLinks` (still guarded by the restriction like every other loader).
 */
export function createCustomerLoaders(db: Database) {
  const valid = (ids: readonly string[]) => ids.filter(isCustomerId);
  const activeLinks = groupLoader((ids: readonly string[]) => activeLinksOf(db, valid(ids)), (row) => row.customer_id);
  return {
    // The row comes with its links in force: they prime `activeLinks` (no second round trip).
    customer: rowLoader(async (ids: readonly string[]) => {
      const rows = await customersWithRestrictionByIds(db, ids);
      for (const row of rows) activeLinks.prime(row.id, row.links.map((link) => ({ customer_id: row.id, system: link.system, local_key: link.local_key })));
      return rows;
    }, (row) => row.id),
    activeLinks,
    identities: groupLoader((ids: readonly string[]) => identitiesOf(db, valid(ids)), (row) => row.customer_id),
    household: groupLoader((ids: readonly string[]) => householdsOf(db, valid(ids)), (row) => row.of_customer),
    profileRecords: groupLoader((ids: readonly string[]) => profileRecordsOf(db, valid(ids)), (row) => row.customer_id),
    profileIdentifiers: groupLoader((ids: readonly string[]) => profileIdentifiersOf(db, valid(ids)), (row) => row.customer_id),
    consentsInForce: groupLoader((ids: readonly string[]) => consentsInForceOf(db, valid(ids)), (row) => row.customer_id),
  };
}

export type CustomerLoaders = ReturnType<typeof createCustomerLoaders>;
