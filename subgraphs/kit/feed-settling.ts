// Settling for touchpoint feeds that follow a growing key (an id from a sequence, or `max(id) + 1`
// taken by the legacy application): the position must not move past an id while a lower one may
// still be committed. Legacy tables are not altered (no change date, trigger or log to follow), so
// the feed asks PostgreSQL which transactions were still running when its statement read.
//
// The danger: transaction A takes id 10 and is still open; B takes 11 and commits; a feed reads 11
// and moves its position to 11; A commits 10, which `id > 11` never reads. Lost from the journal.
//
// The rule, in the feed's one statement (its snapshot is the statement's):
// - The transactions that may still commit a row into THIS database are the snapshot's running
//   ones (`pg_snapshot_xip(pg_current_snapshot())`, top-level xids) minus those known to belong to
//   another database of the cluster: `pg_stat_activity.backend_xid` of backends connected to
//   another database, and `pg_prepared_xacts` prepared in another one. (Transaction ids are
//   cluster-wide: without this, any write transaction anywhere on the cluster, another legacy
//   system's or the hub's, held every growing-key feed while it ran.)
// - A row version is UNSETTLED when the transaction that wrote it (the `xmin` system column,
//   readable on any table) is not older than the oldest of those, up to the snapshot's xmax. In the
//   example A is running here, so B (which took its transaction id after A's) is not older than it
//   and 11 is unsettled. No such transaction: nothing is unsettled. Rows written in a subtransaction
//   carry a subtransaction xid, newer than its top-level one: inside the window too.
// - A feed gives only the settled prefix of its batch (`settledRead`: the rows before the first
//   unsettled one) and moves its position past them; the read then says `waiting` (FeedRead): the
//   position is held, nothing after it is given (so nothing is given twice), and once A has ended
//   the next read finds 10, then 11. No `limit` override: a full batch of unsettled rows keeps the
//   position too (moving past would be the loss this prevents).
// - The race, and why it is safe: the snapshot is taken when the statement starts, pg_stat_activity
//   is read a moment later. A transaction of another database that ends in between is no longer
//   listed: its xid stays counted as this database's. That holds the position one read for
//   nothing (the next read moves on), never loses a row. Only xids listed as another database's
//   are left out, and a backend's database never changes.
//
// xid wraparound: `xmin` and `backend_xid` are 32-bit xids, the snapshot's 64-bit (xid8, epoch
// included): they are compared modulo 2^32. The window test is modular: the row's xid lies in
// [oldest running here, snapshot xmax) modulo 2^32. A visible row not yet frozen is less than 2^31
// transactions old (PostgreSQL's wraparound protection), so this is exact for it; a frozen row
// keeps its raw old xmin, which falls in that window (as wide as the transactions running now) only
// by chance, and then only holds the feed while those transactions run. The special xids 0-2
// (bootstrap, frozen before 9.4) never count.
//
// Residual limits (say them to whoever runs the feed):
// - A transaction that holds a transaction id (it has written) in the SAME legacy database holds
//   back the position of that database's growing-key feeds at the rows written after it got its id,
//   for as long as it runs: a long batch job of the legacy application, an analyst's open
//   transaction that wrote there, a forgotten prepared (two-phase) transaction there. Not forever:
//   once it ends, the next read moves on. Meanwhile the reads give the rows before the held
//   position and say `waiting`; the rows after it reach the journal when it ends (freshness, not
//   loss). Read-only transactions take no xid and hold nothing; nor does VACUUM. Transactions in
//   other databases of the cluster (the hub, the other legacy systems, reports) hold nothing.
// - The feed's role must see other sessions' `backend_xid` (the same role, a superuser, or a member
//   of pg_read_all_stats): PostgreSQL hides it otherwise, and then those transactions count as this
//   database's (conservative: the cluster-wide behaviour of before, never a loss).
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

/** A 64-bit xid (xid8) or a 32-bit one (xid) as a bigint; the low 32 bits of a 64-bit one. */
const bigint = (xid: string): string => `${xid}::text::bigint`;
const low32 = (xid8: string): string => `(${bigint(xid8)} % ${XID_SPACE})`;

/**
 * SQL bigint: the oldest transaction of this statement's snapshot still running that may write into
 * the current database (64-bit xid), null when there is none (see the header).
 */
const OLDEST_RUNNING_HERE_SQL = `(SELECT min(${bigint('x')})
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x
   WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                      WHERE ${bigint('a.backend_xid')} = ${low32('x')}
                        AND a.datid IS DISTINCT FROM (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()))
     AND NOT EXISTS (SELECT 1 FROM pg_prepared_xacts p
                      WHERE ${bigint('p.transaction')} = ${low32('x')} AND p.database <> current_database()))`;

/** The snapshot's next transaction id (64-bit): the statement's snapshot, the same at every call. */
const SNAPSHOT_XMAX = bigint('pg_snapshot_xmax(pg_current_snapshot())');

/**
 * How many transaction ids lie between the oldest transaction running here and the snapshot's next
 * one; null when none runs here. ONE subquery (an InitPlan: evaluated once per statement), so the
 * window is decided by one look at the running transactions, never by two that may disagree.
 */
const WINDOW_SPAN = `(SELECT ${SNAPSHOT_XMAX} - ${OLDEST_RUNNING_HERE_SQL})`;

/**
 * SQL boolean: the 32-bit xid `xid` (a bigint in 0..2^32-1) is one of the `span` ids just before
 * `end` (a 32-bit xid), modulo 2^32; false when `span` is null or 0. `span` appears once.
 */
export function xidAmongLastSql(xid: string, end: string, span: string): string {
  return `coalesce(${xid} >= 3 AND ((${end} - ${xid}) % ${XID_SPACE} + ${XID_SPACE}) % ${XID_SPACE} BETWEEN 1 AND ${span}, false)`;
}

/**
 * SQL boolean: the 32-bit xid `xid` lies in the window of `span` ids that starts at `low` (a 32-bit
 * xid), modulo 2^32: the same test as xidAmongLastSql, by its start. Exported for the wraparound test.
 */
export function xidInWindowSql(xid: string, low: string, span: string): string {
  return xidAmongLastSql(xid, `((${low}) + (${span})) % ${XID_SPACE}`, span);
}

const ALIAS = /^[a-z][a-z0-9_]*$/;

/**
 * SQL boolean for a select list: whether the row of table alias `alias` was written by a
 * transaction not older than the oldest transaction still running in this database at the read
 * (see the header). Only constant aliases from feed code, checked: never user input.
 */
export function unsettledSql(alias: string): string {
  if (!ALIAS.test(alias)) throw new Error(`feed settling: not a table alias: ${alias}`);
  return xidAmongLastSql(bigint(`${alias}.xmin`), `(${SNAPSHOT_XMAX} % ${XID_SPACE})`, WINDOW_SPAN);
}

/**
 * unsettledSql with a cheap test first, for a scan of a whole table (kit/sliced-read.ts appendOnly):
 * `age(xmin)` is integer arithmetic, where the exact test converts each row's xid through text. A
 * row can be unsettled only if it is at most the window's span old (age counts from the next
 * transaction id, as the snapshot's xmax does, taken within the same statement: the slack covers
 * ids handed out in between); a frozen row's raw xmin may pass by chance, and the exact test
 * decides it. Nothing running here (no span): no row passes, and no row is converted.
 */
export function unsettledScanSql(alias: string): string {
  // unsettledSql checks the alias.
  return `(age(${alias}.xmin)::bigint <= ${WINDOW_SPAN} + 10000 AND ${unsettledSql(alias)})`;
}

/**
 * The rows a growing-key feed may give from a batch (in feed order): those before its first
 * unsettled row. `waiting` when there was one: the position is held there until it settles.
 */
export function settledPrefix<R extends { unsettled: boolean }>(rows: readonly R[]): { rows: R[]; waiting: boolean } {
  const first = rows.findIndex((row) => row.unsettled);
  return first === -1 ? { rows: [...rows], waiting: false } : { rows: rows.slice(0, first), waiting: true };
}

/**
 * A growing-key feed's read of a batch: the settled prefix to give, the next position
 * `{ after: <key> }` past it (where it was when it is empty), and whether the position is held.
 */
export function settledRead<R extends { id: string | number; unsettled: boolean }>(
  rows: readonly R[],
  since: FeedPosition | null,
): { rows: R[]; next: FeedPosition | null; waiting: boolean } {
  const settled = settledPrefix(rows);
  const last = settled.rows.at(-1);
  return { ...settled, next: last ? { after: String(last.id) } : since };
}
