// One list per customer, one SQL statement per batch of customers (kit/loaders.ts
// `perCustomerLoader`). A customer is known here by the call-centre contacts the hub linked to them
// (its own keys among `linkedRecords.records`); statements tag each row with its request's index `i` and
// page, filter or limit per customer with `row_number() OVER (PARTITION BY i …)`.
import DataLoader from 'dataloader';
import { perCustomerLoader as kitPerCustomerLoader, RecordPairs } from '../kit/loaders';

export { perPair } from '../kit/loaders';

export interface ContactsKey {
  /** `contacts.contact_id` of every contact of one customer (from `contactIds`: sorted, unique). */
  contacts: readonly number[];
}

/** (request, contact) pairs of a batch. */
export type ContactPairs = RecordPairs<number>;

export function perCustomerLoader<K extends ContactsKey, R extends { i: number }>(
  fetch: (keys: readonly K[], pairs: ContactPairs) => Promise<R[]>,
): DataLoader<K, R[], string> {
  return kitPerCustomerLoader((key: K) => key.contacts, fetch, (row) => row.i);
}
