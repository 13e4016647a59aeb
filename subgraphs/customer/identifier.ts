// Any spelling of an identifier, to the form the hub indexes it by (identity_identifier) or to the
// legacy record it names. A malformed value is the caller's mistake: BAD_USER_INPUT saying why.
import { IdentifierKind, LegacySystem } from '../../schema/common';
import { BadUserInputError } from '../kit/errors';
import { isInvalid, normaliseCard, normaliseEmail, normalisePhone } from './identity/normalise';

export type IdentifierLookup =
  /** Records holding this normalised value (an e-mail, a phone number). */
  | { by: 'identifier'; kind: 'email' | 'phone'; value: string }
  /** The one legacy record this value is the key of (a card, an account, a contact). */
  | { by: 'record'; system: 'store' | 'ecommerce' | 'callcentre' | 'marketing'; localKey: string; value: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POSITIVE_INT = /^[1-9]\d{0,9}$/;

function invalid(kind: IdentifierKind, why: string): never {
  throw new BadUserInputError(`Not a valid ${kind.toLowerCase().replace(/_/g, ' ')}: ${why}`, 'value');
}

export function identifierLookup(kind: IdentifierKind, raw: string): IdentifierLookup {
  const text = raw.trim();
  switch (kind) {
    case IdentifierKind.EMAIL: {
      const email = normaliseEmail(text);
      if (isInvalid(email)) invalid(kind, email.invalid);
      return { by: 'identifier', kind: 'email', value: email.value };
    }
    case IdentifierKind.PHONE: {
      const phone = normalisePhone(text);
      if (isInvalid(phone)) invalid(kind, phone.invalid);
      return { by: 'identifier', kind: 'phone', value: phone.e164 };
    }
    case IdentifierKind.LOYALTY_CARD: {
      const card = normaliseCard(text);
      if (isInvalid(card)) invalid(kind, card.invalid);
      return { by: 'record', system: 'store', localKey: card.value, value: card.value };
    }
    case IdentifierKind.WEB_ACCOUNT: {
      if (!POSITIVE_INT.test(text)) invalid(kind, 'a web account id is a positive whole number');
      return { by: 'record', system: 'ecommerce', localKey: String(Number(text)), value: String(Number(text)) };
    }
    case IdentifierKind.CALLCENTRE_CONTACT: {
      if (!POSITIVE_INT.test(text)) invalid(kind, 'a call-centre contact id is a positive whole number');
      return { by: 'record', system: 'callcentre', localKey: String(Number(text)), value: String(Number(text)) };
    }
    case IdentifierKind.MARKETING_CONTACT: {
      const uuid = text.toLowerCase();
      if (!UUID.test(uuid)) invalid(kind, 'a marketing contact id is a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e');
      return { by: 'record', system: 'marketing', localKey: uuid, value: uuid };
    }
  }
}

export const SYSTEM_ENUM: Record<string, LegacySystem> = {
  store: LegacySystem.STORE,
  ecommerce: LegacySystem.ECOMMERCE,
  callcentre: LegacySystem.CALLCENTRE,
  marketing: LegacySystem.MARKETING,
};
