// The two kinds of touchpoint feed a channel writes (kit/touchpoints.ts), built here once so that
// every channel reads its legacy tables with the same position, settle and statement rules; a
// channel says only which table, which columns and what each row means.
//
// - growingKeyFeed: rows written once, followed by a growing key (an id from a sequence, or
//   `max(id) + 1`). Position `{ after: "<key>" }` (text: keys are bigint), one statement per read,
//   `key > after ORDER BY key LIMIT n`. The position never passes a row a transaction still running
//   in the feed's database may yet precede with a lower key (kit/feed-settling.ts): the read gives
//   the rows before it and says `waiting`.
// - changeDateFeed: rows that change, followed by (change date, unique key). Position
//   `{ at: "<UTC text>", <key>: … }`, one statement per read. A row changed less than
//   `settleSeconds` ago by the database clock is given (freshness) but the position does not pass
//   it, so it is read again until it has settled: a transaction that wrote an earlier change date
//   but commits late is still seen. Only a full batch (`limit` rows) passes unsettled rows, so a
//   burst cannot stall the feed. Re-reads carry the same (kind, key): the journal's unique key
//   makes them harmless.
//
// A position a feed never gave (a corrupted or hand-edited journal row) fails the read, naming the
// feed: reading from a guessed position could skip rows without anyone knowing.
import type { Database } from './database';
import { settledRead, unsettledSql } from './feed-settling';
import type { FeedPosition, FeedRead, Touchpoint, TouchpointFeed, TouchpointKey } from './touchpoints';
import { UTC_TEXT, utcTextOfTimestamptz, utcTextOfUtcTimestamp, utcTimestampParam } from './utc-text';

/** The system a feed reads, typed from the feed contract so that this kit does not restate it. */
export type FeedSystem = TouchpointFeed['system'];

export function invalidPosition(feed: string): never {
  throw new Error(`${feed} feed: position is not one this feed gave`);
}

/** A growing bigint key held in a position (text), or null for none; anything else was not given by `feed`. */
export function positionKey(feed: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (!/^-?\d{1,19}$/.test(text)) invalidPosition(feed);
  return text;
}

/** An instant held in a position (UTC text), or null for none; anything else was not given by `feed`. */
export function positionInstant(feed: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (!UTC_TEXT.test(text)) invalidPosition(feed);
  return text;
}

/** A small integer held in a position (an event's rank, an int key), or null for none. */
export function positionInteger(feed: string, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  if (!Number.isInteger(number)) invalidPosition(feed);
  return number;
}

/** What a touchpoint may lack, left null when a feed's entry leaves it out. */
type OptionalField = 'placeKind' | 'placeCode' | 'amountMinor' | 'currency';

/**
 * A touchpoint as a channel's feed describes it. Its source system and its identity's system are
 * the feed's own (a feed reads one system), so an entry names only the identity record's key in
 * that system (as identity_link names it; null: anonymous), and what it lacks is left out (null).
 */
export type FeedEntry = Omit<Touchpoint, 'sourceSystem' | 'identity' | OptionalField> &
  Partial<Pick<Touchpoint, OptionalField>> & { identityKey: string | null };

export function touchpointOf(system: FeedSystem, entry: FeedEntry): Touchpoint {
  const { identityKey, ...fields } = entry;
  return {
    sourceSystem: system,
    placeKind: null,
    placeCode: null,
    amountMinor: null,
    currency: null,
    ...fields,
    identity: identityKey === null ? null : { system, localKey: identityKey },
  };
}

/** What a row becomes: its entry, or null to give nothing for it (the position still passes it). */
type EntryOf<R> = (row: R) => FeedEntry | null;

function entriesOf<R>(system: FeedSystem, rows: readonly R[], entryOf: EntryOf<R>): Touchpoint[] {
  const touchpoints: Touchpoint[] = [];
  for (const row of rows) {
    const entry = entryOf(row);
    if (entry) touchpoints.push(touchpointOf(system, entry));
  }
  return touchpoints;
}

/** Every name below is a constant of the channel's feed code, never input. */
const SQL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$|^"[A-Z_][A-Z0-9_]*"$/;

function checkedName(what: string, name: string): string {
  if (!SQL_NAME.test(name)) throw new Error(`touchpoint feed: not a ${what}: ${name}`);
  return name;
}

export interface GrowingKeyFeedSpec<R> {
  /** `<system>.<what>`, e.g. `store.receipts`. */
  name: string;
  system: FeedSystem;
  /** The table followed: its alias in `from` and its growing bigint key column. */
  alias: string;
  key: string;
  /** Select list over the aliases of `from`; it names the key `id` (text or number). */
  columns: string;
  /** The table (with its alias) and any joins. */
  from: string;
  entryOf: EntryOf<R>;
}

/** A feed over a growing key (see the header); one statement per read. */
export function growingKeyFeed<R extends { id: string | number }>(spec: GrowingKeyFeedSpec<R>): TouchpointFeed {
  const key = `${checkedName('table alias', spec.alias)}.${checkedName('key column', spec.key)}`;
  const text = `SELECT ${spec.columns}, ${unsettledSql(spec.alias)} AS unsettled
         FROM ${spec.from}
        WHERE $1::bigint IS NULL OR ${key} > $1::bigint
        ORDER BY ${key}
        LIMIT $2`;
  return {
    name: spec.name,
    system: spec.system,
    async read(db: Database, since: FeedPosition | null, limit: number): Promise<FeedRead> {
      const rows = await db.query<R & { unsettled: boolean }>(text, [positionKey(spec.name, since?.after), limit]);
      const { rows: settled, next, waiting } = settledRead(rows, since);
      return { touchpoints: entriesOf(spec.system, settled, spec.entryOf), next, waiting };
    },
  };
}

/** The columns a change-date feed adds to every row it reads. */
export interface ChangedRow {
  /** The change date as UTC text. */
  changed_at: string;
  /** The database clock minus the settle time, same text form: rows changed before it have settled. */
  settled_before: string;
  /** The row's unique key, as the position keeps it. */
  position_key: string | number;
}

/**
 * The position after a change-date batch: past its last settled row, or past its last row when the
 * batch was full (`limit` rows: a burst must not stall the feed); where it was when none qualifies.
 */
export function changePositionAfter(
  rows: readonly ChangedRow[],
  since: FeedPosition | null,
  limit: number,
  keyName: string,
): FeedPosition | null {
  const last = rows.length >= limit ? rows.at(-1) : rows.filter((row) => row.changed_at < row.settled_before).at(-1);
  return last ? { at: last.changed_at, [keyName]: last.position_key } : since;
}

export interface ChangeDateFeedSpec<R> {
  name: string;
  system: FeedSystem;
  /** How long a changed row is re-read before the position passes it. */
  settleSeconds: number;
  /**
   * The change-date column, and what it holds: a `timestamptz`, or a `timestamp` without zone that
   * holds UTC (the web shop's columns).
   */
  changedAt: { column: string; type: 'timestamptz' | 'utc timestamp' };
  /**
   * The unique key that orders rows of one change date: its column, its name in the position, and
   * its type (a text key compares byte-wise, COLLATE "C", so the order never depends on the
   * database's collation).
   */
  key: { column: string; name: string; type: 'int' | 'text' };
  columns: string;
  from: string;
  /** A condition every row read must meet, or none. */
  where?: string;
  /** Values of `$5`, `$6` … used in `columns` or `where` ($1-$4 are the feed's own). */
  params?: readonly unknown[];
  entryOf: EntryOf<R & ChangedRow>;
  /** The touchpoints a row withdraws (it did not happen after all): their kind and key. */
  withdrawnOf?: (row: R & ChangedRow) => Omit<TouchpointKey, 'sourceSystem'> | null;
  /**
   * A row the position may not pass yet, not even in a full batch (a cart that may still become
   * abandoned): the position stops before the first one; rows after it are still given.
   */
  undecided?: (row: R & ChangedRow) => boolean;
}

/** A feed over a change date (see the header); one statement per read. */
export function changeDateFeed<R>(spec: ChangeDateFeedSpec<R>): TouchpointFeed {
  const utcTimestamp = spec.changedAt.type === 'utc timestamp';
  const at = spec.changedAt.column;
  const atType = utcTimestamp ? 'timestamp' : 'timestamptz';
  const changedAtText = utcTimestamp ? utcTextOfUtcTimestamp(at) : utcTextOfTimestamptz(at);
  const key = spec.key.type === 'text' ? `${spec.key.column} COLLATE "C"` : spec.key.column;
  const keyParam = spec.key.type === 'text' ? '$2::text COLLATE "C"' : '$2::int';
  const text = `SELECT ${spec.columns}, ${changedAtText} AS changed_at,
              ${utcTextOfTimestamptz('now() - make_interval(secs => $4::int)')} AS settled_before,
              ${spec.key.column} AS position_key
         FROM ${spec.from}
        WHERE ${spec.where ? `${spec.where} AND ` : ''}($1::${atType} IS NULL OR (${at}, ${key}) > ($1::${atType}, ${keyParam}))
        ORDER BY ${at}, ${key}
        LIMIT $3`;

  const positionOf = (since: FeedPosition | null): [string | null, string | number | null] => {
    const after = positionInstant(spec.name, since?.at);
    if (after === null) return [null, null];
    const value = since?.[spec.key.name];
    // As the position was written: an int key is a number (required), a text key a string.
    const keyValue = spec.key.type === 'int' ? Number(value) : String(value ?? '');
    if (typeof keyValue === 'number' && !Number.isInteger(keyValue)) invalidPosition(spec.name);
    return [utcTimestamp ? utcTimestampParam(after) : after, keyValue];
  };

  return {
    name: spec.name,
    system: spec.system,
    async read(db: Database, since: FeedPosition | null, limit: number): Promise<FeedRead> {
      const rows = await db.query<R & ChangedRow>(text, [...positionOf(since), limit, spec.settleSeconds, ...(spec.params ?? [])]);
      const touchpoints = entriesOf(spec.system, rows, spec.entryOf);
      const undecided = spec.undecided ? rows.findIndex(spec.undecided) : -1;
      const next =
        undecided < 0
          ? changePositionAfter(rows, since, limit, spec.key.name)
          : changePositionAfter(rows.slice(0, undecided), since, Number.POSITIVE_INFINITY, spec.key.name);
      if (!spec.withdrawnOf) return { touchpoints, next };
      const withdrawn: TouchpointKey[] = [];
      for (const row of rows) {
        const key = spec.withdrawnOf(row);
        if (key) withdrawn.push({ sourceSystem: spec.system, ...key });
      }
      return { touchpoints, withdrawn, next };
    },
  };
}
