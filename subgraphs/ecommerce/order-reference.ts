// Customers quote order references on the phone and agents type them as heard: `cmd 0001234`,
// ` CMD-0001234`, `CMD0001234`. They all mean the web shop's `CMD-0001234`.

/** The web shop's spelling of a quoted reference; null when it cannot be a reference at all. */
export function normaliseOrderReference(quoted: string): string | null {
  const compact = quoted.replace(/\s+/g, '').toUpperCase();
  const usual = /^CMD-?(\d{1,8})$/.exec(compact);
  if (usual) return `CMD-${usual[1]}`;
  // Another shape (the column allows 12 characters): looked up as typed, without spaces.
  return compact.length > 0 && compact.length <= 12 ? compact : null;
}
