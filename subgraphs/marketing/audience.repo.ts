// Who of a segment may be contacted on a channel for a purpose, by the campaign tool's own consent
// history: a contact is reachable when its latest mk_consent decision for that channel and purpose
// (latest `at`, then latest id: the same order that marks a decision in force in consents.repo.ts)
// is a grant; excluded otherwise, as refused (latest decision a refusal or withdrawal) or never asked.
// Any number of (segment, channel, purpose) requests in one statement (a DataLoader batch).
import { Queryable } from '../kit/database';

export interface AudienceRequest {
  segmentId: string;
  /** Legacy codes as mk_consent stores them (EMAIL, OFFERS). */
  channel: string;
  purpose: string;
}

export interface AudienceRow {
  k: number;
  members: number;
  reachable: number;
  refused: number;
  never_asked: number;
}

const AUDIENCE = `
WITH req AS (
  SELECT r.segment_id, r.channel, r.purpose, r.k::int AS k
    FROM unnest($1::int[], $2::text[], $3::text[]) WITH ORDINALITY AS r(segment_id, channel, purpose, k)
),
members AS (
  SELECT DISTINCT r.k, m.contact_uuid FROM req r JOIN mk_segment_member m ON m.segment_id = r.segment_id
),
decided AS (
  SELECT mb.k, mb.contact_uuid,
         (SELECT c.granted FROM mk_consent c
           WHERE c.contact_uuid = mb.contact_uuid
             AND upper(trim(c.channel)) = r.channel AND upper(trim(c.purpose)) = r.purpose
           ORDER BY c.at DESC, c.id DESC LIMIT 1) AS granted
    FROM members mb JOIN req r ON r.k = mb.k
)
SELECT r.k,
       count(d.contact_uuid)::int AS members,
       count(*) FILTER (WHERE d.granted)::int AS reachable,
       count(*) FILTER (WHERE d.granted = false)::int AS refused,
       count(*) FILTER (WHERE d.contact_uuid IS NOT NULL AND d.granted IS NULL)::int AS never_asked
  FROM req r LEFT JOIN decided d ON d.k = r.k
 GROUP BY r.k
 ORDER BY r.k`;

/** One row per request, in request order. Segment ids that are not numbers have no members. */
export async function segmentAudiences(db: Queryable, requests: readonly AudienceRequest[]): Promise<AudienceRow[]> {
  if (requests.length === 0) return [];
  return db.query<AudienceRow>(AUDIENCE, [
    requests.map((r) => (/^\d{1,9}$/.test(r.segmentId) ? r.segmentId : null)),
    requests.map((r) => r.channel),
    requests.map((r) => r.purpose),
  ]);
}
