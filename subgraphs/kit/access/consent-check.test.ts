// The consent rule of reads (issue 11 item 2), without a database: profiling for every role but the
// customer themself and the privacy officer; contact per medium and purpose for the marketing role.
import { checkConsent, consentFactsOf, contactBy, contactPurposeOf, describeCondition, PROFILING } from './consent-check';
import type { Principal } from './principal';

const ME = '11111111-2222-4333-8444-555555555555';
const who = (role: Principal['role'], customerId?: string): Principal => ({ subject: 't', role, scopes: [], ...(customerId ? { customerId } : {}) });
const facts = (grants: string[] | null, profilingAllowed: boolean | null = null) => ({ customerId: ME, grants: grants && new Set(grants), profilingAllowed });

describe('profiling', () => {
  it('is refused without profiling consent to every role but the customer themself and the privacy officer', () => {
    for (const role of ['agent', 'marketing', 'analyst', 'service'] as const) {
      const verdict = checkConsent(who(role), PROFILING, facts([], false), null, 'yes');
      expect(verdict).toEqual({ allowed: false, why: expect.stringContaining('not consented to profiling') });
    }
    expect(checkConsent(who('privacy_officer'), PROFILING, facts([], false), null, 'yes')).toEqual({ allowed: true });
    expect(checkConsent(who('customer', ME), PROFILING, facts([], false), null, 'own')).toEqual({ allowed: true });
    // Another customer is not "the customer themself".
    expect(checkConsent(who('customer', '99999999-2222-4333-8444-555555555555'), PROFILING, facts([], false), null, 'own').allowed).toBe(false);
  });

  it('is allowed with profiling consent, and refused when the consent did not arrive', () => {
    expect(checkConsent(who('agent'), PROFILING, facts([], true), null, 'yes')).toEqual({ allowed: true });
    expect(checkConsent(who('agent'), PROFILING, facts(null, null), null, 'yes')).toEqual({ allowed: false, why: expect.stringContaining('not assumed') });
    expect(checkConsent(who('agent'), PROFILING, null, null, 'yes').allowed).toBe(false);
  });
});

describe('contact by medium', () => {
  const email = contactBy('email');
  const phone = contactBy('sms', 'phone');

  it('binds only the roles whose contact grant is consent', () => {
    expect(checkConsent(who('agent'), email, facts([]), null, 'yes')).toEqual({ allowed: true });
    expect(checkConsent(who('privacy_officer'), email, null, null, 'yes')).toEqual({ allowed: true });
  });

  it('serves the marketing role a medium only with a grant on it, for the declared purpose', () => {
    const marketing = who('marketing');
    expect(checkConsent(marketing, email, facts(['newsletter:email']), 'offers', 'consent')).toEqual({
      allowed: false,
      why: 'the customer has no consent in force for offers by email',
    });
    expect(checkConsent(marketing, email, facts(['offers:email']), 'offers', 'consent')).toEqual({ allowed: true });
    // No declared contact purpose: any of offers, newsletter, partners.
    expect(checkConsent(marketing, email, facts(['newsletter:email']), null, 'consent')).toEqual({ allowed: true });
    expect(checkConsent(marketing, email, facts(['newsletter:email']), 'screen_pop', 'consent')).toEqual({ allowed: true });
    // Profiling is no contact purpose, and another medium's grant does not count.
    expect(checkConsent(marketing, email, facts(['profiling:email', 'offers:sms']), null, 'consent').allowed).toBe(false);
    // A phone number serves SMS and calls.
    expect(checkConsent(marketing, phone, facts(['offers:sms']), 'offers', 'consent')).toEqual({ allowed: true });
    expect(checkConsent(marketing, phone, facts(['offers:phone']), null, 'consent')).toEqual({ allowed: true });
    expect(checkConsent(marketing, phone, facts(null), null, 'consent')).toEqual({ allowed: false, why: expect.stringContaining('not assumed') });
  });
});

it('reads the facts the gateway sent with a Customer representation', () => {
  expect(consentFactsOf({ id: ME, consentGrants: ['offers:email', 7], profilingConsent: true })).toEqual({
    customerId: ME,
    grants: new Set(['offers:email']),
    profilingAllowed: true,
  });
  expect(consentFactsOf({ id: ME })).toEqual({ customerId: ME, grants: null, profilingAllowed: null });
  expect(contactPurposeOf(' OFFERS ')).toBe('offers');
  expect(contactPurposeOf('profiling')).toBeNull();
  expect(describeCondition(PROFILING)).toBe('consent(profiling)');
  expect(describeCondition(contactBy('sms', 'phone'))).toBe('consent(sms|phone)');
  expect(describeCondition(contactBy())).toBe('consent(any medium)');
});
