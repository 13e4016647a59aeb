// Forward-only SQL migrations for the databases the project owns (the hub; development tools use
// it for theirs). Files `NNN_name.sql` run once each, in order, each in its own transaction,
// recorded in `schema_migrations`. Legacy databases are never migrated.
//
// Every process that needs the hub migrates it on start (npm start, the workers, db:setup, the
// database commands), so several may start at once against one database: each migration runs under
// a transaction-level advisory lock and is re-checked once the lock is held, so it runs exactly once
// and the others wait for it instead of failing on what it created.
import fs from 'node:fs';
import path from 'node:path';
import { Database, Queryable } from './database';

/** Key of the advisory lock, per database: any fixed number no other code of the project takes. */
const MIGRATION_LOCK = 7_310_420_011;

async function lock(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
}

export async function migrate(db: Database, directory: string): Promise<string[]> {
  if (!fs.existsSync(directory)) return [];
  await db.withTransaction(async (tx) => {
    await lock(tx);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  });
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((row) => row.name));
  const files = fs.readdirSync(directory).filter((file) => /^\d+_.*\.sql$/.test(file)).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = fs.readFileSync(path.join(directory, file), 'utf8');
    const ran = await db.withTransaction(async (tx) => {
      await lock(tx);
      const [{ already }] = await tx.query<{ already: boolean }>('SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = $1) AS already', [file]);
      if (already) return false;
      await tx.query(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      return true;
    });
    if (ran) applied.push(file);
  }
  return applied;
}
