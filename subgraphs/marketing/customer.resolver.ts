// What the campaign tool knows of a customer, found through the marketing contacts the hub links to
// them. Every field goes through a per-request loader: one statement per `_entities` batch, however
// many customers (and whatever their `first`/`after`).
import { OWN_RECORDS, ownKeys } from '../kit/channel-customer';
import { CONSENT_FIELDS } from '../kit/access/consent-check';
import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { MarketingConsentRecord, MarketingConsents, MarketingConsentState } from './consent.type';
import { ConsentRow } from './consents.repo';
import { contactKeys } from './contacts';
import { ContactPointRow } from './contact-points.repo';
import { PagedRow } from './contact-pages.repo';
import { CouponConnection } from './coupon.type';
import { COUPON_CODE } from './coupons.repo';
import { decodeCursor, encodeCursor } from './cursor';
import { Customer } from './customer.type';
import { MarketingLoaders, toConsentRecord, toCoupon, toMessage, toSegment } from './marketing.loaders';
import { codeOf, ConsentPurpose, MarketingChannel } from './marketing.enums';
import { MessageConnection } from './message.type';
import { MESSAGE_ID } from './messages.repo';
import { MembershipRow } from './segments.repo';
import { SegmentMembership } from './segment.type';
import { loadFound, loadGroups } from '../kit/loaders';
import { connectionOf } from '../kit/connection';

type Context = SubgraphContext<MarketingLoaders>;

const REQUIRES_CONTACTS = `@requires(fields: "${OWN_RECORDS}")`;
/** Fields the policy decides by the customer's consent in force also need it from the hub (marketing.policy.ts). */
const REQUIRES_CONTACTS_AND_CONSENT = `@requires(fields: "${OWN_RECORDS} ${CONSENT_FIELDS}")`;

/** The value of the most recently updated contact that has one (then the greatest contact id). */
function newestValue(rows: ContactPointRow[], column: 'email' | 'mobile_e164'): string | null {
  const holding = rows.filter((row) => row[column]);
  holding.sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime() || (a.contact_uuid < b.contact_uuid ? 1 : -1));
  return holding[0]?.[column] ?? null;
}

/** Rows of a page read with one extra row: the extra one only says that a next page exists. */
function page<R, N>(rows: PagedRow<R>[], limit: number, toNode: (row: R) => N) {
  return connectionOf(rows, limit, toNode, (row) => encodeCursor({ at: row.sort_at, id: row.sort_id }));
}

/** Newest first: by instant text (fixed-width, so text order is time order), then by id. */
function newestFirst(a: MarketingConsentRecord, b: MarketingConsentRecord): number {
  if (a.sortAt !== b.sortAt) return a.sortAt < b.sortAt ? 1 : -1;
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x === y ? 0 : x < y ? 1 : -1;
}

/**
 * The consent in force per channel and purpose across the customer's contacts. For each contact the
 * latest row is in force (marked by SQL); across contacts a refusal on any wins, because contacting
 * someone who said no on one of their addresses is the error that must not happen.
 */
export function currentConsents(records: MarketingConsentRecord[]): MarketingConsentState[] {
  const groups = new Map<string, MarketingConsentRecord[]>();
  for (const record of records) {
    if (!record.inForce) continue;
    const key = `${record.channelCode.trim().toUpperCase()}\u0000${record.purposeCode.trim().toUpperCase()}`;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  const states = [...groups.values()].map((group) => {
    group.sort(newestFirst);
    const refusals = group.filter((record) => !record.granted);
    const deciding = refusals[0] ?? group[0];
    const channelCode = group[0].channelCode.trim().toUpperCase();
    const purposeCode = group[0].purposeCode.trim().toUpperCase();
    return Object.assign(new MarketingConsentState(), {
      channel: codeOf(MarketingChannel, channelCode),
      channelCode,
      purpose: codeOf(ConsentPurpose, purposeCode),
      purposeCode,
      granted: refusals.length === 0,
      at: deciding.at,
      source: deciding.source,
      sourceCode: deciding.sourceCode,
      contacts: group,
    });
  });
  return states.sort((a, b) => a.channelCode.localeCompare(b.channelCode) || a.purposeCode.localeCompare(b.purposeCode));
}

@Resolver(() => Customer)
export class MarketingCustomerResolver {
  @FieldResolver(() => MessageConnection, { nullable: true, description: 'Campaign messages sent to the customer (all their marketing contacts), newest sent first.' })
  @Directive(REQUIRES_CONTACTS)
  async messages(
    @Root() customer: Customer,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from a previous page: the messages after it.' }) after: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<MessageConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, MESSAGE_ID);
    const rows = await loaders.messagePages.load({ contacts: contactKeys(ownKeys(customer, 'marketing')), limit, after: cursor });
    return Object.assign(new MessageConnection(), page(rows, limit, toMessage));
  }

  @FieldResolver(() => CouponConnection, { nullable: true, description: 'Coupons issued to the customer (all their marketing contacts), newest issued first.' })
  @Directive(REQUIRES_CONTACTS)
  async coupons(
    @Root() customer: Customer,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from a previous page: the coupons after it.' }) after: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<CouponConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, COUPON_CODE);
    const rows = await loaders.couponPages.load({ contacts: contactKeys(ownKeys(customer, 'marketing')), limit, after: cursor });
    return Object.assign(new CouponConnection(), page(rows, limit, toCoupon));
  }

  @FieldResolver(() => [SegmentMembership], { nullable: true,
    description: 'The segments the customer is in (through any of their marketing contacts), by segment name.',
  })
  @Directive(REQUIRES_CONTACTS_AND_CONSENT)
  async segments(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<SegmentMembership[]> {
    const rows = (await loadGroups(loaders.memberships, contactKeys(ownKeys(customer, 'marketing')))).flat();
    const bySegment = new Map<string, MembershipRow[]>();
    for (const row of rows) bySegment.set(row.segment_id, [...(bySegment.get(row.segment_id) ?? []), row]);
    return [...bySegment.values()]
      .map((group) =>
        Object.assign(new SegmentMembership(), {
          segment: toSegment(group[0]),
          addedAt: new Date(Math.min(...group.map((row) => row.added_at.getTime()))),
          contactIds: group.map((row) => row.contact_uuid).sort(),
        }),
      )
      .sort((a, b) => a.segment.name.localeCompare(b.segment.name) || Number(a.segment.id) - Number(b.segment.id));
  }

  @FieldResolver(() => String, { nullable: true,
    description:
      'The e-mail address the campaign tool would write to: that of the customer’s most recently updated marketing ' +
      'contact that has one; null when none has. The marketing role reads it only with e-mail consent in force ' +
      '(README “Consent enforced at read”).',
  })
  @Directive(REQUIRES_CONTACTS_AND_CONSENT)
  async marketingEmail(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<string | null> {
    return newestValue(await loadFound(loaders.contactPoints, contactKeys(ownKeys(customer, 'marketing'))), 'email');
  }

  @FieldResolver(() => String, { nullable: true,
    description:
      'The mobile number (E.164) the campaign tool would text or call: that of the customer’s most recently updated ' +
      'marketing contact that has one; null when none has. The marketing role reads it only with SMS or phone consent ' +
      'in force (README “Consent enforced at read”).',
  })
  @Directive(REQUIRES_CONTACTS_AND_CONSENT)
  async marketingMobile(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<string | null> {
    return newestValue(await loadFound(loaders.contactPoints, contactKeys(ownKeys(customer, 'marketing'))), 'mobile_e164');
  }

  @FieldResolver(() => MarketingConsents, { nullable: true,
    description:
      "The customer's marketing consents: the state in force per channel and purpose (a refusal on any of their contacts wins) " +
      'and the full history of decisions.',
  })
  @Directive(REQUIRES_CONTACTS)
  async marketingConsents(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<MarketingConsents> {
    const rows: ConsentRow[] = (await loadGroups(loaders.consents, contactKeys(ownKeys(customer, 'marketing')))).flat();
    const records = rows.map(toConsentRecord).sort(newestFirst);
    return Object.assign(new MarketingConsents(), { current: currentConsents(records), records });
  }
}

/** The gateway sends what @requires asked for; nothing to read here. */
export function resolveCustomerReference(reference: Customer): Customer {
  return Object.assign(new Customer(), reference);
}
