// The one module that imports `pg` (STYLE 6). Every SQL statement of the project goes through a
// `Database` made here, so that:
// - parameters are always passed separately from the text (no string-built SQL);
// - timing is logged without the parameters (they carry personal data);
// - tests can count the statements a GraphQL operation cost (no N+1);
// - transactions always release their client, and shutdown ends the pool.
import { Pool, PoolClient, QueryResultRow } from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { logger } from './logger';

export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  /** Logical name used in logs and errors: `store`, `customer`, … never the URL. */
  readonly name: string;
  withTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** `COPY … FROM STDIN` fed by `rows` (already encoded in COPY text format). */
  copyFrom(copySql: string, rows: AsyncIterable<string> | Iterable<string>): Promise<void>;
  /** Number of statements sent since the database was opened (tests assert on differences). */
  statementCount(): number;
  /**
   * Readiness: `SELECT 1` on the pool, rejected after `timeoutMs` (a database that does not answer
   * must not hold a probe for the pool's connect timeout). Not counted as a statement: it is no
   * operation's cost.
   */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  name: string;
  url: string;
  /** Pool size; small by default: the legacy systems belong to other teams. */
  max?: number;
  /** Server-side cap on any one statement, so a stuck legacy query cannot hold a request forever. */
  statementTimeoutMs?: number;
  /** How long to wait for a new connection before giving up (5 s). */
  connectionTimeoutMs?: number;
  /** Called for every statement sent (tests use it to count per operation). */
  onStatement?: (database: string, text: string) => void;
}

const statementListeners = new Set<(database: string, text: string) => void>();

/**
 * Watches every statement sent by every Database of this process until the returned function is
 * called. Tests use it to count what one GraphQL operation cost, database by database.
 */
export function watchStatements(listener: (database: string, text: string) => void): () => void {
  statementListeners.add(listener);
  return () => statementListeners.delete(listener);
}

export function openDatabase(options: DatabaseOptions): Database {
  const pool = new Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: 10_000,
    application_name: `customer-graph:${options.name}`,
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', (error) => logger.warn({ db: options.name, err: error.message }, 'idle database client failed'));

  let statements = 0;
  const count = (text: string): void => {
    statements += 1;
    options.onStatement?.(options.name, text);
    for (const listener of statementListeners) listener(options.name, text);
  };

  const run = async <R extends QueryResultRow>(
    client: Pool | PoolClient,
    text: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> => {
    const started = process.hrtime.bigint();
    count(text);
    try {
      const result = await client.query<R>(text, params as unknown[]);
      return result.rows;
    } finally {
      // The statement's first words say which query it is; parameters are never logged. Worked
      // out only when debug logging is on (every statement of every request passes here).
      if (logger.isLevelEnabled('debug')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        logger.debug({ db: options.name, ms: Math.round(ms * 10) / 10, sql: summarise(text) }, 'sql');
      }
    }
  };

  return {
    name: options.name,
    query: (text, params) => run(pool, text, params),
    async withTransaction(work) {
      const client = await pool.connect();
      // A checked-out client is no longer the pool's to watch: a server that ends the session
      // between two statements (shutdown, pg_terminate_backend) would otherwise crash the process.
      // The next statement fails instead, and the transaction with it.
      const onError = (error: Error): void => logger.warn({ db: options.name, err: error.message }, 'transaction connection failed');
      client.on('error', onError);
      try {
        await run(client, 'BEGIN');
        const result = await work({ query: (text, params) => run(client, text, params) });
        await run(client, 'COMMIT');
        return result;
      } catch (error) {
        await run(client, 'ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', onError);
        client.release();
      }
    },
    async copyFrom(copySql, rows) {
      const client = await pool.connect();
      // A server lost mid-COPY must fail this call (pipeline rejects), not crash the process.
      const onError = (error: Error): void => logger.warn({ db: options.name, err: error.message }, 'COPY connection failed');
      client.on('error', onError);
      try {
        count(copySql);
        const sink = client.query(copyFromStream(copySql));
        await pipeline(Readable.from(batchLines(rows)), sink);
      } finally {
        client.off('error', onError);
        client.release();
      }
    },
    statementCount: () => statements,
    async ping(timeoutMs) {
      const probe = pool.query('SELECT 1');
      // The probe may settle after the timeout: its late failure must not become an unhandled rejection.
      probe.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([probe, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => pool.end(),
  };
}

/** Groups COPY lines into ~64 KiB chunks: one write per line would dominate the load time. */
async function* batchLines(rows: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let chunk = '';
  for await (const row of rows) {
    chunk += row;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function summarise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 80);
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** Encodes one value for COPY text format (tab-separated, `\N` for null). */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : String(value);
  // Most values hold nothing to escape: skip four regex passes for them (a quarter of load time).
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyLine(values: readonly unknown[]): string {
  return values.map(copyValue).join('\t') + '\n';
}

/** Replaces the database name of a connection URL (used to reach `postgres` or a per-test copy). */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A URL safe to print: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
