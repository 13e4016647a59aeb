import { Money } from '../../schema/common';
import { Database } from '../kit/database';
import { rowLoader } from '../kit/loaders';
import { Order } from './order.type';
import { OrderRow, ordersByReferences } from './orders.repo';

export function toOrder(row: OrderRow): Order {
  return Object.assign(new Order(), {
    reference: row.reference,
    status: row.status,
    total: Money.ofDecimal(row.total_amount, row.currency.trim()),
    placedAt: new Date(row.placed_at),
  });
}

export function createEcommerceLoaders(db: Database) {
  return {
    order: rowLoader((references: readonly string[]) => ordersByReferences(db, references), (row) => row.reference),
  };
}

export type EcommerceLoaders = ReturnType<typeof createEcommerceLoaders>;
