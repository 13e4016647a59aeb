// Keys the call centre is asked for, checked before they reach SQL: the hub's contact keys, call ids
// (bigint) and ticket ids (int). Anything that cannot be one is no record (null, an empty list),
// never a database error.
import { int4Key, int8Key } from '../kit/keys';

/** `calls.call_id` in its canonical spelling (no leading zeros), or null. */
export function callId(raw: string): string | null {
  return int8Key(raw);
}

/** `tickets.ticket_id` in its canonical spelling, or null. */
export function ticketId(raw: string): string | null {
  return int4Key(raw);
}

/** `callbacks.id` in its canonical spelling, or null. */
export function callbackId(raw: string): string | null {
  return int4Key(raw);
}

/** The hub's call-centre contact keys as `contacts.contact_id` values, deduplicated and sorted. */
export function contactIds(keys: readonly string[] | null | undefined): number[] {
  const ids = new Set<number>();
  for (const key of keys ?? []) {
    const id = int4Key(key);
    if (id !== null) ids.add(Number(id));
  }
  return [...ids].sort((a, b) => a - b);
}
