// The store system's touchpoint feeds (issue 5): its legacy tables read incrementally, as
// normalised touchpoints for the hub's journal. See subgraphs/kit/touchpoints.ts.
//
// Both feeds follow a growing key (NUM_TICKET, ID_MVT): position `{ after: "<key>" }` (text, the
// keys are bigint), one statement per read, `key > after ORDER BY key LIMIT n`. The position stops
// before the first row written by a transaction not older than one still running in the store
// database at the read (kit/feed-settling.ts: a lower key may still commit): a read gives the rows
// before it, not that row nor those after, and says it is waiting; a later read gives them once
// settled. A long open write transaction in the store database holds the position while it runs
// (limits stated there). Store dates are Paris wall-clock text, converted by kit/paris-time.ts in
// TypeScript (a malformed legacy row must not fail the batch's statement):
// - a malformed time (HEURE_TICKET) falls back to the start of the day, Paris;
// - a malformed date leaves no instant: the row is skipped (logged without personal data) and the
//   position still moves past it, so one bad row cannot block the feed.
import { FeedEntry, growingKeyFeed } from '../kit/feeds';
import { logger } from '../kit/logger';
import { parisInstant } from '../kit/paris-time';
import type { TouchpointFeed } from '../kit/touchpoints';

const MIDNIGHT = '000000';

/** The instant of a store date and time, the start of that day when only the time is malformed. */
function storeInstant(date: string | null, time: string | null): Date | null {
  return parisInstant(date, time) ?? parisInstant(date, MIDNIGHT);
}

/** Nothing for a row without a readable date (see the header): logged by key, no personal data. */
function skipped(feed: string, key: string): null {
  logger.warn({ feed, key }, 'touchpoint feed: legacy row without a readable date skipped');
  return null;
}

interface TicketRow {
  id: string;
  store: string;
  date: string;
  time: string;
  card: string | null;
  amount: number;
  type: string;
  lines: number;
}

/**
 * TICKET by growing NUM_TICKET. TYPE `R` is a return (reason RETURN, role AFTER_SALES, its amount
 * negative as stored); anything else — `V`, or a code this feed does not know — a sale (PURCHASE,
 * SELL). The identity is the card (NUM_CARTE trimmed, as identity_link names it), null for an
 * anonymous receipt. The summary says the kind, the number of lines and the store: no personal data.
 */
export const receiptsFeed: TouchpointFeed = growingKeyFeed<TicketRow>({
  name: 'store.receipts',
  system: 'store',
  alias: 't',
  key: '"NUM_TICKET"',
  columns: `t."NUM_TICKET"::text AS id, t."CODE_MAG" AS store, t."DATE_TICKET" AS date, t."HEURE_TICKET" AS time,
              t."NUM_CARTE" AS card, t."MONTANT_TTC_CTS" AS amount, t."TYPE" AS type,
              (SELECT count(*) FROM "LIGNE_TICKET" l WHERE l."NUM_TICKET" = t."NUM_TICKET")::int AS lines`,
  from: '"TICKET" t',
  entryOf(row): FeedEntry | null {
    const occurredAt = storeInstant(row.date, row.time);
    if (!occurredAt) return skipped('store.receipts', row.id);
    const isReturn = row.type.trim().toUpperCase() === 'R';
    const store = row.store.trim();
    return {
      sourceKind: isReturn ? 'return' : 'receipt',
      sourceKey: row.id,
      occurredAt,
      channel: 'STORE',
      reason: isReturn ? 'RETURN' : 'PURCHASE',
      role: isReturn ? 'AFTER_SALES' : 'SELL',
      placeKind: 'STORE',
      placeCode: store,
      summary: `${isReturn ? 'Return' : 'Receipt'}, ${row.lines} line${row.lines === 1 ? '' : 's'}, store ${store}`,
      amountMinor: row.amount,
      currency: 'EUR',
      recordType: 'Receipt',
      recordKey: row.id,
      identityKey: row.card?.trim() || null,
    };
  },
});

interface MovementRow {
  id: string;
  card: string;
  date: string;
  points: number;
  motive: string;
  ticket: string | null;
  ticket_store: string | null;
  ticket_date: string | null;
  ticket_time: string | null;
}

/** The brand's rewards (welcome points, vouchers): promotion, not information. */
const PROMOTION_MOTIVES = new Set(['CADEAU', 'BIENVENUE']);

/**
 * MOUVEMENT_POINTS by growing ID_MVT, kind `points`, reason LOYALTY, no amount (points are not money).
 * - Role: PROMOTION for the brand's rewards — BIENVENUE (welcome points) and CADEAU (points turned
 *   into a voucher at the till); INFORMATION otherwise: ACHAT (points earned, or taken back by a
 *   return — the sale itself is the receipt's touchpoint), EXPIR, and codes this feed does not know.
 * - When: DATE_MVT has no time; when the movement names a receipt (NUM_TICKET) found in TICKET,
 *   the receipt's date and time (so it sorts with its purchase), else DATE_MVT at 00:00 Paris.
 * - Record: the receipt (`Receipt`/NUM_TICKET) when the movement names one that exists — it is the
 *   record that explains the points and the store subgraph resolves it; else the movement itself
 *   (`LoyaltyMovement`/ID_MVT). The touchpoint's own key is always ID_MVT.
 * - Place: the receipt's store when there is one, else none.
 */
export const pointsFeed: TouchpointFeed = growingKeyFeed<MovementRow>({
  name: 'store.points',
  system: 'store',
  alias: 'm',
  key: '"ID_MVT"',
  columns: `m."ID_MVT"::text AS id, m."NUM_CARTE" AS card, m."DATE_MVT" AS date, m."POINTS" AS points, m."MOTIF" AS motive,
              t."NUM_TICKET"::text AS ticket, t."CODE_MAG" AS ticket_store, t."DATE_TICKET" AS ticket_date, t."HEURE_TICKET" AS ticket_time`,
  from: `"MOUVEMENT_POINTS" m
         LEFT JOIN "TICKET" t ON t."NUM_TICKET" = m."NUM_TICKET"`,
  entryOf(row): FeedEntry | null {
    const occurredAt = (row.ticket ? storeInstant(row.ticket_date, row.ticket_time) : null) ?? parisInstant(row.date, MIDNIGHT);
    if (!occurredAt) return skipped('store.points', row.id);
    const motive = row.motive.trim().toUpperCase();
    return {
      sourceKind: 'points',
      sourceKey: row.id,
      occurredAt,
      channel: 'STORE',
      reason: 'LOYALTY',
      role: PROMOTION_MOTIVES.has(motive) ? 'PROMOTION' : 'INFORMATION',
      placeKind: row.ticket_store ? 'STORE' : null,
      placeCode: row.ticket_store?.trim() ?? null,
      summary: `${row.points >= 0 ? '+' : ''}${row.points} points (${motive})`,
      recordType: row.ticket ? 'Receipt' : 'LoyaltyMovement',
      recordKey: row.ticket ?? row.id,
      identityKey: row.card.trim() || null,
    };
  },
});

export const storeFeeds: TouchpointFeed[] = [receiptsFeed, pointsFeed];
