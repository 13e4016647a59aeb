// The campaign tool's codes, as enums of this subgraph. Each is read through `codeOf`: a code the
// graph does not know yet (the legacy tool belongs to another team and may add one) becomes null
// rather than failing the whole answer, and every such field sits next to its raw `…Code` field.
import { registerEnumType } from 'type-graphql';
import { legacyCodeOf } from '../kit/legacy-codes';

/** The enum value whose name is the legacy code, or null (the kit's rule, kit/legacy-codes.ts). */
export function codeOf<E extends Record<string, string>>(values: E, code: string | null | undefined, field?: string): E[keyof E] | null {
  return legacyCodeOf(values, code, field) as E[keyof E] | null;
}

export enum MarketingChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  POST = 'POST',
  PHONE = 'PHONE',
  PUSH = 'PUSH',
}
registerEnumType(MarketingChannel, {
  name: 'MarketingChannel',
  description: 'How the campaign tool reaches a person (mk_campaign.channel, mk_consent.channel).',
  valuesConfig: {
    EMAIL: { description: 'E-mail.' },
    SMS: { description: 'Text message to a mobile.' },
    POST: { description: 'Letter or printed mail.' },
    PHONE: { description: 'Phone call (telemarketing).' },
    PUSH: { description: 'Push notification of an app.' },
  },
});

export enum CampaignKind {
  PROMO = 'PROMO',
  INFO = 'INFO',
  EVENT = 'EVENT',
  SURVEY = 'SURVEY',
}
registerEnumType(CampaignKind, {
  name: 'CampaignKind',
  description: 'What a campaign is for (mk_campaign.kind).',
  valuesConfig: {
    PROMO: { description: 'A promotion or an offer, often with coupons.' },
    INFO: { description: 'Information: news, service messages.' },
    EVENT: { description: 'An invitation to an event.' },
    SURVEY: { description: 'A survey or a satisfaction questionnaire.' },
  },
});

export { ConsentPurpose } from '../../schema/common';

export enum ConsentSource {
  WEB_FORM = 'WEB_FORM',
  STORE_TABLET = 'STORE_TABLET',
  CALL = 'CALL',
  IMPORT = 'IMPORT',
}
registerEnumType(ConsentSource, {
  name: 'ConsentSource',
  description: 'Where a consent decision was collected (mk_consent.source).',
  valuesConfig: {
    WEB_FORM: { description: 'A form on the web shop.' },
    STORE_TABLET: { description: 'A tablet in a store.' },
    CALL: { description: 'During a call with the call centre.' },
    IMPORT: { description: 'A bulk import into the campaign tool.' },
  },
});
