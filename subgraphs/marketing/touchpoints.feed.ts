// The marketing system's touchpoint feeds (issue 5): its legacy tables read incrementally, as
// normalised touchpoints for the hub's journal. See subgraphs/kit/touchpoints.ts.
//
// One statement per read. Timestamps are timestamptz, read as exact UTC text (microseconds kept,
// no session zone involved) where they make a position.
// - mk_consent: written once, growing id: position `{ after: "<id>" }`.
// - Growing-id positions (mk_consent, the messages' fresh pass) stop before the first row written
//   by a transaction not older than one still running in the marketing database at the read
//   (kit/feed-settling.ts: a lower id may still commit): a read gives the rows before it, not that
//   row nor those after, and says it is waiting; a later read gives them once settled. A long open
//   write transaction in that database holds those positions while it runs (limits stated there).
// - mk_coupon redemptions: redeemed_at is set on an existing row, so by (redeemed_at, code) with an
//   overlap: position `{ at: "<UTC text>", code }`. A redemption less than SETTLE_SECONDS old by the
//   database clock is returned (freshness) but the position does not move past it until it has
//   settled, so one committed late with an earlier redeemed_at is still seen; only a full batch
//   moves past unsettled rows (a burst cannot stall the feed). Re-reads carry the same key: the
//   journal's unique key makes them harmless.
// - mk_message: a row is written when the message is sent, and opened_at, clicked_at,
//   unsubscribed_at are filled in LATER on that same row. Each event is its own touchpoint, keyed
//   `<message_id>:sent|opened|clicked|unsubscribed`. Two passes in one statement (see messagesFeed):
//   a growing-id pass over new messages (every event present when read), and a late-event pass
//   for events filled in on messages already read, by (event time, message id, event) with the
//   same overlap as the coupons.
// The growing-id passes use the primary keys; the coupon feed and the late-event pass (one pass per
// event column) read by the indexes they declare in indexes.ts (cg_mk_coupon_redeemed_at,
// cg_mk_message_<event>_at_message_id): an idle read costs index look-ups, not the table.
import { Reason, TouchpointRole } from '../../schema/common';
import type { Database } from '../kit/database';
import { settledPrefix, unsettledSql } from '../kit/feed-settling';
import { changeDateFeed, FeedEntry, growingKeyFeed, positionInstant, positionInteger, positionKey, touchpointOf } from '../kit/feeds';
import type { FeedPosition, TouchpointFeed } from '../kit/touchpoints';
import { utcTextOfTimestamptz as utcText } from '../kit/utc-text';

/** How long a changed row (a redemption, an open, a click) is re-read before the position moves past it. */
export const SETTLE_SECONDS = 60;

// ---------------------------------------------------------------------------------------------
// Messages

/** A message's events in feed order (the `ord` of the SQL below). */
const EVENTS = ['sent', 'opened', 'clicked', 'unsubscribed'] as const;
type MessageEvent = (typeof EVENTS)[number];

const EVENT_KIND: Record<MessageEvent, string> = {
  sent: 'message_sent',
  opened: 'message_opened',
  clicked: 'message_clicked',
  unsubscribed: 'unsubscribe',
};

interface MessageEventRow {
  pass: number;
  message_id: string;
  ord: number;
  at: string;
  campaign_id: string;
  contact_uuid: string;
  bounced: boolean;
  campaign_channel: string | null;
  campaign_kind: string | null;
  settled_before: string;
  /** Fresh pass: written by a transaction not older than one still running (kit/feed-settling.ts). */
  unsettled: boolean;
}

function messageSummary(row: MessageEventRow, event: MessageEvent): string {
  const channel = (row.campaign_channel ?? '').trim().toUpperCase();
  const kind = (row.campaign_kind ?? '').trim().toUpperCase();
  const campaign = `campaign ${row.campaign_id}`;
  if (event === 'unsubscribed') return `Unsubscribed${channel ? ` from ${channel}` : ''}, ${campaign}`;
  const what = [channel, kind, 'message'].filter(Boolean).join(' ');
  return `${what} ${event}${event === 'sent' && row.bounced ? ' (bounced)' : ''}, ${campaign}`;
}

function messageEntry(row: MessageEventRow): FeedEntry {
  const event = EVENTS[row.ord];
  return {
    sourceKind: EVENT_KIND[event],
    sourceKey: `${row.message_id}:${event}`,
    occurredAt: new Date(row.at),
    channel: 'MARKETING',
    reason: event === 'unsubscribed' ? Reason.CONSENT : Reason.PROMOTION,
    role: TouchpointRole.PROMOTION,
    placeKind: 'CAMPAIGN',
    placeCode: row.campaign_id,
    summary: messageSummary(row, event),
    recordType: 'Message',
    recordKey: row.message_id,
    identityKey: row.contact_uuid,
  };
}

const MESSAGE_EVENTS = `(VALUES (0, m.sent_at), (1, m.opened_at), (2, m.clicked_at), (3, m.unsubscribed_at)) AS e(ord, at)`;
/** The late events' columns, by rank (`ord`): each read by its own index, (column, message_id). */
const LATE_COLUMNS: readonly [number, string][] = [
  [1, 'opened_at'],
  [2, 'clicked_at'],
  [3, 'unsubscribed_at'],
];

/**
 * One late event column's pass: (at, message_id, ord) > ($3, $4, $5) written as the index's own row
 * comparison `(column, message_id) >= ($3, $4)` less the one row at that very position whose rank
 * is not after $5, so that the scan starts at the position in the index and stops after `limit`.
 */
function latePass(ord: number, column: string): string {
  return `SELECT 1 AS pass, m.message_id, ${ord} AS ord, m.${column} AS at, m.campaign_id, m.contact_uuid, m.bounced, false AS unsettled
           FROM mk_message m
          WHERE (SELECT count(*) FROM fresh) < $6::int AND $1::bigint IS NOT NULL
            AND (m.${column}, m.message_id) >= (coalesce($3::timestamptz, (SELECT settled FROM clock)), coalesce($4::bigint, 0))
            AND NOT coalesce(m.${column} = $3::timestamptz AND m.message_id = $4::bigint AND ${ord} <= $5::int, false)
            AND (m.message_id < $1::bigint OR (m.message_id = $1::bigint AND ${ord} < $2::int))
          ORDER BY m.${column}, m.message_id
          LIMIT (SELECT $6::int - count(*) FROM fresh)`;
}

/**
 * mk_message, one touchpoint per event that happened: `message_sent` (sent_at), `message_opened`
 * (opened_at), `message_clicked` (clicked_at), `unsubscribe` (unsubscribed_at), keyed
 * `<message_id>:sent` etc.; channel MARKETING, place CAMPAIGN/campaign_id, reason PROMOTION (CONSENT
 * for an unsubscribe), role PROMOTION, record `Message`/message_id, identity the contact.
 * Summary: campaign channel, kind and number (`EMAIL PROMO message opened, campaign 12`).
 *
 * Position `{ after, afterEvent, lateAt, lateId, lateEvent }`, one statement, two passes:
 * 1. Fresh: events of messages by (message_id, event) after (after, afterEvent), on the primary
 *    key; a new message gives every event it already has. (after, afterEvent) stops before the
 *    first message written by a transaction not older than one still running in this database at
 *    the read (kit/feed-settling.ts): neither its events nor any after them are given (the read
 *    says it is waiting) until it has settled. Such a message is not in the late pass (that one
 *    only looks before the stored position), so all its events come by the fresh pass.
 * 2. Late: opens, clicks and unsubscribes filled in on messages the fresh pass has already passed,
 *    by (event time, message_id, event) after (lateAt, lateId, lateEvent): one pass per event
 *    column on its own index (column, message_id), merged in that order (latePass). It runs only when the
 *    fresh pass has caught up (fewer than `limit` events; the backfill never scans for it), for the
 *    rest of `limit`. lateAt starts at the database clock minus SETTLE_SECONDS at the feed's first
 *    read: an event filled in after its message was read carries a time after that (the tool stamps
 *    events as they come), so it is caught; and it moves past an event only once settled, like the
 *    coupons. The two passes never give the same key in one read (fresh: after (after, afterEvent);
 *    late: before it). Limit: an event the tool back-dates by more than SETTLE_SECONDS on a message
 *    already read is missed (there is no change date on mk_message to follow instead).
 */
export const messagesFeed: TouchpointFeed = {
  name: 'marketing.messages',
  system: 'marketing',
  async read(db: Database, since: FeedPosition | null, limit: number) {
    const feed = 'marketing.messages';
    const after = positionKey(feed, since?.after);
    const afterEvent = after === null ? null : positionInteger(feed, since?.afterEvent ?? 0);
    const lateAt = positionInstant(feed, since?.lateAt);
    const lateId = lateAt === null ? null : positionKey(feed, since?.lateId ?? '0');
    const lateEvent = lateAt === null ? null : positionInteger(feed, since?.lateEvent ?? 0);
    const rows = await db.query<MessageEventRow>(
      `WITH clock AS (SELECT now() - make_interval(secs => $7::int) AS settled),
       fresh AS (
         SELECT 0 AS pass, m.message_id, e.ord, e.at, m.campaign_id, m.contact_uuid, m.bounced, m.unsettled
           FROM (SELECT m0.*, ${unsettledSql('m0')} AS unsettled FROM mk_message m0
                  WHERE $1::bigint IS NULL OR m0.message_id >= $1::bigint
                  ORDER BY m0.message_id
                  LIMIT $6::int + 1) m
          CROSS JOIN LATERAL ${MESSAGE_EVENTS}
          WHERE e.at IS NOT NULL AND ($1::bigint IS NULL OR (m.message_id, e.ord) > ($1::bigint, $2::int))
          ORDER BY m.message_id, e.ord
          LIMIT $6::int),
       late AS (
         SELECT * FROM (${LATE_COLUMNS.map(([ord, column]) => `(${latePass(ord, column)})`).join('\n         UNION ALL ')}) l
          ORDER BY l.at, l.message_id, l.ord
          LIMIT (SELECT $6::int - count(*) FROM fresh))
       SELECT x.pass, x.message_id::text AS message_id, x.ord, ${utcText('x.at')} AS at, x.campaign_id::text AS campaign_id,
              x.contact_uuid::text AS contact_uuid, x.bounced, x.unsettled, c.channel AS campaign_channel, c.kind AS campaign_kind,
              ${utcText('(SELECT settled FROM clock)')} AS settled_before
         FROM (SELECT * FROM fresh UNION ALL SELECT * FROM late) x
         LEFT JOIN mk_campaign c ON c.campaign_id = x.campaign_id
        ORDER BY x.pass, CASE WHEN x.pass = 0 THEN NULL ELSE x.at END, x.message_id, x.ord`,
      [after, afterEvent, lateAt, lateId, lateEvent, limit, SETTLE_SECONDS],
    );
    // Fresh events are given up to the first unsettled message; late ones are time-based (below).
    const { rows: fresh, waiting } = settledPrefix(rows.filter((row) => row.pass === 0));
    const late = rows.filter((row) => row.pass === 1);
    const position: FeedPosition = {
      after,
      afterEvent,
      lateAt,
      lateId,
      lateEvent,
    };
    const lastFresh = fresh.at(-1);
    if (lastFresh) Object.assign(position, { after: lastFresh.message_id, afterEvent: lastFresh.ord });
    // Late events move the position once settled, or all of them when the batch was full.
    const lastLate = rows.length >= limit ? late.at(-1) : late.filter((row) => row.at < row.settled_before).at(-1);
    if (lastLate) Object.assign(position, { lateAt: lastLate.at, lateId: lastLate.message_id, lateEvent: lastLate.ord });
    else if (position.lateAt === null && rows.length > 0) Object.assign(position, { lateAt: rows[0].settled_before, lateId: '0', lateEvent: 0 });
    // An empty first read (no message yet) stays at the beginning: the read that finds the first
    // message starts the late pass at its own clock.
    if (position.lateAt === null) return { touchpoints: [], next: since, waiting };
    return { touchpoints: [...fresh, ...late].map((row) => touchpointOf('marketing', messageEntry(row))), next: position, waiting };
  },
};

// ---------------------------------------------------------------------------------------------
// Coupons

interface CouponRow {
  code: string;
  campaign_id: string;
  contact_uuid: string;
  redeemed_channel: string | null;
}

/**
 * Redeemed coupons — mk_coupon.redeemed_at set — by (redeemed_at, code) with the overlap of the
 * header: kind `coupon_redeemed`, key the code, at redeemed_at, channel STORE or WEB by
 * redeemed_channel (place STORE/WEB without a code: the campaign is in the summary), reason
 * PROMOTION, role SELL, record `Coupon`/code, identity the contact. Summary: where and which campaign
 * (`Coupon redeemed in store, campaign 12`); neither the code nor the receipt or order it paid.
 */
export const couponsFeed: TouchpointFeed = changeDateFeed<CouponRow>({
  name: 'marketing.coupons',
  system: 'marketing',
  settleSeconds: SETTLE_SECONDS,
  changedAt: { column: 'k.redeemed_at', type: 'timestamptz' },
  key: { column: 'k.code', name: 'code', type: 'text' },
  columns: `k.code, k.campaign_id::text AS campaign_id, k.contact_uuid::text AS contact_uuid, k.redeemed_channel`,
  from: 'mk_coupon k',
  where: 'k.redeemed_at IS NOT NULL',
  entryOf(row): FeedEntry {
    const web = (row.redeemed_channel ?? '').trim().toUpperCase() === 'WEB';
    return {
      sourceKind: 'coupon_redeemed',
      sourceKey: row.code,
      occurredAt: new Date(row.changed_at),
      channel: web ? 'WEB' : 'STORE',
      reason: Reason.PROMOTION,
      role: TouchpointRole.SELL,
      placeKind: web ? 'WEB' : 'STORE',
      summary: `Coupon redeemed ${web ? 'on the web' : 'in store'}, campaign ${row.campaign_id}`,
      recordType: 'Coupon',
      recordKey: row.code,
      identityKey: row.contact_uuid,
    };
  },
});

// ---------------------------------------------------------------------------------------------
// Consents

interface ConsentRow {
  id: string;
  contact_uuid: string;
  channel: string;
  purpose: string;
  granted: boolean;
  at: string;
}

/**
 * mk_consent by growing id (a history: each change is a new row): kind `consent`, at `at`, channel
 * MARKETING, reason CONSENT, role INFORMATION, record `MarketingConsent`/id, identity the contact.
 * Summary: `EMAIL/OFFERS granted` or `… withdrawn`.
 */
export const consentsFeed: TouchpointFeed = growingKeyFeed<ConsentRow>({
  name: 'marketing.consents',
  system: 'marketing',
  alias: 'k',
  key: 'id',
  columns: `k.id::text AS id, k.contact_uuid::text AS contact_uuid, k.channel, k.purpose, k.granted, ${utcText('k.at')} AS at`,
  from: 'mk_consent k',
  entryOf: (row): FeedEntry => ({
    sourceKind: 'consent',
    sourceKey: row.id,
    occurredAt: new Date(row.at),
    channel: 'MARKETING',
    reason: Reason.CONSENT,
    role: TouchpointRole.INFORMATION,
    summary: `${row.channel.trim().toUpperCase()}/${row.purpose.trim().toUpperCase()} ${row.granted ? 'granted' : 'withdrawn'}`,
    recordType: 'MarketingConsent',
    recordKey: row.id,
    identityKey: row.contact_uuid,
  }),
});

export const marketingFeeds: TouchpointFeed[] = [messagesFeed, couponsFeed, consentsFeed];
