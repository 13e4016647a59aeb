// Marketing contacts are UUIDs (mk_contact.contact_uuid). The hub hands them over as strings; a key
// that is not a UUID cannot be a contact of this system, and is dropped before it reaches a `::uuid`
// cast that would fail the whole batch.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function contactKeys(keys: readonly string[] | null | undefined): string[] {
  return [...new Set((keys ?? []).map((key) => key.trim().toLowerCase()).filter((key) => UUID.test(key)))];
}
