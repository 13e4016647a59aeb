// Whole-system reads the hub stages (consent decisions, preferences: customer/staging.ts), made
// incremental without a change date (issue 14, "idle means idle"). The web shop's newsletter flag,
// the till's OPT_SMS or a derived favourite store keep no history, so no growing key says which rows
// changed. Instead every record falls into one of SLICES slices by a hash of its key, and each
// legacy database answers, in one statement, a digest per slice of what the read would return:
// its row count and the sum of its rows' hashes, computed there, so nothing but 256 short lines
// travels. The hub keeps the digests it staged from (staging_digest); a pass reads, maps and stages
// only the slices whose digest moved (one changed card: one slice, ~1/256 of the rows), and a pass
// where nothing moved reads nothing at all. A decision that changed back moves its slice's digest
// like any other change, which is what a change date could not have shown.
//
// The digest also names the read's recipe (its SQL, its mapping's own text and a version raised by
// hand when a helper of the mapping changes): a release that reads or maps differently re-reads the
// system whole once. A reader is declared as a query over the legacy tables
// plus a mapping of its rows (`slicedRead`); the query stays the channel's, the slicing the kit's.
import { createHash } from 'node:crypto';
import type { Database } from './database';
import { logger } from './logger';
import { unsettledScanSql } from './feed-settling';

/** Slices per system: a change re-reads ~1/256 of the system's rows; 256 digests per system travel. */
export const SLICES = 256;

/** The SQL giving a key's slice, 0 … SLICES-1 (a 64-bit hash of its text, masked: never negative). */
export function sliceOf(keyExpression: string): string {
  return `(hashtextextended((${keyExpression})::text, 0) & ${SLICES - 1})::int`;
}

/** Per slice with rows, its digest. A slice with no row has none (absent). */
export type SliceDigests = Map<number, string>;

/** A row as staged, with the slice of the legacy record it was read from. */
export type Sliced<Row> = Row & { slice?: number };

/**
 * A reader of one legacy system for the hub's staging: called with the slices to read (null: all),
 * it answers their rows, each with its slice. A plain function (no `digest`) is read whole at every
 * pass, as before slicing.
 */
export type StagingReader<Row> = ((db: Database, slices?: readonly number[] | null) => Promise<Sliced<Row>[]>) & {
  /** The digests per slice of what the reader would answer now: one statement, rows stay in the database. */
  digest?(db: Database): Promise<SliceDigests>;
  /** The legacy tables it reads: their write counters are its watcher's probe (customer/staging-watch.ts). */
  tables?: readonly string[];
};

/** What a reader's mapping made of one batch of rows, and what it skipped (by reason, counted). */
export interface Mapped<Row> {
  rows: Row[];
  skipped?: Record<string, number>;
}

export interface SlicedQuery<Raw, Row> {
  /** The legacy system, for the log line of skipped rows. */
  system: string;
  /** The legacy tables the query reads (as pg_stat_user_tables names them). */
  tables: readonly string[];
  /** A SELECT with no parameter; every row belongs to the record its `key` column names. */
  sql: string;
  /** The output column naming the record (what becomes the staged row's local key). */
  key: string;
  /**
   * Turns rows into staging rows; called per slice, so it must map each row on its own, and it must
   * answer objects of its own (each is given its slice in place). A raw row also carries `slice__`.
   */
  map(rows: Raw[]): Mapped<Row>;
  /**
   * Raised by hand when the mapping changes outside `map`'s own text (a helper it calls): the
   * recipe in every digest is the SQL, `map`'s text and this, so a changed recipe re-reads the
   * system whole once, and a helper's change would otherwise go unseen until its rows change.
   */
  version?: number;
  /** The log line when rows were skipped (counts only, never a row). */
  skippedMessage?: string;
  /**
   * Where the digest is cheaper taken from the legacy rows the answer depends on than from the
   * answer (an aggregate over millions of receipts): a SELECT of those rows, every one of which
   * belongs to the record its `key` column names, that key giving the same text as the query's
   * (so the same slice). Every column the answer depends on must be in it. Default: the query.
   */
  digestFrom?: { sql: string; key: string };
  /**
   * Where the digest's rows are only ever added, numbered in the order they are written (the till's
   * receipts), a digest need not scan them all: the reader keeps, per database, the digests of the
   * rows up to a position, and a pass adds those of the rows written since (an index range scan on
   * the number). A change to a row already digested (a legacy correction, a reload) moves no
   * position: the whole is digested again every `wholeEveryMs` (and at a watcher's first pass),
   * which shows it then. Replaces `digestFrom`.
   */
  appendOnly?: AppendOnlyDigest;
}

/**
 * The digest's rows as one table read with the alias `r` (constants of channel code, never input):
 * each expression below refers to `r`.
 */
export interface AppendOnlyDigest {
  /** The table (`"TICKET"`). */
  table: string;
  /** Which of its rows the answer depends on (`r."NUM_CARTE" IS NOT NULL`). */
  where: string;
  /** The growing number (`r."NUM_TICKET"`), a bigint with an index. */
  position: string;
  /** The record's key: the text the query's `key` column gives (so the same slice). */
  key: string;
  /** A composite of every column the answer depends on (its text is hashed). */
  row: string;
  wholeEveryMs: number;
}

/** What a reader with `appendOnly` keeps per database: the digests of the rows up to `position`. */
interface AppendedDigests {
  position: string;
  wholeAt: number;
  slices: Map<number, { rows: bigint; sum: bigint }>;
}

/** The smallest bigint: "after it" is every row. */
const BEFORE_ALL = '-9223372036854775808';
/** The largest: "before it" is every row. */
const AFTER_ALL = '9223372036854775807';

/** A reader over a legacy query: sliced by its key, digested in the database, mapped per slice. */
export function slicedRead<Raw extends object, Row extends object>(query: SlicedQuery<Raw, Row>): StagingReader<Row> {
  const slice = sliceOf(`t.${query.key}`);
  const digested = query.digestFrom ?? { sql: query.sql, key: query.key };
  const recipe = createHash('sha256')
    // appendOnly joins only where declared: every other reader keeps the recipe (and the digests) it had.
    .update([query.sql, digested.sql, ...(query.appendOnly ? [JSON.stringify(query.appendOnly)] : []), query.map.toString(), String(query.version ?? 1)].join('\0'))
    .digest('base64url')
    .slice(0, 12);
  // count and the sum of 64-bit row hashes (numeric: no overflow): any changed, added or removed row
  // moves it. The row's text is the query's own output (or the rows it is computed from), so a
  // change the mapping would see is seen.
  const digestSql = `SELECT ${sliceOf(`t.${digested.key}`)} AS slice, count(*)::text || ':' || sum(hashtextextended(t::text, 1))::text AS digest
                       FROM (${digested.sql}) t GROUP BY 1`;
  const digestAppended = query.appendOnly && appendedDigests(query.appendOnly, recipe);
  const readAll = `SELECT ${slice} AS slice__, t.* FROM (${query.sql}) t`;
  const readSome = `SELECT * FROM (${readAll}) s WHERE s.slice__ = ANY ($1::int[])`;

  const read = async (db: Database, slices?: readonly number[] | null): Promise<Sliced<Row>[]> => {
    if (slices && slices.length === 0) return [];
    const raw = await (slices ? db.query<Raw & { slice__: number }>(readSome, [slices]) : db.query<Raw & { slice__: number }>(readAll));
    // No copy per row (a first read is millions of them): raw rows keep their slice__ column, and
    // the mapping's fresh objects are given their slice in place.
    const bySlice = new Map<number, Raw[]>();
    for (const row of raw) {
      const rows = bySlice.get(row.slice__) ?? bySlice.set(row.slice__, []).get(row.slice__)!;
      rows.push(row);
    }
    const out: Sliced<Row>[] = [];
    const skipped: Record<string, number> = {};
    for (const [n, rows] of bySlice) {
      const mapped = query.map(rows);
      for (const row of mapped.rows as Sliced<Row>[]) {
        row.slice = n;
        out.push(row);
      }
      for (const [reason, count] of Object.entries(mapped.skipped ?? {})) skipped[reason] = (skipped[reason] ?? 0) + count;
    }
    if (Object.keys(skipped).length > 0) logger.info({ system: query.system, read: raw.length, skipped }, query.skippedMessage ?? 'rows skipped');
    return out;
  };
  return Object.assign(read, {
    tables: query.tables,
    async digest(db: Database): Promise<SliceDigests> {
      if (digestAppended) return digestAppended(db);
      const rows = await db.query<{ slice: number; digest: string }>(digestSql);
      return new Map(rows.map((row) => [row.slice, `${recipe}:${row.digest}`]));
    },
  });
}

/**
 * The digests of an append-only reader (`SlicedQuery.appendOnly`), kept per database: each call adds
 * the rows written since the last one, or digests the whole every `wholeEveryMs`.
 *
 * Two statements, both planned with their bounds known: a whole digest scans the table in sequence,
 * an addition reads an index range. The first finds the first unsettled row after the position the
 * last pass reached (kit/feed-settling.ts: a lower number may still be committed before it); rows
 * are looked at for that only after that position, below which every row had settled (at a first
 * digest, all of them). The second digests, per slice, the rows after $1 and before that cut (those
 * from the cut on count at a later pass), and gives the last one counted. Positions are taken in
 * order, so a row committed between the two statements below the cut was already taken at the
 * first: counted if visible at the second, after the new position if not.
 */
function appendedDigests(append: AppendOnlyDigest, recipe: string): (db: Database) => Promise<SliceDigests> {
  const cutSql = `SELECT min(${append.position})::text AS at FROM ${append.table} r
                   WHERE (${append.where}) AND ${append.position} > $1::bigint AND ${unsettledScanSql('r')}`;
  const digestSql = `SELECT ${sliceOf(append.key)} AS slice, count(*)::text AS rows, sum(hashtextextended((${append.row})::text, 1))::text AS sum,
                            max(${append.position})::text AS last
                       FROM ${append.table} r
                      WHERE (${append.where}) AND ${append.position} > $1::bigint AND ${append.position} < $2::bigint
                      GROUP BY 1`;
  const kept = new WeakMap<Database, AppendedDigests>();
  return async (db) => {
    const before = kept.get(db);
    const whole = !before || Date.now() - before.wholeAt >= append.wholeEveryMs;
    const startedAt = Date.now();
    const [first] = await db.query<{ at: string | null }>(cutSql, [before?.position ?? BEFORE_ALL]);
    const rows = await db.query<{ slice: number; rows: string; sum: string; last: string }>(digestSql, [whole ? BEFORE_ALL : before.position, first?.at ?? AFTER_ALL]);
    // A copy: a pass that fails half way leaves what was kept as it was.
    const state: AppendedDigests = whole ? { position: BEFORE_ALL, wholeAt: startedAt, slices: new Map() } : { ...before, slices: new Map(before.slices) };
    for (const row of rows) {
      const sums = state.slices.get(row.slice) ?? { rows: 0n, sum: 0n };
      state.slices.set(row.slice, { rows: sums.rows + BigInt(row.rows), sum: sums.sum + BigInt(row.sum) });
      if (BigInt(row.last) > BigInt(state.position)) state.position = row.last;
    }
    kept.set(db, state);
    return new Map([...state.slices].map(([n, digest]) => [n, `${recipe}:${digest.rows}:${digest.sum}`]));
  };
}

/** The slices whose digest differs between two answers (a slice present in one only included), sorted. */
export function changedSlices(staged: SliceDigests, now: SliceDigests): number[] {
  const changed = new Set<number>();
  for (const [slice, digest] of now) if (staged.get(slice) !== digest) changed.add(slice);
  for (const slice of staged.keys()) if (!now.has(slice)) changed.add(slice);
  return [...changed].sort((a, b) => a - b);
}
