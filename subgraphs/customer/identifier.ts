// Any spelling of an identifier, to the form the hub indexes it by (identity_identifier) or to the
// legacy record it names. A malformed value is the caller's mistake: BAD_USER_INPUT saying why.
import { IdentifierKind, LegacySystem } from '../../schema/common';
import { BadUserInputError } from '../kit/errors';
import { isInvalid, normaliseEmail, normalisePhone } from '../kit/identity/normalise';
import { channelOfRecordKind, systemValue } from '../channels';

export type IdentifierLookup =
  /** Records holding this normalised value (an e-mail, a phone number). */
  | { by: 'identifier'; kind: 'email' | 'phone'; value: string }
  /** The one legacy record this value is the key of (a card, an account, a contact): its channel parses it. */
  | { by: 'record'; system: string; localKey: string; value: string };

function invalid(kind: IdentifierKind, why: string): never {
  throw new BadUserInputError(`Not a valid ${String(kind).toLowerCase().replace(/_/g, ' ')}: ${why}`, 'value');
}

export function identifierLookup(kind: IdentifierKind, raw: string): IdentifierLookup {
  const text = raw.trim();
  if (kind === IdentifierKind.EMAIL) {
    const email = normaliseEmail(text);
    if (isInvalid(email)) invalid(kind, email.invalid);
    return { by: 'identifier', kind: 'email', value: email.value };
  }
  if (kind === IdentifierKind.PHONE) {
    const phone = normalisePhone(text);
    if (isInvalid(phone)) invalid(kind, phone.invalid);
    return { by: 'identifier', kind: 'phone', value: phone.e164 };
  }
  // A record's own key: the channel that owns the record says how it is spelled (its definition's recordKey).
  const channel = channelOfRecordKind(kind);
  if (!channel) invalid(kind, 'no channel names its records by this kind');
  const parsed = channel.recordKey!.parse(text);
  if ('invalid' in parsed) invalid(kind, parsed.invalid);
  return { by: 'record', system: channel.database, localKey: parsed.localKey, value: parsed.localKey };
}

/** The `LegacySystem` value of a system's name (`store` → `STORE`). */
export function systemEnum(system: string): LegacySystem {
  return systemValue(system) as LegacySystem;
}
