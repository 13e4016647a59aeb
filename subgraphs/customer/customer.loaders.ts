import { Database } from '../kit/database';
import { rowLoader } from '../kit/loaders';
import { Customer } from './customer.type';
import { customersByIds, CustomerRow } from './customers.repo';

export function toCustomer(row: CustomerRow): Customer {
  return Object.assign(new Customer(), { id: row.id, createdAt: row.created_at });
}

export function createCustomerLoaders(db: Database) {
  return {
    customer: rowLoader((ids: readonly string[]) => customersByIds(db, ids), (row) => row.id),
  };
}

export type CustomerLoaders = ReturnType<typeof createCustomerLoaders>;
