// Who may read each field of the store subgraph: a data class per field (kit/access/policy.ts says
// which role may read which class). The subgraph does not build while a field is missing here.
import { PROFILING } from '../kit/access/consent-check';
import { classify, SubgraphPolicy, withConsentConditions } from '../kit/access/policy';

export const storePolicy: SubgraphPolicy = withConsentConditions({
  Query: { receipt: 'lookup', store: 'public', stores: 'public' },
  Customer: {
    id: 'structure',
    ...classify('internal', 'linkedRecords', 'consentGrants', 'profilingConsent'),
    // For Customer.anticipatedNeeds (needs.ts): hidden from clients; the hub decides each need.
    storeNeeds: 'internal',
    ...classify('activity', 'loyaltyAccounts', 'activeLoyaltyAccount', 'receipts'),
    ...classify('profiling', 'favouriteStores', 'usualBasket'),
  },
  LinkedRecords: classify('internal', 'records'),
  LinkedRecord: classify('internal', 'system', 'localKey'),
  LoyaltyAccount: {
    ...classify(
      'activity',
      'cardNumber',
      'active',
      'status',
      'statusCode',
      'pointsBalance',
      'pointsExpiringWithin30Days',
      'pointsExpiringWithin60Days',
      'issuedOn',
      'issuingStore',
    ),
    // The family account lists the other family members' cards.
    family: 'household',
  },
  Store: classify('public', 'code', 'name', 'city', 'postcode', 'latitude', 'longitude', 'open', 'openCode', 'distanceKm'),
  FamilyAccount: classify('household', 'id', 'cards'),
  FamilyCard: classify('household', 'cardNumber', 'active', 'first'),
  ReceiptConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  StoreConnection: classify('structure', 'edges', 'nodes', 'pageInfo'),
  StoreEdge: classify('structure', 'cursor', 'node'),
  ReceiptEdge: classify('structure', 'cursor', 'node'),
  Receipt: classify('activity', 'id', 'occurredAt', 'type', 'typeCode', 'total', 'paymentMode', 'paymentModeCode', 'storeCode', 'till', 'cardNumber', 'store', 'lines'),
  Money: classify('structure', 'amountMinor', 'currency', 'amount'),
  ReceiptLine: classify('activity', 'lineNumber', 'ean', 'label', 'quantity', 'unitPrice', 'lineTotal'),
  PageInfo: classify('structure', 'hasNextPage', 'endCursor'),
  FavouriteStore: classify('profiling', 'store', 'storeCode', 'receiptCount', 'lastVisitAt'),
  BasketArticle: classify('profiling', 'ean', 'label', 'receiptCount', 'totalQuantity', 'lastBoughtAt'),
  LoyaltyMovement: classify('activity', 'id', 'cardNumber', 'occurredOn', 'points', 'reasonCode', 'expiresOn', 'receiptId'),
}, {
  // Derived from behaviour: served only with the customer's profiling consent in force (the customer
  // themself and the privacy officer excepted), read from the hub through @requires (customer.resolver.ts).
  Customer: { favouriteStores: PROFILING, usualBasket: PROFILING },
});
