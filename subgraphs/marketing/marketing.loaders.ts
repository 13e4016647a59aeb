import DataLoader from 'dataloader';
import { Channel } from '../../schema/common';
import { Database } from '../kit/database';
import { groupLoader, perCustomerLoader, RecordPairs, rowLoader } from '../kit/loaders';
import type { Principal } from '../kit/access/principal';
import { NO_READ_MODELS, ReadModelReader } from '../kit/read-model';
import { Campaign, CampaignStatistics } from './campaign.type';
import { campaignsByIds, CampaignRow, campaignStatistics, joinedCampaign } from './campaigns.repo';
import { consentsByIds, consentsOfContacts, ConsentRow } from './consents.repo';
import { PagedRow, PageRequest } from './contact-pages.repo';
import { Coupon } from './coupon.type';
import { couponPages, CouponRow, couponsByCodes } from './coupons.repo';
import { MarketingConsentRecord } from './consent.type';
import { Order, Receipt } from './entity-stubs.type';
import { CampaignKind, codeOf, ConsentPurpose, ConsentSource, MarketingChannel } from './marketing.enums';
import { Message } from './message.type';
import { messagePages, MessageRow, messagesByIds } from './messages.repo';
import { Segment } from './segment.type';
import { membershipsOfContacts, segmentMemberCounts, segmentsByIds, SegmentRow } from './segments.repo';
import { contactPointsOf } from './contact-points.repo';
import { AudienceRequest, segmentAudiences } from './audience.repo';

export function toCampaign(row: CampaignRow): Campaign {
  return Object.assign(new Campaign(), {
    id: row.campaign_id,
    name: row.name,
    channel: codeOf(MarketingChannel, row.channel, 'marketing channel'),
    channelCode: row.channel,
    kind: codeOf(CampaignKind, row.kind, 'mk_campaign.kind'),
    kindCode: row.kind,
    sentAt: row.sent_at,
    couponPrefix: row.coupon_prefix,
  });
}

export function toCampaignStatistics(row: {
  messages_sent: number;
  messages_opened: number;
  messages_clicked: number;
  messages_bounced: number;
  messages_unsubscribed: number;
  coupons_issued: number;
  coupons_redeemed: number;
  coupons_redeemed_in_store: number;
  coupons_redeemed_on_web: number;
}): CampaignStatistics {
  return Object.assign(new CampaignStatistics(), {
    messagesSent: row.messages_sent,
    messagesOpened: row.messages_opened,
    messagesClicked: row.messages_clicked,
    messagesBounced: row.messages_bounced,
    unsubscribed: row.messages_unsubscribed,
    couponsIssued: row.coupons_issued,
    couponsRedeemed: row.coupons_redeemed,
    couponsRedeemedInStore: row.coupons_redeemed_in_store,
    couponsRedeemedOnWeb: row.coupons_redeemed_on_web,
  });
}

/** The campaign read in the same statement as a message or coupon (see CAMPAIGN_JOIN). */
function campaignOf(row: Parameters<typeof joinedCampaign>[0]): Campaign | null {
  const campaign = joinedCampaign(row);
  return campaign ? toCampaign(campaign) : null;
}

export function toMessage(row: MessageRow): Message {
  return Object.assign(new Message(), {
    id: row.message_id,
    campaign: campaignOf(row),
    contactId: row.contact_uuid,
    sentAt: row.sent_at,
    opened: row.opened_at !== null,
    openedAt: row.opened_at,
    clicked: row.clicked_at !== null,
    clickedAt: row.clicked_at,
    bounced: row.bounced,
    unsubscribed: row.unsubscribed_at !== null,
    unsubscribedAt: row.unsubscribed_at,
  });
}

/** TICKET.NUM_TICKET is a bigint: anything else cannot name a receipt. */
const RECEIPT_NUMBER = /^\d{1,18}$/;

export function toCoupon(row: CouponRow): Coupon {
  const channelCode = row.redeemed_channel;
  const redeemedChannel = codeOf({ STORE: Channel.STORE, WEB: Channel.WEB }, channelCode, 'mk_coupon.redeemed_channel');
  const reference = row.redeemed_ref?.trim() || null;
  const redeemed = row.redeemed_at !== null;
  // The purchase is named only when the redemption says where it happened and the reference has
  // that system's shape: a wrong stub would show someone else's purchase.
  const receiptNumber = redeemed && redeemedChannel === Channel.STORE && reference && RECEIPT_NUMBER.test(reference) ? reference.replace(/^0+(?=\d)/, '') : null;
  const orderReference = redeemed && redeemedChannel === Channel.WEB && reference ? reference : null;
  return Object.assign(new Coupon(), {
    code: row.code,
    campaign: campaignOf(row),
    contactId: row.contact_uuid,
    issuedAt: row.issued_at,
    redeemed,
    redeemedAt: row.redeemed_at,
    redeemedChannel: redeemed ? redeemedChannel : null,
    redeemedChannelCode: channelCode,
    redeemedReference: row.redeemed_ref,
    redeemedReceipt: receiptNumber ? Object.assign(new Receipt(), { id: receiptNumber }) : null,
    redeemedOrder: orderReference ? Object.assign(new Order(), { reference: orderReference }) : null,
  });
}

export function toSegment(row: SegmentRow): Segment {
  return Object.assign(new Segment(), { id: row.segment_id, name: row.name, ruleText: row.rule_text });
}

export function toConsentRecord(row: ConsentRow): MarketingConsentRecord {
  return Object.assign(new MarketingConsentRecord(), {
    id: row.id,
    contactId: row.contact_uuid,
    channel: codeOf(MarketingChannel, row.channel, 'marketing channel'),
    channelCode: row.channel,
    purpose: codeOf(ConsentPurpose, row.purpose, 'mk_consent.purpose'),
    purposeCode: row.purpose,
    granted: row.granted,
    at: row.at,
    source: codeOf(ConsentSource, row.source, 'mk_consent.source'),
    sourceCode: row.source,
    inForce: row.in_force,
    sortAt: row.sort_at,
  });
}

/**
 * Pages of rows per customer request. Requests of one tick (one `_entities` batch, even with
 * different `first`/`after` per alias) become one statement; equal requests share their answer.
 */
function pageLoader<R>(
  fetch: (requests: readonly PageRequest[], pairs: RecordPairs<string>) => Promise<PagedRow<R>[]>,
): DataLoader<PageRequest, PagedRow<R>[], string> {
  return perCustomerLoader((request: PageRequest) => request.contacts, fetch, (row) => row.k);
}

export function createMarketingLoaders(db: Database, _principal?: Principal, readModels: ReadModelReader = NO_READ_MODELS) {
  // READ_MODEL=marketing.mk_consent (kit/read-model.ts): one lookup in the hub per batch of contacts.
  const consentKeys = async (contacts: readonly string[]) =>
    readModels.covers('marketing', 'mk_consent') ? readModels.keysFor('marketing', 'mk_consent', contacts.map((contact) => contact.toLowerCase())) : undefined; // uuid::text is lower case
  return {
    campaign: rowLoader((ids: readonly string[]) => campaignsByIds(db, ids), (row) => row.campaign_id),
    campaignStatistics: rowLoader((ids: readonly string[]) => campaignStatistics(db, ids), (row) => row.campaign_id),
    message: rowLoader((ids: readonly string[]) => messagesByIds(db, ids), (row) => row.message_id),
    coupon: rowLoader((codes: readonly string[]) => couponsByCodes(db, codes), (row) => row.code),
    segment: rowLoader((ids: readonly string[]) => segmentsByIds(db, ids), (row) => row.segment_id),
    segmentMemberCount: rowLoader((ids: readonly string[]) => segmentMemberCounts(db, ids), (row) => row.segment_id),
    messagePages: pageLoader<MessageRow>((requests, pairs) => messagePages(db, requests, pairs)),
    couponPages: pageLoader<CouponRow>((requests, pairs) => couponPages(db, requests, pairs)),
    /** Keyed by contact UUID: the customer combines their contacts' rows. */
    memberships: groupLoader((contacts: readonly string[]) => membershipsOfContacts(db, contacts), (row) => row.contact_uuid),
    /** Consent decisions by id (the history's records). */
    consent: rowLoader((ids: readonly string[]) => consentsByIds(db, ids), (row) => row.id),
    consents: groupLoader(async (contacts: readonly string[]) => consentsOfContacts(db, contacts, await consentKeys(contacts)), (row) => row.contact_uuid),
    /** The campaign tool's e-mail and mobile of each contact (Customer.marketingEmail / marketingMobile). */
    contactPoints: rowLoader((contacts: readonly string[]) => contactPointsOf(db, contacts), (row) => row.contact_uuid),
    /** Segment audiences by consent (Segment.audience): every request of a tick in one statement. */
    audience: new DataLoader(
      async (requests: readonly AudienceRequest[]) => {
        const byRequest = new Map((await segmentAudiences(db, requests)).map((row) => [row.k, row]));
        return requests.map((_, i) => byRequest.get(i + 1)!);
      },
      { cacheKeyFn: (r) => `${r.segmentId}|${r.channel}|${r.purpose}` },
    ),
  };
}

export type MarketingLoaders = ReturnType<typeof createMarketingLoaders>;
