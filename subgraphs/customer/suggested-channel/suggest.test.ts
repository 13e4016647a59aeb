// The rule of Customer.suggestedChannel without a database: exclusions, their order, hours and the
// reason's words (the gateway tests are test/suggested-channel.e2e.test.ts).
import { callcentreContactChannels } from '../../callcentre/contact-channel';
import { deriveRegistry, registry } from '../../channels';
import { NEUTRAL_CONTACT_CHANNEL, nextWindow } from '../../kit/contact-channel';
import { ecommerceContactChannels } from '../../ecommerce/contact-channel';
import { marketingContactChannels } from '../../marketing/contact-channel';
import { storeContactChannels } from '../../store/contact-channel';
import { ChannelOption, suggestChannel, SuggestionFacts } from './suggest';

const declared = { ...storeContactChannels, ...ecommerceContactChannels, ...callcentreContactChannels, ...marketingContactChannels };
const channels: ChannelOption[] = [
  ...Object.entries(declared).map(([channel, declaration]) => ({ channel, declaration })),
  { channel: 'APP', declaration: { ...NEUTRAL_CONTACT_CHANNEL, label: 'the APP channel' } },
];
// Monday 30 November 2026, 11:30 in Paris.
const MONDAY = new Date('2026-11-30T10:30:00Z');

const facts = (overrides: Partial<SuggestionFacts>): SuggestionFacts => ({
  task: 'AFTER_SALES',
  channels,
  uses: [],
  preferences: [],
  consents: [],
  addresses: { email: true, phone: true },
  linkedRecords: 2,
  now: MONDAY,
  ...overrides,
});
const use = (channel: string, role: string, uses: number, at = '2026-10-01T10:00:00Z') => ({ channel, role, uses, last_at: new Date(at) });
const verdicts = (s: ReturnType<typeof suggestChannel>) => Object.fromEntries(s.considered.map((c) => [c.channel, c.verdict]));

it('follows the stated preference before the habit, and says so', () => {
  const s = suggestChannel(facts({
    uses: [use('WEB', 'AFTER_SALES', 9), use('WEB', 'SELL', 20)],
    preferences: [{ preference: 'contactChannel', scope: 'AFTER_SALES', value: 'STORE', stated_at: new Date('2026-06-01T10:00:00Z') }],
  }));
  expect(s).toMatchObject({ channel: 'STORE', basis: 'STATED_PREFERENCE' });
  expect(s.reason).toContain('the customer said they prefer it for after-sales (stated on 2026-06-01)');
  expect(verdicts(s)).toEqual({ STORE: 'SUGGESTED', WEB: 'POSSIBLE', CALL_CENTRE: 'POSSIBLE', MARKETING: 'EXCLUDED', APP: 'EXCLUDED' });
  expect(s.reason).toContain('the web shop — possible: used 29 times (9 for after-sales)');
  // The store is open now: the window starts now and ends at 19:30 Paris time.
  expect(s.when).toEqual({ opensAt: MONDAY, closesAt: new Date('2026-11-30T18:30:00Z'), hours: 'Mon–Sat 09:00–19:30 (Paris time)' });
});

it('never suggests a refused medium, even when stated: an offer needs a grant in force', () => {
  const s = suggestChannel(facts({
    task: 'PROMOTION',
    uses: [use('WEB', 'SELL', 5), use('STORE', 'SELL', 2)],
    preferences: [{ preference: 'contactChannel', scope: 'PROMOTION', value: 'WEB', stated_at: new Date('2026-06-01T10:00:00Z') }],
    consents: [{ purpose: 'offers', medium: 'email', granted: false }, { purpose: 'offers', medium: 'sms', granted: true }],
  }));
  expect(s).toMatchObject({ channel: 'STORE', basis: 'HABIT' });
  expect(s.reason).toMatch(/^They said they prefer the web shop for a promotion \(stated on 2026-06-01\), but they refused offers by e-mail\./);
  const why = Object.fromEntries(s.considered.map((c) => [c.channel, c.why]));
  expect(why.CALL_CENTRE).toBe('they were never asked about offers by phone (consent is never assumed)');
  // Marketing may send an SMS (granted, a phone known): possible, but the store is their habit.
  expect(verdicts(s).MARKETING).toBe('POSSIBLE');
  expect(why.MARKETING).toBe('possible by SMS: never used yet');
  expect(s.reason).toContain('a marketing message — possible by SMS: never used yet');
});

it('gives no channel when every one is refused, and says why', () => {
  const s = suggestChannel(facts({
    task: 'PROMOTION',
    consents: ['email', 'sms', 'post', 'phone'].map((medium) => ({ purpose: 'offers', medium, granted: false })),
  }));
  expect(s).toMatchObject({ channel: null, basis: null, when: null });
  expect(s.reason).toMatch(/^No channel can be suggested for a promotion: every channel is excluded\. Considered: the store — excluded: they refused offers on every medium, so/);
  // Offers refused by e-mail and SMS only: the store may still offer it in person.
  const some = suggestChannel(facts({ task: 'PROMOTION', consents: [{ purpose: 'offers', medium: 'email', granted: false }, { purpose: 'offers', medium: 'sms', granted: false }] }));
  expect(some).toMatchObject({ channel: 'STORE', basis: 'DEFAULT' });
});

it('lets a service task use a medium refused for marketing, not one refused for every purpose', () => {
  const task = 'AFTER_SALES' as const;
  const uses = [use('WEB', 'SELL', 3)];
  const newsletterRefused = suggestChannel(facts({ task, uses, consents: [{ purpose: 'newsletter', medium: 'email', granted: false }] }));
  expect(newsletterRefused).toMatchObject({ channel: 'WEB', basis: 'HABIT' });
  const everything = ['newsletter', 'offers', 'profiling', 'partners'].map((purpose) => ({ purpose, medium: 'email', granted: false }));
  const refused = suggestChannel(facts({ task, uses, consents: everything }));
  expect(refused.considered.find((c) => c.channel === 'WEB')).toMatchObject({ verdict: 'EXCLUDED', why: 'they refused e-mail for every purpose' });
  expect(refused).toMatchObject({ channel: 'STORE', basis: 'CHANNEL_ROLE' });
});

it('a store-only customer gets the store, a phone-only customer the phone, not a link', () => {
  const storeOnly = suggestChannel(facts({ task: 'INFORMATION', addresses: { email: false, phone: false }, uses: [use('STORE', 'SELL', 4)] }));
  expect(storeOnly).toMatchObject({ channel: 'STORE', basis: 'HABIT' });
  expect(storeOnly.considered.find((c) => c.channel === 'WEB')!.why).toBe('no e-mail of theirs is known');
  const phoneOnly = suggestChannel(facts({ task: 'INFORMATION', addresses: { email: false, phone: true }, uses: [use('CALL_CENTRE', 'AFTER_SALES', 2)] }));
  expect(phoneOnly).toMatchObject({ channel: 'CALL_CENTRE', basis: 'HABIT' });
  expect(phoneOnly.reason).toContain('none yet for information');
  // With an e-mail known but the web never used, the link is still excluded.
  const neverWeb = suggestChannel(facts({ task: 'INFORMATION', uses: [use('CALL_CENTRE', 'AFTER_SALES', 2)] }));
  expect(neverWeb.considered.find((c) => c.channel === 'WEB')!.why).toMatch(/^they have never used it/);
});

it('follows the channel role, then the stated contact hours for a call', () => {
  const role = suggestChannel(facts({ task: 'AFTER_SALES', addresses: { email: false, phone: true } }));
  expect(role).toMatchObject({ channel: 'STORE', basis: 'CHANNEL_ROLE' });
  const hours = (from: string, to: string) => [{ preference: 'contactHours', scope: '', value: { from, to }, stated_at: MONDAY }];
  const call = suggestChannel(facts({ preferences: [...hours('17:00', '20:00'), { preference: 'contactChannel', scope: '', value: 'CALL_CENTRE', stated_at: MONDAY }] }));
  expect(call).toMatchObject({ channel: 'CALL_CENTRE', basis: 'STATED_PREFERENCE' });
  expect(call.when).toEqual({
    opensAt: new Date('2026-11-30T16:00:00Z'),
    closesAt: new Date('2026-11-30T17:00:00Z'),
    hours: 'Mon–Fri 09:00–18:00, within the customer’s contact hours 17:00–20:00 (Paris time)',
  });
  expect(call.reason).toContain('for any task');
  const late = suggestChannel(facts({ preferences: hours('18:30', '20:00') }));
  expect(late.considered.find((c) => c.channel === 'CALL_CENTRE')).toMatchObject({
    verdict: 'EXCLUDED',
    why: 'their contact hours (18:30–20:00) never meet its hours (Mon–Fri 09:00–18:00, Paris time)',
  });
});

it('finds the next opening across the weekend and daylight saving', () => {
  const callCentre = callcentreContactChannels.CALL_CENTRE.hours!;
  // Saturday 5 December 2026: Monday 09:00 Paris (CET) is 08:00 UTC.
  expect(nextWindow(callCentre, new Date('2026-12-05T10:00:00Z'))).toEqual({
    opensAt: new Date('2026-12-07T08:00:00Z'),
    closesAt: new Date('2026-12-07T17:00:00Z'),
  });
  // Saturday 28 March 2026 after closing: Monday 30 March is summer time (CEST, 07:00 UTC).
  expect(nextWindow(storeContactChannels.STORE.hours!, new Date('2026-03-28T19:00:00Z'))).toEqual({
    opensAt: new Date('2026-03-30T07:00:00Z'),
    closesAt: new Date('2026-03-30T17:30:00Z'),
  });
});

it('suggests nothing for a customer with no linked record (erased, merged away)', () => {
  const s = suggestChannel(facts({ linkedRecords: 0, addresses: { email: false, phone: false } }));
  expect(s).toMatchObject({ channel: null, basis: null });
  expect(new Set(s.considered.map((c) => c.why))).toEqual(new Set(['no legacy record is linked to this customer (erased or merged away): there is nobody to contact']));
});

it('reads each channel’s declaration from the registry, and refuses a channel described twice', () => {
  expect(Object.keys(registry().contactChannels).sort()).toEqual(['CALL_CENTRE', 'MARKETING', 'STORE', 'WEB']);
  const twice = registry().definitions.map((definition) =>
    definition.name === 'ecommerce' ? { ...definition, contactChannels: { ...definition.contactChannels, ...storeContactChannels } } : definition,
  );
  expect(() => deriveRegistry(twice)).toThrow('subgraph "ecommerce": channel STORE is described (contactChannels) by two channels');
});
