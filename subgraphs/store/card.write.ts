// A loyalty card as the store's writers (contact.write.ts, preferences.write.ts) read and write it,
// like the till application: read locked, with `DATE_MAJ` (Paris wall-clock `YYYYMMDDHHMMSS`, the
// till's stamp of a change; anything else reads as no date) as its last change; written with
// `DATE_MAJ` stamped now, so the hub's identity pass re-reads the card.
import type { Queryable } from '../kit/database';
import type { RowUpdate } from '../kit/contact-details';

/** The card's `columns` (quoted, comma-separated) with NUM_CARTE and changed_at, locked; undefined for none. */
export async function lockCard<Columns>(tx: Queryable, localKey: string, columns: string): Promise<(Columns & { NUM_CARTE: string; changed_at: Date | null }) | undefined> {
  const [card] = await tx.query<Columns & { NUM_CARTE: string; changed_at: Date | null }>(
    `SELECT "NUM_CARTE", ${columns},
            CASE WHEN "DATE_MAJ" ~ '^[0-9]{14}$'
                 THEN to_timestamp("DATE_MAJ", 'YYYYMMDDHH24MISS')::timestamp AT TIME ZONE 'Europe/Paris' END AS changed_at
       FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = $1 FOR UPDATE`,
    [localKey.trim()],
  );
  return card;
}

/** Writes the card's assignments (its key: NUM_CARTE) and stamps DATE_MAJ. */
export async function updateCard(tx: Queryable, update: RowUpdate): Promise<void> {
  await tx.query(
    `UPDATE "CARTE_FIDELITE" SET ${update.setList(`"DATE_MAJ" = to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYYMMDDHH24MISS')`)} WHERE "NUM_CARTE" = $1`,
    update.params,
  );
}
