// One list per customer, one SQL statement per batch of customers (kit/loaders.ts
// `perCustomerLoader`). A customer is known here by the web accounts the hub linked to them
// (its own keys among `linkedRecords.records`, ids as strings); statements tag each row with its request's index
// `idx` and page per customer with `row_number() OVER (PARTITION BY idx …)`.
import DataLoader from 'dataloader';
import { perCustomerLoader as kitPerCustomerLoader, RecordPairs } from '../kit/loaders';

const MAX_INT4 = 2_147_483_647;

/** The hub's web account keys as `customers.id` values; a key that cannot be one is dropped. */
export function accountIds(keys: readonly string[] | null | undefined): number[] {
  const ids = new Set<number>();
  for (const key of keys ?? []) {
    const trimmed = key.trim();
    if (!/^\d{1,10}$/.test(trimmed)) continue;
    const id = Number(trimmed);
    if (id <= MAX_INT4) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

export interface AccountsKey {
  /** `customers.id` of every web account of one customer (from `accountIds`: sorted, unique). */
  accounts: readonly number[];
}

/** (request, account) pairs of a batch: `unnest($n::int[], $m::int[]) AS a(idx, account_id)`. */
export type AccountPairs = RecordPairs<number>;

export function perCustomerLoader<K extends AccountsKey, R extends { idx: number }>(
  fetch: (keys: readonly K[], pairs: AccountPairs) => Promise<R[]>,
): DataLoader<K, R[], string> {
  return kitPerCustomerLoader((key: K) => key.accounts, fetch, (row) => row.idx);
}
