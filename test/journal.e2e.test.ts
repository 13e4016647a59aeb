// The shared history (issue 5) end to end: every feed ingested into the journal of this file's own
// database copies after a real identity resolution, then read through the gateway. One generated
// customer's history is checked against their linked legacy rows counted with SQL on the legacy
// databases; re-ingesting adds nothing; filters, pagination, the full records resolved by their
// owners; a page of history for 100 customers costs the same statements as for 10; analysts'
// counts match SQL.
import { watchStatements } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { parisInstant } from '../subgraphs/kit/paris-time';
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints, IngestReport, watchJournal } from '../subgraphs/customer/journal/ingest';
import { registry } from '../subgraphs/channels';
import { insertBatch } from '../subgraphs/customer/journal/journal.repo';
import type { Touchpoint } from '../subgraphs/kit/touchpoints';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let firstIngest: IngestReport;

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  // A small batch, so that every feed crosses several batches.
  firstIngest = await ingestTouchpoints(graph.databases.urls, { batch: 500 });
  console.log(
    `journal: ${firstIngest.entries} entries in ${firstIngest.seconds}s (${firstIngest.entriesPerSecond}/s); ` +
      Object.entries(firstIngest.byFeed)
        .map(([feed, f]) => `${feed} ${f.inserted}`)
        .join(', '),
  );
}, 300_000);

afterAll(async () => {
  await graph?.stop();
});

type System = 'store' | 'ecommerce' | 'callcentre' | 'marketing';
const on = <T>(role: System | 'customer', sql: string, params: unknown[] = []) =>
  withDatabase(role, graph.databases.urls[role], (db) => db.query<T & Record<string, unknown>>(sql, params));

const feeds = new Set(registry().touchpointFeeds.map((feed) => feed.name));

/** The customer whose history is checked: linked in the most systems, then with the most entries. */
async function chosenCustomer(): Promise<{ id: string; keys: Record<System, string[]> }> {
  const [row] = await on<{ customer_id: string }>(
    'customer',
    `SELECT l.customer_id::text AS customer_id
       FROM identity_link l
       LEFT JOIN touchpoint t ON t.identity_system = l.system AND t.identity_key = l.local_key
      WHERE l.unlinked_at IS NULL
      GROUP BY l.customer_id
      ORDER BY count(DISTINCT l.system) DESC, count(t.id) DESC, l.customer_id
      LIMIT 1`,
  );
  const links = await on<{ system: System; local_key: string }>(
    'customer',
    'SELECT system, local_key FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NULL',
    [row.customer_id],
  );
  const keys: Record<System, string[]> = { store: [], ecommerce: [], callcentre: [], marketing: [] };
  for (const link of links) keys[link.system].push(link.local_key);
  return { id: row.customer_id, keys };
}

/** `Type:key` of every touchpoint the registered feeds make of these legacy records, by SQL on the legacy tables. */
async function expectedRecords(keys: Record<System, string[]>): Promise<string[]> {
  const out: string[] = [];
  const readable = (date: string) => parisInstant(date, '000000') !== null;
  if (feeds.has('store.receipts')) {
    for (const r of await on<{ id: string; date: string }>(
      'store',
      `SELECT "NUM_TICKET"::text AS id, "DATE_TICKET" AS date FROM "TICKET" WHERE trim("NUM_CARTE") = ANY($1)`,
      [keys.store],
    )) {
      if (readable(r.date)) out.push(`Receipt:${r.id}`);
    }
  }
  if (feeds.has('store.points')) {
    for (const r of await on<{ id: string; ticket: string | null; date: string }>(
      'store',
      `SELECT "ID_MVT"::text AS id, "NUM_TICKET"::text AS ticket, "DATE_MVT" AS date FROM "MOUVEMENT_POINTS" WHERE trim("NUM_CARTE") = ANY($1)`,
      [keys.store],
    )) {
      if (readable(r.date)) out.push(r.ticket ? `Receipt:${r.ticket}` : `LoyaltyMovement:${r.id}`);
    }
  }
  const web = keys.ecommerce.map(Number);
  const listed = async (feed: string, role: System, sql: string, params: unknown[]) => {
    if (!feeds.has(feed)) return;
    for (const r of await on<{ k: string }>(role, sql, params)) out.push(r.k);
  };
  await listed('ecommerce.orders', 'ecommerce', `SELECT 'Order:' || trim(reference) AS k FROM orders WHERE customer_id = ANY($1)`, [web]);
  await listed('ecommerce.carts', 'ecommerce', `SELECT 'Cart:' || id AS k FROM carts WHERE customer_id = ANY($1) AND converted_order_id IS NULL AND updated_at < (now() AT TIME ZONE 'UTC') - interval '3 days'`, [web]);
  await listed('ecommerce.searches', 'ecommerce', `SELECT 'Search:' || id AS k FROM searches WHERE customer_id = ANY($1)`, [web]);
  await listed('ecommerce.reviews', 'ecommerce', `SELECT 'Review:' || id AS k FROM reviews WHERE customer_id = ANY($1)`, [web]);
  const contacts = keys.callcentre.map(Number);
  await listed('callcentre.calls', 'callcentre', `SELECT 'Call:' || call_id AS k FROM calls WHERE contact_id = ANY($1)`, [contacts]);
  await listed(
    'callcentre.ticket_events',
    'callcentre',
    `SELECT 'Ticket:' || e.ticket_id AS k FROM ticket_events e JOIN tickets t ON t.ticket_id = e.ticket_id WHERE t.contact_id = ANY($1)`,
    [contacts],
  );
  await listed('callcentre.callbacks', 'callcentre', `SELECT 'CallbackWindow:' || id AS k FROM callbacks WHERE contact_id = ANY($1)`, [contacts]);
  const uuids = keys.marketing;
  const messageFeed = [...feeds].find((name) => name.startsWith('marketing.message'));
  if (messageFeed) {
    await listed(
      messageFeed,
      'marketing',
      `SELECT 'Message:' || m.message_id AS k
         FROM mk_message m CROSS JOIN LATERAL (VALUES (m.sent_at), (m.opened_at), (m.clicked_at), (m.unsubscribed_at)) AS e(at)
        WHERE m.contact_uuid = ANY($1::uuid[]) AND e.at IS NOT NULL`,
      [uuids],
    );
  }
  const couponFeed = [...feeds].find((name) => name.startsWith('marketing.coupon'));
  if (couponFeed) {
    await listed(couponFeed, 'marketing', `SELECT 'Coupon:' || code AS k FROM mk_coupon WHERE contact_uuid = ANY($1::uuid[]) AND redeemed_at IS NOT NULL`, [uuids]);
  }
  const consentFeed = [...feeds].find((name) => name.startsWith('marketing.consent'));
  if (consentFeed) {
    await listed(consentFeed, 'marketing', `SELECT 'MarketingConsent:' || id AS k FROM mk_consent WHERE contact_uuid = ANY($1::uuid[])`, [uuids]);
  }
  return out.sort();
}

const ENTRY = `id occurredAt channel reason role place { kind code store { code } } summary amount { amountMinor currency }
  recordType recordKey`;

interface Entry {
  id: string;
  occurredAt: string;
  channel: string;
  reason: string;
  role: string;
  place: { kind: string; code: string | null; store: { code: string } | null } | null;
  recordType: string;
  recordKey: string;
}

/** Every entry of a customer's history, a page at a time. */
async function wholeHistory(customerId: string, args = '', pageSize = 100): Promise<Entry[]> {
  const entries: Entry[] = [];
  let after: string | null = null;
  for (;;) {
    const answer: any = await graph.query(
      `query ($id: ID!, $first: Int, $after: String) { customer(id: $id) {
         history(first: $first, after: $after ${args}) { pageInfo { hasNextPage endCursor } nodes { ${ENTRY} } } } }`,
      { id: customerId, first: pageSize, after },
    );
    expect(answer.errors).toBeUndefined();
    const page = answer.data.customer.history;
    entries.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return entries;
    after = page.pageInfo.endCursor;
  }
}

const inTimeOrder = (entries: Entry[]) => {
  for (let i = 1; i < entries.length; i += 1) {
    expect(Date.parse(entries[i - 1].occurredAt)).toBeGreaterThanOrEqual(Date.parse(entries[i].occurredAt));
  }
};

it('ingests every registered feed', () => {
  expect(Object.keys(firstIngest.byFeed).sort()).toEqual([...feeds].sort());
  expect(firstIngest.entries).toBeGreaterThan(0);
  for (const [feed, figures] of Object.entries(firstIngest.byFeed)) expect({ feed, batches: figures.batches > 0 }).toEqual({ feed, batches: true });
});

it("holds exactly the touchpoints of the customer's linked legacy rows, newest first, and none of anyone else's", async () => {
  const customer = await chosenCustomer();
  const expected = await expectedRecords(customer.keys);
  const entries = await wholeHistory(customer.id);
  console.log(`customer with ${Object.values(customer.keys).flat().length} linked records: ${entries.length} entries`);
  expect(expected.length).toBeGreaterThan(0);
  expect(entries.map((e) => `${e.recordType}:${e.recordKey}`).sort()).toEqual(expected);
  inTimeOrder(entries);
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  // None of anyone else's: every entry's identity record is linked to this customer.
  const owners = await on<{ id: string; system: System; identity_key: string }>(
    'customer',
    'SELECT id::text AS id, identity_system AS system, identity_key FROM touchpoint WHERE id = ANY($1::bigint[])',
    [entries.map((e) => e.id)],
  );
  expect(owners).toHaveLength(entries.length);
  for (const owner of owners) expect(customer.keys[owner.system]).toContain(owner.identity_key);
  // Store entries name their store.
  for (const entry of entries.filter((e) => e.place?.kind === 'STORE')) {
    expect(entry.place!.store).toEqual(entry.place!.code ? { code: entry.place!.code } : null);
  }
});

it('pages by cursor without gaps or repeats', async () => {
  const customer = await chosenCustomer();
  const whole = await wholeHistory(customer.id);
  const paged = await wholeHistory(customer.id, '', 7);
  expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
  const bad = await graph.query('query ($id: ID!) { customer(id: $id) { history(after: "nope") { nodes { id } } } }', { id: customer.id });
  expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

it('counts the whole history under the same filters (totalCount), whatever the page', async () => {
  const customer = await chosenCustomer();
  const whole = await wholeHistory(customer.id);
  const web = await wholeHistory(customer.id, ', channels: [WEB]');
  const answer = await graph.query(
    `query ($id: ID!) { customer(id: $id) { all: history(first: 1) { totalCount } web: history(first: 2, channels: [WEB]) { totalCount }
       none: history(first: 5, since: "2999-01-01T00:00:00Z") { totalCount nodes { id } } } }`,
    { id: customer.id },
  );
  expect(answer.errors).toBeUndefined();
  expect(whole.length).toBeGreaterThan(1);
  expect(answer.data.customer.all.totalCount).toBe(whole.length);
  expect(answer.data.customer.web.totalCount).toBe(web.length);
  expect(answer.data.customer.none).toEqual({ totalCount: 0, nodes: [] });
});

it('re-ingesting adds nothing', async () => {
  const [{ before }] = await on<{ before: number }>('customer', 'SELECT count(*)::int AS before FROM touchpoint');
  const again = await ingestTouchpoints(graph.databases.urls);
  const [{ after }] = await on<{ after: number }>('customer', 'SELECT count(*)::int AS after FROM touchpoint');
  expect(again.entries).toBe(0);
  expect(again.updated).toBe(0);
  expect(after).toBe(before);
  // Even from the beginning: forgetting every position re-reads everything and adds nothing.
  await on('customer', 'DELETE FROM touchpoint_feed_cursor');
  const fromStart = await ingestTouchpoints(graph.databases.urls);
  expect(fromStart.read).toBeGreaterThanOrEqual(before);
  expect(fromStart.entries).toBe(0);
  const [{ total }] = await on<{ total: number }>('customer', 'SELECT count(*)::int AS total FROM touchpoint');
  expect(total).toBe(before);
});

it('filters by channel, reason, role and time', async () => {
  const customer = await chosenCustomer();
  const whole = await wholeHistory(customer.id);
  const channel = whole[0].channel;
  const byChannel = await wholeHistory(customer.id, `, channels: [${channel}]`);
  expect(byChannel.map((e) => e.id)).toEqual(whole.filter((e) => e.channel === channel).map((e) => e.id));
  const reason = whole[whole.length - 1].reason;
  const role = whole[whole.length - 1].role;
  const byReasonRole = await wholeHistory(customer.id, `, reasons: [${reason}], roles: [${role}]`);
  expect(byReasonRole.map((e) => e.id)).toEqual(whole.filter((e) => e.reason === reason && e.role === role).map((e) => e.id));
  expect(byReasonRole.length).toBeGreaterThan(0);
  const middle = whole[Math.floor(whole.length / 2)].occurredAt;
  const since = await wholeHistory(customer.id, `, since: "${middle}"`);
  expect(since.map((e) => e.id)).toEqual(whole.filter((e) => Date.parse(e.occurredAt) >= Date.parse(middle)).map((e) => e.id));
  const until = await wholeHistory(customer.id, `, until: "${middle}"`);
  expect(until.map((e) => e.id)).toEqual(whole.filter((e) => Date.parse(e.occurredAt) < Date.parse(middle)).map((e) => e.id));
});

it('resolves each entry’s full record through its owning subgraph, for every record type in the journal', async () => {
  // One linked entry of each record type the feeds write, read through its customer's history.
  const samples = await on<{ record_type: string; record_key: string; customer_id: string; occurred_at: Date }>(
    'customer',
    `SELECT DISTINCT ON (t.record_type) t.record_type, t.record_key, l.customer_id::text AS customer_id, t.occurred_at
       FROM touchpoint t JOIN identity_link l ON l.system = t.identity_system AND l.local_key = t.identity_key AND l.unlinked_at IS NULL
      ORDER BY t.record_type, t.id`,
  );
  // The owner's entity for each journal record type, and a field only the owner knows.
  const owners: Record<string, { typename: string; owned: string }> = {
    Receipt: { typename: 'Receipt', owned: 'occurredAt' },
    Order: { typename: 'Order', owned: 'orderStatus' },
    Call: { typename: 'Call', owned: 'startedAt' },
    Ticket: { typename: 'Ticket', owned: 'ticketStatus' },
    Message: { typename: 'Message', owned: 'sentAt' },
    Coupon: { typename: 'Coupon', owned: 'code' },
    Cart: { typename: 'Cart', owned: 'updatedAt' },
    Review: { typename: 'Review', owned: 'rating' },
    Search: { typename: 'Search', owned: 'searchedAt' },
    CallbackWindow: { typename: 'CallbackWindow', owned: 'windowStart' },
    MarketingConsent: { typename: 'MarketingConsentRecord', owned: 'granted' },
    LoyaltyMovement: { typename: 'LoyaltyMovement', owned: 'reasonCode' },
  };
  // Every record type the feeds write is in the journal, and each has an owner that resolves it.
  expect(samples.map((s) => s.record_type).sort()).toEqual(Object.keys(owners).sort());
  for (const sample of samples) {
    const at = sample.occurred_at.toISOString();
    const answer = await graph.query(
      `query ($id: ID!, $since: DateTimeISO, $until: DateTimeISO) { customer(id: $id) { history(first: 100, since: $since, until: $until) { nodes { recordType recordKey
         record { __typename ... on Receipt { id occurredAt } ... on Order { reference orderStatus: status } ... on Call { id startedAt }
                  ... on Ticket { id ticketStatus: status } ... on Message { id sentAt } ... on Coupon { code }
                  ... on Cart { id updatedAt } ... on Review { id rating } ... on Search { id searchedAt }
                  ... on CallbackWindow { id windowStart } ... on MarketingConsentRecord { id granted }
                  ... on LoyaltyMovement { id reasonCode } } } } } }`,
      { id: sample.customer_id, since: at, until: new Date(sample.occurred_at.getTime() + 1).toISOString() },
    );
    expect({ type: sample.record_type, errors: answer.errors }).toEqual({ type: sample.record_type, errors: undefined });
    const node = answer.data.customer.history.nodes.find((n: { recordType: string; recordKey: string }) => n.recordType === sample.record_type && n.recordKey === sample.record_key);
    expect(node).toBeDefined();
    const owner = owners[sample.record_type];
    expect({ type: sample.record_type, typename: node.record?.__typename }).toEqual({ type: sample.record_type, typename: owner.typename });
    expect(node.record.id ?? node.record.reference ?? node.record.code).toBe(sample.record_key);
    expect(node.record[owner.owned]).not.toBeNull();
    expect(node.record[owner.owned]).toBeDefined();
  }
  console.log(`records resolved by their owners: ${samples.map((s) => s.record_type).join(', ')}`);
});

it('costs the same number of hub statements for history(first: 20) of 100 customers as of 10', async () => {
  const query = `query ($first: Int) { customers(first: $first) { nodes { id history(first: 20) { totalCount pageInfo { hasNextPage endCursor }
    nodes { ${ENTRY} record { __typename } } } } } }`;
  const countFor = async (first: number) => {
    let statements = 0;
    const stop = watchStatements((database) => {
      if (database === 'customer') statements += 1;
    });
    let entries = 0;
    try {
      const answer = await graph.query(query, { first });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.customers.nodes).toHaveLength(first);
      for (const node of answer.data.customers.nodes) entries += node.history.nodes.length;
    } finally {
      stop();
    }
    return { statements, entries };
  };
  const ten = await countFor(10);
  const hundred = await countFor(100);
  console.log(`hub statements: 10 customers (${ten.entries} entries) → ${ten.statements}, 100 customers (${hundred.entries} entries) → ${hundred.statements}`);
  expect(hundred.entries).toBeGreaterThan(ten.entries);
  expect(ten.statements).toBeGreaterThan(0);
  expect(hundred.statements).toBe(ten.statements);
});

it('lists interactions across customers without personal data, filtered', async () => {
  const customer = await chosenCustomer();
  const answer = await graph.query(
    `query ($customerId: ID!) { interactions(filter: { customerId: $customerId }, first: 100) { nodes { id customerId occurredAt } } }`,
    { customerId: customer.id },
  );
  expect(answer.errors).toBeUndefined();
  const whole = await wholeHistory(customer.id);
  expect(answer.data.interactions.nodes.map((n: { id: string }) => n.id)).toEqual(whole.slice(0, 100).map((e) => e.id));
  for (const node of answer.data.interactions.nodes) expect(node.customerId).toBe(customer.id);

  const [store] = await on<{ code: string; n: number }>(
    'customer',
    `SELECT place_code AS code, count(*)::int AS n FROM touchpoint WHERE place_kind = 'STORE' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  );
  const atStore = await graph.query(
    `query ($store: String) { interactions(filter: { storeCode: $store, channels: [STORE] }, first: 50) { pageInfo { hasNextPage } nodes { place { kind code } customerId channel } } }`,
    { store: store.code },
  );
  expect(atStore.errors).toBeUndefined();
  expect(atStore.data.interactions.nodes.length).toBe(Math.min(50, store.n));
  for (const node of atStore.data.interactions.nodes) expect(node.place).toEqual({ kind: 'STORE', code: store.code });
  // Anonymous receipts belong to nobody.
  const anonymous = await on<{ n: number }>('customer', `SELECT count(*)::int AS n FROM touchpoint WHERE identity_system IS NULL`);
  console.log(`entries attached to nobody (anonymous receipts, unidentified calls): ${anonymous[0].n}`);
});

it('counts interactions by group as SQL does', async () => {
  const [{ total }] = await on<{ total: number }>('customer', 'SELECT count(*)::int AS total FROM touchpoint');
  const byChannelMonth = await graph.query(`{ interactionCounts(groupBy: [CHANNEL, MONTH]) { channel reason role storeCode period count } }`);
  expect(byChannelMonth.errors).toBeUndefined();
  const rows: { channel: string; reason: null; period: string; count: number }[] = byChannelMonth.data.interactionCounts;
  expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(total);
  for (const row of rows) {
    expect(row.reason).toBeNull();
    expect(row.period).toMatch(/^\d{4}-\d{2}-01$/);
  }
  const sql = await on<{ channel: string; n: number }>('customer', 'SELECT channel, count(*)::int AS n FROM touchpoint GROUP BY channel');
  for (const { channel, n } of sql) {
    expect(rows.filter((row) => row.channel === channel).reduce((sum, row) => sum + row.count, 0)).toBe(n);
  }

  const filtered = await graph.query(
    `{ interactionCounts(filter: { channels: [STORE], reasons: [PURCHASE] }, groupBy: [STORE, ROLE, WEEK]) { storeCode role period count } }`,
  );
  expect(filtered.errors).toBeUndefined();
  const byStore = await on<{ code: string; n: number }>(
    'customer',
    `SELECT place_code AS code, count(*)::int AS n FROM touchpoint WHERE channel = 'STORE' AND reason = 'PURCHASE' AND place_kind = 'STORE' GROUP BY 1`,
  );
  for (const { code, n } of byStore) {
    expect(filtered.data.interactionCounts.filter((row: { storeCode: string }) => row.storeCode === code).reduce((s: number, r: { count: number }) => s + r.count, 0)).toBe(n);
  }
  for (const row of filtered.data.interactionCounts) expect(new Date(`${row.period}T12:00:00Z`).getUTCDay()).toBe(1);

  const twoPeriods = await graph.query(`{ interactionCounts(groupBy: [DAY, MONTH]) { count } }`);
  expect(twoPeriods.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

/** Groups where touchpoint_daily disagrees with counting the journal itself (0: in step). */
const DAILY_MISMATCHES = `
  SELECT count(*)::int AS n
    FROM (SELECT day, channel, reason, role, store_code, entries FROM touchpoint_daily WHERE entries <> 0) d
    FULL JOIN (SELECT (occurred_at AT TIME ZONE 'Europe/Paris')::date AS day, channel, reason, role,
                      CASE WHEN place_kind = 'STORE' THEN place_code END AS store_code, count(*) AS entries
                 FROM touchpoint GROUP BY 1, 2, 3, 4, 5) t
      ON (d.day, d.channel, d.reason, d.role) = (t.day, t.channel, t.reason, t.role) AND d.store_code IS NOT DISTINCT FROM t.store_code
   WHERE d.entries IS DISTINCT FROM t.entries`;

it('keeps the daily counts in step with the journal through inserts, in-place updates and deletes', async () => {
  const [{ rows, days }] = await on<{ rows: number; days: number }>('customer', 'SELECT count(*)::int AS rows, count(DISTINCT day)::int AS days FROM touchpoint_daily');
  console.log(`touchpoint_daily: ${rows} rows over ${days} days`);
  expect(rows).toBeGreaterThan(0);
  expect((await on<{ n: number }>('customer', DAILY_MISMATCHES))[0].n).toBe(0);
  // In a transaction rolled back at the end (by throwing), so the journal the other tests read is unchanged.
  const rollBack = new Error('roll back');
  await withDatabase('customer', graph.databases.urls.customer, (db) =>
    db.withTransaction(async (tx) => {
      const changed = await tx.query<{ id: string }>(
        `UPDATE touchpoint SET reason = 'RETURN', occurred_at = occurred_at - interval '1 day'
          WHERE id IN (SELECT id FROM touchpoint WHERE channel = 'WEB' ORDER BY id LIMIT 25) RETURNING id`,
      );
      expect(changed).toHaveLength(25);
      expect((await tx.query<{ n: number }>(DAILY_MISMATCHES))[0].n).toBe(0);
      // The ingester's own path: a re-read batch whose records changed (ON CONFLICT … DO UPDATE),
      // with one new entry in it.
      const rows = await tx.query<Record<string, string | null> & { occurred_at: Date }>(
        `SELECT source_system, source_kind, source_key, occurred_at, channel, reason, role, place_kind, place_code, summary,
                amount_minor::text AS amount_minor, currency::text AS currency, record_type, record_key, identity_system, identity_key
           FROM touchpoint WHERE channel = 'STORE' ORDER BY id LIMIT 30`,
      );
      const batch: Touchpoint[] = rows.map((r, i) => ({
        sourceSystem: r.source_system as Touchpoint['sourceSystem'],
        sourceKind: r.source_kind!,
        sourceKey: i === 0 ? `${r.source_key}:daily-test` : r.source_key!,
        occurredAt: new Date(r.occurred_at.getTime() - 3 * 86_400_000),
        channel: r.channel as Touchpoint['channel'],
        reason: (i % 2 === 0 ? 'COMPLAINT' : r.reason) as Touchpoint['reason'],
        role: r.role as Touchpoint['role'],
        placeKind: r.place_kind as Touchpoint['placeKind'],
        placeCode: r.place_code,
        summary: r.summary!,
        amountMinor: r.amount_minor === null ? null : Number(r.amount_minor),
        currency: r.currency,
        recordType: r.record_type!,
        recordKey: r.record_key!,
        identity: r.identity_system === null ? null : { system: r.identity_system as System, localKey: r.identity_key! },
      }));
      const written = await insertBatch(tx, 'daily-test', batch, null);
      expect(written).toEqual({ inserted: 1, updated: 29, removed: 0 });
      expect((await tx.query<{ n: number }>(DAILY_MISMATCHES))[0].n).toBe(0);
      // A withdrawal (an abandoned cart ordered after all) removes its entry; an unknown key is nothing.
      const withdrawn = await insertBatch(tx, 'daily-test', [], null, [
        { sourceSystem: batch[1].sourceSystem, sourceKind: batch[1].sourceKind, sourceKey: batch[1].sourceKey },
        { sourceSystem: 'ecommerce', sourceKind: 'cart', sourceKey: 'no-such-cart' },
      ]);
      expect(withdrawn).toEqual({ inserted: 0, updated: 0, removed: 1 });
      expect((await tx.query<{ n: number }>(DAILY_MISMATCHES))[0].n).toBe(0);
      await tx.query(`DELETE FROM touchpoint WHERE id IN (SELECT id FROM touchpoint WHERE channel = 'STORE' ORDER BY id DESC LIMIT 40)`);
      expect((await tx.query<{ n: number }>(DAILY_MISMATCHES))[0].n).toBe(0);
      throw rollBack;
    }).catch((error: unknown) => {
      if (error !== rollBack) throw error;
    }),
  );
  expect((await on<{ n: number }>('customer', DAILY_MISMATCHES))[0].n).toBe(0);
});

it('counts exactly over any time range: whole Paris days from the daily table, the partial days at the edges from the journal', async () => {
  type Row = { channel: string; reason: string; role: string; storeCode: string | null; period: string; count: number };
  const key = (r: { channel: string; reason: string; role: string; storeCode: string | null; period: string }) =>
    [r.channel, r.reason, r.role, r.storeCode ?? '-', r.period].join('|');
  const [{ newest }] = await on<{ newest: Date }>('customer', 'SELECT max(occurred_at) AS newest FROM touchpoint');
  const at = (daysBack: number, hours: number) => new Date(newest.getTime() - daysBack * 86_400_000 + hours * 3_600_000).toISOString();
  const ranges: { label: string; since: string | null; until: string | null }[] = [
    { label: 'unaligned both ends', since: at(40, 7.2), until: at(3, 5.1) },
    { label: 'within one Paris day', since: '2026-11-10T08:30:00Z', until: '2026-11-10T16:45:00Z' },
    { label: 'across the October time change', since: '2026-10-24T10:00:00Z', until: '2026-10-26T21:00:00Z' },
    { label: 'Paris midnight to Paris midnight', since: '2026-09-30T22:00:00Z', until: '2026-10-31T23:00:00Z' },
    { label: 'since only', since: at(15, 1.5), until: null },
    // An open start: the oldest months only, so that the groups stay under the hub's cap (2,000).
    { label: 'until only', since: null, until: at(1000, 13.3) },
  ];
  for (const range of ranges) {
    const answer = await graph.query(
      `query ($since: DateTimeISO, $until: DateTimeISO) {
         interactionCounts(filter: { since: $since, until: $until }, groupBy: [CHANNEL, REASON, ROLE, STORE, DAY]) { channel reason role storeCode period count }
       }`,
      { since: range.since, until: range.until },
    );
    expect(answer.errors).toBeUndefined();
    const sql = await on<Row>(
      'customer',
      `SELECT channel, reason, role, CASE WHEN place_kind = 'STORE' THEN place_code END AS "storeCode",
              to_char(occurred_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS period, count(*)::int AS count
         FROM touchpoint
        WHERE ($1::timestamptz IS NULL OR occurred_at >= $1) AND ($2::timestamptz IS NULL OR occurred_at < $2)
        GROUP BY 1, 2, 3, 4, 5`,
      [range.since, range.until],
    );
    const got = new Map((answer.data.interactionCounts as Row[]).map((r) => [key(r), r.count]));
    const expected = new Map(sql.map((r) => [key(r), r.count]));
    expect({ range: range.label, total: [...got.values()].reduce((a, b) => a + b, 0) }).toEqual({
      range: range.label,
      total: [...expected.values()].reduce((a, b) => a + b, 0),
    });
    expect(expected.size).toBeGreaterThan(0);
    expect(got).toEqual(expected);
  }

  // Narrowed to one customer: that customer's entries through their links, as SQL counts them.
  const customer = await chosenCustomer();
  const mine = await graph.query(
    `query ($id: ID!) { interactionCounts(filter: { customerId: $id }, groupBy: [CHANNEL]) { channel count } }`,
    { id: customer.id },
  );
  expect(mine.errors).toBeUndefined();
  const sqlMine = await on<{ channel: string; count: number }>(
    'customer',
    `SELECT t.channel, count(*)::int AS count
       FROM identity_link l JOIN touchpoint t ON t.identity_system = l.system AND t.identity_key = l.local_key
      WHERE l.customer_id = $1 AND l.unlinked_at IS NULL GROUP BY 1`,
    [customer.id],
  );
  expect(new Map(mine.data.interactionCounts.map((r: { channel: string; count: number }) => [r.channel, r.count]))).toEqual(
    new Map(sqlMine.map((r) => [r.channel, r.count])),
  );
});

it('follows the links: an unlinked record’s entries leave the history, and come back with the link', async () => {
  const customer = await chosenCustomer();
  const before = await wholeHistory(customer.id);
  const [link] = await on<{ id: string; system: System; local_key: string; n: number }>(
    'customer',
    `SELECT l.id::text AS id, l.system, l.local_key, count(t.id)::int AS n
       FROM identity_link l JOIN touchpoint t ON t.identity_system = l.system AND t.identity_key = l.local_key
      WHERE l.customer_id = $1 AND l.unlinked_at IS NULL
      GROUP BY l.id ORDER BY n DESC LIMIT 1`,
    [customer.id],
  );
  expect(link.n).toBeGreaterThan(0);
  await on('customer', 'UPDATE identity_link SET unlinked_at = now() WHERE id = $1', [link.id]);
  try {
    const without = await wholeHistory(customer.id);
    expect(without).toHaveLength(before.length - link.n);
    const [{ ids }] = await on<{ ids: string[] }>(
      'customer',
      'SELECT coalesce(array_agg(id::text), ARRAY[]::text[]) AS ids FROM touchpoint WHERE identity_system = $1 AND identity_key = $2',
      [link.system, link.local_key],
    );
    for (const entry of without) expect(ids).not.toContain(entry.id);
  } finally {
    await on('customer', 'UPDATE identity_link SET unlinked_at = NULL WHERE id = $1', [link.id]);
  }
  expect((await wholeHistory(customer.id)).map((e) => e.id)).toEqual(before.map((e) => e.id));
});

it('watchJournal brings a new legacy row into the history within seconds', async () => {
  const customer = await chosenCustomer();
  expect(customer.keys.store.length).toBeGreaterThan(0);
  const watcher = watchJournal(graph.databases.urls, { intervalMs: 200 });
  try {
    const [{ id }] = await on<{ id: string }>(
      'store',
      `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
       SELECT coalesce(max("NUM_TICKET"), 0) + 1, (SELECT "CODE_MAG" FROM "MAGASIN" ORDER BY 1 LIMIT 1),
              to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYYMMDD'), to_char(now() AT TIME ZONE 'Europe/Paris', 'HH24MISS'),
              1, $1, 1234, 'CB', 'V'
         FROM "TICKET"
       RETURNING "NUM_TICKET"::text AS id`,
      [customer.keys.store[0]],
    );
    const started = Date.now();
    let latest: Entry | undefined;
    while (Date.now() - started < 5000) {
      const answer = await graph.query(`query ($id: ID!, $since: DateTimeISO) { customer(id: $id) { history(first: 20, since: $since) { nodes { ${ENTRY} } } } }`, {
        id: customer.id,
        since: new Date(started - 60_000).toISOString(),
      });
      latest = answer.data?.customer?.history.nodes.find((entry: Entry) => entry.recordKey === id);
      if (latest?.recordKey === id) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`new receipt in the history after ${Date.now() - started} ms`);
    expect(latest).toEqual(expect.objectContaining({ recordType: 'Receipt', recordKey: id, channel: 'STORE', reason: 'PURCHASE', amount: { amountMinor: 1234, currency: 'EUR' } }));
  } finally {
    await watcher.stop();
  }
});

it('follows an agent’s merge and split: the merged customer lists both histories in time order, the split gives each back', async () => {
  // Two customers other than the one the earlier tests read, each with entries, the first on at least two records.
  const pair = await on<{ customer_id: string; records: number; entries: number }>(
    'customer',
    `SELECT l.customer_id::text AS customer_id, count(DISTINCT l.id)::int AS records, count(t.id)::int AS entries
       FROM identity_link l JOIN touchpoint t ON t.identity_system = l.system AND t.identity_key = l.local_key
      WHERE l.unlinked_at IS NULL AND l.customer_id <> $1
      GROUP BY l.customer_id
     HAVING count(t.id) BETWEEN 5 AND 60
      ORDER BY count(DISTINCT l.id) DESC, count(t.id) DESC, min(l.local_key)
      LIMIT 2`,
    [(await chosenCustomer()).id],
  );
  expect(pair).toHaveLength(2);
  const [source, target] = pair;
  const sourceRecords = await on<{ system: string; local_key: string }>(
    'customer',
    'SELECT system, local_key FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NULL',
    [source.customer_id],
  );
  const before = { source: await wholeHistory(source.customer_id), target: await wholeHistory(target.customer_id) };
  expect(before.source).toHaveLength(source.entries);
  const newestFirst = (entries: Entry[]) =>
    [...entries].sort((a, b) => (a.occurredAt === b.occurredAt ? Number(b.id) - Number(a.id) : a.occurredAt < b.occurredAt ? 1 : -1)).map((e) => e.id);

  const merged = await graph.query(
    `mutation ($sourceId: ID!, $targetId: ID!) { mergeCustomers(sourceId: $sourceId, targetId: $targetId, reason: "same person") { target { id } } }`,
    { sourceId: source.customer_id, targetId: target.customer_id },
  );
  expect(merged.errors).toBeUndefined();
  const afterMerge = await wholeHistory(target.customer_id);
  expect(afterMerge.map((e) => e.id)).toEqual(newestFirst([...before.source, ...before.target]));

  const systemEnum: Record<string, string> = { store: 'STORE', ecommerce: 'ECOMMERCE', callcentre: 'CALLCENTRE', marketing: 'MARKETING' };
  const split = await graph.query(
    `mutation ($customerId: ID!, $records: [RecordRef!]!) { splitCustomer(customerId: $customerId, records: $records, reason: "two people after all") { newCustomer { id } } }`,
    { customerId: target.customer_id, records: sourceRecords.map((r) => ({ system: systemEnum[r.system], localKey: r.local_key })) },
  );
  expect(split.errors).toBeUndefined();
  const apart = split.data.splitCustomer.newCustomer.id;
  expect((await wholeHistory(apart)).map((e) => e.id)).toEqual(before.source.map((e) => e.id));
  expect((await wholeHistory(target.customer_id)).map((e) => e.id)).toEqual(before.target.map((e) => e.id));
});

it('an abandoned cart ordered after all leaves the customer’s history at the next pass', async () => {
  const [cart] = await on<{ key: string; customer_id: string }>(
    'customer',
    `SELECT t.record_key AS key, l.customer_id::text AS customer_id
       FROM touchpoint t JOIN identity_link l ON l.system = t.identity_system AND l.local_key = t.identity_key AND l.unlinked_at IS NULL
      WHERE t.source_kind = 'cart' ORDER BY t.record_key LIMIT 1`,
  );
  expect(cart).toBeDefined();
  const before = await wholeHistory(cart.customer_id);
  expect(before.some((e) => e.recordType === 'Cart' && e.recordKey === cart.key)).toBe(true);
  await on('ecommerce', `UPDATE carts SET converted_order_id = (SELECT max(id) FROM orders), updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1`, [
    Number(cart.key),
  ]);
  const report = await ingestTouchpoints(graph.databases.urls);
  expect(report.byFeed['ecommerce.carts'].removed).toBe(1);
  const after = await wholeHistory(cart.customer_id);
  expect(after.map((e) => e.id)).toEqual(before.filter((e) => !(e.recordType === 'Cart' && e.recordKey === cart.key)).map((e) => e.id));
  expect((await on<{ n: number }>('customer', DAILY_MISMATCHES))[0].n).toBe(0);
});
