// Legacy keys as other subgraphs and clients give them (text), checked before they reach SQL: a
// key that cannot be one of the column's values is no record (null), never a database error.
// Canonical spelling (no leading zeros), so "0042" and "42" load the same row through one loader key.
const MAX_INT4 = 2_147_483_647n;
const MAX_INT8 = 9_223_372_036_854_775_807n;

function canonical(raw: string, max: bigint): string | null {
  const text = String(raw).trim();
  if (!/^\d{1,19}$/.test(text)) return null;
  const value = BigInt(text);
  return value <= max ? value.toString() : null;
}

/** A key of an `integer` / `serial` column, canonical, or null. */
export function int4Key(raw: string): string | null {
  return canonical(raw, MAX_INT4);
}

/** A key of a `bigint` / `bigserial` column, canonical, or null. */
export function int8Key(raw: string): string | null {
  return canonical(raw, MAX_INT8);
}

/** A record key a client typed that must be a positive whole number (an account or contact id), canonical, or why not. */
export function positiveIntegerKey(text: string, why: string): { localKey: string } | { invalid: string } {
  const key = int4Key(text);
  return key !== null && key !== '0' ? { localKey: key } : { invalid: why };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A record key a client typed that must be a UUID, in lower case, or why not. */
export function uuidKey(text: string, why: string): { localKey: string } | { invalid: string } {
  const key = text.trim().toLowerCase();
  return UUID.test(key) ? { localKey: key } : { invalid: why };
}
