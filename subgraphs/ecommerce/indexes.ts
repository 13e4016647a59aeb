// The indexes the web shop channel's reads rely on in ecommerce_legacy (kit/index-contract.ts).
// The web shop's tables carry primary keys only; every read below goes by another column.
// Created in development and test databases; reported to the web shop's DBAs by
// `npm run db:check`, never created by the project on their database.
import type { IndexDeclaration } from '../kit/index-contract';

export const ecommerceIndexes: readonly IndexDeclaration[] = [
  {
    table: 'orders',
    columns: ['customer_id', 'placed_at'],
    name: 'cg_orders_customer_id_placed_at',
    why: "a customer's orders, newest placed first (Customer.orders and its cursor: orders.repo.ts orderPages), export and erasure",
    // Where refused: READ_MODEL=ecommerce.orders serves Customer.orders from the hub's copy of
    // (customer_id, id) (kit/read-model.ts; export and erasure still read through).
    readModel: { primaryKey: 'id' },
  },
  {
    table: 'orders',
    columns: ['reference'],
    name: 'cg_orders_reference',
    why: 'an order by the reference customers quote (Order entity: orders.repo.ts ordersByReferences; tickets, calls, coupons and the history point at it)',
  },
  {
    table: 'orders',
    columns: ['updated_at', 'id'],
    name: 'cg_orders_updated_at_id',
    why: 'the orders touchpoint feed by (updated_at, id) (touchpoints.feed.ts ecommerce.orders)',
  },
  {
    table: 'order_items',
    columns: ['order_id'],
    name: 'cg_order_items_order_id',
    why: "an order's lines (Order.items: orders.repo.ts orderItemsByOrders), export",
  },
  {
    table: 'carts',
    columns: ['customer_id'],
    name: 'cg_carts_customer_id',
    why: "a customer's current cart (Customer.cart: carts.repo.ts currentCarts), export and erasure",
  },
  {
    table: 'carts',
    columns: ['updated_at', 'id'],
    name: 'cg_carts_updated_at_id',
    why: 'the abandoned-carts touchpoint feed by (updated_at, id) (touchpoints.feed.ts ecommerce.carts)',
  },
  {
    table: 'cart_items',
    columns: ['cart_id'],
    name: 'cg_cart_items_cart_id',
    why: "a cart's articles (Cart.items: carts.repo.ts cartItemsByCarts), export (cart_items has no key at all)",
  },
  {
    table: 'reviews',
    columns: ['customer_id'],
    name: 'cg_reviews_customer_id',
    why: "a customer's reviews (Customer.reviews: reviews.repo.ts reviewPages), export and erasure",
  },
  {
    table: 'searches',
    columns: ['customer_id'],
    name: 'cg_searches_customer_id',
    why: "a customer's signed-in searches (Customer.searches: searches.repo.ts searchPages), export and erasure",
  },
  {
    table: 'addresses',
    columns: ['customer_id'],
    name: 'cg_addresses_customer_id',
    why: "a customer's addresses (Customer.addresses: addresses.repo.ts addressLists), the identity extractor's addresses of changed accounts, export and erasure",
  },
  {
    table: 'payment_methods',
    columns: ['customer_id'],
    name: 'cg_payment_methods_customer_id',
    why: "a customer's saved cards (Customer.paymentMethods: payment-methods.repo.ts paymentMethodLists), export and erasure",
  },
  {
    table: 'customers',
    columns: ['updated_at'],
    name: 'cg_customers_updated_at',
    why: "the identity extractor's incremental read of changed accounts (identity.extract.ts: updated_at >= … OR id > …, every 30 s)",
  },
];
