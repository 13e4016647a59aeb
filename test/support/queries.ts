// Queries several tests and benchmarks send, written once.

/** The README's customer-360 query: one customer across the five subgraphs. */
export const CUSTOMER_360 = `query Customer360($id: ID!) {
  customer(id: $id) {
    id
    activeLoyaltyAccount { cardNumber pointsBalance pointsExpiringWithin30Days }
    receipts(first: 1) { edges { node { id occurredAt total { amount currency } store { name } } } }
    orders(first: 1) { nodes { reference status total { amount } clickAndCollectStore { name } } }
    openTickets { nodes { id subject status } }
    calls(first: 1) { edges { node { startedAt reason queue } } }
    marketingConsents { current { channel purpose granted } }
  }
}`;
