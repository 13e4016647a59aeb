// The indexes the marketing channel's reads rely on in marketing_legacy (kit/index-contract.ts).
// The campaign tool's tables carry primary keys only (mk_segment_member none at all); every read
// below goes by another column. Created in development and test databases; reported to the
// campaign tool's DBAs by `npm run db:check`, never created by the project on their database.
import type { IndexDeclaration } from '../kit/index-contract';

export const marketingIndexes: readonly IndexDeclaration[] = [
  {
    table: 'mk_consent',
    columns: ['contact_uuid'],
    name: 'cg_mk_consent_contact_uuid',
    why:
      "a customer's consent history and the decision in force (Customer.marketingConsents: consents.repo.ts consentsOfContacts, " +
      'consentsByIds), a segment audience by consent, export and erasure',
    // Where refused: READ_MODEL=marketing.mk_consent serves a customer's consent history (consentsOfContacts)
    // from the hub's copy of (contact_uuid, id) (kit/read-model.ts; the other reads named above read through).
    readModel: { primaryKey: 'id' },
  },
  {
    table: 'mk_message',
    columns: ['contact_uuid', 'sent_at'],
    name: 'cg_mk_message_contact_uuid_sent_at',
    why: "a customer's messages, newest sent first (Customer.messages and its cursor: messages.repo.ts messagePages), export and erasure",
  },
  {
    table: 'mk_coupon',
    columns: ['contact_uuid', 'issued_at'],
    name: 'cg_mk_coupon_contact_uuid_issued_at',
    why: "a customer's coupons, newest issued first (Customer.coupons and its cursor: coupons.repo.ts couponPages), export and erasure",
  },
  {
    table: 'mk_segment_member',
    columns: ['contact_uuid'],
    name: 'cg_mk_segment_member_contact_uuid',
    why: "a customer's segments (Customer.segments: segments.repo.ts membershipsOfContacts), export and erasure",
  },
  {
    table: 'mk_segment_member',
    columns: ['segment_id'],
    name: 'cg_mk_segment_member_segment_id',
    why: "a segment's members (Segment.memberCount: segments.repo.ts segmentMemberCounts; Segment.audience)",
  },
  {
    table: 'mk_message',
    columns: ['campaign_id'],
    name: 'cg_mk_message_campaign_id',
    why: "a campaign's message counts (Campaign.statistics: campaigns.repo.ts campaignStatistics)",
  },
  {
    table: 'mk_coupon',
    columns: ['campaign_id'],
    name: 'cg_mk_coupon_campaign_id',
    why: "a campaign's coupon counts (Campaign.statistics: campaigns.repo.ts campaignStatistics)",
  },
  {
    table: 'mk_coupon',
    columns: ['redeemed_at'],
    name: 'cg_mk_coupon_redeemed_at',
    why: 'the coupon-redemptions touchpoint feed by (redeemed_at, code) (touchpoints.feed.ts marketing.coupons)',
  },
  {
    table: 'mk_contact',
    columns: ['updated_at'],
    name: 'cg_mk_contact_updated_at',
    why: "the identity extractor's incremental read of changed contacts (identity.extract.ts: updated_at >= …, every 30 s)",
  },
  {
    table: 'mk_message',
    columns: ['opened_at', 'message_id'],
    name: 'cg_mk_message_opened_at_message_id',
    why: 'the messages touchpoint feed\'s late-event pass: opens filled in on messages already read, by (opened_at, message_id) (touchpoints.feed.ts marketing.messages)',
  },
  {
    table: 'mk_message',
    columns: ['clicked_at', 'message_id'],
    name: 'cg_mk_message_clicked_at_message_id',
    why: 'the messages touchpoint feed\'s late-event pass: clicks filled in on messages already read, by (clicked_at, message_id) (touchpoints.feed.ts marketing.messages)',
  },
  {
    table: 'mk_message',
    columns: ['unsubscribed_at', 'message_id'],
    name: 'cg_mk_message_unsubscribed_at_message_id',
    why: 'the messages touchpoint feed\'s late-event pass: unsubscribes filled in on messages already read, by (unsubscribed_at, message_id) (touchpoints.feed.ts marketing.messages)',
  },
];
