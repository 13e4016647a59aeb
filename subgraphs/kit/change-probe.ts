// "Anything new?" probes for the hub's watchers (kit/poller.ts): one cheap statement per legacy
// database, whose answer changes when something was written there. Neither needs to know a
// channel's tables, creates anything or needs a privilege beyond connecting.
//
// - walProbe: the server's WAL position (pg_current_wal_lsn(), or the replay position on a
//   standby). Every committed write moves it before its commit returns, so it is exact and
//   immediate: the identity and journal watchers use it (through changeProbe) for their 5 s
//   promise. It is server-wide: where the hub shares a legacy system's server, the hub's writes
//   move it too (changeProbe then uses the next probe for that database).
// - tableWritesProbe: the database's own write counters (pg_stat_user_tables: rows inserted,
//   updated, deleted). Per database, so the hub's writes never move it; but PostgreSQL publishes a
//   session's counters when it goes idle, at most once a second and up to ~10 s late (60 s for a
//   session that never goes idle): good for the consent watcher's "within the minute", not for 5 s.
// - changeProbe: the first where the legacy database has its own server (production), the second
//   where it shares the hub's (development, tests, benches: there the hub's writes, and each watcher's
//   own, would move the WAL position for the others, and they would keep waking each other up).
// - a streamed system (CHANGE_STREAM, kit/change-stream.ts): while its stream runs, changeProbe
//   reports the stream's value for it, kept in memory, and sends it no statement; while the stream
//   is down, its statement as above (README, "Change streams").
import type { Database } from './database';
import type { ChangeStreams } from './change-stream';

const WAL_POSITION = `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS v`;

// A reset of the counters changes the sum too (it counts as a change: one extra pass).
const TABLE_WRITES = `SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text AS v FROM pg_stat_user_tables`;

async function probeAll(databases: readonly Database[], statement: string): Promise<string> {
  const values = await Promise.all(databases.map(async (db) => (await db.query<{ v: string | null }>(statement))[0]?.v ?? ''));
  return values.join('|');
}

/** The WAL position of each database's server, joined: moves with any committed write there. */
export function walProbe(databases: readonly Database[]): () => Promise<string> {
  return () => probeAll(databases, WAL_POSITION);
}

// The same for some tables only (a reader that declares what it reads: kit/sliced-read.ts), so that
// writes elsewhere in the database (the till's receipts, for a card's flags) do not wake it. The
// tables' file nodes join the sum: a TRUNCATE (not counted as deleted rows) gives a table a new one.
const SOME_TABLES_WRITES = `SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text || '/' ||
                                  coalesce(string_agg(pg_relation_filenode(relid)::text, ',' ORDER BY relid), '') AS v
                             FROM pg_stat_user_tables WHERE relname = ANY ($1::text[])`;

/**
 * Each database's own write counters, joined: moves (up to ~10 s late) with writes to that
 * database; with `tables`, with writes to those tables only.
 */
export function tableWritesProbe(databases: readonly Database[], tables?: readonly string[]): () => Promise<string> {
  if (!tables) return () => probeAll(databases, TABLE_WRITES);
  return async () => {
    const values = await Promise.all(databases.map(async (db) => (await db.query<{ v: string | null }>(SOME_TABLES_WRITES, [tables]))[0]?.v ?? ''));
    return values.join('|');
  };
}

/** Which server a connection is on: the same start time and port are the same server. */
const SERVER = `SELECT pg_postmaster_start_time()::text || '/' || current_setting('port') AS v`;

/**
 * One probe per legacy database: its server's WAL position when that server is not the hub's,
 * its own write counters when it is (decided at the first probe that needs a statement, and again
 * after a failure); for a database whose change stream runs (`streams`, by the database's name: its
 * system), the stream's value, with no statement.
 */
export function changeProbe(legacy: readonly Database[], hub: Database, streams?: ChangeStreams | null): () => Promise<string> {
  let statements: string[] | null = null;
  return async () => {
    const streamed = legacy.map((db) => streams?.value(db.name) ?? null);
    if (streamed.every((value) => value !== null)) return streamed.join('|');
    if (statements === null) {
      const [hubServer, ...servers] = await Promise.all([hub, ...legacy].map(async (db) => (await db.query<{ v: string }>(SERVER))[0].v));
      statements = servers.map((server) => (server === hubServer ? TABLE_WRITES : WAL_POSITION));
    }
    const chosen = statements;
    try {
      const values = await Promise.all(
        legacy.map(async (db, i) => streamed[i] ?? (await db.query<{ v: string | null }>(chosen[i]))[0]?.v ?? ''),
      );
      return values.join('|');
    } catch (error) {
      statements = null;
      throw error;
    }
  };
}
