// A web account as the web shop's writers (contact.write.ts, preferences.write.ts) read and write
// it, like the shop: read locked with `updated_at` (UTC without a zone) as its last change, a
// soft-deleted account left as it is; written with `updated_at` stamped now, so the hub's identity
// pass re-reads the account.
import type { Queryable } from '../kit/database';
import type { RowUpdate } from '../kit/contact-details';

/** The live account's `columns` (comma-separated) with id and changed_at, locked; undefined for none, a soft-deleted one or a key that is no account id. */
export async function lockAccount<Columns>(tx: Queryable, localKey: string, columns: string): Promise<(Columns & { id: number; changed_at: Date | null }) | undefined> {
  if (!/^\d{1,10}$/.test(localKey.trim())) return undefined;
  const [account] = await tx.query<Columns & { id: number; changed_at: Date | null; deleted: boolean }>(
    `SELECT id, ${columns}, updated_at AT TIME ZONE 'UTC' AS changed_at, deleted_at IS NOT NULL AS deleted
       FROM customers WHERE id = $1 FOR UPDATE`,
    [Number(localKey)],
  );
  return account && !account.deleted ? account : undefined;
}

/** Writes the account's assignments (its key: id) and stamps updated_at. */
export async function updateAccount(tx: Queryable, update: RowUpdate): Promise<void> {
  await tx.query(`UPDATE customers SET ${update.setList("updated_at = now() AT TIME ZONE 'UTC'")} WHERE id = $1`, update.params);
}
