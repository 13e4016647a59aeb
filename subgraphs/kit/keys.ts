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
