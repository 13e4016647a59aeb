// Per-request DataLoaders: one SQL statement per batch, whatever the batch's size.
import { Database } from '../kit/database';
import { groupLoader, rowLoader } from '../kit/loaders';
import { MAX_PAGE_SIZE } from '../kit/pagination';
import { addressesByIds, addressLists } from './addresses.repo';
import { ABANDONED_AFTER_DAYS } from './cart.type';
import { cartItemsByCarts, cartsByIds, currentCarts } from './carts.repo';
import { KNOWN_ORDER_STATUS_CODES } from './ecommerce.enums';
import { orderItemsByOrders, OrderPageRequest, orderPages, ordersByReferences } from './orders.repo';
import { paymentMethodLists } from './payment-methods.repo';
import { AccountsKey, perCustomerLoader } from './per-customer';
import { ReviewPageRequest, reviewPages, reviewsByIds } from './reviews.repo';
import { SearchPageRequest, searchesByIds, searchPages } from './searches.repo';
import { webAccountsByIds } from './web-accounts.repo';
import type { Principal } from '../kit/access/principal';
import { NO_READ_MODELS, ReadModelReader } from '../kit/read-model';

export type OrderPageKey = AccountsKey & OrderPageRequest;
export type ReviewPageKey = AccountsKey & ReviewPageRequest;
export type SearchPageKey = AccountsKey & SearchPageRequest;

/**
 * Lists a customer reads whole (addresses, saved cards) are still bounded: at most this many per
 * customer, far above what a real account holds.
 */
export const WHOLE_LIST_CAP = MAX_PAGE_SIZE;

export function createEcommerceLoaders(db: Database, _principal?: Principal, readModels: ReadModelReader = NO_READ_MODELS) {
  // READ_MODEL=ecommerce.orders (kit/read-model.ts): one lookup in the hub per batch, then orders by id.
  const orderKeys = async (accounts: readonly number[]) =>
    readModels.covers('ecommerce', 'orders') ? readModels.keysFor('ecommerce', 'orders', accounts.map(String)) : undefined;
  return {
    order: rowLoader((references: readonly string[]) => ordersByReferences(db, references), (row) => row.reference),
    orderItems: groupLoader((ids: readonly number[]) => orderItemsByOrders(db, ids), (row) => row.order_id),
    address: rowLoader((ids: readonly number[]) => addressesByIds(db, ids), (row) => row.id),
    webAccount: rowLoader((ids: readonly number[]) => webAccountsByIds(db, ids), (row) => row.id),
    cartItems: groupLoader((ids: readonly number[]) => cartItemsByCarts(db, ids), (row) => row.cart_id),
    // The records the shared history points at (entity references).
    cartById: rowLoader((ids: readonly number[]) => cartsByIds(db, ids, ABANDONED_AFTER_DAYS), (row) => row.id),
    reviewById: rowLoader((ids: readonly number[]) => reviewsByIds(db, ids), (row) => row.id),
    searchById: rowLoader((ids: readonly string[]) => searchesByIds(db, ids), (row) => row.id),

    // Per customer (keyed by the customer's web accounts and the field's arguments).
    orderPage: perCustomerLoader(async (keys: readonly OrderPageKey[], pairs) =>
      orderPages(db, keys, pairs, KNOWN_ORDER_STATUS_CODES, await orderKeys(pairs.record)),
    ),
    cart: perCustomerLoader((_keys: readonly AccountsKey[], pairs) => currentCarts(db, pairs, ABANDONED_AFTER_DAYS)),
    reviews: perCustomerLoader((keys: readonly ReviewPageKey[], pairs) => reviewPages(db, keys, pairs)),
    searches: perCustomerLoader((keys: readonly SearchPageKey[], pairs) => searchPages(db, keys, pairs)),
    paymentMethods: perCustomerLoader((_keys: readonly AccountsKey[], pairs) => paymentMethodLists(db, pairs, WHOLE_LIST_CAP)),
    addresses: perCustomerLoader((_keys: readonly AccountsKey[], pairs) => addressLists(db, pairs, WHOLE_LIST_CAP)),
  };
}

export type EcommerceLoaders = ReturnType<typeof createEcommerceLoaders>;
