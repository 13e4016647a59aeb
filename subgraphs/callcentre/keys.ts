// Keys the call centre is asked for, checked before they reach SQL: the hub's contact keys, call ids
// (bigint) and ticket ids (int). Anything that cannot be one is no record (null, an empty list),
// never a database error.
const MAX_INT4 = 2_147_483_647n;
const MAX_INT8 = 9_223_372_036_854_775_807n;

function canonical(raw: string, max: bigint): string | null {
  const text = String(raw).trim();
  if (!/^\d{1,19}$/.test(text)) return null;
  const value = BigInt(text);
  return value <= max ? value.toString() : null;
}

/** `calls.call_id` in its canonical spelling (no leading zeros), or null. */
export function callId(raw: string): string | null {
  return canonical(raw, MAX_INT8);
}

/** `tickets.ticket_id` in its canonical spelling, or null. */
export function ticketId(raw: string): string | null {
  return canonical(raw, MAX_INT4);
}

/** `callbacks.id` in its canonical spelling, or null. */
export function callbackId(raw: string): string | null {
  return canonical(raw, MAX_INT4);
}

/** The hub's call-centre contact keys as `contacts.contact_id` values, deduplicated and sorted. */
export function contactIds(keys: readonly string[] | null | undefined): number[] {
  const ids = new Set<number>();
  for (const key of keys ?? []) {
    const id = canonical(key, MAX_INT4);
    if (id !== null) ids.add(Number(id));
  }
  return [...ids].sort((a, b) => a - b);
}
