// DataLoader helpers that keep the batch contract (STYLE 5): one query per batch
// (`WHERE key = ANY($1)`), answers in key order, same length, null for a key with no row.
import DataLoader from 'dataloader';

/** One row (or null) per key. `fetch` returns the rows found for the keys, in any order. */
export function rowLoader<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const byKey = new Map<K, R>();
    for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Every row belonging to each key (possibly none), e.g. the lines of each receipt. */
export function groupLoader<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const byKey = new Map<K, R[]>();
    for (const row of await fetch(keys)) {
      const key = keyOf(row);
      const group = byKey.get(key);
      if (group) group.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/**
 * The rows found for several keys. A key without a row is skipped; a failed load (the legacy
 * system is down) is thrown, never dropped: an outage must not look like "this customer has none".
 */
export async function loadFound<K, R>(loader: DataLoader<K, R | null>, keys: readonly K[]): Promise<R[]> {
  const found: R[] = [];
  for (const result of await loader.loadMany(keys)) {
    if (result instanceof Error) throw result;
    if (result !== null) found.push(result);
  }
  return found;
}

/** Every group for several keys (see `groupLoader`), failures thrown. */
export async function loadGroups<K, R>(loader: DataLoader<K, R[]>, keys: readonly K[]): Promise<R[][]> {
  const groups = await loader.loadMany(keys);
  for (const group of groups) if (group instanceof Error) throw group;
  return groups as R[][];
}

/**
 * One page of rows per owner (a customer's reads, entries …) for any number of owners: one
 * statement per distinct set of arguments (a query asks every owner for the same page, so one per
 * batch). Keys are `{ owner, args }`; `fetch` returns the rows of every owner at once.
 */
export function ownerPageLoader<A, R>(
  fetch: (owners: readonly string[], args: A) => Promise<R[]>,
  ownerOf: (row: R) => string,
): DataLoader<{ owner: string; args: A }, R[], string> {
  const keyOf = (key: { owner: string; args: A }): string => `${key.owner}\u0000${JSON.stringify(key.args)}`;
  return new DataLoader(
    async (keys) => {
      const byArgs = new Map<string, { args: A; owners: Set<string> }>();
      for (const key of keys) {
        const args = JSON.stringify(key.args);
        const group = byArgs.get(args) ?? { args: key.args, owners: new Set<string>() };
        group.owners.add(key.owner);
        byArgs.set(args, group);
      }
      const byKey = new Map<string, R[]>();
      await Promise.all(
        [...byArgs.values()].map(async ({ args, owners }) => {
          for (const row of await fetch([...owners], args)) {
            const key = keyOf({ owner: ownerOf(row), args });
            const rows = byKey.get(key);
            if (rows) rows.push(row);
            else byKey.set(key, [row]);
          }
        }),
      );
      return keys.map((key) => byKey.get(keyOf(key)) ?? []);
    },
    { cacheKeyFn: keyOf },
  );
}

/**
 * (request, record) pairs of a batch: `record[n]` is one legacy record (a contact, a web account …)
 * of the request `keys[request[n]]`. A statement takes them as parallel arrays (`unnest($1::int[],
 * $2::…[])`), with each request's own arguments beside its pairs (`perPair`) or by request index.
 */
export interface RecordPairs<T> {
  request: number[];
  record: T[];
}

/** One argument of each pair's request, as an array aligned with the pairs. */
export function perPair<K, T, V>(keys: readonly K[], pairs: RecordPairs<T>, argument: (key: K) => V): V[] {
  return pairs.request.map((request) => argument(keys[request]));
}

/**
 * Each customer's rows (a page, a list, a current cart …), where a customer is known by several
 * legacy records and every request may carry its own arguments (`first`, `after`, filters): ONE
 * statement for the whole batch, whatever the arguments (unlike `ownerPageLoader`, which sends one
 * per distinct arguments). `fetch` gets the keys and their (request, record) pairs, and tags every
 * row with its request's index (`requestOf`); each key gets its rows in the statement's order. No
 * record in the whole batch: nothing to read, no statement. Keys compare by value (records in any
 * order), so the same list asked twice in a request is read once.
 */
export function perCustomerLoader<K, T, R>(
  recordsOf: (key: K) => readonly T[],
  fetch: (keys: readonly K[], pairs: RecordPairs<T>) => Promise<R[]>,
  requestOf: (row: R) => number,
): DataLoader<K, R[], string> {
  return new DataLoader<K, R[], string>(
    async (keys) => {
      const pairs: RecordPairs<T> = { request: [], record: [] };
      keys.forEach((key, request) => {
        for (const record of new Set(recordsOf(key))) {
          pairs.request.push(request);
          pairs.record.push(record);
        }
      });
      const rows = pairs.request.length === 0 ? [] : await fetch(keys, pairs);
      const grouped: R[][] = keys.map(() => []);
      for (const row of rows) grouped[requestOf(row)]?.push(row);
      return grouped;
    },
    {
      // The key by value, its records in one order: the same records listed in another order are
      // the same request.
      cacheKeyFn: (key) => {
        const records = recordsOf(key);
        return JSON.stringify(key, (_name, value: unknown) => (value === records ? [...new Set(records)].sort() : value));
      },
    },
  );
}
