// Who may read each field of the ecommerce subgraph: a data class per field (kit/access/policy.ts
// says which role may read which class). The subgraph does not build while a field is missing here.
import { classify, SubgraphPolicy } from '../kit/access/policy';

export const ecommercePolicy: SubgraphPolicy = {
  Query: { order: 'lookup' },
  Customer: {
    id: 'structure',
    linkedRecords: 'internal',
    ...classify('activity', 'orders', 'cart', 'reviews', 'searches', 'webAccounts'),
    paymentMethods: 'payment',
    addresses: 'contact',
  },
  LinkedRecords: classify('internal', 'loyaltyCards', 'webAccounts', 'callcentreContacts', 'marketingContacts', 'records'),
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
};
