// The index contract with the legacy systems (issue 14). The legacy tables belong to other teams and
// carry primary keys only, so every per-customer read would scan its whole table. Each channel
// declares the indexes its reads rely on (`indexes` in its definition: table, columns, a stable
// name, and which query needs it); the project never creates them on a production legacy database:
// - `npm run db:check` (devtools/db-check.ts) tells each system's DBAs what is missing, with the
//   exact `CREATE INDEX CONCURRENTLY` statement and the measured cost of going without;
// - development and test databases get them (kit/databases.ts prepareDatabases), so that tests see
//   production-like plans (test/index-contract.test.ts).
// An index is present when the table has a usable one whose leading key columns are the declared
// ones, whatever its name: a DBA may well have created an equivalent index under their own name,
// or the primary key may already lead with them.
import type { Queryable } from './database';
import { checkReadModelDeclaration, ReadModelDeclaration } from './read-model';

export interface IndexDeclaration {
  /** The legacy table, as its system spells it (`TICKET`, `orders`): quoted when created. */
  table: string;
  /**
   * Key columns in order, as the table spells them (quoted when created). An expression (anything
   * with a parenthesis, e.g. `lower(email)`) is written as SQL and used as it is.
   */
  columns: readonly string[];
  /** Stable name of the index when the project asks for it: `cg_<table>_<columns>`. */
  name: string;
  /** Which query, field or feed needs it: said to the DBAs next to the statement. */
  why: string;
  /**
   * Where the owner refuses this index, a read model in the hub may stand in for it (kit/read-model.ts):
   * the table's growing primary key, which the leading column (a foreign key) maps to. Declared only
   * where the channel's per-customer read uses it when on; on only where READ_MODEL names the table.
   */
  readModel?: ReadModelDeclaration;
}

/** What the catalog says of one declaration on one database. */
export interface IndexStatus {
  declaration: IndexDeclaration;
  /** The usable index found (its own name, which may differ from the declared one), or null. */
  presentAs: string | null;
  /** Indexes with the declared leading columns that cannot be used (a failed concurrent build), by name. */
  invalid: string[];
}

const INDEX_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** An identifier quoted for SQL, any quote doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function isExpression(column: string): boolean {
  return column.includes('(');
}

/** A key column as SQL: a column name quoted, an expression as written. */
function columnSql(column: string): string {
  return isExpression(column) ? column : quoteIdentifier(column);
}

/** Checks a declaration's shape; the message names it. */
export function checkIndexDeclaration(declaration: IndexDeclaration): void {
  const what = `index ${declaration.name || '(unnamed)'} on ${declaration.table}`;
  if (!INDEX_NAME.test(declaration.name)) throw new Error(`${what}: its name must be lower case letters, digits and _ (at most 63)`);
  if (!declaration.table) throw new Error(`${what}: no table`);
  if (declaration.columns.length === 0) throw new Error(`${what}: no column`);
  if (!declaration.why.trim()) throw new Error(`${what}: says not which query needs it`);
  checkReadModelDeclaration(declaration);
}

/**
 * The statement that creates a declared index. `concurrently` is what the DBAs of a live system
 * run (no lock that blocks the application's writes; not inside a transaction); development and
 * test databases use the plain form.
 */
export function createIndexStatement(declaration: IndexDeclaration, options: { concurrently: boolean }): string {
  checkIndexDeclaration(declaration);
  return (
    `CREATE INDEX ${options.concurrently ? 'CONCURRENTLY ' : ''}IF NOT EXISTS ${quoteIdentifier(declaration.name)} ` +
    `ON ${quoteIdentifier(declaration.table)} (${declaration.columns.map(columnSql).join(', ')});`
  );
}

/** An index key as compared: a column's name as is; an expression without spaces, quotes, casts to text and outer parentheses, lower case. */
function comparable(key: string, expression: boolean): string {
  if (!expression) return key;
  let text = key.toLowerCase().replace(/::(text|character varying|varchar)/g, '').replace(/["\s]/g, '');
  while (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1);
  return text.replace(/\(\(([a-z0-9_]+)\)\)/g, '($1)');
}

interface CatalogIndex {
  table: string;
  name: string;
  valid: boolean;
  /** Each key column: its name (a plain column) or pg_get_indexdef's expression. */
  keys: { name: string | null; expression: string }[];
}

/**
 * Every btree, non-partial index of the tables named, with its key columns, from pg_index (the
 * primary keys included). Public schema, as the legacy systems keep their tables.
 */
async function catalogIndexes(db: Queryable, tables: readonly string[]): Promise<CatalogIndex[]> {
  const rows = await db.query<{ table: string; name: string; valid: boolean; keys: { name: string | null; expression: string }[] }>(
    `SELECT t.relname AS table, i.relname AS name, x.indisvalid AND x.indisready AS valid,
            (SELECT json_agg(json_build_object('name', a.attname, 'expression', pg_get_indexdef(x.indexrelid, k.n::int, true)) ORDER BY k.n)
               FROM generate_series(1, x.indnkeyatts) AS k(n)
               LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.n - 1] AND x.indkey[k.n - 1] <> 0) AS keys
       FROM pg_index x
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace s ON s.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE s.nspname = 'public' AND t.relname = ANY($1::text[]) AND am.amname = 'btree' AND x.indpred IS NULL
      ORDER BY t.relname, i.relname`,
    [[...new Set(tables)]],
  );
  return rows;
}

/** Whether an index's leading key columns are the declared ones. */
function leadsWith(index: CatalogIndex, declaration: IndexDeclaration): boolean {
  if (index.table !== declaration.table || index.keys.length < declaration.columns.length) return false;
  return declaration.columns.every((column, i) => {
    const key = index.keys[i];
    if (!isExpression(column)) return key.name === column;
    return key.name === null && comparable(key.expression, true) === comparable(column, true);
  });
}

/** Each declaration with the usable index that serves it, if any (by columns, not by name). */
export async function indexStatuses(db: Queryable, declarations: readonly IndexDeclaration[]): Promise<IndexStatus[]> {
  if (declarations.length === 0) return [];
  const catalog = await catalogIndexes(
    db,
    declarations.map((declaration) => declaration.table),
  );
  return declarations.map((declaration) => {
    const matching = catalog.filter((index) => leadsWith(index, declaration));
    const usable = matching.find((index) => index.valid);
    return {
      declaration,
      presentAs: usable?.name ?? null,
      invalid: matching.filter((index) => !index.valid).map((index) => index.name),
    };
  });
}

/** The declarations no usable index serves on this database. */
export async function missingIndexes(db: Queryable, declarations: readonly IndexDeclaration[]): Promise<IndexDeclaration[]> {
  return (await indexStatuses(db, declarations)).filter((status) => status.presentAs === null).map((status) => status.declaration);
}

/**
 * Development and test databases only (kit/databases.ts prepareDatabases): creates every declared
 * index the database lacks (an equivalent one under another name counts), plain CREATE INDEX.
 * Never called on a database given by a *_DATABASE_URL variable. Returns the names created.
 */
export async function createDeclaredIndexes(db: Queryable, declarations: readonly IndexDeclaration[], onCreate?: (name: string) => void): Promise<string[]> {
  const created: string[] = [];
  for (const declaration of await missingIndexes(db, declarations)) {
    onCreate?.(declaration.name);
    await db.query(createIndexStatement(declaration, { concurrently: false }));
    created.push(declaration.name);
  }
  return created;
}
