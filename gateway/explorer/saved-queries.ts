// Saved analyst queries, offered in the explorer's "Saved queries" panel and as its first tabs.
// Each is written against the committed supergraph and run by test/explorer.e2e.test.ts, so a
// schema change that breaks one fails a test. Dates are the generated data set's last quarter
// (it stops on 2026-11-20): an analyst changes them in the variables pane.

export interface SavedQuery {
  /** Shown in the picker. */
  title: string;
  /** One or two sentences: what it answers, and what the graph cannot answer yet. */
  description: string;
  /** One GraphQL document: its first operation answers the question. */
  query: string;
  /** The variables, as JSON text for the variables pane. */
  variables: Record<string, unknown>;
}

export const SAVED_QUERIES: readonly SavedQuery[] = [
  {
    title: 'Complaints per channel per week',
    description:
      'Every touchpoint whose reason is a complaint, counted per channel and per week (weeks start on Monday, ' +
      'Paris calendar). Today only the call centre records complaints (calls, tickets, their steps). Analyst role.',
    query: `# Complaints per channel per week (Paris calendar; period = the Monday that starts the week).
query ComplaintsPerChannelPerWeek($since: DateTimeISO!, $until: DateTimeISO!) {
  interactionCounts(
    filter: { reasons: [COMPLAINT], since: $since, until: $until }
    groupBy: [CHANNEL, WEEK]
  ) {
    period
    channel
    count
  }
}
`,
    variables: { since: '2026-08-31T00:00:00+02:00', until: '2026-11-23T00:00:00+01:00' },
  },
  {
    title: 'Customers who called within 7 days of a web order',
    description:
      'The graph cannot join the two lists in one request yet (issue 13, item 7): run WebOrders, then ' +
      'CallsWithin7Days for a customerId it returned, with since = the order time and until = 7 days later. ' +
      'Customers appear as hub ids only. Analyst role.',
    query: `# Customers who called within 7 days of a web order, in two steps (no cross-channel join yet).
# 1. Web orders of the period, each with its customer's hub id and time.
query WebOrders($since: DateTimeISO!, $until: DateTimeISO!) {
  interactions(filter: { channels: [WEB], reasons: [PURCHASE], since: $since, until: $until }, first: 100) {
    nodes {
      customerId
      occurredAt
      recordType
      recordKey
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}

# 2. That customer's calls from the order time to 7 days later.
query CallsWithin7Days($customerId: ID!, $orderedAt: DateTimeISO!, $sevenDaysLater: DateTimeISO!) {
  interactions(filter: { customerId: $customerId, channels: [CALL_CENTRE], since: $orderedAt, until: $sevenDaysLater }, first: 100) {
    nodes {
      occurredAt
      reason
      recordType
      summary
    }
  }
}
`,
    variables: {
      since: '2026-10-01T00:00:00+02:00',
      until: '2026-11-01T00:00:00+01:00',
      customerId: 'a customerId from WebOrders',
      orderedAt: '2026-10-01T00:00:00+02:00',
      sevenDaysLater: '2026-10-08T00:00:00+02:00',
    },
  },
  {
    title: "A campaign's coupons redeemed in store versus on the web",
    description:
      'Coupons issued by a campaign and where they were redeemed: at a till or on the web shop. ' +
      'Campaigns lists the newest campaigns and their ids. Marketing or analyst role.',
    query: `# Where a campaign's coupons were redeemed: in store (at a till) versus on the web shop.
query CouponRedemption($campaignId: ID!) {
  campaign(id: $campaignId) {
    id
    name
    sentAt
    couponPrefix
    statistics {
      couponsIssued
      couponsRedeemed
      couponsRedeemedInStore
      couponsRedeemedOnWeb
    }
  }
}

# The newest campaigns, to find an id.
query Campaigns {
  campaigns(first: 20) {
    nodes {
      id
      name
      sentAt
      couponPrefix
    }
  }
}
`,
    variables: { campaignId: '1' },
  },
];
