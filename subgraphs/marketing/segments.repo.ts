// mk_segment and mk_segment_member: named groups of contacts, built by a rule of the campaign tool.
import { Queryable } from '../kit/database';

export interface SegmentRow {
  segment_id: string;
  name: string;
  rule_text: string;
}

export interface MembershipRow extends SegmentRow {
  contact_uuid: string;
  added_at: Date;
}

export const SEGMENT_ID = /^\d{1,9}$/;

export function segmentsByIds(db: Queryable, ids: readonly string[]): Promise<SegmentRow[]> {
  const valid = ids.filter((id) => SEGMENT_ID.test(id));
  if (valid.length === 0) return Promise.resolve([]);
  return db.query<SegmentRow>(
    'SELECT segment_id::text AS segment_id, name, rule_text FROM mk_segment WHERE segment_id = ANY($1::int[])',
    [valid],
  );
}

/** `limit` segments by id, after `afterId` when given. */
export function listSegments(db: Queryable, limit: number, afterId: string | null): Promise<SegmentRow[]> {
  return db.query<SegmentRow>(
    `SELECT segment_id::text AS segment_id, name, rule_text FROM mk_segment
      WHERE ($2::int IS NULL OR segment_id > $2::int) ORDER BY segment_id LIMIT $1`,
    [limit, afterId],
  );
}

/** Distinct contacts in each segment. */
export function segmentMemberCounts(db: Queryable, ids: readonly string[]): Promise<{ segment_id: string; members: number }[]> {
  const valid = ids.filter((id) => SEGMENT_ID.test(id));
  if (valid.length === 0) return Promise.resolve([]);
  return db.query(
    `SELECT segment_id::text AS segment_id, count(DISTINCT contact_uuid)::int AS members
       FROM mk_segment_member WHERE segment_id = ANY($1::int[]) GROUP BY segment_id`,
    [valid],
  );
}

/**
 * The segments each contact belongs to, with the segment itself, in one statement. A contact
 * listed twice in one segment counts once, since its first addition.
 */
export function membershipsOfContacts(db: Queryable, contacts: readonly string[]): Promise<MembershipRow[]> {
  if (contacts.length === 0) return Promise.resolve([]);
  return db.query<MembershipRow>(
    `SELECT m.contact_uuid::text AS contact_uuid, s.segment_id::text AS segment_id, s.name, s.rule_text,
            min(m.added_at) AS added_at
       FROM mk_segment_member m
       JOIN mk_segment s ON s.segment_id = m.segment_id
      WHERE m.contact_uuid = ANY($1::uuid[])
      GROUP BY m.contact_uuid, s.segment_id, s.name, s.rule_text`,
    [contacts],
  );
}
