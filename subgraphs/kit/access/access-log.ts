// The access log's writer: every subgraph records, at the end of each request, which customers'
// personal data it served to whom (kit/access/policy.ts AccessRecorder); this writer batches those
// rows into the hub's `access_log` table, off the read path. One statement per batch, merged by
// (request id, customer): the subgraphs that served one client request add up to one row.
//
// The read path never waits for the log. A hub that cannot be written keeps the rows in memory and
// retries at the next flush (up to MAX_BUFFERED rows; past that the oldest are dropped, counted and
// logged as an error: an operator must see it). The data itself is never logged: ids and classes.
import { Database, openDatabase } from '../database';
import { logger } from '../logger';
import type { Caller } from './principal';
import type { DataClass } from './policy';

export interface AccessLogEntry {
  requestId: string;
  customerId: string;
  subject: string;
  role: string;
  purpose: string | null;
  dataClasses: DataClass[];
  subgraphs: string[];
}

export interface AccessLogWriter {
  /** Queues what one subgraph request read; returns at once. */
  record(caller: Caller, subgraph: string, reads: ReadonlyMap<string, ReadonlySet<DataClass>>): void;
  /** Writes everything queued now (tests, shutdown). */
  flush(): Promise<void>;
  /** Rows dropped because the hub could not be written for too long (0 in a healthy system). */
  dropped(): number;
  close(): Promise<void>;
}

const FLUSH_AFTER_MS = 200;
const MAX_BATCH = 2000;
const MAX_BUFFERED = 100_000;
const CUSTOMER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const INSERT = `
  INSERT INTO access_log AS a (request_id, customer_id, subject, role, purpose, data_classes, subgraphs)
  SELECT x.r, x.c::uuid, x.s, x.ro, x.p, string_to_array(x.d, ','), string_to_array(x.g, ',')
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(r, c, s, ro, p, d, g)
  ON CONFLICT (request_id, customer_id) DO UPDATE SET
    data_classes = ARRAY(SELECT DISTINCT v FROM unnest(a.data_classes || EXCLUDED.data_classes) AS v ORDER BY 1),
    subgraphs = ARRAY(SELECT DISTINCT v FROM unnest(a.subgraphs || EXCLUDED.subgraphs) AS v ORDER BY 1)`;

/** Writes to the hub database at `url` (its own small pool, named `access_log` in statement counts). */
export function openAccessLog(url: string): AccessLogWriter {
  return accessLogOn(openDatabase({ name: 'access_log', url, max: 1 }), true);
}

export function accessLogOn(db: Database, ownsDatabase = false): AccessLogWriter {
  // Merged by request and customer before writing: one statement cannot update a row twice.
  let pending = new Map<string, AccessLogEntry>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let dropped = 0;

  const schedule = (): void => {
    if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        void flush();
      }, FLUSH_AFTER_MS);
      timer.unref();
    }
  };

  const writeBatch = async (batch: AccessLogEntry[]): Promise<void> => {
    const column = (pick: (entry: AccessLogEntry) => string | null): (string | null)[] => batch.map(pick);
    await db.query(INSERT, [
      column((e) => e.requestId),
      column((e) => e.customerId),
      column((e) => e.subject),
      column((e) => e.role),
      column((e) => e.purpose),
      column((e) => e.dataClasses.join(',')),
      column((e) => e.subgraphs.join(',')),
    ]);
  };

  const flush = (): Promise<void> => {
    writing = writing.then(async () => {
      if (pending.size === 0) return;
      const entries = [...pending.values()];
      pending = new Map();
      for (let start = 0; start < entries.length; start += MAX_BATCH) {
        const batch = entries.slice(start, start + MAX_BATCH);
        try {
          await writeBatch(batch);
        } catch (error) {
          // Kept for the next flush; a later read of the same request merges into them.
          for (const entry of entries.slice(start)) requeue(entry);
          logger.warn({ err: (error as Error).message, rows: entries.length - start }, 'access log not written; retrying');
          schedule();
          return;
        }
      }
    });
    return writing;
  };

  const keyOf = (entry: AccessLogEntry): string => `${entry.requestId}\u0000${entry.customerId}`;
  const requeue = (entry: AccessLogEntry): void => {
    const key = keyOf(entry);
    const existing = pending.get(key);
    if (existing) {
      existing.dataClasses = [...new Set([...existing.dataClasses, ...entry.dataClasses])].sort();
      existing.subgraphs = [...new Set([...existing.subgraphs, ...entry.subgraphs])].sort();
      return;
    }
    if (pending.size >= MAX_BUFFERED) {
      const oldest = pending.keys().next().value as string;
      pending.delete(oldest);
      dropped += 1;
      logger.error({ dropped }, 'access log buffer full: oldest row dropped');
    }
    pending.set(key, entry);
  };

  return {
    record(caller, subgraph, reads) {
      for (const [customerId, classes] of reads) {
        if (!CUSTOMER_ID.test(customerId)) continue; // never a hub id: nothing to attach a row to
        requeue({
          requestId: caller.requestId,
          customerId,
          subject: caller.principal.subject,
          role: caller.principal.role,
          purpose: caller.purpose,
          dataClasses: [...classes].sort(),
          subgraphs: [subgraph],
        });
      }
      if (pending.size >= MAX_BATCH) void flush();
      else if (pending.size > 0) schedule();
    },
    flush,
    dropped: () => dropped,
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
      if (ownsDatabase) await db.close();
    },
  };
}
