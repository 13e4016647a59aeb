// Who may read each field of the ecommerce subgraph: a data class per field (kit/access/policy.ts
// says which role may read which class). The subgraph does not build while a field is missing here.
import { contactBy } from '../kit/access/consent-check';
import { classify, SubgraphPolicy, withConsentConditions } from '../kit/access/policy';

export const ecommercePolicy: SubgraphPolicy = withConsentConditions({
  Query: { order: 'lookup' },
  Customer: {
    id: 'structure',
    ...classify('internal', 'linkedRecords', 'consentGrants', 'profilingConsent'),
    // For Customer.anticipatedNeeds (needs.ts): hidden from clients; the hub decides each need.
    ecommerceNeeds: 'internal',
    ...classify('activity', 'orders', 'cart', 'reviews', 'searches', 'webAccounts'),
    paymentMethods: 'payment',
    addresses: 'contact',
  },
  LinkedRecords: classify('internal', 'records'),
  LinkedRecord: classify('internal', 'system', 'localKey'),
  OrderConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  OrderEdge: classify('structure', 'cursor', 'node'),
  Order: {
    ...classify('activity', 'reference', 'status', 'statusCode', 'total', 'occurredAt', 'updatedAt', 'clickAndCollectStore', 'items', 'webAccount'),
    shippingAddress: 'contact',
  },
  Money: classify('structure', 'amountMinor', 'currency', 'amount'),
  Store: { code: 'public' },
  OrderItem: classify('activity', 'sku', 'ean', 'label', 'quantity', 'unitPrice', 'lineTotal'),
  Address: classify('contact', 'id', 'kind', 'kindCode', 'line1', 'line2', 'postcode', 'city', 'country', 'isDefault', 'webAccountId'),
  WebAccount: classify('activity', 'id', 'createdAt', 'updatedAt', 'deleted', 'deletedAt'),
  PageInfo: classify('structure', 'hasNextPage', 'endCursor'),
  Cart: classify('activity', 'id', 'abandoned', 'createdAt', 'updatedAt', 'webAccountId', 'items', 'total'),
  CartItem: classify('activity', 'sku', 'ean', 'label', 'quantity', 'unitPrice', 'lineTotal'),
  Review: classify('activity', 'id', 'sku', 'rating', 'title', 'body', 'published', 'createdAt', 'webAccountId'),
  Search: classify('activity', 'id', 'query', 'searchedAt', 'webAccountId'),
  ReviewConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  ReviewEdge: classify('structure', 'cursor', 'node'),
  SearchConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  SearchEdge: classify('structure', 'cursor', 'node'),
  PaymentMethod: classify('payment', 'brand', 'brandCode', 'lastFour', 'expiryMonth', 'expiryYear'),
}, {
  // Postal addresses serve contact by post: the marketing role reads them only with post consent in
  // force (customer.resolver.ts @requires it from the hub). Order.shippingAddress is not reachable by
  // marketing (orders are activity) and stays refused to it.
  Customer: { addresses: contactBy('post') },
});
