// The web shop's translations that need no database: quoted references, cursors, codes, account keys.
import { decodeCursor, encodeCursor } from '../subgraphs/ecommerce/cursor';
import { addressKindOf, orderStatusOf, paymentCardBrandOf } from '../subgraphs/ecommerce/ecommerce.enums';
import { normaliseOrderReference } from '../subgraphs/ecommerce/order-reference';
import { accountIds } from '../subgraphs/ecommerce/per-customer';

it('reads an order reference however it was quoted', () => {
  for (const quoted of ['CMD-0001234', 'cmd-0001234', ' CMD 0001234 ', 'cmd0001234', 'CMD - 0001234', 'c m d-0001234']) {
    expect(normaliseOrderReference(quoted)).toBe('CMD-0001234');
  }
  expect(normaliseOrderReference('   ')).toBeNull();
  expect(normaliseOrderReference('CMD-0001234567890')).toBeNull();
  expect(normaliseOrderReference('web-12')).toBe('WEB-12');
});

it('gives opaque cursors back exactly, and refuses anything else as BAD_USER_INPUT', () => {
  const key = { at: '2026-03-29T01:30:00.123456Z', id: 42 };
  expect(decodeCursor(encodeCursor(key))).toEqual(key);
  expect(decodeCursor(null)).toBeNull();
  for (const bad of ['', 'not a cursor', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["2026-03-29T01:30:00Z",42]').toString('base64url')]) {
    expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  }
});

it('maps legacy codes to enums, unknown ones included', () => {
  expect(orderStatusOf('delivered')).toBe('DELIVERED');
  expect(orderStatusOf(' Cancelled ')).toBe('CANCELLED');
  expect(orderStatusOf('on_hold')).toBe('UNKNOWN');
  expect(paymentCardBrandOf('MC')).toBe('MASTERCARD');
  expect(paymentCardBrandOf('AMEX')).toBe('AMERICAN_EXPRESS');
  expect(paymentCardBrandOf('CB')).toBe('OTHER');
  expect(addressKindOf('shipping')).toBe('SHIPPING');
  expect(addressKindOf('pickup')).toBe('OTHER');
});

it("keeps only hub keys that can be web account ids", () => {
  expect(accountIds(['12', ' 7 ', '12', 'abc', '-3', '99999999999', '2147483647'])).toEqual([7, 12, 2147483647]);
  expect(accountIds(undefined)).toEqual([]);
});
