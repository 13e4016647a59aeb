// marketing_legacy: contacts, consent history, campaigns, messages, segments and coupons.
// Messages go only to contacts whose consent allowed them at the time; an unsubscribe link in one
// message is the consent withdrawal that follows it. Coupons are redeemed on real receipts/orders.
import { copyLine } from '../../subgraphs/kit/database';
import { REFERENCE_DAY, REFERENCE_INSTANT, WINDOW_START_DAY, civilFromDays, timestamptz } from './calendar';
import { EcommercePlan, orderReference } from './ecommerce';
import { sha256Hex } from './identifiers';
import { MkContact, World } from './model';
import { instantOn } from './records';
import { Rng, streamId, weighted } from './random';
import { StorePlan, ticketNumber } from './store';
import { bool, TableLoad } from './tables';
import { Timeline } from './timeline';

const S_CAMPAIGNS = streamId('marketing.campaigns');
const S_CONSENT = streamId('marketing.consent');
const S_DELIVERIES = streamId('marketing.deliveries');
const S_COUPON = streamId('marketing.coupon');
const S_SEGMENTS = streamId('marketing.segments');
const S_MEMBER = streamId('marketing.member');
const S_MEMBER_ADDED = streamId('marketing.member-added');

type Channel = 'EMAIL' | 'SMS' | 'POST' | 'PHONE' | 'PUSH';
type Purpose = 'NEWSLETTER' | 'OFFERS' | 'PROFILING' | 'PARTNERS';
type ConsentSource = 'WEB_FORM' | 'STORE_TABLET' | 'CALL' | 'IMPORT';
type Kind = 'PROMO' | 'INFO' | 'EVENT' | 'SURVEY';

export interface Campaign {
  readonly index: number;
  readonly id: number;
  readonly name: string;
  readonly channel: 'EMAIL' | 'SMS';
  readonly kind: Kind;
  readonly sent: number;
  readonly couponPrefix: string | null;
}

interface Segment {
  readonly id: number;
  readonly name: string;
  readonly rule: string;
  readonly builtAt: number;
  readonly test: (plan: MarketingPlan, k: number) => boolean;
}

export interface MarketingPlan {
  readonly campaigns: Campaign[];
  readonly consents: Timeline;
  readonly consentContact: number[];
  readonly consentChannel: Channel[];
  readonly consentPurpose: Purpose[];
  readonly consentGranted: boolean[];
  readonly consentSource: ConsentSource[];
  /** Consent rows of contact k: plan indexes contactConsents[k] … contactConsents[k + 1] - 1. */
  readonly contactConsents: Int32Array;
  /** The campaign whose unsubscribe link contact k used (-1: none), and when. */
  readonly unsubscribeCampaign: Int32Array;
  readonly unsubscribeAt: Float64Array;
  readonly bouncing: Uint8Array;
  readonly segments: Segment[];
  messages: number;
  coupons: number;
  members: number;
}

const KINDS = weighted<Kind>([['PROMO', 55], ['INFO', 20], ['EVENT', 15], ['SURVEY', 10]]);
const PROMO_NAMES = ['Soldes d’hiver', 'Saint-Valentin', 'Printemps de la maison', 'Pâques', 'Fête des mères', 'Fête des pères', 'Soldes d’été', 'Vacances', 'Rentrée déco', 'Semaine du linge', 'Black Friday', 'Noël'];
const PROMO_PREFIXES = ['SOLDH', 'VALEN', 'PRINT', 'PAQUE', 'MAMAN', 'PAPA', 'SOLDE', 'VACAN', 'DECO', 'LINGE', 'BF', 'NOEL'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const EVENTS = ['Journées privilège', 'Nocturne en magasin', 'Atelier déco en magasin', 'Vente privée porteurs de carte'];

/** A campaign every week or two over the three years. */
function planCampaigns(seed: number): Campaign[] {
  const rng = new Rng(seed, S_CAMPAIGNS);
  const campaigns: Campaign[] = [];
  for (let day = WINDOW_START_DAY + rng.int(3, 10); day < REFERENCE_DAY - 1; day += rng.int(8, 16)) {
    const [year, month] = civilFromDays(day);
    const kind = rng.choose(KINDS);
    const channel = kind !== 'SURVEY' && rng.chance(0.2) ? 'SMS' : 'EMAIL';
    const name =
      kind === 'PROMO'
        ? `${PROMO_NAMES[month - 1]} ${year}`
        : kind === 'INFO'
          ? `Newsletter ${MONTHS[month - 1]} ${year}`
          : kind === 'EVENT'
            ? `${rng.pick(EVENTS)} ${MONTHS[month - 1]} ${year}`
            : `Enquête satisfaction ${MONTHS[month - 1]} ${year}`;
    const couponPrefix = kind === 'PROMO' && rng.chance(0.5) ? `${PROMO_PREFIXES[month - 1]}${year % 100}` : null;
    const index = campaigns.length;
    campaigns.push({ index, id: index + 1, name, channel, kind, sent: instantOn(day, rng, 9, 11), couponPrefix });
  }
  return campaigns;
}

const SOURCE_OF: Record<MkContact['source'], ConsentSource> = {
  WEB: 'WEB_FORM',
  STORE: 'STORE_TABLET',
  IMPORT: 'IMPORT',
  EVENT: 'STORE_TABLET',
  CONTEST: 'WEB_FORM',
};
const LATER_SOURCES: ConsentSource[] = ['WEB_FORM', 'WEB_FORM', 'STORE_TABLET', 'CALL'];

export function planMarketing(world: World): MarketingPlan {
  const n = world.mkContacts.length;
  const plan: MarketingPlan = {
    campaigns: planCampaigns(world.seed),
    consents: new Timeline(),
    consentContact: [],
    consentChannel: [],
    consentPurpose: [],
    consentGranted: [],
    consentSource: [],
    contactConsents: new Int32Array(n + 1),
    unsubscribeCampaign: new Int32Array(n).fill(-1),
    unsubscribeAt: new Float64Array(n),
    bouncing: new Uint8Array(n),
    segments: [],
    messages: 0,
    coupons: 0,
    members: 0,
  };
  world.mkContacts.forEach((contact, k) => {
    plan.contactConsents[k] = plan.consents.size;
    planConsents(world, plan, contact, k);
  });
  plan.contactConsents[n] = plan.consents.size;
  plan.segments.push(...planSegments(world));
  for (const delivery of deliveries(world, plan)) {
    plan.messages += 1;
    if (delivery.campaign.couponPrefix && !delivery.bounced) plan.coupons += 1;
  }
  for (const segment of plan.segments) for (let k = 0; k < n; k += 1) if (segment.test(plan, k)) plan.members += 1;
  return plan;
}

/**
 * A contact's consent history: what they said when they were created, then for some a change of
 * mind later (and for a few a change back). Several rows per channel and purpose, over time.
 */
function planConsents(world: World, plan: MarketingPlan, contact: MkContact, k: number): void {
  const rng = new Rng(world.seed, S_CONSENT, k);
  const start = contact.created;
  const source = SOURCE_OF[contact.source];
  const add = (channel: Channel, purpose: Purpose, granted: boolean, at: number, from: ConsentSource): void => {
    plan.consents.add(Math.min(at, REFERENCE_INSTANT - 1));
    plan.consentContact.push(k);
    plan.consentChannel.push(channel);
    plan.consentPurpose.push(purpose);
    plan.consentGranted.push(granted);
    plan.consentSource.push(from);
  };
  const history = (channel: Channel, purpose: Purpose, granted: boolean): void => {
    add(channel, purpose, granted, start, source);
    let current = granted;
    let at = start;
    for (let change = 0; change < 2 && rng.chance(change === 0 ? 0.12 : 0.3); change += 1) {
      at += rng.int(86_400, Math.max(86_400, REFERENCE_INSTANT - at - 3600));
      if (at >= REFERENCE_INSTANT) break;
      current = !current;
      add(channel, purpose, current, at, rng.pick(LATER_SOURCES));
    }
  };

  const news = contact.email ? (contact.person.likesNews ? rng.chance(0.9) : rng.chance(0.25)) : false;
  if (contact.email) {
    history('EMAIL', 'NEWSLETTER', news);
    history('EMAIL', 'OFFERS', rng.chance(0.55));
    plan.bouncing[k] = rng.chance(0.03) ? 1 : 0;
  }
  if (contact.mobile) history('SMS', 'OFFERS', rng.chance(0.45));
  if (rng.chance(0.2)) history('POST', 'OFFERS', rng.chance(0.6));
  if (rng.chance(0.08)) history('PHONE', 'OFFERS', rng.chance(0.3));
  if (rng.chance(0.05)) history('PUSH', 'NEWSLETTER', true);
  if (rng.chance(0.5)) history('EMAIL', 'PROFILING', rng.chance(0.6));
  if (rng.chance(0.4)) history('EMAIL', 'PARTNERS', rng.chance(0.3));

  // Some subscribers leave through the unsubscribe link of one e-mail.
  if (news && rng.chance(0.1)) {
    const candidates = plan.campaigns.filter((c) => c.channel === 'EMAIL' && c.sent > start + 86_400 && c.sent < REFERENCE_INSTANT - 2 * 86_400);
    if (candidates.length > 0) {
      const campaign = rng.pick(candidates);
      const at = campaign.sent + rng.int(600, 2 * 86_400);
      plan.unsubscribeCampaign[k] = campaign.index;
      plan.unsubscribeAt[k] = at;
      add('EMAIL', 'NEWSLETTER', false, at, 'WEB_FORM');
      add('EMAIL', 'OFFERS', false, at + 1, 'WEB_FORM');
    }
  }
}

/** Consent in force at an instant: the latest row for that contact, channel and purpose. */
function granted(plan: MarketingPlan, k: number, channel: Channel, purpose: Purpose, at: number): boolean {
  let latest = -1;
  let answer = false;
  for (let i = plan.contactConsents[k]; i < plan.contactConsents[k + 1]; i += 1) {
    if (plan.consentChannel[i] !== channel || plan.consentPurpose[i] !== purpose) continue;
    const t = plan.consents.time(i);
    if (t <= at && t >= latest) {
      latest = t;
      answer = plan.consentGranted[i];
    }
  }
  return answer;
}

export interface Delivery {
  messageId: number;
  campaign: Campaign;
  contact: number;
  sent: number;
  opened: number | null;
  clicked: number | null;
  bounced: boolean;
  unsubscribed: number | null;
}

/**
 * Every message, campaign by campaign (message ids rise with time). Replayed identically by the
 * message and coupon loads: one stream of random numbers, one order of contacts.
 */
export function* deliveries(world: World, plan: MarketingPlan): Generator<Delivery> {
  let messageId = 0;
  const contacts = world.mkContacts;
  for (const campaign of plan.campaigns) {
    const rng = new Rng(world.seed, S_DELIVERIES, campaign.index);
    const purpose: Purpose = campaign.kind === 'PROMO' ? 'OFFERS' : 'NEWSLETTER';
    // Contacts are in creation order: the first one created after the campaign ends the list.
    for (let k = 0; k < contacts.length && contacts[k].created <= campaign.sent; k += 1) {
      const unsubscribes = plan.unsubscribeCampaign[k] === campaign.index;
      if (!unsubscribes) {
        // Each campaign targets about a third of the contacts; of those, only whom consent allows.
        if (!rng.chance(0.3)) continue;
        const reachable = campaign.channel === 'EMAIL' ? contacts[k].email : contacts[k].mobile;
        if (!reachable || !granted(plan, k, campaign.channel, purpose, campaign.sent)) continue;
      }
      messageId += 1;
      yield deliver(rng, plan, campaign, k, messageId, unsubscribes);
    }
  }
}

function deliver(rng: Rng, plan: MarketingPlan, campaign: Campaign, k: number, messageId: number, unsubscribes: boolean): Delivery {
  const sent = campaign.sent + rng.int(0, 7200);
  const last = REFERENCE_INSTANT - 1;
  const within = (t: number): number | null => (t <= last ? t : null);
  if (unsubscribes) {
    const at = Math.max(sent + 60, plan.unsubscribeAt[k]);
    return { messageId, campaign, contact: k, sent, opened: at - rng.int(10, 50), clicked: null, bounced: false, unsubscribed: at };
  }
  if (campaign.channel === 'SMS') {
    const bounced = rng.chance(0.01);
    const clicked = !bounced && rng.chance(0.07) ? within(sent + rng.int(30, 7200)) : null;
    return { messageId, campaign, contact: k, sent, opened: null, clicked, bounced, unsubscribed: null };
  }
  const bounced = plan.bouncing[k] === 1 || rng.chance(0.004);
  const opened = !bounced && rng.chance(0.33) ? within(sent + rng.int(60, 3 * 86_400)) : null;
  const clicked = opened !== null && rng.chance(0.3) ? within(opened + rng.int(5, 900)) : null;
  return { messageId, campaign, contact: k, sent, opened, clicked, bounced, unsubscribed: null };
}

// ---------------------------------------------------------------- segments

const ILE_DE_FRANCE = ['75', '77', '78', '91', '92', '93', '94', '95'];
const SOUTH = ['06', '11', '13', '30', '31', '34', '66', '83', '84'];

function planSegments(world: World): Segment[] {
  const rng = new Rng(world.seed, S_SEGMENTS);
  const built = (): number => instantOn(REFERENCE_DAY - rng.int(10, 400), rng, 8, 18);
  const contacts = world.mkContacts;
  const definitions: [string, string, (plan: MarketingPlan, k: number, at: number) => boolean][] = [
    ['Abonnés newsletter', 'consentement EMAIL/NEWSLETTER accordé', (plan, k, at) => granted(plan, k, 'EMAIL', 'NEWSLETTER', at)],
    ['Île-de-France', 'code postal 75, 77, 78, 91, 92, 93, 94, 95', (_, k) => ILE_DE_FRANCE.includes(contacts[k].postcode?.slice(0, 2) ?? '')],
    ['Grand Sud', 'code postal 06, 11, 13, 30, 31, 34, 66, 83, 84', (_, k) => SOUTH.includes(contacts[k].postcode?.slice(0, 2) ?? '')],
    ['Nouveaux contacts', 'créés depuis moins de 6 mois', (_, k, at) => contacts[k].created > at - 180 * 86_400],
    ['Joignables par SMS', 'consentement SMS/OFFERS accordé', (plan, k, at) => granted(plan, k, 'SMS', 'OFFERS', at)],
    ['Imports historiques', "source = 'IMPORT'", (_, k) => contacts[k].source === 'IMPORT'],
    ['Prospects jeux et salons', "source IN ('CONTEST', 'EVENT')", (_, k) => contacts[k].source === 'CONTEST' || contacts[k].source === 'EVENT'],
    [
      'Ouvreurs réguliers',
      'a ouvert au moins 3 e-mails sur les 6 derniers mois',
      (_, k) => !!contacts[k].email && new Rng(world.seed, S_MEMBER, k).chance(0.25),
    ],
  ];
  return definitions.map(([name, rule, test], i) => {
    const builtAt = built();
    return { id: i + 1, name, rule, builtAt, test: (plan, k) => contacts[k].created <= builtAt && test(plan, k, builtAt) };
  });
}

// ---------------------------------------------------------------- rows

function externalRef(contact: MkContact): string | null {
  const ref = contact.externalRef;
  if (!ref) return null;
  return ref.kind === 'ECOM' ? `ECOM:${ref.account.id}` : `CARD:${ref.card.num}`;
}

function* contactRows(world: World): Iterable<string> {
  for (const c of world.mkContacts) {
    yield copyLine([
      c.uuid,
      c.email,
      c.email ? sha256Hex(c.email) : null,
      c.mobile,
      c.firstName,
      c.lastName,
      c.postcode,
      c.country,
      c.source,
      externalRef(c),
      timestamptz(c.created),
      timestamptz(c.updated),
    ]);
  }
}

function* consentRows(world: World, plan: MarketingPlan): Iterable<string> {
  const { consents } = plan;
  for (const i of consents.inOrder()) {
    yield copyLine([
      consents.id(i),
      world.mkContacts[plan.consentContact[i]].uuid,
      plan.consentChannel[i],
      plan.consentPurpose[i],
      bool(plan.consentGranted[i]),
      timestamptz(consents.time(i)),
      plan.consentSource[i],
    ]);
  }
}

function* campaignRows(plan: MarketingPlan): Iterable<string> {
  for (const c of plan.campaigns) yield copyLine([c.id, c.name, c.channel, c.kind, timestamptz(c.sent), c.couponPrefix]);
}

const tz = (t: number | null): string | null => (t === null ? null : timestamptz(t));

function* messageRows(world: World, plan: MarketingPlan): Iterable<string> {
  for (const d of deliveries(world, plan)) {
    yield copyLine([d.messageId, d.campaign.id, world.mkContacts[d.contact].uuid, tz(d.sent), tz(d.opened), tz(d.clicked), bool(d.bounced), tz(d.unsubscribed)]);
  }
}

/** Unique codes: the message id, scrambled by a bijection of [0, 36^6), in base 36. */
function couponCode(prefix: string, messageId: number): string {
  const scrambled = (messageId * 1_000_003 + 48_271) % 36 ** 6;
  return `${prefix}-${scrambled.toString(36).toUpperCase().padStart(6, '0')}`;
}

interface Redemption {
  at: number;
  channel: 'STORE' | 'WEB';
  ref: string;
}

/** About one coupon in four is used within 45 days, on a real receipt or order of that person. */
function redemption(world: World, store: StorePlan, ecommerce: EcommercePlan, d: Delivery): Redemption | null {
  const rng = new Rng(world.seed, S_COUPON, d.messageId);
  if (!rng.chance(0.25)) return null;
  const person = world.mkContacts[d.contact].person;
  const until = Math.min(d.sent + 45 * 86_400, REFERENCE_INSTANT - 1);
  const receipts: number[] = [];
  for (const card of person.cards) {
    const c = store.cardIndex.get(card)!;
    for (let t = store.cardTickets[c]; t < store.cardTickets[c + 1]; t += 1) {
      const at = store.tickets.time(t);
      if (at > d.sent && at <= until && !store.isReturn[t]) receipts.push(t);
    }
  }
  const orders: number[] = [];
  for (const account of person.accounts) {
    const a = account.id - 1;
    for (let o = ecommerce.accountOrders[a]; o < ecommerce.accountOrders[a + 1]; o += 1) {
      const at = ecommerce.orders.time(o);
      if (at > d.sent && at <= until) orders.push(o);
    }
  }
  if (receipts.length > 0 && (orders.length === 0 || rng.chance(0.6))) {
    const t = rng.pick(receipts);
    return { at: store.tickets.time(t), channel: 'STORE', ref: String(ticketNumber(store, t)) };
  }
  if (orders.length > 0) {
    const o = rng.pick(orders);
    return { at: ecommerce.orders.time(o), channel: 'WEB', ref: orderReference(ecommerce, o) };
  }
  return null;
}

function* couponRows(world: World, plan: MarketingPlan, store: StorePlan, ecommerce: EcommercePlan): Iterable<string> {
  for (const d of deliveries(world, plan)) {
    const prefix = d.campaign.couponPrefix;
    if (!prefix || d.bounced) continue;
    const used = redemption(world, store, ecommerce, d);
    yield copyLine([
      couponCode(prefix, d.messageId),
      d.campaign.id,
      world.mkContacts[d.contact].uuid,
      tz(d.sent),
      used ? tz(used.at) : null,
      used?.channel ?? null,
      used?.ref ?? null,
    ]);
  }
}

function* segmentRows(plan: MarketingPlan): Iterable<string> {
  for (const s of plan.segments) yield copyLine([s.id, s.name, s.rule]);
}

function* memberRows(world: World, plan: MarketingPlan): Iterable<string> {
  for (const segment of plan.segments) {
    const rng = new Rng(world.seed, S_MEMBER_ADDED, segment.id);
    for (let k = 0; k < world.mkContacts.length; k += 1) {
      if (!segment.test(plan, k)) continue;
      const added = Math.min(REFERENCE_INSTANT - 1, Math.max(segment.builtAt, world.mkContacts[k].created) + rng.int(0, 3 * 86_400));
      yield copyLine([segment.id, world.mkContacts[k].uuid, timestamptz(added)]);
    }
  }
}

export function marketingLoads(world: World, plan: MarketingPlan, store: StorePlan, ecommerce: EcommercePlan): TableLoad[] {
  const database = 'marketing';
  return [
    {
      database,
      table: 'mk_contact',
      columns: ['contact_uuid', 'email', 'email_sha256', 'mobile_e164', 'first_name', 'last_name', 'postcode', 'country', 'source', 'external_ref', 'created_at', 'updated_at'],
      expectedRows: world.mkContacts.length,
      rows: () => contactRows(world),
    },
    {
      database,
      table: 'mk_consent',
      columns: ['id', 'contact_uuid', 'channel', 'purpose', 'granted', 'at', 'source'],
      expectedRows: plan.consents.size,
      rows: () => consentRows(world, plan),
    },
    {
      database,
      table: 'mk_campaign',
      columns: ['campaign_id', 'name', 'channel', 'kind', 'sent_at', 'coupon_prefix'],
      expectedRows: plan.campaigns.length,
      rows: () => campaignRows(plan),
    },
    {
      database,
      table: 'mk_message',
      columns: ['message_id', 'campaign_id', 'contact_uuid', 'sent_at', 'opened_at', 'clicked_at', 'bounced', 'unsubscribed_at'],
      expectedRows: plan.messages,
      rows: () => messageRows(world, plan),
    },
    {
      database,
      table: 'mk_segment',
      columns: ['segment_id', 'name', 'rule_text'],
      expectedRows: plan.segments.length,
      rows: () => segmentRows(plan),
    },
    {
      database,
      table: 'mk_segment_member',
      columns: ['segment_id', 'contact_uuid', 'added_at'],
      expectedRows: plan.members,
      rows: () => memberRows(world, plan),
    },
    {
      database,
      table: 'mk_coupon',
      columns: ['code', 'campaign_id', 'contact_uuid', 'issued_at', 'redeemed_at', 'redeemed_channel', 'redeemed_ref'],
      expectedRows: plan.coupons,
      rows: () => couponRows(world, plan, store, ecommerce),
    },
  ];
}
