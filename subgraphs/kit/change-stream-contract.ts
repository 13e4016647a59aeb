// What a streamed legacy system's DBAs provide (CHANGE_STREAM, kit/change-stream.ts), read and
// reported like the index contract (kit/index-contract.ts):
// - `npm run db:check` (devtools/db-check.ts) reads, never writes: the server's wal_level, the
//   publication and its tables, the slot, what it retains and how far behind it is, whether the
//   graph's role may replicate, max_slot_wal_keep_size; and prints the statements that are missing;
// - development and test servers the project runs itself get the publication and the slot
//   (kit/databases.ts prepareDatabases) when their wal_level is logical.
import fs from 'node:fs';
import type { Queryable } from './database';
import { CHANGE_PUBLICATION, changeSlotName, changeStreamStatements } from './change-stream';

/** The tables a legacy.sql creates, as their system spells them: those the publication lists. */
export function legacyTables(ddlFile: string): string[] {
  const ddl = fs.readFileSync(ddlFile, 'utf8');
  return [...ddl.matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?("[^"]+"|\w+)/gi)].map((match) => match[1].replace(/"/g, ''));
}

/** What the catalog of one legacy database says of its change stream. Read-only. */
export interface ChangeStreamStatus {
  system: string;
  walLevel: string;
  publication: { present: boolean; missingTables: string[] };
  slot: {
    name: string;
    present: boolean;
    plugin?: string;
    /** Another database's slot of that name (slots are per server). */
    otherDatabase?: string;
    active?: boolean;
    /** pg_replication_slots.wal_status: reserved, extended, unreserved, lost (invalidated). */
    walStatus?: string | null;
    invalidationReason?: string | null;
    /** Bytes between the server's current WAL position and what the graph confirmed (confirmed_flush_lsn). */
    lagBytes?: number | null;
    /** Bytes of WAL the slot makes the server keep (from restart_lsn). */
    retainedBytes?: number | null;
    confirmedFlushLsn?: string | null;
    currentLsn?: string;
  };
  /** The connecting role may open a replication connection (REPLICATION or superuser). */
  canReplicate: boolean;
  /** max_slot_wal_keep_size as the server shows it (`-1`: unlimited). */
  maxSlotWalKeepSize: string;
  /** The statements still to run, for the DBAs (empty when all is there). */
  statements: string[];
  /** The stream can run (everything present, the slot usable). */
  ready: boolean;
}

/** The advised cap on what one slot may retain: a hub down for long cannot fill the legacy server's disk. */
export const ADVISED_MAX_SLOT_WAL_KEEP_SIZE = '10GB';

export async function changeStreamStatus(db: Queryable, system: string, tables: readonly string[]): Promise<ChangeStreamStatus> {
  const slotName = changeSlotName(system);
  const [settings] = await db.query<{ wal_level: string; keep: string; can_replicate: boolean; current: string; database: string }>(
    `SELECT current_setting('wal_level') AS wal_level, current_setting('max_slot_wal_keep_size') AS keep,
            (SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user) AS can_replicate,
            (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS current,
            current_database() AS database`,
  );
  const publications = await db.query<{ table: string | null }>(
    `SELECT t.tablename AS table FROM pg_publication p LEFT JOIN pg_publication_tables t ON t.pubname = p.pubname AND t.schemaname = 'public'
      WHERE p.pubname = $1`,
    [CHANGE_PUBLICATION],
  );
  const published = new Set(publications.map((row) => row.table).filter((table): table is string => table !== null));
  const missingTables = publications.length === 0 ? [...tables] : tables.filter((table) => !published.has(table));
  const [slot] = await db.query<{
    plugin: string | null;
    database: string | null;
    active: boolean;
    wal_status: string | null;
    invalidation_reason: string | null;
    lag: string | null;
    retained: string | null;
    confirmed: string | null;
  }>(
    `SELECT plugin, database, active, wal_status, invalidation_reason,
            pg_wal_lsn_diff($2::pg_lsn, confirmed_flush_lsn)::bigint::text AS lag,
            pg_wal_lsn_diff($2::pg_lsn, restart_lsn)::bigint::text AS retained,
            confirmed_flush_lsn::text AS confirmed
       FROM pg_replication_slots WHERE slot_name = $1`,
    [slotName, settings.current],
  );
  const statements: string[] = [];
  const wanted = changeStreamStatements(system, tables);
  if (settings.wal_level !== 'logical') statements.push("ALTER SYSTEM SET wal_level = logical;  -- then restart the server");
  if (settings.keep === '-1') {
    statements.push(`ALTER SYSTEM SET max_slot_wal_keep_size = '${ADVISED_MAX_SLOT_WAL_KEEP_SIZE}'; SELECT pg_reload_conf();  -- a hub down for long cannot fill the disk`);
  }
  if (publications.length === 0) statements.push(wanted.publication);
  else if (missingTables.length > 0) statements.push(`ALTER PUBLICATION ${CHANGE_PUBLICATION} ADD TABLE ${missingTables.map((t) => `"${t.replace(/"/g, '""')}"`).join(', ')};`);
  const otherDatabase = slot && slot.database !== settings.database ? slot.database ?? '(physical)' : undefined;
  const lost = slot?.wal_status === 'lost' || (slot?.invalidation_reason ?? null) !== null;
  if (!slot) statements.push(wanted.slot);
  else if (lost && !otherDatabase) statements.push(`SELECT pg_drop_replication_slot('${slotName}'); ${wanted.slot}  -- invalidated: recreate`);
  if (!settings.can_replicate) statements.push('ALTER ROLE <the graph\'s role> REPLICATION;');
  return {
    system,
    walLevel: settings.wal_level,
    publication: { present: publications.length > 0, missingTables },
    slot: slot
      ? {
          name: slotName,
          present: true,
          plugin: slot.plugin ?? undefined,
          ...(otherDatabase ? { otherDatabase } : {}),
          active: slot.active,
          walStatus: slot.wal_status,
          invalidationReason: slot.invalidation_reason,
          lagBytes: slot.lag === null ? null : Number(slot.lag),
          retainedBytes: slot.retained === null ? null : Number(slot.retained),
          confirmedFlushLsn: slot.confirmed,
          currentLsn: settings.current,
        }
      : { name: slotName, present: false, currentLsn: settings.current },
    canReplicate: settings.can_replicate,
    maxSlotWalKeepSize: settings.keep,
    statements,
    ready:
      settings.wal_level === 'logical' && missingTables.length === 0 && !!slot && !otherDatabase && !lost && slot.plugin === 'pgoutput' && settings.can_replicate,
  };
}

/**
 * Development and test servers only (kit/databases.ts prepareDatabases): the publication (its table
 * list brought in line) and the slot, created when missing and the server's wal_level is logical.
 * Returns what it created, or null when the server's wal_level is not logical (nothing done).
 */
export async function createChangeStreamObjects(db: Queryable, system: string, tables: readonly string[]): Promise<string[] | null> {
  const [{ wal_level: walLevel }] = await db.query<{ wal_level: string }>(`SELECT current_setting('wal_level') AS wal_level`);
  if (walLevel !== 'logical') return null;
  const created: string[] = [];
  const list = tables.map((table) => `"${table.replace(/"/g, '""')}"`).join(', ');
  const [publication] = await db.query(`SELECT 1 FROM pg_publication WHERE pubname = $1`, [CHANGE_PUBLICATION]);
  if (publication) await db.query(`ALTER PUBLICATION ${CHANGE_PUBLICATION} SET TABLE ${list}`);
  else {
    await db.query(`CREATE PUBLICATION ${CHANGE_PUBLICATION} FOR TABLE ${list}`);
    created.push(`publication ${CHANGE_PUBLICATION}`);
  }
  const slotName = changeSlotName(system);
  const [slot] = await db.query<{ lost: boolean }>(
    `SELECT (wal_status = 'lost' OR invalidation_reason IS NOT NULL) AS lost FROM pg_replication_slots WHERE slot_name = $1`,
    [slotName],
  );
  if (slot?.lost) await db.query('SELECT pg_drop_replication_slot($1)', [slotName]);
  if (!slot || slot.lost) {
    await db.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slotName]);
    created.push(`slot ${slotName}`);
  }
  return created;
}
