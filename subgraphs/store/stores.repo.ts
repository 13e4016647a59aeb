// The store system's MAGASIN table. Its names were created quoted in capitals: keep the quotes.
import { Queryable } from '../kit/database';

export interface StoreRow {
  CODE_MAG: string;
  LIBELLE: string;
  VILLE: string;
  CP: string;
  LAT: string;
  LON: string;
  OUVERT: string;
}

const COLUMNS = '"CODE_MAG", "LIBELLE", "VILLE", "CP", "LAT", "LON", "OUVERT"';

export function storesByCodes(db: Queryable, codes: readonly string[]): Promise<StoreRow[]> {
  // char(4) pads; codes are always four characters, compared as such.
  return db.query<StoreRow>(`SELECT ${COLUMNS} FROM "MAGASIN" WHERE "CODE_MAG" = ANY($1::char(4)[])`, [codes]);
}

export function listStores(db: Queryable, limit: number, after: string | null): Promise<StoreRow[]> {
  return db.query<StoreRow>(
    `SELECT ${COLUMNS} FROM "MAGASIN" WHERE ($2::text IS NULL OR "CODE_MAG" > $2) ORDER BY "CODE_MAG" LIMIT $1`,
    [limit, after],
  );
}
