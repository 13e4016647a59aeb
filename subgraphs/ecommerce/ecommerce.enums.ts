// The web shop's codes in the graph's vocabulary. Each enum has an UNKNOWN/OTHER value so that a
// code the legacy application starts writing tomorrow is shown (with its raw code beside it)
// instead of failing the whole answer.
import { registerEnumType } from 'type-graphql';

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

export function orderStatusOf(code: string): OrderStatus {
  const normalised = code.trim().toLowerCase();
  const found = (Object.keys(ORDER_STATUS_CODES) as (keyof typeof ORDER_STATUS_CODES)[]).find(
    (status) => ORDER_STATUS_CODES[status] === normalised,
  );
  return found ?? OrderStatus.UNKNOWN;
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
  const normalised = code.trim().toLowerCase();
  if (normalised === 'billing') return AddressKind.BILLING;
  if (normalised === 'shipping') return AddressKind.SHIPPING;
  return AddressKind.OTHER;
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

export function paymentCardBrandOf(code: string): PaymentCardBrand {
  switch (code.trim().toUpperCase()) {
    case 'VISA':
      return PaymentCardBrand.VISA;
    case 'MC':
      return PaymentCardBrand.MASTERCARD;
    case 'AMEX':
      return PaymentCardBrand.AMERICAN_EXPRESS;
    default:
      return PaymentCardBrand.OTHER;
  }
}
