// Consent enforced at read (issue 11 item 2): the one rule that says whether a field whose policy
// carries a consent condition may be served to this principal for this customer. The class decision
// (policy.ts ROLE_GRANTS) runs first; this one only narrows it.
//
// The facts come from the hub, which owns the consent in force (customer/consent/*): a channel
// subgraph's Customer field that carries a condition `@requires(fields: CONSENT_FIELDS)`, so the
// gateway fetches the hub's internal `consentGrants` (the purpose × medium grants in force, the same
// answer as `consentFlags`) and `profilingConsent` (the same as `profilingAllowed`) and sends them
// with the representation; the channel never reads the hub's database. They are internal scalars
// (@inaccessible, like `linkedRecords`) rather than `consentFlags { … }` so that no channel has to
// re-declare the hub's ConsentFlag type and enums (marketing has its own ConsentPurpose), and so
// that the gateway's fetch is not itself refused as a read of consent data to a role the field's
// class allows. Facts that did not arrive (the hub down) refuse: consent is never assumed.
//
// The rule:
// - profiling (`usualBasket`, `favouriteStores`, `segments`, and any anticipation built from behaviour):
//   served only when the hub says `profilingAllowed` (a profiling grant in force on some medium and a
//   refusal on none), for every role except the customer themself (a `customer` principal reading
//   their own Customer) and the privacy officer, who read it whatever the consent.
// - contact by medium (e-mail; SMS or phone; post): binds the roles whose `contact` grant is
//   'consent' (the marketing role). Served only when that medium's consent is granted for the
//   request's purpose: the purpose the request declares (`x-purpose`) when it names a contact purpose
//   (offers, newsletter, partners), otherwise any of those purposes granted on that medium (reading a
//   contact datum is allowed as soon as the customer may be contacted on it for something; the
//   audience queries, which decide who is contacted, always take an explicit purpose).
import type { Purpose, ContactMedium } from '../consent';
import type { Principal } from './principal';

/** A condition a field's policy can carry beside its class (policy.ts withConsentConditions). */
export type ConsentCondition =
  | { kind: 'profiling' }
  /** Served when consent is granted on any one of these media (a phone number serves SMS and calls). */
  | { kind: 'contact'; media: readonly ContactMedium[] };

/** Profiling-derived: refused without profiling consent, but to the customer themself and the privacy officer. */
export const PROFILING: ConsentCondition = Object.freeze({ kind: 'profiling' });

/** Contact data usable on these media; `contactBy()` with no medium: usable on any (a name). */
export function contactBy(...media: ContactMedium[]): ConsentCondition {
  return Object.freeze({ kind: 'contact', media: Object.freeze(media.length ? media : ALL_MEDIA) }) as ConsentCondition;
}

const ALL_MEDIA: readonly ContactMedium[] = ['email', 'sms', 'post', 'phone'];

/** The purposes a contact is made for (profiling is a use of data, not a reason to contact). */
export const CONTACT_PURPOSES: readonly Purpose[] = ['offers', 'newsletter', 'partners'];

/** A grant in force as the hub's `consentGrants` names it: `offers:email`. */
export function grantCode(purpose: Purpose, medium: ContactMedium): string {
  return `${purpose}:${medium}`;
}

/** The consent facts of one customer, as they reached the subgraph (null: did not arrive). */
export interface ConsentFacts {
  customerId: string | null;
  /** The purpose × medium grants in force (`grantCode`); every other pair is refused or never asked. */
  grants: ReadonlySet<string> | null;
  /** The hub's profilingAllowed: a profiling grant in force on some medium and a refusal on none. */
  profilingAllowed: boolean | null;
}

/** The selection a channel's Customer field `@requires` to be decided (fields without arguments: see DESIGN). */
export const CONSENT_FIELDS = 'consentGrants profilingConsent';

/** The facts carried by a Customer representation the gateway completed with CONSENT_FIELDS. */
export function consentFactsOf(customer: unknown): ConsentFacts {
  const root = (customer ?? {}) as { id?: unknown; consentGrants?: unknown; profilingConsent?: unknown };
  const grants = Array.isArray(root.consentGrants) ? new Set((root.consentGrants as unknown[]).filter((code): code is string => typeof code === 'string')) : null;
  return {
    customerId: typeof root.id === 'string' ? root.id : null,
    grants,
    profilingAllowed: typeof root.profilingConsent === 'boolean' ? root.profilingConsent : null,
  };
}

/** The contact purpose a request declared (`x-purpose`), or null when it names none. */
export function contactPurposeOf(declared: string | null | undefined): Purpose | null {
  const purpose = declared?.trim().toLowerCase();
  return purpose && (CONTACT_PURPOSES as readonly string[]).includes(purpose) ? (purpose as Purpose) : null;
}

export type ConsentVerdict = { allowed: true } | { allowed: false; why: string };
const ALLOWED: ConsentVerdict = { allowed: true };


/**
 * The decision for one read of a field with a condition. `contactGrant` is the principal's role's
 * grant for the `contact` class ('consent' makes contact conditions bind it). `declaredPurpose` is
 * the request's `x-purpose`.
 */
export function checkConsent(
  principal: Principal,
  condition: ConsentCondition,
  facts: ConsentFacts | null,
  declaredPurpose: string | null,
  contactGrant: string | undefined,
): ConsentVerdict {
  if (condition.kind === 'profiling') {
    if (principal.role === 'privacy_officer') return ALLOWED;
    if (principal.role === 'customer' && facts?.customerId != null && principal.customerId === facts.customerId) return ALLOWED;
    if (facts?.profilingAllowed === true) return ALLOWED;
    if (facts?.profilingAllowed === false) return { allowed: false, why: 'the customer has not consented to profiling (no profiling grant in force, or a refusal)' };
    return { allowed: false, why: 'the customer’s profiling consent could not be read, so it is not assumed' };
  }
  if (contactGrant !== 'consent') return ALLOWED;
  if (!facts?.grants) return { allowed: false, why: 'the customer’s contact consent could not be read, so it is not assumed' };
  const purpose = contactPurposeOf(declaredPurpose);
  const purposes = purpose ? [purpose] : CONTACT_PURPOSES;
  const ok = condition.media.some((medium) => purposes.some((p) => facts.grants!.has(grantCode(p, medium))));
  if (ok) return ALLOWED;
  return {
    allowed: false,
    why: `the customer has no consent in force for ${purpose ?? CONTACT_PURPOSES.join(', ')} by ${condition.media.join(' or ')}`,
  };
}

/** How the access matrix writes a condition: `consent(profiling)`, `consent(email)`, `consent(sms|phone)`. */
export function describeCondition(condition: ConsentCondition): string {
  if (condition.kind === 'profiling') return 'consent(profiling)';
  return `consent(${condition.media.length === ALL_MEDIA.length ? 'any medium' : condition.media.join('|')})`;
}
