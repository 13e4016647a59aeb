// The common language of the graph: every subgraph imports these instead of redefining them, so
// that a channel, a reason or an amount means the same thing whichever system it came from.
// Value types are @shareable (several subgraphs return them); enums are identical everywhere.
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Descriptions of the values of the enums a channel may extend, as registered with type-graphql (see extendEnum). */
const EXTENSIBLE_ENUMS = new Map<string, Record<string, { description: string }>>();

function extensible<T extends Record<string, { description: string }>>(name: string, valuesConfig: T): T {
  EXTENSIBLE_ENUMS.set(name, valuesConfig);
  return valuesConfig;
}

/**
 * Adds a value to `Channel` or `LegacySystem` before any schema is built (the registry does it
 * for each channel's declarations, subgraphs/channels.ts): type-graphql reads an enum's values
 * when it builds a schema, so every subgraph built afterwards has it, and composition sees the
 * same enum everywhere. A value already there is left as it is.
 */
export function extendEnum(enumObject: object, name: 'Channel' | 'LegacySystem' | 'IdentifierKind', value: string, description: string): void {
  const valuesConfig = EXTENSIBLE_ENUMS.get(name);
  if (!valuesConfig) throw new Error(`${name} is not an enum a channel may extend`);
  if (!/^[A-Z][A-Z0-9_]*$/.test(value)) throw new Error(`${name} value "${value}" must be upper case letters, digits and _`);
  const values = enumObject as Record<string, string>;
  if (values[value] !== undefined) return;
  values[value] = value;
  valuesConfig[value] = { description };
}

export enum Channel {
  STORE = 'STORE',
  WEB = 'WEB',
  CALL_CENTRE = 'CALL_CENTRE',
  MARKETING = 'MARKETING',
}
registerEnumType(Channel, {
  name: 'Channel',
  description: 'Where a customer met the brand.',
  valuesConfig: extensible('Channel', {
    STORE: { description: 'A physical store: tills and loyalty cards.' },
    WEB: { description: 'The web shop.' },
    CALL_CENTRE: { description: 'The call centre: calls, tickets, callbacks.' },
    MARKETING: { description: 'Campaigns, messages, coupons and consent.' },
  }),
});

export enum LegacySystem {
  STORE = 'STORE',
  ECOMMERCE = 'ECOMMERCE',
  CALLCENTRE = 'CALLCENTRE',
  MARKETING = 'MARKETING',
}
registerEnumType(LegacySystem, {
  name: 'LegacySystem',
  description: 'The existing system a record lives in: one per channel of the registry (subgraphs/index.ts).',
  valuesConfig: extensible('LegacySystem', {
    STORE: { description: 'store_legacy: tills and loyalty cards (2003).' },
    ECOMMERCE: { description: 'ecommerce_legacy: the web shop (2012).' },
    CALLCENTRE: { description: 'callcentre_legacy: telephony and tickets (2008).' },
    MARKETING: { description: 'marketing_legacy: campaigns and consent (2015).' },
  }),
});

export enum Reason {
  PURCHASE = 'PURCHASE',
  RETURN = 'RETURN',
  COMPLAINT = 'COMPLAINT',
  ORDER_TRACKING = 'ORDER_TRACKING',
  INFORMATION = 'INFORMATION',
  INVOICE = 'INVOICE',
  CANCELLATION = 'CANCELLATION',
  AFTER_SALES = 'AFTER_SALES',
  SEARCH = 'SEARCH',
  REVIEW = 'REVIEW',
  CART = 'CART',
  PROMOTION = 'PROMOTION',
  LOYALTY = 'LOYALTY',
  CONSENT = 'CONSENT',
  ACCOUNT = 'ACCOUNT',
}
registerEnumType(Reason, {
  name: 'Reason',
  description: 'Why a touchpoint happened, in one vocabulary for every channel.',
  valuesConfig: {
    PURCHASE: { description: 'Buying: a receipt, an order.' },
    RETURN: { description: 'Bringing or sending goods back.' },
    COMPLAINT: { description: 'A complaint (call-centre RECL, RECLAMATION tickets).' },
    ORDER_TRACKING: { description: 'Asking where an order is (call-centre SUIVI).' },
    INFORMATION: { description: 'Asking for information.' },
    INVOICE: { description: 'About an invoice (call-centre FACT).' },
    CANCELLATION: { description: 'Cancelling an order or a contract (call-centre RESIL).' },
    AFTER_SALES: { description: 'After-sales service (SAV).' },
    SEARCH: { description: 'A search on the web shop.' },
    REVIEW: { description: 'A product review.' },
    CART: { description: 'A web cart, converted or abandoned.' },
    PROMOTION: { description: 'A campaign message or a coupon.' },
    LOYALTY: { description: 'Loyalty points earned, spent or expired.' },
    CONSENT: { description: 'A consent given or withdrawn.' },
    ACCOUNT: { description: 'Creating or changing an account or card.' },
  },
});

export enum TouchpointRole {
  SELL = 'SELL',
  AFTER_SALES = 'AFTER_SALES',
  PROMOTION = 'PROMOTION',
  INFORMATION = 'INFORMATION',
}
registerEnumType(TouchpointRole, {
  name: 'TouchpointRole',
  description: 'What a touchpoint did for the relationship.',
  valuesConfig: {
    SELL: { description: 'A sale happened or was attempted.' },
    AFTER_SALES: { description: 'Service after a sale: returns, complaints, tracking, invoices.' },
    PROMOTION: { description: 'The brand promoted something.' },
    INFORMATION: { description: 'Information was given or updated.' },
  },
});

export enum IdentifierKind {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  LOYALTY_CARD = 'LOYALTY_CARD',
  WEB_ACCOUNT = 'WEB_ACCOUNT',
  CALLCENTRE_CONTACT = 'CALLCENTRE_CONTACT',
  MARKETING_CONTACT = 'MARKETING_CONTACT',
}
registerEnumType(IdentifierKind, {
  name: 'IdentifierKind',
  description: 'A kind of identifier a legacy system knows a customer by: e-mail and phone, and each channel\'s own record key.',
  valuesConfig: extensible('IdentifierKind', {
    EMAIL: { description: 'An e-mail address, in any case and with or without spaces.' },
    PHONE: { description: 'A phone number, in any spelling (06 12 34 56 78, +33612345678 …).' },
    LOYALTY_CARD: { description: 'A loyalty card number (EAN-13), with or without spaces.' },
    WEB_ACCOUNT: { description: 'A web shop account id (customers.id).' },
    CALLCENTRE_CONTACT: { description: 'A call-centre contact id (contacts.contact_id).' },
    MARKETING_CONTACT: { description: 'A marketing contact UUID (mk_contact.contact_uuid).' },
  }),
});

// The consent vocabulary: the hub's consent in force and the marketing system's history speak it.
export enum ConsentPurpose {
  NEWSLETTER = 'NEWSLETTER',
  OFFERS = 'OFFERS',
  PROFILING = 'PROFILING',
  PARTNERS = 'PARTNERS',
}
registerEnumType(ConsentPurpose, {
  name: 'ConsentPurpose',
  description: 'What a marketing consent is given or refused for (mk_consent.purpose).',
  valuesConfig: {
    NEWSLETTER: { description: 'Receiving the newsletter.' },
    OFFERS: { description: 'Receiving commercial offers.' },
    PROFILING: { description: 'Being profiled (segments built from behaviour).' },
    PARTNERS: { description: 'Having data shared with partners (third parties).' },
  },
});

export enum ContactMedium {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  POST = 'POST',
  PHONE = 'PHONE',
}
registerEnumType(ContactMedium, {
  name: 'ContactMedium',
  description: 'How a customer may be contacted, as far as consent is concerned.',
  valuesConfig: {
    EMAIL: { description: 'E-mail.' },
    SMS: { description: 'Text message to a mobile.' },
    POST: { description: 'Letter or printed mail.' },
    PHONE: { description: 'Phone call.' },
  },
});

@ObjectType({ description: 'An amount of money. Legacy systems keep cents or euros; the graph always says both.' })
@Directive('@shareable')
export class Money {
  @Field(() => Int, { description: 'The amount in minor units (cents); negative for a refund or a return.' })
  amountMinor!: number;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. EUR.' })
  currency!: string;

  @Field(() => String, { description: 'The amount as a decimal string in major units, e.g. "12.34".' })
  amount!: string;

  static ofMinor(amountMinor: number, currency = 'EUR'): Money {
    const money = new Money();
    money.amountMinor = amountMinor;
    money.currency = currency;
    const sign = amountMinor < 0 ? '-' : '';
    const abs = Math.abs(amountMinor);
    money.amount = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
    return money;
  }

  /** From a decimal string as PostgreSQL returns numeric (exact: no float arithmetic). */
  static ofDecimal(decimal: string, currency = 'EUR'): Money {
    const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(decimal.trim());
    if (!match) throw new Error('Money.ofDecimal: not a decimal amount');
    const minor = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
    return Money.ofMinor(match[1] ? -minor : minor, currency);
  }
}

@ObjectType({ description: 'One legacy record linked to a customer: its system and its key there (internal to the graph).' })
@Directive('@shareable')
@Directive('@inaccessible')
export class LinkedRecord {
  @Field(() => String, { description: 'The legacy system\'s name, as the registry declares it (store, ecommerce …).' })
  system!: string;

  @Field(() => String, { description: 'The record\'s key in that system, as identity_link holds it.' })
  localKey!: string;
}

@ObjectType({
  description:
    'The legacy records linked to a customer, with their systems. Internal to the graph (@inaccessible): channel ' +
    'subgraphs @require it to find their own records; clients read `Customer.identities` instead.',
})
@Directive('@shareable')
@Directive('@inaccessible')
export class LinkedRecords {
  @Field(() => [LinkedRecord], {
    description: 'Every linked record, whatever its system: a channel @requires `linkedRecords { records { system localKey } }` and keeps its own.',
  })
  records!: LinkedRecord[];
}

/** The keys of one system's records among a customer's linked records (a channel's own). */
export function ownRecordKeys(linked: LinkedRecords | undefined, system: string): string[] {
  return (linked?.records ?? []).filter((record) => record.system === system).map((record) => record.localKey);
}

@ObjectType({
  description:
    'Where a page of a list ends (forward cursor pagination). Pass `endCursor` as `after` to get the next page; ' +
    'cursors are opaque: do not build or parse them.',
})
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page (null for an empty page).' })
  endCursor!: string | null;
}
