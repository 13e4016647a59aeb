// Growing-key feeds and transactions still in flight (subgraphs/kit/feed-settling.ts), on real
// PostgreSQL: a legacy transaction takes a LOWER id and stays open while another takes a higher one
// and commits. A read then gives neither, says it is waiting, and its position does not pass the
// lower id; once the first transaction commits, the next reads give both rows, each once. Without
// settling the position jumped past the lower id and that row was never read. Also: an open write
// transaction in ANOTHER database of the cluster holds nothing (the journal keeps its freshness);
// one in the feed's own database holds the position only while it runs; the xid comparison
// survives wraparound.
import { callbacksFeed, callsFeed, ticketEventsFeed } from '../subgraphs/callcentre/touchpoints.feed';
import { reviewsFeed, searchesFeed } from '../subgraphs/ecommerce/touchpoints.feed';
import { ingest, watchJournal } from '../subgraphs/customer/journal/ingest';
import { Database, openDatabase } from '../subgraphs/kit/database';
import { xidAmongLastSql, xidInWindowSql } from '../subgraphs/kit/feed-settling';
import type { FeedPosition, Touchpoint, TouchpointFeed } from '../subgraphs/kit/touchpoints';
import { consentsFeed, messagesFeed } from '../subgraphs/marketing/touchpoints.feed';
import { pointsFeed, receiptsFeed } from '../subgraphs/store/touchpoints.feed';
import { feedReader, FeedRead, samePosition } from './support/feeds';
import { createTestDatabases, TestDatabases } from './support/test-databases';

type LegacySystem = TouchpointFeed['system'];
const SYSTEMS: LegacySystem[] = ['store', 'ecommerce', 'callcentre', 'marketing'];

let databases: TestDatabases;
/** The feeds' connections, and separate ones for the legacy application's writers. */
const readers = {} as Record<LegacySystem, Database>;
const writers = {} as Record<LegacySystem, Database>;

const { readOnce, readSettled, readToEnd } = feedReader((feed) => readers[feed.system]);

beforeAll(async () => {
  databases = await createTestDatabases();
  for (const system of SYSTEMS) {
    readers[system] = openDatabase({ name: `inflight-${system}`, url: databases.urls[system], max: 1 });
    writers[system] = openDatabase({ name: `inflight-${system}-writer`, url: databases.urls[system], max: 3 });
  }
});

afterAll(async () => {
  for (const system of SYSTEMS) {
    await readers[system]?.close();
    await writers[system]?.close();
  }
  await databases?.drop();
});

interface GrowingKeyCase {
  feed: TouchpointFeed;
  /** The highest id of the feed's table, as text. */
  top: string;
  /** Inserts one row with id $1, the way the legacy application would. */
  insert: string;
  kind: string;
  key(id: string): string;
}

const CASES: GrowingKeyCase[] = [
  {
    feed: receiptsFeed,
    top: `SELECT max("NUM_TICKET")::text AS top FROM "TICKET"`,
    insert: `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
             SELECT $1::bigint, min("CODE_MAG"), '20261123', '101010', 1, NULL, 1000, 'CB', 'V' FROM "MAGASIN"`,
    kind: 'receipt',
    key: (id) => id,
  },
  {
    feed: pointsFeed,
    top: `SELECT max("ID_MVT")::text AS top FROM "MOUVEMENT_POINTS"`,
    insert: `INSERT INTO "MOUVEMENT_POINTS" ("ID_MVT", "NUM_CARTE", "DATE_MVT", "POINTS", "MOTIF", "DATE_EXPIRATION", "NUM_TICKET")
             SELECT $1::bigint, min("NUM_CARTE"), '20261123', 50, 'BIENVENUE', NULL, NULL FROM "CARTE_FIDELITE"`,
    kind: 'points',
    key: (id) => id,
  },
  {
    feed: searchesFeed,
    top: 'SELECT max(id)::text AS top FROM searches',
    insert: `INSERT INTO searches (id, customer_id, session_id, query, searched_at) VALUES ($1::bigint, NULL, 'inflight', 'bottes', now() AT TIME ZONE 'UTC')`,
    kind: 'search',
    key: (id) => id,
  },
  {
    feed: reviewsFeed,
    top: 'SELECT max(id)::text AS top FROM reviews',
    insert: `INSERT INTO reviews (id, customer_id, sku, rating, title, body, created_at, published)
             SELECT $1::int, min(id), 'SKU-INFLIGHT', 5, 'Bien', 'Bien', now() AT TIME ZONE 'UTC', true FROM customers`,
    kind: 'review',
    key: (id) => id,
  },
  {
    feed: callsFeed,
    top: 'SELECT max(call_id)::text AS top FROM calls',
    insert: `INSERT INTO calls (call_id, contact_id, ani, direction, queue, agent_id, start_epoch, duration_s, reason_code, outcome, notes)
             VALUES ($1::bigint, NULL, '0600000000', 'I', 'SAV', 'A01', extract(epoch FROM now())::bigint, 60, 'INFO', 'RESOLU', '')`,
    kind: 'call',
    key: (id) => id,
  },
  {
    feed: ticketEventsFeed,
    top: 'SELECT max(id)::text AS top FROM ticket_events',
    insert: `INSERT INTO ticket_events (id, ticket_id, at_epoch, kind, author, body)
             SELECT $1::bigint, min(ticket_id), extract(epoch FROM now())::bigint, 'NOTE', 'A01', '' FROM tickets`,
    kind: 'ticket_event',
    key: (id) => id,
  },
  {
    feed: callbacksFeed,
    top: 'SELECT max(id)::text AS top FROM callbacks',
    insert: `INSERT INTO callbacks (id, contact_id, requested_epoch, window_start, window_end, done)
             SELECT $1::int, min(contact_id), extract(epoch FROM now())::bigint, '09:00', '12:00', false FROM contacts`,
    kind: 'callback',
    key: (id) => id,
  },
  {
    feed: messagesFeed,
    top: 'SELECT max(message_id)::text AS top FROM mk_message',
    insert: `INSERT INTO mk_message (message_id, campaign_id, contact_uuid, sent_at, bounced)
             SELECT $1::bigint, (SELECT min(campaign_id) FROM mk_campaign), (SELECT min(contact_uuid::text)::uuid FROM mk_contact), now(), false`,
    kind: 'message_sent',
    key: (id) => `${id}:sent`,
  },
  {
    feed: consentsFeed,
    top: 'SELECT max(id)::text AS top FROM mk_consent',
    insert: `INSERT INTO mk_consent (id, contact_uuid, channel, purpose, granted, at, source)
             SELECT $1::bigint, min(contact_uuid::text)::uuid, 'EMAIL', 'OFFERS', true, now(), 'WEB_FORM' FROM mk_contact`,
    kind: 'consent',
    key: (id) => id,
  },
];

/** The growing key a position stands at (every growing-key feed keeps it in `after`). */
function positionKey(position: FeedPosition | null): bigint {
  return BigInt(String(position?.after ?? 0));
}

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Runs `statements` in a transaction on `db` and keeps it open until the returned `end` is called. */
async function openTransaction(db: Database, statements: [string, unknown[]][]): Promise<{ end(): Promise<void> }> {
  const started = gate();
  const release = gate();
  const done = db.withTransaction(async (tx) => {
    for (const [text, params] of statements) await tx.query(text, params);
    started.open();
    await release.promise;
  });
  await Promise.race([started.promise, done]);
  return {
    end: async () => {
      release.open();
      await done;
    },
  };
}

/**
 * Reads from `from` until the position reaches `key`, pausing after a read that says it is waiting
 * (for a transaction of the feed's database that has just ended, or for one that ended in the
 * instant between a read's snapshot and its look at the running transactions: kit/feed-settling.ts).
 */
async function readUntilPast(feed: TouchpointFeed, from: FeedPosition | null, key: bigint): Promise<{ touchpoints: Touchpoint[]; end: FeedPosition | null }> {
  const touchpoints: Touchpoint[] = [];
  let position = from;
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const read: FeedRead = await readOnce(feed, position);
    touchpoints.push(...read.touchpoints);
    const stayed = samePosition(read.next, position);
    position = read.next;
    if (positionKey(position) >= key) break;
    if (stayed) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { touchpoints, end: position };
}

const keysOf = (touchpoints: readonly Touchpoint[]): string[] => touchpoints.map((t) => `${t.sourceKind}:${t.sourceKey}`);

test.each(CASES.map((c) => [c.feed.name, c] as const))(
  '%s: a lower id committed after a higher one is not lost; the position waits for it, giving nothing twice',
  async (_name, c) => {
    const { feed } = c;
    const legacy = writers[feed.system];
    const start = (await readToEnd(feed)).end;
    const [{ top }] = await legacy.query<{ top: string }>(c.top);
    expect(positionKey(start)).toBe(BigInt(top));
    const lower = String(BigInt(top) + 1n);
    const higher = String(BigInt(top) + 2n);

    // The legacy application: one transaction takes the lower id and is still open...
    const slow = await openTransaction(legacy, [[c.insert, [lower]]]);
    let during: FeedRead;
    try {
      // ... while another takes the higher one and commits.
      await legacy.query(c.insert, [higher]);
      during = await readOnce(feed, start);
      // Neither is given: the lower one cannot be seen yet, the higher one is held with it.
      expect(keysOf(during.touchpoints)).toEqual([]);
      expect(during.waiting).toBe(true);
      // The position must not pass the lower id while its transaction may still commit it.
      expect(positionKey(during.next)).toBeLessThan(BigInt(lower));
      // Nor does a second read while it is still open.
      const again = await readOnce(feed, during.next);
      expect([keysOf(again.touchpoints), again.waiting]).toEqual([[], true]);
      expect(positionKey(again.next)).toBeLessThan(BigInt(lower));
    } finally {
      await slow.end();
    }

    // Committed: the next reads give the lower row and the higher one, each once, and the position
    // moves past both.
    const after = await readUntilPast(feed, during.next, BigInt(higher));
    expect(keysOf([...during.touchpoints, ...after.touchpoints])).toEqual([`${c.kind}:${c.key(lower)}`, `${c.kind}:${c.key(higher)}`]);
    expect(positionKey(after.end)).toBe(BigInt(higher));
    const quiet = await readOnce(feed, after.end);
    expect(quiet.touchpoints).toEqual([]);
  },
);

test('an open write transaction in another database of the cluster holds nothing; one in the same database holds the position only while it runs', async () => {
  const feed = searchesFeed;
  const c = CASES.find((x) => x.feed === feed)!;
  const start = (await readToEnd(feed)).end;
  const [{ top }] = await writers.ecommerce.query<{ top: string }>(c.top);
  const first = String(BigInt(top) + 1n);
  // An analyst's transaction on the hub database that has written (it holds a transaction id,
  // older than the legacy write below: before, that held every growing-key feed of the cluster).
  const hub = openDatabase({ name: 'inflight-analyst', url: databases.urls.customer, max: 1 });
  try {
    const analyst = await openTransaction(hub, [['SELECT pg_current_xact_id()', []]]);
    try {
      await writers.ecommerce.query(c.insert, [first]);
      // Given while the analyst's transaction still runs, and the position moves past it.
      // (readSettled re-reads only a read that says waiting: the one-instant race of
      // kit/feed-settling.ts; a feed held by the analyst would wait out its 5 s and fail.)
      const read = await readSettled(feed, start, undefined, 5000);
      expect(keysOf(read.touchpoints)).toEqual([`search:${first}`]);
      expect(read.next).toEqual({ after: first });
      expect(read.waiting).toBe(false);
    } finally {
      await analyst.end();
    }
  } finally {
    await hub.close();
  }

  // A transaction in the ecommerce database itself that has written holds the position at the
  // rows written after it, until it ends.
  const second = String(BigInt(first) + 1n);
  const batchJob = await openTransaction(writers.ecommerce, [['SELECT pg_current_xact_id()', []]]);
  let held: FeedRead;
  try {
    await writers.ecommerce.query(c.insert, [second]);
    held = await readOnce(feed, { after: first });
    expect([keysOf(held.touchpoints), held.next, held.waiting]).toEqual([[], { after: first }, true]);
    const again = await readOnce(feed, held.next);
    expect([keysOf(again.touchpoints), again.next, again.waiting]).toEqual([[], { after: first }, true]);
  } finally {
    await batchJob.end();
  }
  const moved = await readUntilPast(feed, held.next, BigInt(second));
  expect(keysOf(moved.touchpoints)).toEqual([`search:${second}`]);
  expect(positionKey(moved.end)).toBe(BigInt(second));

  // A read-only transaction takes no transaction id: it holds nothing, even in the same database.
  const third = String(BigInt(second) + 1n);
  const idle = await openTransaction(writers.ecommerce, [['SELECT count(*) FROM searches', []]]);
  try {
    await writers.ecommerce.query(c.insert, [third]);
    const read = await readSettled(feed, moved.end, undefined, 5000);
    expect([keysOf(read.touchpoints), read.next]).toEqual([[`search:${third}`], { after: third }]);
  } finally {
    await idle.end();
  }
});

test('the journal keeps its freshness while a long write transaction runs in another database of the cluster', async () => {
  const hub = openDatabase({ name: 'inflight-journal', url: databases.urls.customer, max: 4 });
  const journal = { hub, legacy: readers };
  const report = openDatabase({ name: 'inflight-report', url: databases.urls.customer, max: 1 });
  const batch = openDatabase({ name: 'inflight-store-batch', url: databases.urls.store, max: 1 });
  try {
    // Every feed caught up first (a backfill of this file's copies).
    await ingest(journal);
    // A long report on the hub and a long batch job on the store system, both holding
    // transaction ids older than the call written next.
    const longReport = await openTransaction(report, [['SELECT pg_current_xact_id()', []]]);
    const longBatch = await openTransaction(batch, [['SELECT pg_current_xact_id()', []]]);
    const watcher = watchJournal(databases.urls, { intervalMs: 200 });
    try {
      const [{ id }] = await writers.callcentre.query<{ id: string }>(
        `INSERT INTO calls (call_id, contact_id, ani, direction, queue, agent_id, start_epoch, duration_s, reason_code, outcome, notes)
         SELECT max(call_id) + 1, NULL, '0600000000', 'I', 'SAV', 'A01', extract(epoch FROM now())::bigint, 60, 'INFO', 'RESOLU', ''
           FROM calls RETURNING call_id::text AS id`,
      );
      const written = Date.now();
      let journaled = false;
      while (!journaled && Date.now() - written < 10_000) {
        const rows = await hub.query(`SELECT 1 FROM touchpoint WHERE source_system = 'callcentre' AND source_kind = 'call' AND source_key = $1`, [id]);
        journaled = rows.length === 1;
        if (!journaled) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const took = Date.now() - written;
      expect({ journaled, withinFreshnessTarget: took < 5000 }).toEqual({ journaled: true, withinFreshnessTarget: true });
    } finally {
      await watcher.stop();
      await longReport.end();
      await longBatch.end();
    }

    // A write transaction in the call centre's own database, on the other hand, holds its feeds
    // at the rows written after it: the pass journals nothing of them and reports the feed
    // waiting; the first pass after it ends journals the call.
    const sameDatabase = await openTransaction(writers.callcentre, [['SELECT pg_current_xact_id()', []]]);
    let id: string;
    try {
      [{ id }] = await writers.callcentre.query<{ id: string }>(
        `INSERT INTO calls (call_id, contact_id, ani, direction, queue, agent_id, start_epoch, duration_s, reason_code, outcome, notes)
         SELECT max(call_id) + 1, NULL, '0600000000', 'I', 'SAV', 'A01', extract(epoch FROM now())::bigint, 60, 'INFO', 'RESOLU', ''
           FROM calls RETURNING call_id::text AS id`,
      );
      const held = await ingest(journal, { feeds: [callsFeed] });
      expect([held.entries, held.waiting, held.byFeed['callcentre.calls'].waiting]).toEqual([0, 1, true]);
    } finally {
      await sameDatabase.end();
    }
    const deadline = Date.now() + 10_000;
    let moved = await ingest(journal, { feeds: [callsFeed] });
    while (moved.waiting > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      moved = await ingest(journal, { feeds: [callsFeed] });
    }
    expect([moved.waiting, (await hub.query(`SELECT 1 FROM touchpoint WHERE source_system = 'callcentre' AND source_key = $1`, [id])).length]).toEqual([0, 1]);
  } finally {
    await hub.close();
    await report.close();
    await batch.close();
  }
});

test('the xid window test is modular: it holds across the 2^32 wraparound and ignores the special xids', async () => {
  const db = readers.store;
  const cases: [number, number, number, boolean][] = [
    // [row xid, oldest running xid (low 32 bits), running span, unsettled]
    [1000, 990, 20, true],
    [990, 990, 20, true],
    [1010, 990, 20, false],
    [989, 990, 20, false],
    [1000, 1000, 0, false],
    [4294967295, 4294967290, 20, true],
    [5, 4294967290, 20, true], // after the wrap, inside the window
    [20, 4294967290, 20, false],
    [4294967289, 4294967290, 20, false],
    [2, 4294967290, 20, false], // frozen (before 9.4), never unsettled
  ];
  for (const [xid, low, span, unsettled] of cases) {
    const [{ w }] = await db.query<{ w: boolean }>(`SELECT ${xidInWindowSql('$1::bigint', '$2::bigint', '$3::bigint')} AS w`, [xid, low, span]);
    expect({ xid, low, span, w }).toEqual({ xid, low, span, w: unsettled });
  }
  // The form the feeds use, by the window's end (the snapshot's xmax); no span (nothing running in
  // the feed's database) means nothing is unsettled.
  const byEnd: [number, number, number | null, boolean][] = [
    [1000, 1010, 20, true],
    [1010, 1010, 20, false],
    [990, 1010, 20, true],
    [989, 1010, 20, false],
    [5, 14, 20, true], // window across the wrap: 4294967290 .. 13
    [4294967290, 14, 20, true],
    [4294967289, 14, 20, false],
    [1000, 1010, null, false],
  ];
  for (const [xid, end, span, unsettled] of byEnd) {
    const [{ w }] = await db.query<{ w: boolean }>(`SELECT ${xidAmongLastSql('$1::bigint', '$2::bigint', '$3::bigint')} AS w`, [xid, end, span]);
    expect({ xid, end, span, w }).toEqual({ xid, end, span, w: unsettled });
  }
});
