// One list per customer, one SQL statement per batch of customers. A customer is known here by the
// web accounts the hub linked to them (`linkedRecords.webAccounts`, ids as strings). Each request of
// a batch gets an index; the statement receives (index, account) pairs and per-request arguments as
// parallel arrays (`unnest`), and pages per customer with `row_number() OVER (PARTITION BY index …)`.
import DataLoader from 'dataloader';

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
  /** `customers.id` of every web account of one customer (from `accountIds`). */
  accounts: readonly number[];
}

/** (request index, account id) pairs: `unnest($n::int[], $m::int[]) AS a(idx, account_id)`. */
export interface AccountPairs {
  idx: number[];
  account: number[];
}

/**
 * A loader answering, for each key, its rows in the order the statement gave them. `fetch` sends
 * one statement for the whole batch and tags every row with the index of its request (`idx`);
 * keys are compared by value, so the same list asked twice in a request is read once.
 */
export function perCustomerLoader<K extends AccountsKey, R extends { idx: number }>(
  fetch: (keys: readonly K[], pairs: AccountPairs) => Promise<R[]>,
): DataLoader<K, R[], string> {
  return new DataLoader<K, R[], string>(
    async (keys) => {
      const pairs: AccountPairs = { idx: [], account: [] };
      keys.forEach((key, idx) => {
        for (const account of key.accounts) {
          pairs.idx.push(idx);
          pairs.account.push(account);
        }
      });
      // No account at all in the batch: nothing to read, and no statement sent.
      const rows = pairs.idx.length === 0 ? [] : await fetch(keys, pairs);
      const grouped: R[][] = keys.map(() => []);
      for (const row of rows) grouped[row.idx]?.push(row);
      return grouped;
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );
}
