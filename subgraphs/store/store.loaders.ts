import { Database } from '../kit/database';
import { rowLoader } from '../kit/loaders';
import { LoyaltyAccount } from './loyalty.type';
import { loyaltyByCards, LoyaltyRow } from './loyalty.repo';
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

export function toLoyaltyAccount(row: LoyaltyRow): LoyaltyAccount {
  return Object.assign(new LoyaltyAccount(), { cardNumber: row.card.trim(), active: row.status === 'A', pointsBalance: row.points });
}

export function createStoreLoaders(db: Database) {
  return {
    store: rowLoader((codes: readonly string[]) => storesByCodes(db, codes), (row) => row.CODE_MAG.trim()),
    loyalty: rowLoader((cards: readonly string[]) => loyaltyByCards(db, cards), (row) => row.card.trim()),
  };
}

export type StoreLoaders = ReturnType<typeof createStoreLoaders>;
