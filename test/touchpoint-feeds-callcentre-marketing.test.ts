// The callcentre and marketing touchpoint feeds (issue 5) on a copy of the generated legacy
// databases: each feed read to the end in small batches gives one touchpoint per legacy row or
// event (counted with SQL here), unique keys, the legacy row's identity and time; a resumed read
// gives nothing new; a row written after the end, and an open filled in later on an old message,
// come with the next read; every read is one statement; no notes, bodies or subjects in summaries.
import { callcentreFeeds, callsFeed, ticketEventsFeed } from '../subgraphs/callcentre/touchpoints.feed';
import { Database, openDatabase } from '../subgraphs/kit/database';
import type { FeedPosition, Touchpoint, TouchpointFeed } from '../subgraphs/kit/touchpoints';
import { couponsFeed, marketingFeeds, messagesFeed, SETTLE_SECONDS } from '../subgraphs/marketing/touchpoints.feed';
import { registry } from '../subgraphs/channels';
import { BATCH, byKind, count, feedReader, FeedRun, findTouchpoint } from './support/feeds';
import { createTestDatabases, TestDatabases } from './support/test-databases';

const FEEDS = [...callcentreFeeds, ...marketingFeeds];

let databases: TestDatabases;
let callcentre: Database;
let marketing: Database;

const runs = new Map<string, FeedRun>();
const { readOnce, readSettled, readToEnd } = feedReader((feed: TouchpointFeed) => (feed.system === 'callcentre' ? callcentre : marketing));
const find = (feed: string, kind: string, key: string): Touchpoint => findTouchpoint(runs, feed, kind, key);

beforeAll(async () => {
  databases = await createTestDatabases();
  callcentre = openDatabase({ name: 'feeds-callcentre', url: databases.urls.callcentre, max: 2 });
  marketing = openDatabase({ name: 'feeds-marketing', url: databases.urls.marketing, max: 2 });
  for (const feed of FEEDS) runs.set(feed.name, await readToEnd(feed));
});

afterAll(async () => {
  await callcentre?.close();
  await marketing?.close();
  await databases?.drop();
});

test('the feeds are registered, named <system>.<what>, uniquely', () => {
  expect(FEEDS.map((feed) => feed.name)).toEqual([
    'callcentre.calls',
    'callcentre.ticket_events',
    'callcentre.callbacks',
    'marketing.messages',
    'marketing.coupons',
    'marketing.consents',
  ]);
  for (const feed of FEEDS) {
    expect(registry().touchpointFeeds).toContain(feed);
    expect(feed.name.startsWith(`${feed.system}.`)).toBe(true);
  }
});

test('each feed gives one touchpoint per legacy row or event, in small batches, with unique keys', async () => {
  const expected: Record<string, Record<string, number>> = {
    'callcentre.calls': { call: await count(callcentre, 'SELECT count(*) FROM calls') },
    'callcentre.ticket_events': { ticket_event: await count(callcentre, 'SELECT count(*) FROM ticket_events') },
    'callcentre.callbacks': { callback: await count(callcentre, 'SELECT count(*) FROM callbacks') },
    'marketing.messages': {
      message_sent: await count(marketing, 'SELECT count(*) FROM mk_message'),
      message_opened: await count(marketing, 'SELECT count(opened_at) FROM mk_message'),
      message_clicked: await count(marketing, 'SELECT count(clicked_at) FROM mk_message'),
      unsubscribe: await count(marketing, 'SELECT count(unsubscribed_at) FROM mk_message'),
    },
    'marketing.coupons': { coupon_redeemed: await count(marketing, 'SELECT count(redeemed_at) FROM mk_coupon') },
    'marketing.consents': { consent: await count(marketing, 'SELECT count(*) FROM mk_consent') },
  };
  const [{ notes, bodies, subjects }] = await callcentre.query<{ notes: string[]; bodies: string[]; subjects: string[] }>(
    `SELECT (SELECT array_agg(DISTINCT btrim(notes)) FROM calls WHERE length(btrim(notes)) > 8) AS notes,
            (SELECT array_agg(DISTINCT btrim(body)) FROM ticket_events WHERE length(btrim(body)) > 8) AS bodies,
            (SELECT array_agg(DISTINCT btrim(subject)) FROM tickets WHERE length(btrim(subject)) > 8) AS subjects`,
  );
  const freeText = new Set([...(notes ?? []), ...(bodies ?? []), ...(subjects ?? [])]);
  expect(freeText.size).toBeGreaterThan(0);
  for (const [name, kinds] of Object.entries(expected)) {
    const run = runs.get(name)!;
    for (const n of Object.values(kinds)) expect({ name, n: n > 0 }).toEqual({ name, n: true });
    expect({ name, kinds: byKind(run.touchpoints) }).toEqual({ name, kinds });
    expect(run.reads).toBeGreaterThan(Object.values(kinds).reduce((a, b) => a + b, 0) / BATCH);
    const keys = run.touchpoints.map((t) => `${t.sourceKind}:${t.sourceKey}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of run.touchpoints) {
      expect(t.sourceSystem).toBe(name.split('.')[0]);
      expect(Number.isNaN(t.occurredAt.getTime())).toBe(false);
      expect(t.summary.length).toBeLessThanOrEqual(80);
      expect(t.summary).not.toMatch(/@|\d{10,}|CMD-/i); // no e-mail, phone number or quoted order
      expect(freeText.has(t.summary)).toBe(false);
      expect([t.amountMinor, t.currency]).toEqual([null, null]);
    }
  }
  // No free text appears inside any summary either (checked on the set of words-long texts).
  const summaries = new Set(FEEDS.flatMap((feed) => runs.get(feed.name)!.touchpoints.map((t) => t.summary)));
  for (const summary of summaries) for (const text of freeText) expect(summary.includes(text)).toBe(false);
});

test('calls carry the legacy row: contact (null when unidentified), start, queue, reason, summary', async () => {
  const rows = await callcentre.query<{ id: string; contact_id: string | null; start: string; queue: string; reason_code: string; outcome: string; direction: string; duration_s: number }>(
    `(SELECT call_id::text AS id, contact_id::text AS contact_id, start_epoch::text AS start, queue, reason_code, outcome, direction, duration_s
        FROM calls WHERE contact_id IS NULL ORDER BY call_id LIMIT 2)
     UNION ALL
     (SELECT DISTINCT ON (reason_code) call_id::text, contact_id::text, start_epoch::text, queue, reason_code, outcome, direction, duration_s
        FROM calls WHERE contact_id IS NOT NULL ORDER BY reason_code, call_id)`,
  );
  expect(new Set(rows.map((row) => row.reason_code))).toEqual(new Set(['RECL', 'SUIVI', 'INFO', 'RETOUR', 'FACT', 'RESIL']));
  expect(rows.filter((row) => row.contact_id === null)).toHaveLength(2);
  const reasons: Record<string, string> = { RECL: 'COMPLAINT', SUIVI: 'ORDER_TRACKING', INFO: 'INFORMATION', RETOUR: 'RETURN', FACT: 'INVOICE', RESIL: 'CANCELLATION' };
  for (const row of rows) {
    const t = find('callcentre.calls', 'call', row.id);
    expect(t.identity).toEqual(row.contact_id === null ? null : { system: 'callcentre', localKey: row.contact_id });
    expect(t.occurredAt).toEqual(new Date(Number(row.start) * 1000));
    expect([t.channel, t.placeKind, t.placeCode]).toEqual(['CALL_CENTRE', 'QUEUE', row.queue.trim()]);
    expect([t.reason, t.role]).toEqual([reasons[row.reason_code], row.reason_code === 'INFO' ? 'INFORMATION' : 'AFTER_SALES']);
    expect([t.recordType, t.recordKey]).toEqual(['Call', row.id]);
    const length = row.duration_s < 60 ? `${row.duration_s} s` : `${Math.round(row.duration_s / 60)} min`;
    expect(t.summary).toBe(`${row.direction === 'I' ? 'Inbound' : 'Outbound'} call, queue ${row.queue.trim()}, ${length}, ${row.outcome.trim()}`);
  }
});

test('ticket events carry their ticket: contact, category reason; callbacks their contact', async () => {
  const events = await callcentre.query<{ id: string; ticket_id: string; at: string; kind: string; contact_id: string; category: string }>(
    `SELECT DISTINCT ON (t.category, e.kind) e.id::text AS id, e.ticket_id::text AS ticket_id, e.at_epoch::text AS at, e.kind,
            t.contact_id::text AS contact_id, t.category
       FROM ticket_events e JOIN tickets t ON t.ticket_id = e.ticket_id ORDER BY t.category, e.kind, e.id`,
  );
  expect(new Set(events.map((row) => row.category))).toEqual(new Set(['RECLAMATION', 'SAV', 'INFO', 'LITIGE']));
  expect(new Set(events.map((row) => row.kind))).toEqual(new Set(['CREATED', 'NOTE', 'ESCALATED', 'CLOSED']));
  const reasons: Record<string, string> = { RECLAMATION: 'COMPLAINT', SAV: 'AFTER_SALES', INFO: 'INFORMATION', LITIGE: 'COMPLAINT' };
  const verbs: Record<string, string> = { CREATED: 'opened', NOTE: 'note added', ESCALATED: 'escalated', CLOSED: 'closed' };
  for (const row of events) {
    const t = find('callcentre.ticket_events', 'ticket_event', row.id);
    expect(t.identity).toEqual({ system: 'callcentre', localKey: row.contact_id });
    expect(t.occurredAt).toEqual(new Date(Number(row.at) * 1000));
    expect([t.reason, t.role, t.recordType, t.recordKey]).toEqual([reasons[row.category], 'AFTER_SALES', 'Ticket', row.ticket_id]);
    expect(t.summary).toBe(`Ticket ${row.ticket_id} ${verbs[row.kind]}, ${row.category}`);
  }

  const callbacks = await callcentre.query<{ id: string; contact_id: string; requested: string; ws: string; we: string }>(
    `SELECT id::text AS id, contact_id::text AS contact_id, requested_epoch::text AS requested,
            to_char(window_start, 'HH24:MI') AS ws, to_char(window_end, 'HH24:MI') AS we FROM callbacks ORDER BY id DESC LIMIT 3`,
  );
  for (const row of callbacks) {
    const t = find('callcentre.callbacks', 'callback', row.id);
    expect(t.identity).toEqual({ system: 'callcentre', localKey: row.contact_id });
    expect(t.occurredAt).toEqual(new Date(Number(row.requested) * 1000));
    expect([t.reason, t.role, t.recordType, t.recordKey]).toEqual(['INFORMATION', 'INFORMATION', 'CallbackWindow', row.id]);
    expect(t.summary).toBe(`Callback requested, ${row.ws}-${row.we}`);
  }
});

test('messages give one touchpoint per event, at its time; coupons and consents carry their row', async () => {
  const messages = await marketing.query<{ id: string; campaign: string; contact: string; sent: Date; opened: Date | null; clicked: Date | null; unsub: Date | null }>(
    `(SELECT message_id::text AS id, campaign_id::text AS campaign, contact_uuid::text AS contact, sent_at AS sent, opened_at AS opened,
             clicked_at AS clicked, unsubscribed_at AS unsub FROM mk_message WHERE clicked_at IS NOT NULL ORDER BY message_id LIMIT 2)
     UNION ALL
     (SELECT message_id::text, campaign_id::text, contact_uuid::text, sent_at, opened_at, clicked_at, unsubscribed_at
        FROM mk_message WHERE unsubscribed_at IS NOT NULL ORDER BY message_id DESC LIMIT 2)
     UNION ALL
     (SELECT message_id::text, campaign_id::text, contact_uuid::text, sent_at, opened_at, clicked_at, unsubscribed_at
        FROM mk_message WHERE opened_at IS NULL ORDER BY message_id LIMIT 1)`,
  );
  expect(messages).toHaveLength(5);
  for (const row of messages) {
    const events: [string, string, Date | null][] = [
      ['message_sent', 'sent', row.sent],
      ['message_opened', 'opened', row.opened],
      ['message_clicked', 'clicked', row.clicked],
      ['unsubscribe', 'unsubscribed', row.unsub],
    ];
    for (const [kind, suffix, at] of events) {
      const key = `${row.id}:${suffix}`;
      const t = runs.get('marketing.messages')!.touchpoints.find((x) => x.sourceKind === kind && x.sourceKey === key);
      if (at === null) {
        expect(t).toBeUndefined();
        continue;
      }
      expect(t).toBeDefined();
      expect(t!.identity).toEqual({ system: 'marketing', localKey: row.contact });
      expect(t!.occurredAt).toEqual(at);
      expect([t!.channel, t!.placeKind, t!.placeCode, t!.recordType, t!.recordKey]).toEqual(['MARKETING', 'CAMPAIGN', row.campaign, 'Message', row.id]);
      expect([t!.reason, t!.role]).toEqual([kind === 'unsubscribe' ? 'CONSENT' : 'PROMOTION', 'PROMOTION']);
      expect(t!.summary).toMatch(new RegExp(`campaign ${row.campaign}$`));
    }
  }

  const coupons = await marketing.query<{ code: string; contact: string; at: Date; channel: string; campaign: string }>(
    `SELECT DISTINCT ON (redeemed_channel) code, contact_uuid::text AS contact, redeemed_at AS at, redeemed_channel AS channel, campaign_id::text AS campaign
       FROM mk_coupon WHERE redeemed_at IS NOT NULL ORDER BY redeemed_channel, code`,
  );
  expect(coupons.map((row) => row.channel).sort()).toEqual(['STORE', 'WEB']);
  for (const row of coupons) {
    const t = find('marketing.coupons', 'coupon_redeemed', row.code);
    expect(t.identity).toEqual({ system: 'marketing', localKey: row.contact });
    expect(t.occurredAt).toEqual(row.at);
    expect([t.channel, t.placeKind, t.reason, t.role, t.recordType, t.recordKey]).toEqual([row.channel, row.channel, 'PROMOTION', 'SELL', 'Coupon', row.code]);
    expect(t.summary).toBe(`Coupon redeemed ${row.channel === 'WEB' ? 'on the web' : 'in store'}, campaign ${row.campaign}`);
  }
  const [{ unused }] = await marketing.query<{ unused: string }>('SELECT min(code) AS unused FROM mk_coupon WHERE redeemed_at IS NULL');
  expect(runs.get('marketing.coupons')!.touchpoints.some((t) => t.sourceKey === unused)).toBe(false);

  const consents = await marketing.query<{ id: string; contact: string; at: Date; channel: string; purpose: string; granted: boolean }>(
    `SELECT DISTINCT ON (granted) id::text AS id, contact_uuid::text AS contact, at, channel, purpose, granted FROM mk_consent ORDER BY granted, id DESC`,
  );
  expect(consents).toHaveLength(2);
  for (const row of consents) {
    const t = find('marketing.consents', 'consent', row.id);
    expect(t.identity).toEqual({ system: 'marketing', localKey: row.contact });
    expect(t.occurredAt).toEqual(row.at);
    expect([t.channel, t.reason, t.role, t.recordType, t.recordKey]).toEqual(['MARKETING', 'CONSENT', 'INFORMATION', 'MarketingConsent', row.id]);
    expect(t.summary).toBe(`${row.channel}/${row.purpose} ${row.granted ? 'granted' : 'withdrawn'}`);
  }
});

test('resuming from the end gives nothing new; rows written after the end, and an old message opened later, come with the next read', async () => {
  for (const feed of FEEDS) {
    const again = await readOnce(feed, runs.get(feed.name)!.end);
    expect({ feed: feed.name, touchpoints: again.touchpoints }).toEqual({ feed: feed.name, touchpoints: [] });
  }

  const [{ contact }] = await callcentre.query<{ contact: string }>('SELECT min(contact_id)::text AS contact FROM contacts');
  const [{ call }] = await callcentre.query<{ call: string }>(
    `INSERT INTO calls (call_id, contact_id, ani, direction, queue, agent_id, start_epoch, duration_s, reason_code, outcome, notes)
     SELECT max(call_id) + 1, NULL, '0600000000', 'I', 'SAV', 'A01', extract(epoch FROM now())::bigint, 245, 'RETOUR', 'RESOLU', 'Mme Martin, CMD-0001234'
       FROM calls RETURNING call_id::text AS call`,
  );
  const [{ ticket }] = await callcentre.query<{ ticket: string }>('SELECT min(ticket_id)::text AS ticket FROM tickets');
  const [{ event }] = await callcentre.query<{ event: string }>(
    `INSERT INTO ticket_events (id, ticket_id, at_epoch, kind, author, body)
     SELECT max(id) + 1, $1, extract(epoch FROM now())::bigint, 'NOTE', 'A01', 'Client très mécontent' FROM ticket_events RETURNING id::text AS event`,
    [ticket],
  );
  const [{ callback }] = await callcentre.query<{ callback: string }>(
    `INSERT INTO callbacks (id, contact_id, requested_epoch, window_start, window_end, done)
     SELECT max(id) + 1, $1, extract(epoch FROM now())::bigint, '09:00', '12:00', false FROM callbacks RETURNING id::text AS callback`,
    [contact],
  );

  const [{ uuid, campaign }] = await marketing.query<{ uuid: string; campaign: string }>(
    'SELECT (SELECT min(contact_uuid::text) FROM mk_contact) AS uuid, (SELECT min(campaign_id)::text FROM mk_campaign) AS campaign',
  );
  const [{ message }] = await marketing.query<{ message: string }>(
    `INSERT INTO mk_message (message_id, campaign_id, contact_uuid, sent_at, bounced)
     SELECT max(message_id) + 1, $1, $2, now(), false FROM mk_message RETURNING message_id::text AS message`,
    [campaign, uuid],
  );
  // An old message, read long ago without an open: opened and clicked now.
  const [{ old }] = await marketing.query<{ old: string }>(
    `UPDATE mk_message SET opened_at = now(), clicked_at = now() + interval '1 second'
      WHERE message_id = (SELECT min(message_id) FROM mk_message WHERE opened_at IS NULL AND clicked_at IS NULL AND unsubscribed_at IS NULL)
      RETURNING message_id::text AS old`,
  );
  const [{ code }] = await marketing.query<{ code: string }>(
    `UPDATE mk_coupon SET redeemed_at = now(), redeemed_channel = 'WEB', redeemed_ref = 'CMD-0001234'
      WHERE code = (SELECT min(code) FROM mk_coupon WHERE redeemed_at IS NULL) RETURNING code`,
  );
  const [{ consent }] = await marketing.query<{ consent: string }>(
    `INSERT INTO mk_consent (id, contact_uuid, channel, purpose, granted, at, source)
     SELECT max(id) + 1, $1, 'EMAIL', 'OFFERS', false, now(), 'WEB_FORM' FROM mk_consent RETURNING id::text AS consent`,
    [uuid],
  );

  // Read once settled (no transaction of these databases older than the writes still running:
  // kit/feed-settling.ts): the growing-key feeds' positions move past them.
  const expected: Record<string, [string, string][]> = {
    'callcentre.calls': [['call', call]],
    'callcentre.ticket_events': [['ticket_event', event]],
    'callcentre.callbacks': [['callback', callback]],
    'marketing.messages': [
      ['message_sent', `${message}:sent`],
      ['message_opened', `${old}:opened`],
      ['message_clicked', `${old}:clicked`],
    ],
    'marketing.coupons': [['coupon_redeemed', code]],
    'marketing.consents': [['consent', consent]],
  };
  const fresh = new Map<string, Touchpoint[]>();
  for (const feed of FEEDS) {
    const { touchpoints } = await readSettled(feed, runs.get(feed.name)!.end);
    expect({ feed: feed.name, keys: touchpoints.map((t) => [t.sourceKind, t.sourceKey]) }).toEqual({ feed: feed.name, keys: expected[feed.name] });
    fresh.set(feed.name, touchpoints);
  }
  const [newCall] = fresh.get('callcentre.calls')!;
  expect([newCall.identity, newCall.reason, newCall.role, newCall.summary]).toEqual([null, 'RETURN', 'AFTER_SALES', 'Inbound call, queue SAV, 4 min, RESOLU']);
  const [note] = fresh.get('callcentre.ticket_events')!;
  expect(note.summary).not.toContain('mécontent');
  expect([note.recordType, note.recordKey]).toEqual(['Ticket', ticket]);
  expect(fresh.get('callcentre.callbacks')![0].identity).toEqual({ system: 'callcentre', localKey: contact });
  const [, opened] = fresh.get('marketing.messages')!;
  expect([opened.recordKey, opened.identity?.system]).toEqual([old, 'marketing']);
  const [coupon] = fresh.get('marketing.coupons')!;
  expect([coupon.channel, coupon.summary]).toEqual(['WEB', `Coupon redeemed on the web, campaign ${coupon.summary.split(' ').at(-1)}`]);
  expect(coupon.summary).not.toContain('CMD-');
  expect(fresh.get('marketing.consents')![0].summary).toBe('EMAIL/OFFERS withdrawn');
});

test('late events and redemptions: re-read until settled, then passed; a full batch passes them at once', async () => {
  // The previous test's open, click and redemption happened just now: still within the overlap.
  const start = runs.get('marketing.messages')!.end;
  const first = await readSettled(messagesFeed, start);
  expect(first.touchpoints.some((t) => t.sourceKind === 'message_opened')).toBe(true);
  expect(first.next).toMatchObject({ lateAt: start!.lateAt });
  // A full batch moves past them (limit 1: the new message's sent event is first, then late ones).
  let position = first.next;
  const seen: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    const read = await readOnce(messagesFeed, position, 1);
    seen.push(...read.touchpoints.map((t) => t.sourceKey));
    position = read.next;
  }
  expect(seen.slice(0, 2)).toEqual(expect.arrayContaining([expect.stringMatching(/:opened$/), expect.stringMatching(/:clicked$/)]));

  // Dated back past the window, just after the late pass's start (the clock of the feed's first
  // read minus the window, so already settled now: microseconds after it, not seconds, or they
  // would still be inside the window when this test runs within seconds of that read): they
  // settle, the position moves past them and reads go quiet.
  await marketing.query(
    `UPDATE mk_message SET opened_at = $1::timestamptz + interval '1 microsecond', clicked_at = $1::timestamptz + interval '2 microseconds'
      WHERE opened_at > now() - interval '1 hour'`,
    [start!.lateAt],
  );
  const settled = await readOnce(messagesFeed, first.next);
  expect(settled.touchpoints.map((t) => t.sourceKind).sort()).toEqual(['message_clicked', 'message_opened']);
  expect(settled.next).not.toEqual(first.next);
  expect((await readOnce(messagesFeed, settled.next)).touchpoints).toEqual([]);

  const couponStart = runs.get('marketing.coupons')!.end;
  const pending = await readOnce(couponsFeed, couponStart);
  expect(pending.touchpoints).toHaveLength(1);
  expect(pending.next).toEqual(couponStart);
  await marketing.query(`UPDATE mk_coupon SET redeemed_at = now() - make_interval(secs => $1::int * 2) WHERE redeemed_at > now() - interval '1 hour'`, [
    SETTLE_SECONDS,
  ]);
  const passed = await readOnce(couponsFeed, couponStart);
  expect(passed.touchpoints).toHaveLength(1);
  expect(passed.next).toEqual({ at: expect.any(String), code: passed.touchpoints[0].sourceKey });
  expect((await readOnce(couponsFeed, passed.next)).touchpoints).toEqual([]);
});

/**
 * Walks `feed` from the beginning, with `limits` in turn (the last one repeated), until `count`
 * entries are given. A read that says it is waiting (held by a transaction still running in the
 * feed's database) is followed by another after a short pause: the walk waits for a state, not a
 * number of steps, for up to 30 s.
 */
async function walk(feed: TouchpointFeed, limits: readonly number[], count: number): Promise<string[]> {
  const walked: string[] = [];
  let position: FeedPosition | null = null;
  const deadline = Date.now() + 30_000;
  for (let i = 0; walked.length < count; i += 1) {
    const read = await readOnce(feed, position, limits[Math.min(i, limits.length - 1)]);
    walked.push(...read.touchpoints.map((t) => t.sourceKey));
    if (!read.waiting && read.touchpoints.length === 0) throw new Error(`${feed.name} ended after ${walked.length} entries`);
    position = read.next;
    if (read.waiting) {
      if (Date.now() > deadline) throw new Error(`${feed.name} still waiting after 30 s, ${walked.length} entries walked`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return walked;
}

test('growing-key feeds resume exactly: a batch boundary inside a message splits its events without loss', async () => {
  for (const feed of [callsFeed, ticketEventsFeed]) {
    const whole = runs.get(feed.name)!.touchpoints.slice(0, 30).map((t) => t.sourceKey);
    const walked = await walk(feed, [7, 23], 30);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked.slice(0, 30)).toEqual(whole);
  }
  // Limit 1 walks message events one by one, in (message, event) order, none given twice.
  const whole = (await readSettled(messagesFeed, null)).touchpoints.slice(0, 12).map((t) => t.sourceKey);
  const walked = await walk(messagesFeed, [1], 12);
  expect(new Set(walked).size).toBe(walked.length);
  expect(walked).toEqual(whole);
});
