// mk_message: one message of a campaign sent to one contact, with what became of it.
import { Queryable } from '../kit/database';
import { RecordPairs } from '../kit/loaders';
import { CAMPAIGN_JOIN, JOINED_CAMPAIGN_COLUMNS, JoinedCampaignColumns } from './campaigns.repo';
import { PagedTable, PageRequest, pagesByContacts, PagedRow } from './contact-pages.repo';

export interface MessageRow extends JoinedCampaignColumns {
  message_id: string;
  campaign_id: string;
  contact_uuid: string;
  sent_at: Date;
  opened_at: Date | null;
  clicked_at: Date | null;
  bounced: boolean;
  unsubscribed_at: Date | null;
}

const COLUMNS = `t.message_id::text AS message_id, t.campaign_id::text AS campaign_id, t.contact_uuid::text AS contact_uuid,
  t.sent_at, t.opened_at, t.clicked_at, t.bounced, t.unsubscribed_at,
  ${JOINED_CAMPAIGN_COLUMNS}`;

export const MESSAGE_ID = /^\d{1,18}$/;

export function messagesByIds(db: Queryable, ids: readonly string[]): Promise<MessageRow[]> {
  const valid = ids.filter((id) => MESSAGE_ID.test(id));
  if (valid.length === 0) return Promise.resolve([]);
  return db.query<MessageRow>(`SELECT ${COLUMNS} FROM mk_message t ${CAMPAIGN_JOIN} WHERE t.message_id = ANY($1::bigint[])`, [valid]);
}

const MESSAGES: PagedTable = { table: 'mk_message', columns: COLUMNS, instant: 'sent_at', id: 'message_id', idCast: 'bigint', joins: CAMPAIGN_JOIN };

/** A page of each request's messages, newest sent first, in one statement. */
export function messagePages(db: Queryable, requests: readonly PageRequest[], pairs: RecordPairs<string>): Promise<PagedRow<MessageRow>[]> {
  return pagesByContacts<MessageRow>(db, MESSAGES, requests, pairs);
}
