import { Database } from '../kit/database';
import { groupLoader, rowLoader } from '../kit/loaders';
import { activeLinksOf } from './links.repo';
import { Customer } from './customer.type';
import { customersByIds, CustomerRow, isCustomerId } from './customers.repo';

export function toCustomer(row: CustomerRow): Customer {
  return Object.assign(new Customer(), { id: row.id, createdAt: row.created_at });
}

export function createCustomerLoaders(db: Database) {
  return {
    customer: rowLoader((ids: readonly string[]) => customersByIds(db, ids), (row) => row.id),
    activeLinks: groupLoader((ids: readonly string[]) => activeLinksOf(db, ids.filter(isCustomerId)), (row) => row.customer_id),
  };
}

export type CustomerLoaders = ReturnType<typeof createCustomerLoaders>;
