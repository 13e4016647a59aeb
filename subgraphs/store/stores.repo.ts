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
  /** Only from `storesNear`: kilometres from the given point, and the same as exact text (a cursor's sort key). */
  distance_km?: number;
  distance_key?: string;
}

const COLUMNS = '"CODE_MAG", "LIBELLE", "VILLE", "CP", "LAT", "LON", "OUVERT"';

/**
 * The store of a row read with another table (`LEFT JOIN "MAGASIN" <alias>`), as a `store_row`
 * JSON object (null when the code is not in MAGASIN): loaders prime the store loader with it, so
 * that a receipt's or a card's store costs no statement of its own.
 */
export function joinedStore(alias: string): string {
  return `CASE WHEN ${alias}."CODE_MAG" IS NULL THEN NULL ELSE json_build_object(
            'CODE_MAG', ${alias}."CODE_MAG", 'LIBELLE', ${alias}."LIBELLE", 'VILLE', ${alias}."VILLE", 'CP', ${alias}."CP",
            'LAT', ${alias}."LAT"::text, 'LON', ${alias}."LON"::text, 'OUVERT', ${alias}."OUVERT") END AS store_row`;
}

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

/**
 * Stores nearest to a point first (haversine on a 6371.0088 km mean Earth radius), then by code;
 * after a (distance, code) position when given (the distance as the exact text this query gave).
 */
export function storesNear(db: Queryable, limit: number, lat: number, lon: number, after: { distance: string; code: string } | null): Promise<StoreRow[]> {
  return db.query<StoreRow>(
    `SELECT *, distance_km::text AS distance_key FROM (
       SELECT ${COLUMNS},
              (6371.0088 * 2 * asin(least(1, sqrt(
                 power(sin(radians("LAT"::float8 - $2::float8) / 2), 2)
                 + cos(radians($2::float8)) * cos(radians("LAT"::float8)) * power(sin(radians("LON"::float8 - $3::float8) / 2), 2)
              )))) AS distance_km
         FROM "MAGASIN") s
      WHERE $4::float8 IS NULL OR (distance_km, "CODE_MAG") > ($4::float8, $5::char(4))
      ORDER BY distance_km, "CODE_MAG"
      LIMIT $1`,
    [limit, lat, lon, after?.distance ?? null, after?.code ?? null],
  );
}
