// One list per customer, one SQL statement per batch of customers. A customer is known here by the
// call-centre contacts the hub linked to them (`linkedRecords.callcentreContacts`). Each request of
// a batch gets an index `i`; the statement receives (index, contact) pairs, with each request's own
// arguments repeated beside its pairs, as parallel arrays (`unnest`), and pages, filters or limits
// per customer with `row_number() OVER (PARTITION BY i …)`.
import DataLoader from 'dataloader';

export interface ContactsKey {
  /** `contacts.contact_id` of every contact of one customer (from `contactIds`). */
  contacts: readonly number[];
}

/** One entry per (request, contact): `pairs.i[n]` is the index in `keys` of pair n's request. */
export interface ContactPairs {
  i: number[];
  contact: number[];
}

/** The arguments of each pair's request, as one array per argument, aligned with the pairs. */
export function perPair<K, V>(keys: readonly K[], pairs: ContactPairs, argument: (key: K) => V): V[] {
  return pairs.i.map((i) => argument(keys[i]));
}

/**
 * A loader answering, for each key, its rows in the order the statement gave them. `fetch` sends
 * one statement for the whole batch, every row tagged with its request's index `i`; keys are
 * compared by value, so the same list asked twice in a request is read once.
 */
export function perCustomerLoader<K extends ContactsKey, R extends { i: number }>(
  fetch: (keys: readonly K[], pairs: ContactPairs) => Promise<R[]>,
): DataLoader<K, R[], string> {
  return new DataLoader<K, R[], string>(
    async (keys) => {
      const pairs: ContactPairs = { i: [], contact: [] };
      keys.forEach((key, i) => {
        for (const contact of new Set(key.contacts)) {
          pairs.i.push(i);
          pairs.contact.push(contact);
        }
      });
      // No contact at all in the batch: nothing to read, and no statement sent.
      const rows = pairs.i.length === 0 ? [] : await fetch(keys, pairs);
      const grouped: R[][] = keys.map(() => []);
      for (const row of rows) grouped[row.i]?.push(row);
      return grouped;
    },
    { cacheKeyFn: (key) => JSON.stringify({ ...key, contacts: [...key.contacts].sort((a, b) => a - b) }) },
  );
}
