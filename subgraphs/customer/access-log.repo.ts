// SQL of the access log's read side (the writer is kit/access/access-log.ts): who read a customer's
// personal data, newest first, a page per customer for any number of customers in one statement.
import { Queryable } from '../kit/database';

export interface AccessLogRow {
  id: string;
  customer_id: string;
  subject: string;
  role: string;
  purpose: string | null;
  data_classes: string[];
  subgraphs: string[];
  read_at: Date;
  /** read_at as exact UTC text with microseconds: the cursor's sort key. */
  read_key: string;
}

export interface AccessLogArgs {
  since: string | null;
  until: string | null;
  afterInstant: string | null;
  afterId: string | null;
  /** Rows per customer (one more than the page: whether another follows). */
  limit: number;
}

export async function accessLogOf(db: Queryable, customerIds: readonly string[], args: AccessLogArgs): Promise<AccessLogRow[]> {
  if (customerIds.length === 0) return [];
  return db.query<AccessLogRow>(
    `SELECT x.id, x.customer_id, x.subject, x.role, x.purpose, x.data_classes, x.subgraphs, x.read_at, x.read_key
       FROM (SELECT a.id::text AS id, a.customer_id::text AS customer_id, a.subject, a.role, a.purpose, a.data_classes, a.subgraphs,
                    a.read_at, to_char(a.read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS read_key,
                    row_number() OVER (PARTITION BY a.customer_id ORDER BY a.read_at DESC, a.id DESC) AS n
               FROM access_log a
              WHERE a.customer_id = ANY($1::uuid[])
                AND ($2::timestamptz IS NULL OR a.read_at >= $2::timestamptz)
                AND ($3::timestamptz IS NULL OR a.read_at < $3::timestamptz)
                AND ($4::timestamptz IS NULL OR (a.read_at, a.id) < ($4::timestamptz, $5::bigint))) x
      WHERE x.n <= $6
      ORDER BY x.customer_id, x.read_at DESC, x.id DESC`,
    [customerIds, args.since, args.until, args.afterInstant, args.afterId, args.limit],
  );
}
