// Consent enforced at read (issue 11 item 2), through the gateway on real PostgreSQL: each test writes
// its own legacy rows (marketing contacts with their e-mail and mobile, consent decisions, a loyalty
// card and its receipts, a segment), links them to customers of its own in the hub, stages every
// system's consent decisions (stageConsent, as the hub's worker does) and reads as one role or another.
import { randomUUID } from 'node:crypto';
import { Database, watchStatements } from '../subgraphs/kit/database';
import { stageTestConsent } from './support/consent';
import { GraphQLResponse, startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let hub: Database;
let marketing: Database;
let ecommerce: Database;
let store: Database;

beforeAll(async () => {
  graph = await startTestGraph();
  hub = graph.database('customer');
  marketing = graph.database('marketing');
  ecommerce = graph.database('ecommerce');
  store = graph.database('store');
});

afterAll(async () => {
  await graph?.stop();
});

const stage = () => stageTestConsent(graph);

// --- fixtures ---------------------------------------------------------------------------------

let mobiles = 0;
async function contact(): Promise<{ id: string; email: string; mobile: string }> {
  const id = randomUUID();
  mobiles += 1;
  const email = `${id.slice(0, 8)}@example.test`;
  const mobile = `+3367${String(process.pid % 1000).padStart(3, '0')}${String(mobiles).padStart(4, '0')}`;
  await marketing.query(
    `INSERT INTO mk_contact (contact_uuid, email, mobile_e164, source, created_at, updated_at) VALUES ($1, $2, $3, 'WEB', now(), now())`,
    [id, email, mobile],
  );
  return { id, email, mobile };
}

async function consent(contactId: string, channel: string, purpose: string, granted: boolean, at: string): Promise<void> {
  await marketing.query('INSERT INTO mk_consent (contact_uuid, channel, purpose, granted, at, source) VALUES ($1, $2, $3, $4, $5, $6)', [
    contactId,
    channel,
    purpose,
    granted,
    at,
    'WEB_FORM',
  ]);
}

async function segment(members: string[]): Promise<string> {
  const [{ id }] = await marketing.query<{ id: string }>(`INSERT INTO mk_segment (name, rule_text) VALUES ($1, 'test') RETURNING segment_id::text AS id`, [
    `consent-e2e ${randomUUID().slice(0, 8)}`,
  ]);
  await marketing.query(`INSERT INTO mk_segment_member (segment_id, contact_uuid, added_at) SELECT $1, unnest($2::uuid[]), now()`, [id, members]);
  return id;
}

let cards = 0;
/** A loyalty card (OPT_SMS 'N': offers by SMS refused). Its receipts do not matter here: access is decided before any is read. */
async function loyaltyCard(): Promise<string> {
  cards += 1;
  const number = `98${String(process.pid % 1000).padStart(3, '0')}${String(cards).padStart(8, '0')}`;
  await store.query(
    `INSERT INTO "CARTE_FIDELITE" ("NUM_CARTE", "CIVILITE", "NOM", "PRENOM", "TEL", "ADR1", "CP", "VILLE", "DATE_NAIS",
       "DATE_CREATION", "MAG_CREATION", "STATUT", "OPT_SMS", "DATE_MAJ")
     VALUES ($1, 'M', 'TEST', 'Consent', '', '', '75001', 'PARIS', '00000000', '20200101', 'P001', 'A', 'N', '20200101')`,
    [number],
  );
  return number;
}

async function customerOf(records: { system: string; key: string }[]): Promise<string> {
  const [{ id }] = await hub.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
  await hub.query(
    `INSERT INTO identity_link (customer_id, system, local_key, rule, linked_at)
     SELECT $1, s, k, 'test', '2020-01-01T00:00:00Z' FROM unnest($2::text[], $3::text[]) AS t(s, k)`,
    [id, records.map((r) => r.system), records.map((r) => r.key)],
  );
  return id;
}

const MARKETING = { role: 'marketing' as const, subject: 'consent-enforcement' };
const AGENT = { role: 'agent' as const, subject: 'consent-enforcement' };
const ANALYST = { role: 'analyst' as const, subject: 'consent-enforcement' };

function refusal(answer: GraphQLResponse, field: string) {
  return (answer.errors ?? []).find((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.[e.path.length - 1] === field);
}

// --- contact data per medium, for the marketing role -------------------------------------------

const CONTACT = `query ($id: ID!) { customer(id: $id) { id marketingEmail marketingMobile } }`;

it('a marketing token gets no e-mail of a customer who withdrew e-mail offers, but the mobile they consented to; staff still see both', async () => {
  const c = await contact();
  await consent(c.id, 'EMAIL', 'OFFERS', true, '2024-01-01T10:00:00Z');
  await consent(c.id, 'EMAIL', 'OFFERS', false, '2024-03-01T10:00:00Z'); // withdrawn: the newest decision
  await consent(c.id, 'SMS', 'OFFERS', true, '2024-02-01T10:00:00Z');
  const id = await customerOf([{ system: 'marketing', key: c.id }]);
  await stage();

  for (const purpose of ['offers', undefined]) {
    const asMarketing = await graph.query(CONTACT, { id }, { as: MARKETING, purpose });
    expect(asMarketing.data.customer).toEqual({ id, marketingEmail: null, marketingMobile: c.mobile });
    const refused = refusal(asMarketing, 'marketingEmail');
    expect(refused?.extensions?.field).toBe('Customer.marketingEmail');
    expect(refused?.message).toMatch(/no consent in force for .*offers.* by email/);
    expect(asMarketing.errors).toHaveLength(1);
  }
  // The SMS grant is for offers: a newsletter purpose does not reach the mobile either.
  const newsletter = await graph.query(CONTACT, { id }, { as: MARKETING, purpose: 'newsletter' });
  expect(newsletter.data.customer).toEqual({ id, marketingEmail: null, marketingMobile: null });

  for (const as of [AGENT, { role: 'privacy_officer' as const, subject: 'consent-enforcement' }]) {
    const staff = await graph.query(CONTACT, { id }, { as });
    expect(staff.errors).toBeUndefined();
    expect(staff.data.customer).toEqual({ id, marketingEmail: c.email, marketingMobile: c.mobile });
  }
});

it('the hub-wide consent in force decides, not one system: a refusal on another record of the customer hides the e-mail', async () => {
  const a = await contact();
  const b = await contact();
  await consent(a.id, 'EMAIL', 'OFFERS', true, '2024-05-01T10:00:00Z');
  await consent(b.id, 'EMAIL', 'OFFERS', false, '2024-01-01T10:00:00Z'); // older, but made before the records were one customer
  const id = await customerOf([
    { system: 'marketing', key: a.id },
    { system: 'marketing', key: b.id },
  ]);
  await stage();
  // The grant was made after the refusal and after both records were one customer (linked 2020): it lifts it.
  const lifted = await graph.query(CONTACT, { id }, { as: MARKETING, purpose: 'offers' });
  expect([a.email, b.email]).toContain(lifted.data.customer.marketingEmail);
  // A new refusal on either record withdraws it at once for the whole customer.
  await consent(b.id, 'EMAIL', 'OFFERS', false, '2024-06-01T10:00:00Z');
  await stage();
  const withdrawn = await graph.query(CONTACT, { id }, { as: MARKETING, purpose: 'offers' });
  expect(withdrawn.data.customer.marketingEmail).toBeNull();
  expect(refusal(withdrawn, 'marketingEmail')).toBeDefined();
});

it('postal addresses reach the marketing role only with post consent in force; their fields inherit the decision', async () => {
  const [account] = await ecommerce.query<{ id: number }>(
    `INSERT INTO customers (email, password_hash, first_name, last_name, newsletter, created_at, updated_at)
     VALUES ($1, 'x', 'Test', 'Post', false, '2020-01-01', '2020-01-01') RETURNING id`,
    [`${randomUUID()}@example.test`],
  );
  await ecommerce.query(
    `INSERT INTO addresses (customer_id, kind, line1, line2, postcode, city, country, is_default) VALUES ($1, 'SHIPPING', '1 rue Test', '', '75001', 'PARIS', 'FR', true)`,
    [account.id],
  );
  const c = await contact();
  await consent(c.id, 'POST', 'NEWSLETTER', false, '2024-01-01T10:00:00Z');
  const id = await customerOf([
    { system: 'ecommerce', key: String(account.id) },
    { system: 'marketing', key: c.id },
  ]);
  await stage();
  const ADDRESSES = `query ($id: ID!) { customer(id: $id) { addresses { line1 postcode city } } }`;
  const refused = await graph.query(ADDRESSES, { id }, { as: MARKETING });
  expect(refused.data.customer.addresses).toBeNull();
  expect(refusal(refused, 'addresses')?.message).toMatch(/by post/);
  expect((await graph.query(ADDRESSES, { id }, { as: AGENT })).data.customer.addresses).toEqual([{ line1: '1 rue Test', postcode: '75001', city: 'PARIS' }]);

  await consent(c.id, 'POST', 'NEWSLETTER', true, '2024-06-01T10:00:00Z');
  await stage();
  const allowed = await graph.query(ADDRESSES, { id }, { as: MARKETING });
  expect(allowed.errors).toBeUndefined();
  expect(allowed.data.customer.addresses).toEqual([{ line1: '1 rue Test', postcode: '75001', city: 'PARIS' }]);
});

// --- audiences --------------------------------------------------------------------------------

const AUDIENCE = `query ($id: ID!, $purpose: ConsentPurpose!, $channel: MarketingChannel!) { segment(id: $id) {
  memberCount
  audience(purpose: $purpose, channel: $channel) { purpose channel members reachable excluded { count refused neverAsked } }
} }`;

it('a segment audience excludes members without the purpose × channel consent, and says how many and why', async () => {
  const withdrew = await contact();
  await consent(withdrew.id, 'EMAIL', 'OFFERS', true, '2024-01-01T10:00:00Z');
  await consent(withdrew.id, 'EMAIL', 'OFFERS', false, '2024-03-01T10:00:00Z');
  const consents = await contact();
  await consent(consents.id, 'EMAIL', 'OFFERS', false, '2024-01-01T10:00:00Z');
  await consent(consents.id, 'EMAIL', 'OFFERS', true, '2024-03-01T10:00:00Z');
  const neverAsked = await contact();
  await consent(neverAsked.id, 'SMS', 'OFFERS', true, '2024-03-01T10:00:00Z'); // another channel: says nothing of e-mail
  const id = await segment([withdrew.id, consents.id, neverAsked.id]);

  const answer = await graph.query(AUDIENCE, { id, purpose: 'OFFERS', channel: 'EMAIL' }, { as: MARKETING });
  expect(answer.errors).toBeUndefined();
  expect(answer.data.segment).toEqual({
    memberCount: 3,
    audience: {
      purpose: 'OFFERS',
      channel: 'EMAIL',
      members: 3,
      reachable: 1,
      excluded: { count: 2, refused: 1, neverAsked: 1 },
    },
  });
  const sms = await graph.query(AUDIENCE, { id, purpose: 'OFFERS', channel: 'SMS' }, { as: MARKETING });
  expect(sms.data.segment.audience).toMatchObject({ reachable: 1, excluded: { count: 2, refused: 0, neverAsked: 2 } });

  // Analysts and agents see no audience (segmentation is marketing's).
  for (const as of [ANALYST, AGENT]) {
    const refused = await graph.query(AUDIENCE, { id, purpose: 'OFFERS', channel: 'EMAIL' }, { as });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }
});

it('audiences of many segments cost the marketing system the same statements as one', async () => {
  const members = await Promise.all([contact(), contact()]);
  await consent(members[0].id, 'EMAIL', 'NEWSLETTER', true, '2024-01-01T10:00:00Z');
  const ids = await Promise.all(Array.from({ length: 6 }, () => segment(members.map((m) => m.id))));
  const cost = async (n: number): Promise<number> => {
    const query = `{ ${ids
      .slice(0, n)
      .map((id, i) => `s${i}: segment(id: "${id}") { audience(purpose: NEWSLETTER, channel: EMAIL) { reachable excluded { count } } }`)
      .join(' ')} }`;
    let statements = 0;
    const unwatch = watchStatements((database) => {
      if (database === 'marketing') statements += 1;
    });
    try {
      const answer = await graph.query(query, {}, { as: MARKETING });
      expect(answer.errors).toBeUndefined();
      expect(Object.values(answer.data).map((s: any) => s.audience)).toEqual(Array(n).fill({ reachable: 1, excluded: { count: 1 } }));
    } finally {
      unwatch();
    }
    return statements;
  };
  expect(await cost(6)).toBe(await cost(1));
});

// --- profiling-derived fields ------------------------------------------------------------------

const PROFILING = `query ($id: ID!) { customer(id: $id) { id usualBasket { ean } favouriteStores { storeCode } segments { segment { id } } } }`;
const ME_PROFILING = `{ me { id usualBasket { ean } favouriteStores { storeCode } segments { segment { id } } } }`;

it('profiling fields are FORBIDDEN without profiling consent but to the customer themself and the privacy officer, and served once it is granted', async () => {
  const c = await contact();
  const card = await loyaltyCard();
  const seg = await segment([c.id]);
  await consent(c.id, 'EMAIL', 'PROFILING', false, '2024-01-01T10:00:00Z');
  const id = await customerOf([
    { system: 'marketing', key: c.id },
    { system: 'store', key: card },
  ]);
  await stage();

  const agent = await graph.query(PROFILING, { id }, { as: AGENT });
  expect(agent.data.customer).toEqual({ id, usualBasket: null, favouriteStores: null, segments: null });
  for (const field of ['usualBasket', 'favouriteStores']) expect(refusal(agent, field)?.message).toMatch(/not consented to profiling/);
  const marketingAnswer = await graph.query(PROFILING, { id }, { as: MARKETING });
  expect(marketingAnswer.data.customer).toEqual({ id, usualBasket: null, favouriteStores: null, segments: null });
  expect(refusal(marketingAnswer, 'segments')?.message).toMatch(/not consented to profiling/);
  for (const field of ['usualBasket', 'favouriteStores', 'segments']) expect(refusal(marketingAnswer, field)?.extensions?.code).toBe('FORBIDDEN');
  const analyst = await graph.query(PROFILING, { id }, { as: ANALYST });
  expect(analyst.data?.customer ?? null).toBeNull();
  expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

  const officer = await graph.query(PROFILING, { id });
  expect(officer.errors).toBeUndefined();
  expect(officer.data.customer.segments).toEqual([{ segment: { id: seg } }]);
  const me = await graph.query(ME_PROFILING, {}, { as: { role: 'customer', subject: 'consent-enforcement', customerId: id } });
  expect(me.errors).toBeUndefined();
  expect(me.data.me).toMatchObject({ id, segments: [{ segment: { id: seg } }] });
  expect(Array.isArray(me.data.me.usualBasket) && Array.isArray(me.data.me.favouriteStores)).toBe(true);

  // Profiling granted since: the agent reads the basket and stores, marketing the segments.
  await consent(c.id, 'EMAIL', 'PROFILING', true, '2024-06-01T10:00:00Z');
  await stage();
  const agentAfter = await graph.query(PROFILING, { id }, { as: AGENT });
  expect(agentAfter.data.customer.usualBasket).toEqual(officer.data.customer.usualBasket);
  expect(agentAfter.data.customer.favouriteStores).toEqual(officer.data.customer.favouriteStores);
  expect(refusal(agentAfter, 'usualBasket')).toBeUndefined();
  expect(refusal(agentAfter, 'segments')?.message).toMatch(/may not read segmentation/); // the class still decides first
  const marketingAfter = await graph.query(PROFILING, { id }, { as: MARKETING });
  expect(marketingAfter.data.customer.segments).toEqual([{ segment: { id: seg } }]);
  expect(refusal(marketingAfter, 'usualBasket')?.message).toMatch(/may not read profiling/);
});
