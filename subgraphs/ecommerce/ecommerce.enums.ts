// The web shop's codes in the graph's vocabulary, read by the kit's rule (kit/legacy-codes.ts).
// Each enum here has an UNKNOWN/OTHER value in the published schema, which an unknown code maps to
// (with its raw code beside it) instead of null.
import { registerEnumType } from 'type-graphql';
import { legacyCodeOf } from '../kit/legacy-codes';

export enum OrderStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
  RETURNED = 'RETURNED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where a web order stands (orders.status).',
  valuesConfig: {
    PENDING: { description: 'Placed, not paid yet (pending).' },
    PAID: { description: 'Paid, not shipped yet (paid).' },
    SHIPPED: { description: 'Handed to the carrier, or ready in the click-and-collect store (shipped).' },
    DELIVERED: { description: 'Delivered or collected (delivered).' },
    CANCELLED: { description: 'Cancelled before delivery (cancelled).' },
    RETURNED: { description: 'Sent back after delivery (returned).' },
    UNKNOWN: { description: 'A status code the graph does not know yet: see `statusCode`.' },
  },
});

/** Legacy status codes, as the web shop writes them, by enum value. */
export const ORDER_STATUS_CODES: Readonly<Record<Exclude<OrderStatus, OrderStatus.UNKNOWN>, string>> = {
  [OrderStatus.PENDING]: 'pending',
  [OrderStatus.PAID]: 'paid',
  [OrderStatus.SHIPPED]: 'shipped',
  [OrderStatus.DELIVERED]: 'delivered',
  [OrderStatus.CANCELLED]: 'cancelled',
  [OrderStatus.RETURNED]: 'returned',
};

export const KNOWN_ORDER_STATUS_CODES: readonly string[] = Object.values(ORDER_STATUS_CODES);

/** The enum value of each legacy status code, by the code (upper-cased, as legacyCodeOf compares). */
const ORDER_STATUS_BY_CODE: Readonly<Record<string, OrderStatus>> = Object.fromEntries(
  Object.entries(ORDER_STATUS_CODES).map(([status, code]) => [code.toUpperCase(), status as OrderStatus]),
);

export function orderStatusOf(code: string): OrderStatus {
  return legacyCodeOf(ORDER_STATUS_BY_CODE, code, 'orders.status') ?? OrderStatus.UNKNOWN;
}

export enum AddressKind {
  BILLING = 'BILLING',
  SHIPPING = 'SHIPPING',
  OTHER = 'OTHER',
}
registerEnumType(AddressKind, {
  name: 'AddressKind',
  description: 'What a web shop address is used for (addresses.kind).',
  valuesConfig: {
    BILLING: { description: 'Billing address (billing).' },
    SHIPPING: { description: 'Delivery address (shipping).' },
    OTHER: { description: 'A kind code the graph does not know yet: see `kindCode`.' },
  },
});

export function addressKindOf(code: string): AddressKind {
  return legacyCodeOf({ BILLING: AddressKind.BILLING, SHIPPING: AddressKind.SHIPPING }, code, 'addresses.kind') ?? AddressKind.OTHER;
}

export enum PaymentCardBrand {
  VISA = 'VISA',
  MASTERCARD = 'MASTERCARD',
  AMERICAN_EXPRESS = 'AMERICAN_EXPRESS',
  OTHER = 'OTHER',
}
registerEnumType(PaymentCardBrand, {
  name: 'PaymentCardBrand',
  description: 'The network of a saved payment card (payment_methods.brand).',
  valuesConfig: {
    VISA: { description: 'Visa (VISA).' },
    MASTERCARD: { description: 'Mastercard (MC).' },
    AMERICAN_EXPRESS: { description: 'American Express (AMEX).' },
    OTHER: { description: 'A brand code the graph does not know yet: see `brandCode`.' },
  },
});

const CARD_BRAND_BY_CODE: Readonly<Record<string, PaymentCardBrand>> = {
  VISA: PaymentCardBrand.VISA,
  MC: PaymentCardBrand.MASTERCARD,
  AMEX: PaymentCardBrand.AMERICAN_EXPRESS,
};

export function paymentCardBrandOf(code: string): PaymentCardBrand {
  return legacyCodeOf(CARD_BRAND_BY_CODE, code, 'payment_methods.brand') ?? PaymentCardBrand.OTHER;
}
