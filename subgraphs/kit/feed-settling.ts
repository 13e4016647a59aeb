// Settling for touchpoint feeds that follow a growing key (an id from a sequence, or `max(id) + 1`
// taken by the legacy application): the position must not move past an id while a lower one may
// still be committed. Legacy tables are not altered (no change date, trigger or log to follow), so
// the feed asks PostgreSQL which transactions were still running when its statement read.
//
// The danger: transaction A takes id 10 and is still open; B takes 11 and commits; a feed reads 11
// and moves its position to 11; A commits 10, which `id > 11` never reads. Lost from the journal.
//
// The rule, in the feed's one statement (its snapshot is the statement's): a row version is
// UNSETTLED when the transaction that wrote it (the `xmin` system column, readable on any table) is
// not older than the oldest transaction still running at the read (`pg_snapshot_xmin` of
// `pg_current_snapshot()`). In the example A is running, so B (which took its transaction id after
// A's) is not older than it and 11 is unsettled. Unsettled rows are still given as touchpoints
// (freshness; the journal's unique key makes the re-read harmless), but the position stops before
// the first unsettled row of the batch (`settledUpTo`): the next read starts there again, and once
// A has ended it finds 10. No `limit` override: a full batch of unsettled rows keeps the position
// too (moving past would be the loss this prevents).
//
// xid wraparound: `xmin` is a 32-bit xid, the snapshot's bounds 64-bit (xid8, epoch included). The
// test is modular: the row's xid, taken modulo 2^32, lies in [snapshot xmin, snapshot xmax) modulo
// 2^32. A visible row not yet frozen is less than 2^31 transactions old (PostgreSQL's wraparound
// protection), so this is exact for it; a frozen row keeps its raw old xmin, which falls in that
// window (as wide as the transactions running now) only by chance, and then only holds the feed
// while those transactions run. The special xids 0-2 (bootstrap, frozen before 9.4) never count.
//
// Residual limits (say them to whoever runs the feed):
// - Any transaction that holds a transaction id (it has written, anywhere on the same PostgreSQL
//   cluster: xids are cluster-wide) holds back the position of every growing-key feed at the rows
//   written after it got its id, for as long as it runs: an analyst's open transaction that wrote
//   something, a long batch job, a forgotten prepared (two-phase) transaction. Not forever: once it
//   ends, the next read moves on. Meanwhile each read re-gives the same first `limit` rows after the
//   position, so rows beyond them reach the journal only when it ends (freshness, not loss).
//   Read-only transactions take no xid and hold nothing; nor does VACUUM.
// - A transaction id is only assigned at a transaction's first write. A transaction that takes its
//   id (nextval, or max(id) + 1) and writes its first row only LATER, after another transaction has
//   taken a higher id, got its own xid and committed, has a newer xid than that other one: its
//   lower id is not protected by this rule and can still be missed. With the usual
//   `INSERT … DEFAULT nextval(…)` the id and the xid are taken in one statement, microseconds
//   apart; a legacy application that reserves ids in one statement and inserts in a later one
//   widens that window (nothing short of a change date or a log on the table can close it).
// - A row updated later gets a new xmin: an update of a row ahead of the position by a running
//   transaction holds the position at it too (conservative, never a loss).

import type { FeedPosition } from './touchpoints';

const XID_SPACE = '4294967296';

/** The oldest running transaction at this statement's snapshot, as a 32-bit xid (an InitPlan: once). */
const OLDEST_RUNNING = `(SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint % ${XID_SPACE})`;
/** How many transaction ids lie between the oldest running transaction and the next one (64-bit). */
const RUNNING_SPAN = `(SELECT pg_snapshot_xmax(s)::text::bigint - pg_snapshot_xmin(s)::text::bigint FROM pg_current_snapshot() AS s)`;

/**
 * SQL boolean: the 32-bit xid `xid` (a bigint in 0..2^32-1) lies in the window of `span` ids that
 * starts at `low` (a 32-bit xid), modulo 2^32. Exported for the wraparound test.
 */
export function xidInWindowSql(xid: string, low: string, span: string): string {
  return `(${xid} >= 3 AND ((${xid} - ${low}) % ${XID_SPACE} + ${XID_SPACE}) % ${XID_SPACE} < ${span})`;
}

const ALIAS = /^[a-z][a-z0-9_]*$/;

/**
 * SQL boolean for a select list: whether the row of table alias `alias` was written by a
 * transaction not older than the oldest transaction still running at the read (see the header).
 * Only constant aliases from feed code, checked: never user input.
 */
export function unsettledSql(alias: string): string {
  if (!ALIAS.test(alias)) throw new Error(`feed settling: not a table alias: ${alias}`);
  return xidInWindowSql(`${alias}.xmin::text::bigint`, OLDEST_RUNNING, RUNNING_SPAN);
}

/**
 * The last row the position may move to: the one before the first unsettled row of the batch (rows
 * in feed order), or the last row when all have settled; undefined when the first row is unsettled
 * (or there is none): the position stays where it was.
 */
export function settledUpTo<R extends { unsettled: boolean }>(rows: readonly R[]): R | undefined {
  const first = rows.findIndex((row) => row.unsettled);
  return (first === -1 ? rows : rows.slice(0, first)).at(-1);
}

/**
 * A growing-key feed's next position `{ after: <key> }`: past the settled rows of this batch, or
 * where it was when the first row is unsettled (or there is none).
 */
export function positionAfterSettled<R extends { id: string | number; unsettled: boolean }>(
  rows: readonly R[],
  since: FeedPosition | null,
): FeedPosition | null {
  const last = settledUpTo(rows);
  return last ? { after: String(last.id) } : since;
}
