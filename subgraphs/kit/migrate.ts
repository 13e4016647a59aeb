// Forward-only SQL migrations for the databases the project owns (the hub, the ground truth).
// Files `NNN_name.sql` run once each, in order, each in its own transaction, recorded in
// `schema_migrations`. Legacy databases are never migrated.
import fs from 'node:fs';
import path from 'node:path';
import { Database } from './database';

export async function migrate(db: Database, directory: string): Promise<string[]> {
  if (!fs.existsSync(directory)) return [];
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((row) => row.name));
  const files = fs.readdirSync(directory).filter((file) => /^\d+_.*\.sql$/.test(file)).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = fs.readFileSync(path.join(directory, file), 'utf8');
    await db.withTransaction(async (tx) => {
      await tx.query(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
    });
    applied.push(file);
  }
  return applied;
}
