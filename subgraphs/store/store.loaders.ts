import { Database } from '../kit/database';
import { rowLoader } from '../kit/loaders';
import { Store } from './store.type';
import { StoreRow, storesByCodes } from './stores.repo';

export function toStore(row: StoreRow): Store {
  return Object.assign(new Store(), {
    code: row.CODE_MAG.trim(),
    name: row.LIBELLE,
    city: row.VILLE,
    postcode: row.CP.trim(),
    latitude: Number(row.LAT),
    longitude: Number(row.LON),
    open: row.OUVERT === 'O',
  });
}

export function createStoreLoaders(db: Database) {
  return {
    store: rowLoader((codes: readonly string[]) => storesByCodes(db, codes), (row) => row.CODE_MAG.trim()),
  };
}

export type StoreLoaders = ReturnType<typeof createStoreLoaders>;
