// The marketing subgraph through the gateway over HTTP: a generated person's messages, coupons,
// segments and consents checked against the legacy rows read directly with SQL; how several
// contacts combine (a refusal wins); cursor pagination and its bounds; unknown ids; and the SQL
// cost of an `_entities` batch, which must not grow with the number of customers.
import { randomUUID } from 'node:crypto';
import { Queryable, watchStatements } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph, signAs } from './support/test-graph';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

const marketing = <T>(work: (db: Queryable) => Promise<T>): Promise<T> => withDatabase('marketing', graph.databases.urls.marketing, work);
const iso = (value: Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** A fresh hub customer linked to exactly these marketing contacts (any earlier link of them is undone). */
async function customerWithContacts(contacts: string[]): Promise<string> {
  return withDatabase('customer', graph.databases.urls.customer, async (db) => {
    const [{ id }] = await db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
    for (const contact of contacts) {
      await db.query("UPDATE identity_link SET unlinked_at = now() WHERE system = 'marketing' AND local_key = $1 AND unlinked_at IS NULL", [contact]);
      await db.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, 'marketing', $2, 'test')", [id, contact]);
    }
    return id;
  });
}

const MESSAGE_FIELDS = 'id contactId sentAt opened openedAt clicked clickedAt bounced unsubscribed unsubscribedAt campaign { id name channel channelCode kind kindCode sentAt couponPrefix }';
const COUPON_FIELDS =
  'code contactId issuedAt redeemed redeemedAt redeemedChannel redeemedChannelCode redeemedReference ' +
  'redeemedReceipt { id total { amountMinor } } redeemedOrder { reference total { amountMinor } } campaign { id }';
const CONSENT_FIELDS = 'id contactId channel channelCode purpose purposeCode granted at source sourceCode inForce';

// Three queries rather than one: the gateway's cost limit (graphql-armor) refuses them all at once.
const CUSTOMER_QUERIES = [
  `query ($id: ID!) { customer(id: $id) {
    messages(first: 100) { edges { cursor node { ${MESSAGE_FIELDS} } } pageInfo { hasNextPage endCursor } }
  } }`,
  `query ($id: ID!) { customer(id: $id) {
    coupons(first: 100) { edges { node { ${COUPON_FIELDS} } } pageInfo { hasNextPage } }
    segments { segment { id name ruleText memberCount } addedAt contactIds }
  } }`,
  `query ($id: ID!) { customer(id: $id) { marketingConsents {
    current { channel channelCode purpose purposeCode granted at source sourceCode contacts { id } }
    history(first: 100) { edges { node { ${CONSENT_FIELDS} } } pageInfo { hasNextPage } }
  } } }`,
];

describe('a generated person known to the campaign tool', () => {
  it('sees their messages, coupons, segments and consents exactly as the legacy rows say', async () => {
    // The generated contact with the most kinds of data (messages, coupons, segments, consents).
    const [picked] = await marketing((db) =>
      db.query<{ contact: string }>(
        `SELECT c.contact_uuid::text AS contact
           FROM mk_contact c
          ORDER BY (EXISTS (SELECT 1 FROM mk_message m WHERE m.contact_uuid = c.contact_uuid))::int
                 + (EXISTS (SELECT 1 FROM mk_coupon k WHERE k.contact_uuid = c.contact_uuid))::int
                 + (EXISTS (SELECT 1 FROM mk_coupon k WHERE k.contact_uuid = c.contact_uuid AND k.redeemed_at IS NOT NULL))::int
                 + (EXISTS (SELECT 1 FROM mk_segment_member s WHERE s.contact_uuid = c.contact_uuid))::int
                 + (EXISTS (SELECT 1 FROM mk_consent n WHERE n.contact_uuid = c.contact_uuid))::int DESC,
                 (SELECT count(*) FROM mk_consent n WHERE n.contact_uuid = c.contact_uuid) DESC,
                 c.contact_uuid
          LIMIT 1`,
      ),
    );
    expect(picked).toBeDefined();
    const contact = picked.contact;

    const legacy = await marketing(async (db) => ({
      messages: await db.query<any>(
        `SELECT m.message_id::text AS id, m.sent_at, m.opened_at, m.clicked_at, m.bounced, m.unsubscribed_at,
                c.campaign_id::text AS campaign_id, c.name, c.channel, c.kind, c.sent_at AS campaign_sent_at, c.coupon_prefix
           FROM mk_message m LEFT JOIN mk_campaign c ON c.campaign_id = m.campaign_id
          WHERE m.contact_uuid = $1 ORDER BY m.sent_at DESC, m.message_id DESC`,
        [contact],
      ),
      coupons: await db.query<any>(
        `SELECT code, campaign_id::text AS campaign_id, issued_at, redeemed_at, redeemed_channel, redeemed_ref
           FROM mk_coupon WHERE contact_uuid = $1 ORDER BY issued_at DESC, code COLLATE "C" DESC`,
        [contact],
      ),
      segments: await db.query<any>(
        `SELECT s.segment_id::text AS id, s.name, s.rule_text, min(m.added_at) AS added_at,
                (SELECT count(DISTINCT contact_uuid) FROM mk_segment_member a WHERE a.segment_id = s.segment_id)::int AS members
           FROM mk_segment_member m JOIN mk_segment s ON s.segment_id = m.segment_id
          WHERE m.contact_uuid = $1 GROUP BY s.segment_id ORDER BY s.name, s.segment_id`,
        [contact],
      ),
      consents: await db.query<any>(
        'SELECT id::text AS id, channel, purpose, granted, at, source FROM mk_consent WHERE contact_uuid = $1 ORDER BY at DESC, id DESC',
        [contact],
      ),
    }));
    // The person must have data in this system, or the test proves nothing.
    expect(legacy.messages.length).toBeGreaterThan(0);
    expect(legacy.consents.length).toBeGreaterThan(0);
    // The purchases their coupons paid for, read in the store and web shop systems.
    const refs = (channel: string) => legacy.coupons.filter((row: any) => row.redeemed_at && row.redeemed_channel === channel).map((row: any) => row.redeemed_ref);
    const receiptCents = new Map(
      (
        await withDatabase('store', graph.databases.urls.store, (db) =>
          db.query<{ id: string; cents: number }>(
            'SELECT "NUM_TICKET"::text AS id, "MONTANT_TTC_CTS" AS cents FROM "TICKET" WHERE "NUM_TICKET"::text = ANY($1::text[])',
            [refs('STORE')],
          ),
        )
      ).map((row) => [row.id, row.cents]),
    );
    const orderCents = new Map(
      (
        await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
          db.query<{ reference: string; cents: number }>('SELECT reference, (total_amount * 100)::int AS cents FROM orders WHERE reference = ANY($1)', [
            refs('WEB'),
          ]),
        )
      ).map((row) => [row.reference, row.cents]),
    );

    const id = await customerWithContacts([contact]);
    const customer: any = {};
    for (const query of CUSTOMER_QUERIES) {
      const answer = await graph.query(query, { id });
      expect(answer.errors).toBeUndefined();
      Object.assign(customer, answer.data.customer);
    }

    expect(customer.messages.edges.map((edge: any) => edge.node)).toEqual(
      legacy.messages.slice(0, 100).map((row: any) => ({
        id: row.id,
        contactId: contact,
        sentAt: iso(row.sent_at),
        opened: row.opened_at !== null,
        openedAt: iso(row.opened_at),
        clicked: row.clicked_at !== null,
        clickedAt: iso(row.clicked_at),
        bounced: row.bounced,
        unsubscribed: row.unsubscribed_at !== null,
        unsubscribedAt: iso(row.unsubscribed_at),
        campaign:
          row.campaign_id === null
            ? null
            : {
                id: row.campaign_id,
                name: row.name,
                channel: ['EMAIL', 'SMS', 'POST', 'PHONE', 'PUSH'].includes(row.channel) ? row.channel : null,
                channelCode: row.channel,
                kind: ['PROMO', 'INFO', 'EVENT', 'SURVEY'].includes(row.kind) ? row.kind : null,
                kindCode: row.kind,
                sentAt: iso(row.campaign_sent_at),
                couponPrefix: row.coupon_prefix,
              },
      })),
    );
    expect(customer.messages.pageInfo.hasNextPage).toBe(legacy.messages.length > 100);

    expect(customer.coupons.edges.map((edge: any) => edge.node)).toEqual(
      legacy.coupons.slice(0, 100).map((row: any) => {
        const redeemed = row.redeemed_at !== null;
        const where = redeemed ? row.redeemed_channel : null;
        return {
          code: row.code,
          contactId: contact,
          issuedAt: iso(row.issued_at),
          redeemed,
          redeemedAt: iso(row.redeemed_at),
          redeemedChannel: where === 'STORE' || where === 'WEB' ? where : null,
          redeemedChannelCode: row.redeemed_channel,
          redeemedReference: row.redeemed_ref,
          redeemedReceipt: where === 'STORE' ? { id: row.redeemed_ref, total: { amountMinor: receiptCents.get(row.redeemed_ref) } } : null,
          redeemedOrder: where === 'WEB' ? { reference: row.redeemed_ref, total: { amountMinor: orderCents.get(row.redeemed_ref) } } : null,
          campaign: { id: row.campaign_id },
        };
      }),
    );

    expect(customer.segments).toEqual(
      legacy.segments.map((row: any) => ({
        segment: { id: row.id, name: row.name, ruleText: row.rule_text, memberCount: row.members },
        addedAt: iso(row.added_at),
        contactIds: [contact],
      })),
    );

    // In force: the latest row per channel and purpose (computed here independently of the subgraph).
    const latest = new Map<string, any>();
    for (const row of legacy.consents) if (!latest.has(`${row.channel}/${row.purpose}`)) latest.set(`${row.channel}/${row.purpose}`, row);
    const current = [...latest.values()].sort((a, b) => a.channel.localeCompare(b.channel) || a.purpose.localeCompare(b.purpose));
    expect(customer.marketingConsents.current).toEqual(
      current.map((row) => ({
        channel: row.channel,
        channelCode: row.channel,
        purpose: row.purpose,
        purposeCode: row.purpose,
        granted: row.granted,
        at: iso(row.at),
        source: row.source,
        sourceCode: row.source,
        contacts: [{ id: row.id }],
      })),
    );
    expect(customer.marketingConsents.history.edges.map((edge: any) => edge.node)).toEqual(
      legacy.consents.slice(0, 100).map((row: any) => ({
        id: row.id,
        contactId: contact,
        channel: row.channel,
        channelCode: row.channel,
        purpose: row.purpose,
        purposeCode: row.purpose,
        granted: row.granted,
        at: iso(row.at),
        source: row.source,
        sourceCode: row.source,
        inForce: latest.get(`${row.channel}/${row.purpose}`) === row,
      })),
    );
  });
});

describe('a customer with several marketing contacts', () => {
  const a = randomUUID();
  const b = randomUUID();
  let customerId: string;
  let campaignId: string;
  // A real receipt and a real web order of the generated data set, which two coupons paid for.
  let receipt: { id: string; cents: number };
  let order: { reference: string; total: { amountMinor: number } };

  beforeAll(async () => {
    [receipt] = await withDatabase('store', graph.databases.urls.store, (db) =>
      db.query<{ id: string; cents: number }>('SELECT "NUM_TICKET"::text AS id, "MONTANT_TTC_CTS" AS cents FROM "TICKET" ORDER BY "NUM_TICKET" LIMIT 1'),
    );
    [order] = await withDatabase('ecommerce', graph.databases.urls.ecommerce, (db) =>
      db.query<{ reference: string; cents: number }>('SELECT reference, (total_amount * 100)::int AS cents FROM orders ORDER BY id LIMIT 1'),
    ).then((rows) => rows.map((row) => ({ reference: row.reference, total: { amountMinor: row.cents } })));
    expect(receipt).toBeDefined();
    expect(order).toBeDefined();
    campaignId = await marketing(async (db) => {
      for (const contact of [a, b]) {
        await db.query(
          "INSERT INTO mk_contact (contact_uuid, source, created_at, updated_at) VALUES ($1, 'IMPORT', now(), now())",
          [contact],
        );
      }
      const [{ id }] = await db.query<{ id: string }>(
        "INSERT INTO mk_campaign (name, channel, kind, sent_at, coupon_prefix) VALUES ('Test campaign', 'FAX', 'PROMO', '2024-03-01T09:00:00Z', 'TST') RETURNING campaign_id::text AS id",
      );
      // Consents: EMAIL/OFFERS granted by both, then withdrawn by A: refused. SMS/NEWSLETTER granted
      // by A, never asked of B: granted. POST/PARTNERS refused by B, then granted by B: granted.
      // PUSH/PROFILING refused long ago by A, granted recently by B: refused (a refusal wins).
      const consents: [string, string, string, boolean, string][] = [
        [a, 'EMAIL', 'OFFERS', true, '2020-01-01T10:00:00Z'],
        [b, 'EMAIL', 'OFFERS', true, '2021-01-01T10:00:00Z'],
        [a, 'EMAIL', 'OFFERS', false, '2022-01-01T10:00:00Z'],
        [a, 'SMS', 'NEWSLETTER', true, '2022-06-01T10:00:00Z'],
        [b, 'POST', 'PARTNERS', false, '2019-01-01T10:00:00Z'],
        [b, 'POST', 'PARTNERS', true, '2023-01-01T10:00:00Z'],
        [a, 'PUSH', 'PROFILING', false, '2018-01-01T10:00:00Z'],
        [b, 'PUSH', 'PROFILING', true, '2024-01-01T10:00:00Z'],
      ];
      for (const [contact, channel, purpose, granted, at] of consents) {
        await db.query("INSERT INTO mk_consent (contact_uuid, channel, purpose, granted, at, source) VALUES ($1, $2, $3, $4, $5, 'WEB_FORM')", [
          contact,
          channel,
          purpose,
          granted,
          at,
        ]);
      }
      // Seven messages over both contacts; three share one instant to the microsecond, two differ by one microsecond.
      const sent = [
        [a, '2024-03-01T09:00:00.000001Z'],
        [b, '2024-03-01T09:00:00.000001Z'],
        [a, '2024-03-01T09:00:00.000001Z'],
        [b, '2024-03-01T09:00:00.000002Z'],
        [a, '2024-02-01T09:00:00Z'],
        [b, '2024-01-01T09:00:00Z'],
        [a, '2023-12-01T09:00:00Z'],
      ];
      for (const [contact, at] of sent) {
        await db.query('INSERT INTO mk_message (campaign_id, contact_uuid, sent_at, bounced) VALUES ($1, $2, $3, false)', [id, contact, at]);
      }
      await db.query(
        `INSERT INTO mk_coupon (code, campaign_id, contact_uuid, issued_at, redeemed_at, redeemed_channel, redeemed_ref) VALUES
           ('TST-A1', $1, $2, '2024-03-01T09:00:00Z', '2024-03-05T15:00:00Z', 'STORE', $4),
           ('TST-B1', $1, $3, '2024-03-01T09:00:00Z', '2024-03-06T15:00:00Z', 'WEB', $5),
           ('TST-B2', $1, $3, '2024-03-02T09:00:00Z', NULL, NULL, NULL)`,
        [id, a, b, receipt.id, order.reference],
      );
      const [{ segment }] = await db.query<{ segment: string }>(
        "INSERT INTO mk_segment (name, rule_text) VALUES ('Test segment', 'age > 30') RETURNING segment_id::text AS segment",
      );
      await db.query(
        `INSERT INTO mk_segment_member (segment_id, contact_uuid, added_at) VALUES
           ($1, $2, '2023-05-01T00:00:00Z'), ($1, $3, '2022-05-01T00:00:00Z'), ($1, $3, '2024-05-01T00:00:00Z')`,
        [segment, a, b],
      );
      return id;
    });
    customerId = await customerWithContacts([a, b]);
  });

  it('combines their consents per channel and purpose: the latest row per contact is in force, and a refusal on any wins', async () => {
    const answer = await graph.query(
      `query ($id: ID!) { customer(id: $id) { marketingConsents {
         current { channel purpose granted at contacts { contactId granted } }
         history(first: 3) { edges { node { contactId channel purpose granted inForce } } pageInfo { hasNextPage endCursor } }
       } } }`,
      { id: customerId },
    );
    expect(answer.errors).toBeUndefined();
    const consents = answer.data.customer.marketingConsents;
    expect(consents.current).toEqual([
      {
        channel: 'EMAIL',
        purpose: 'OFFERS',
        granted: false,
        at: '2022-01-01T10:00:00.000Z',
        contacts: [
          { contactId: a, granted: false },
          { contactId: b, granted: true },
        ],
      },
      { channel: 'POST', purpose: 'PARTNERS', granted: true, at: '2023-01-01T10:00:00.000Z', contacts: [{ contactId: b, granted: true }] },
      {
        channel: 'PUSH',
        purpose: 'PROFILING',
        granted: false,
        at: '2018-01-01T10:00:00.000Z',
        contacts: [
          { contactId: b, granted: true },
          { contactId: a, granted: false },
        ],
      },
      { channel: 'SMS', purpose: 'NEWSLETTER', granted: true, at: '2022-06-01T10:00:00.000Z', contacts: [{ contactId: a, granted: true }] },
    ]);
    expect(consents.history.edges.map((edge: any) => edge.node)).toEqual([
      { contactId: b, channel: 'PUSH', purpose: 'PROFILING', granted: true, inForce: true },
      { contactId: b, channel: 'POST', purpose: 'PARTNERS', granted: true, inForce: true },
      { contactId: a, channel: 'SMS', purpose: 'NEWSLETTER', granted: true, inForce: true },
    ]);
    expect(consents.history.pageInfo.hasNextPage).toBe(true);

    const next = await graph.query(
      'query ($id: ID!, $after: String) { customer(id: $id) { marketingConsents { history(first: 10, after: $after) { edges { node { contactId channel granted inForce } } pageInfo { hasNextPage } } } } }',
      { id: customerId, after: consents.history.pageInfo.endCursor },
    );
    expect(next.errors).toBeUndefined();
    expect(next.data.customer.marketingConsents.history.edges.map((edge: any) => edge.node)).toEqual([
      { contactId: a, channel: 'EMAIL', granted: false, inForce: true },
      { contactId: b, channel: 'EMAIL', granted: true, inForce: true },
      { contactId: a, channel: 'EMAIL', granted: true, inForce: false },
      { contactId: b, channel: 'POST', granted: false, inForce: false },
      { contactId: a, channel: 'PUSH', granted: false, inForce: true },
    ]);
    expect(next.data.customer.marketingConsents.history.pageInfo.hasNextPage).toBe(false);
  });

  it('pages through the messages of all their contacts, newest first, without skipping rows that share an instant', async () => {
    const expected = await marketing((db) =>
      db.query<{ id: string }>(
        'SELECT message_id::text AS id FROM mk_message WHERE contact_uuid = ANY($1::uuid[]) ORDER BY sent_at DESC, message_id DESC',
        [[a, b]],
      ),
    );
    expect(expected).toHaveLength(7);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const answer: any = await graph.query(
        'query ($id: ID!, $after: String) { customer(id: $id) { messages(first: 2, after: $after) { edges { node { id campaign { id channel channelCode } } } pageInfo { hasNextPage endCursor } } } }',
        { id: customerId, after },
      );
      expect(answer.errors).toBeUndefined();
      const connection = answer.data.customer.messages;
      for (const edge of connection.edges) {
        seen.push(edge.node.id);
        // A code the graph does not know is null in the enum, and still there as it was stored.
        expect(edge.node.campaign).toEqual({ id: campaignId, channel: null, channelCode: 'FAX' });
      }
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected.map((row) => row.id));
  });

  it('answers aliases of one field with different arguments each with its own page', async () => {
    const answer = await graph.query(
      'query ($id: ID!) { customer(id: $id) { one: messages(first: 1) { edges { node { id } } } three: messages(first: 3) { edges { node { id } } } } }',
      { id: customerId },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.customer.one.edges).toHaveLength(1);
    expect(answer.data.customer.three.edges).toHaveLength(3);
    expect(answer.data.customer.three.edges[0]).toEqual(answer.data.customer.one.edges[0]);
  });

  it('lists their coupons with where each was redeemed: a receipt resolved by the store subgraph, an order by the ecommerce one', async () => {
    const answer = await graph.query(
      `query ($id: ID!) { customer(id: $id) { coupons { edges { node {
         code redeemed redeemedChannel redeemedReceipt { id total { amountMinor } } redeemedOrder { reference total { amountMinor } } campaign { id couponPrefix }
       } } } } }`,
      { id: customerId },
    );
    expect(answer.errors).toBeUndefined();
    const campaign = { id: campaignId, couponPrefix: 'TST' };
    expect(answer.data.customer.coupons.edges.map((edge: any) => edge.node)).toEqual([
      { code: 'TST-B2', redeemed: false, redeemedChannel: null, redeemedReceipt: null, redeemedOrder: null, campaign },
      { code: 'TST-B1', redeemed: true, redeemedChannel: 'WEB', redeemedReceipt: null, redeemedOrder: order, campaign },
      {
        code: 'TST-A1',
        redeemed: true,
        redeemedChannel: 'STORE',
        redeemedReceipt: { id: receipt.id, total: { amountMinor: receipt.cents } },
        redeemedOrder: null,
        campaign,
      },
    ]);
  });

  it('lists each segment once, since the first of their contacts joined it', async () => {
    const answer = await graph.query('query ($id: ID!) { customer(id: $id) { segments { segment { name ruleText memberCount } addedAt contactIds } } }', {
      id: customerId,
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.customer.segments).toEqual([
      { segment: { name: 'Test segment', ruleText: 'age > 30', memberCount: 2 }, addedAt: '2022-05-01T00:00:00.000Z', contactIds: [a, b].sort() },
    ]);
  });

  it("counts a campaign's messages and its coupons redeemed in store and on the web", async () => {
    const answer = await graph.query(
      'query ($id: ID!) { campaign(id: $id) { kind kindCode statistics { messagesSent messagesOpened couponsIssued couponsRedeemed couponsRedeemedInStore couponsRedeemedOnWeb } } }',
      { id: campaignId },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.campaign).toEqual({
      kind: 'PROMO',
      kindCode: 'PROMO',
      statistics: { messagesSent: 7, messagesOpened: 0, couponsIssued: 3, couponsRedeemed: 2, couponsRedeemedInStore: 1, couponsRedeemedOnWeb: 1 },
    });
  });

  it('finds a coupon by its code', async () => {
    const answer = await graph.query('{ coupon(code: "TST-A1") { code redeemedChannelCode redeemedReference campaign { name } } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data.coupon).toEqual({ code: 'TST-A1', redeemedChannelCode: 'STORE', redeemedReference: receipt.id, campaign: { name: 'Test campaign' } });
  });
});

describe('bounds and unknowns', () => {
  it('refuses a page larger than 100, saying the maximum, and a cursor it did not give', async () => {
    const id = await customerWithContacts([]);
    const tooMany = await graph.query('query ($id: ID!) { customer(id: $id) { messages(first: 101) { edges { cursor } } } }', { id });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].message).toMatch(/at most 100/);
    const forged = await graph.query('query ($id: ID!) { customer(id: $id) { coupons(after: "bm90LWEtY3Vyc29y") { edges { cursor } } } }', { id });
    expect(forged.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const history = await graph.query('query ($id: ID!) { customer(id: $id) { marketingConsents { history(first: 1000) { edges { cursor } } } } }', { id });
    expect(history.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const segments = await graph.query('{ segments(first: 500) { nodes { id } } }');
    expect(segments.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers null for unknown campaigns, coupons, segments and messages, and empty lists for a customer without contacts', async () => {
    const answer = await graph.query(
      '{ a: campaign(id: "999999") { id } b: campaign(id: "not-a-number") { id } c: coupon(code: "NO-SUCH-CODE") { code } d: segment(id: "424242") { id } e: segment(id: "x") { id } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ a: null, b: null, c: null, d: null, e: null });

    const body = JSON.stringify({
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Message { id } ... on Coupon { code } ... on Segment { id } } }',
      variables: {
        r: [
          { __typename: 'Message', id: '999999999' },
          { __typename: 'Message', id: 'abc' },
          { __typename: 'Coupon', code: 'NOPE' },
          { __typename: 'Segment', id: '999' },
        ],
      },
    });
    const response = await fetch(graph.graph.subgraphs.get('marketing')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'marketing', body) },
      body,
    });
    const json = (await response.json()) as { data: { _entities: unknown[] }; errors?: unknown };
    expect(json.errors).toBeUndefined();
    expect(json.data._entities).toEqual([null, null, null, null]);

    const id = await customerWithContacts([]);
    const empty = await graph.query(
      'query ($id: ID!) { customer(id: $id) { messages { edges { cursor } pageInfo { hasNextPage endCursor } } coupons { edges { cursor } } segments { addedAt } marketingConsents { current { granted } history { edges { cursor } } } } }',
      { id },
    );
    expect(empty.errors).toBeUndefined();
    expect(empty.data.customer).toEqual({
      messages: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
      coupons: { edges: [] },
      segments: [],
      marketingConsents: { current: [], history: { edges: [] } },
    });
  });
});

it('resolves an _entities batch of 3 or 30 customers, with every marketing field, at the same number of statements', async () => {
  const contacts = await marketing((db) =>
    db.query<{ contact: string }>(
      `SELECT contact_uuid::text AS contact FROM mk_contact c
        WHERE EXISTS (SELECT 1 FROM mk_message m WHERE m.contact_uuid = c.contact_uuid)
        ORDER BY contact_uuid LIMIT 30`,
    ),
  );
  expect(contacts.length).toBe(30);
  const customers: { id: string; contact: string }[] = [];
  for (const { contact } of contacts) customers.push({ id: await customerWithContacts([contact]), contact });

  const cost = async (n: number): Promise<number> => {
    const body = JSON.stringify({
      query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer {
        id
        messages(first: 5) { edges { cursor node { id campaign { id name statistics { messagesSent } } } } pageInfo { hasNextPage } }
        coupons(first: 5) { edges { node { code campaign { id } redeemedReceipt { id } } } }
        segments { segment { id memberCount } addedAt }
        marketingConsents { current { channel granted } history(first: 5) { edges { node { id } } } }
      } } }`,
      variables: {
        r: customers.slice(0, n).map((c) => ({ __typename: 'Customer', id: c.id, linkedRecords: { records: [{ system: 'marketing', localKey: c.contact }] } })),
      },
    });
    let statements = 0;
    const unwatch = watchStatements((database) => {
      if (database === 'marketing') statements += 1;
    });
    const response = await fetch(graph.graph.subgraphs.get('marketing')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'marketing', body) },
      body,
    });
    const json = (await response.json()) as { data: { _entities: { id: string; messages: { edges: unknown[] } }[] }; errors?: unknown };
    unwatch();
    expect(json.errors).toBeUndefined();
    expect(json.data._entities.map((entity) => entity.id)).toEqual(customers.slice(0, n).map((c) => c.id));
    for (const entity of json.data._entities) expect(entity.messages.edges.length).toBeGreaterThan(0);
    return statements;
  };
  const small = await cost(3);
  const large = await cost(30);
  expect(large).toBe(small);
  // Messages and coupons (each with its campaign), segments, consents, campaign statistics, segment member counts.
  expect(small).toBe(6);
});

it('resolves _entities batches of messages, coupons, campaigns and segments at one statement per type, whatever their number', async () => {
  const keys = await marketing(async (db) => ({
    messages: (await db.query<{ id: string }>('SELECT message_id::text AS id FROM mk_message ORDER BY message_id LIMIT 30')).map((row) => row.id),
    coupons: (await db.query<{ code: string }>('SELECT code FROM mk_coupon ORDER BY code LIMIT 30')).map((row) => row.code),
    campaigns: (await db.query<{ id: string }>('SELECT campaign_id::text AS id FROM mk_campaign ORDER BY campaign_id LIMIT 30')).map((row) => row.id),
    segments: (await db.query<{ id: string }>('SELECT segment_id::text AS id FROM mk_segment ORDER BY segment_id LIMIT 30')).map((row) => row.id),
  }));
  for (const list of Object.values(keys)) expect(list.length).toBeGreaterThanOrEqual(3);

  const cost = async (n: number): Promise<number> => {
    const representations = [
      ...keys.messages.slice(0, n).map((id) => ({ __typename: 'Message', id })),
      ...keys.coupons.slice(0, n).map((code) => ({ __typename: 'Coupon', code })),
      ...keys.campaigns.slice(0, n).map((id) => ({ __typename: 'Campaign', id })),
      ...keys.segments.slice(0, n).map((id) => ({ __typename: 'Segment', id })),
    ];
    const body = JSON.stringify({
      query: `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Message { id sentAt campaign { id name } }
        ... on Coupon { code redeemedChannel campaign { id } }
        ... on Campaign { id name channel }
        ... on Segment { id name }
      } }`,
      variables: { r: representations },
    });
    let statements = 0;
    const unwatch = watchStatements((database) => {
      if (database === 'marketing') statements += 1;
    });
    const response = await fetch(graph.graph.subgraphs.get('marketing')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'marketing', body) },
      body,
    });
    const json = (await response.json()) as { data: { _entities: (Record<string, string> | null)[] }; errors?: unknown };
    unwatch();
    expect(json.errors).toBeUndefined();
    expect(json.data._entities.map((entity) => entity?.id ?? entity?.code)).toEqual(representations.map((r) => ('id' in r ? r.id : r.code)));
    return statements;
  };
  expect(await cost(3)).toBe(4);
  expect(await cost(30)).toBe(4);
});

it('pages campaigns and segments with opaque cursors: pages of 2 give exactly one whole page, in order', async () => {
  for (const field of ['campaigns', 'segments']) {
    const whole = await graph.query(`{ ${field}(first: 100) { nodes { id } } }`);
    const expected = (whole.data[field].nodes as { id: string }[]).map((node) => node.id);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const walked: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const answer: any = await graph.query(`query ($after: String) { ${field}(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after });
      expect(answer.errors).toBeUndefined();
      walked.push(...answer.data[field].edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!answer.data[field].pageInfo.hasNextPage) break;
      after = answer.data[field].pageInfo.endCursor;
    }
    expect({ field, walked }).toEqual({ field, walked: expected });
    const forged = await graph.query(`{ ${field}(after: "12") { nodes { id } } }`);
    expect(forged.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  }
});
