// Legacy rows to graph types: codes to enums (raw code kept), euros to Money, UTC text to instants.
import { Money } from '../../schema/common';
import { Address } from './address.type';
import { AddressRow } from './addresses.repo';
import { Cart, CartItem } from './cart.type';
import { CartItemRow, CartRow } from './carts.repo';
import { addressKindOf, orderStatusOf, paymentCardBrandOf } from './ecommerce.enums';
import { Order, OrderItem } from './order.type';
import { OrderItemRow, OrderRow } from './orders.repo';
import { PaymentMethod } from './payment-method.type';
import { PaymentMethodRow } from './payment-methods.repo';
import { Review } from './review.type';
import { ReviewRow } from './reviews.repo';
import { Search } from './search.type';
import { SearchRow } from './searches.repo';
import { Store } from './store.type';
import { WebAccount } from './web-account.type';
import { WebAccountRow } from './web-accounts.repo';
import { instant } from './web-time';

/** The web shop's currency column is char(3); an empty one means the shop's only currency, euros. */
function currencyOf(code: string | null | undefined): string {
  const trimmed = (code ?? '').trim().toUpperCase();
  return trimmed === '' ? 'EUR' : trimmed;
}

export function toOrder(row: OrderRow): Order {
  const store = row.click_and_collect_store?.trim() ?? '';
  return Object.assign(new Order(), {
    id: row.id,
    reference: row.reference,
    status: orderStatusOf(row.status),
    statusCode: row.status,
    total: Money.ofDecimal(row.total_amount, currencyOf(row.currency)),
    occurredAt: instant(row.placed_at),
    updatedAt: instant(row.updated_at),
    clickAndCollectStore: store === '' ? null : Object.assign(new Store(), { code: store }),
    shippingAddressId: row.shipping_address_id,
    accountId: row.customer_id,
    currency: currencyOf(row.currency),
  });
}

interface LineRow {
  sku: string;
  ean: string;
  name: string;
  quantity: number;
  unit_price: string;
}

function line<T extends OrderItem | CartItem>(target: T, row: LineRow, currency: string): T {
  const unitPrice = Money.ofDecimal(row.unit_price, currency);
  return Object.assign(target, {
    sku: row.sku,
    ean: row.ean.trim(),
    label: row.name,
    quantity: row.quantity,
    unitPrice,
    lineTotal: Money.ofMinor(unitPrice.amountMinor * row.quantity, currency),
  });
}

/** Order lines carry no currency of their own: they are in their order's. */
export function toOrderItem(row: OrderItemRow, currency: string): OrderItem {
  return line(new OrderItem(), row, currency);
}

/** Carts carry no currency: the web shop sells in euros. */
export function toCartItem(row: CartItemRow): CartItem {
  return line(new CartItem(), row, 'EUR');
}

export function toCart(row: CartRow): Cart {
  return Object.assign(new Cart(), {
    id: String(row.id),
    abandoned: row.abandoned,
    createdAt: instant(row.created_at),
    updatedAt: instant(row.updated_at),
    webAccountId: String(row.customer_id),
  });
}

export function toAddress(row: AddressRow): Address {
  const line2 = row.line2?.trim() ?? '';
  return Object.assign(new Address(), {
    id: String(row.id),
    kind: addressKindOf(row.kind),
    kindCode: row.kind,
    line1: row.line1,
    line2: line2 === '' ? null : row.line2,
    postcode: row.postcode,
    city: row.city,
    country: row.country.trim(),
    isDefault: row.is_default,
    webAccountId: String(row.customer_id),
  });
}

export function toWebAccount(row: WebAccountRow): WebAccount {
  return Object.assign(new WebAccount(), {
    id: String(row.id),
    createdAt: instant(row.created_at),
    updatedAt: instant(row.updated_at),
    deleted: row.deleted_at !== null,
    deletedAt: instant(row.deleted_at),
  });
}

export function toReview(row: ReviewRow): Review {
  return Object.assign(new Review(), {
    id: String(row.id),
    sku: row.sku,
    rating: row.rating,
    title: row.title,
    body: row.body,
    published: row.published,
    createdAt: instant(row.created_at),
    webAccountId: String(row.customer_id),
  });
}

export function toSearch(row: SearchRow): Search {
  return Object.assign(new Search(), {
    id: String(row.id),
    query: row.query,
    searchedAt: instant(row.searched_at),
    webAccountId: String(row.customer_id),
  });
}

export function toPaymentMethod(row: PaymentMethodRow): PaymentMethod {
  return Object.assign(new PaymentMethod(), {
    brand: paymentCardBrandOf(row.brand),
    brandCode: row.brand.trim(),
    lastFour: row.last4.trim(),
    expiryMonth: row.exp_month,
    // A two-digit year, as some card forms store it, is this century's.
    expiryYear: row.exp_year < 100 ? 2000 + row.exp_year : row.exp_year,
  });
}
