// An agent's identity decisions through the gateway (linkIdentity, unlinkIdentity, mergeCustomers,
// splitCustomer): each is audited, deletes nothing, and survives a rules re-run.
import { resolveIdentities } from '../subgraphs/customer/identity/resolve';
import { Database, openDatabase } from '../subgraphs/kit/database';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let db: Database;

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  db = openDatabase({ name: 'customer', url: graph.databases.urls.customer, max: 2 });
});

afterAll(async () => {
  await db?.close();
  await graph?.stop();
});

// Decisions are taken by the verified caller: an agent token with subject e2e-42, audited as
// `<role>:<subject>`.
const AGENT = 'agent:e2e-42';
const decide = (query: string, variables: Record<string, unknown>) => graph.query(query, variables, { as: { role: 'agent', subject: 'e2e-42' } });
const SYSTEM_ENUM: Record<string, string> = { store: 'STORE', ecommerce: 'ECOMMERCE', callcentre: 'CALLCENTRE', marketing: 'MARKETING' };

interface Link {
  customer_id: string;
  decided_by: string;
  rule: string;
}

const split = (record: string): [string, string] => [record.slice(0, record.indexOf(':')), record.slice(record.indexOf(':') + 1)];
const ref = (record: string) => ({ system: SYSTEM_ENUM[split(record)[0]], localKey: split(record)[1] });

async function activeLinks(): Promise<Map<string, Link>> {
  const rows = await db.query<Link & { record: string }>(
    `SELECT system || ':' || local_key AS record, customer_id::text, decided_by, rule FROM identity_link WHERE unlinked_at IS NULL`,
  );
  return new Map(rows.map((row) => [row.record, row]));
}

/** Customers with `n` records or more linked by the rules, none already used by another test. */
const used = new Set<string>();
async function takeCustomer(n: number): Promise<{ customer_id: string; records: string[] }> {
  const rows = await db.query<{ customer_id: string; records: string[] }>(
    `SELECT customer_id::text, array_agg(system || ':' || local_key ORDER BY system, local_key) AS records
       FROM identity_link WHERE unlinked_at IS NULL
      GROUP BY customer_id HAVING count(*) >= $1 AND bool_and(decided_by = 'rules')
      ORDER BY count(*), min(system || ':' || local_key) -- by the data, not the random ids: the same customers every run
`,
    [n],
  );
  const row = rows.find((r) => !used.has(r.customer_id))!;
  used.add(row.customer_id);
  return row;
}

async function decision(id: string) {
  const [row] = await db.query<{ kind: string; decided_by: string; reason: string; customer_id: string | null; other_customer_id: string | null }>(
    'SELECT kind, decided_by, reason, customer_id::text, other_customer_id::text FROM identity_decision WHERE id = $1',
    [id],
  );
  return row;
}

/** Every link a record ever had, oldest first. */
async function history(record: string) {
  return db.query<{ customer_id: string; unlinked_at: Date | null; decided_by: string; reason: string | null }>(
    'SELECT customer_id::text, unlinked_at, decided_by, reason FROM identity_link WHERE system = $1 AND local_key = $2 ORDER BY id',
    split(record),
  );
}

const LINK = `mutation ($customerId: ID!, $system: LegacySystem!, $localKey: String!, $reason: String!) {
  linkIdentity(customerId: $customerId, system: $system, localKey: $localKey, reason: $reason) {
    decisionId customer { id } previousCustomer { id }
  }
}`;
const UNLINK = `mutation ($customerId: ID!, $system: LegacySystem!, $localKey: String!, $reason: String!) {
  unlinkIdentity(customerId: $customerId, system: $system, localKey: $localKey, reason: $reason) {
    decisionId customer { id } newCustomer { id }
  }
}`;
const MERGE = `mutation ($sourceId: ID!, $targetId: ID!, $reason: String!) {
  mergeCustomers(sourceId: $sourceId, targetId: $targetId, reason: $reason) { decisionId source { id } target { id } }
}`;
const SPLIT = `mutation ($customerId: ID!, $records: [RecordRef!]!, $reason: String!) {
  splitCustomer(customerId: $customerId, records: $records, reason: $reason) { decisionId customer { id } newCustomer { id } }
}`;

it('linkIdentity moves a record to another customer by hand; a rules re-run leaves it there', async () => {
  const from = await takeCustomer(2);
  const to = await takeCustomer(1);
  const moved = from.records[0];
  const answer = await decide(LINK, { customerId: to.customer_id, ...ref(moved), reason: 'customer showed ID at the desk' });
  expect(answer.errors).toBeUndefined();
  const result = answer.data.linkIdentity;
  expect(result.customer).toEqual({ id: to.customer_id });
  expect(result.previousCustomer).toEqual({ id: from.customer_id });
  expect(await decision(result.decisionId)).toMatchObject({
    kind: 'link',
    decided_by: AGENT,
    reason: 'customer showed ID at the desk',
    customer_id: to.customer_id,
    other_customer_id: from.customer_id,
  });

  await resolveIdentities(graph.databases.urls);
  const links = await activeLinks();
  expect(links.get(moved)).toMatchObject({ customer_id: to.customer_id, decided_by: AGENT, rule: 'manual' });
  for (const record of from.records.slice(1)) expect(links.get(record)!.customer_id).toBe(from.customer_id);
  // History: the rules' link is closed, not deleted.
  const rows = await history(moved);
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatchObject({ customer_id: from.customer_id, decided_by: 'rules' });
  expect(rows[0].unlinked_at).not.toBeNull();
  expect(rows[1]).toMatchObject({ customer_id: to.customer_id, unlinked_at: null, decided_by: AGENT });
});

it('unlinkIdentity makes the record a customer of its own; a rules re-run never links it back', async () => {
  const from = await takeCustomer(2);
  const gone = from.records[0];
  const answer = await decide(UNLINK, { customerId: from.customer_id, ...ref(gone), reason: 'not the same person' });
  expect(answer.errors).toBeUndefined();
  const result = answer.data.unlinkIdentity;
  expect(result.customer).toEqual({ id: from.customer_id });
  expect(result.newCustomer.id).not.toBe(from.customer_id);
  expect(await decision(result.decisionId)).toMatchObject({ kind: 'unlink', decided_by: AGENT, reason: 'not the same person', customer_id: from.customer_id });

  await resolveIdentities(graph.databases.urls);
  await resolveIdentities(graph.databases.urls);
  const links = await activeLinks();
  expect(links.get(gone)!.customer_id).toBe(result.newCustomer.id);
  for (const record of from.records.slice(1)) expect(links.get(record)!.customer_id).toBe(from.customer_id);
  const rows = await history(gone);
  expect(rows.map((row) => row.customer_id)).toEqual([from.customer_id, result.newCustomer.id]);
  expect(rows[0].unlinked_at).not.toBeNull();
  expect(rows[0].reason).toContain('not the same person');
});

it('mergeCustomers moves every record of the source to the target; the source leads to the target', async () => {
  const source = await takeCustomer(2);
  const target = await takeCustomer(1);
  const answer = await decide(MERGE, { sourceId: source.customer_id, targetId: target.customer_id, reason: 'same person, two cards' });
  expect(answer.errors).toBeUndefined();
  const result = answer.data.mergeCustomers;
  expect(result).toMatchObject({ source: { id: source.customer_id }, target: { id: target.customer_id } });
  expect(await decision(result.decisionId)).toMatchObject({
    kind: 'merge',
    decided_by: AGENT,
    reason: 'same person, two cards',
    customer_id: source.customer_id,
    other_customer_id: target.customer_id,
  });

  await resolveIdentities(graph.databases.urls);
  const links = await activeLinks();
  for (const record of source.records) expect(links.get(record)).toMatchObject({ customer_id: target.customer_id, decided_by: AGENT });
  for (const record of target.records) expect(links.get(record)!.customer_id).toBe(target.customer_id);
  const [row] = await db.query<{ merged_into: string }>('SELECT merged_into::text FROM customer WHERE id = $1', [source.customer_id]);
  expect(row.merged_into).toBe(target.customer_id);
  const [{ closed }] = await db.query<{ closed: number }>(
    'SELECT count(*)::int AS closed FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NOT NULL',
    [source.customer_id],
  );
  expect(closed).toBe(source.records.length);
  // A merged customer takes no further decision: its id leads to the target.
  const again = await decide(MERGE, { sourceId: source.customer_id, targetId: target.customer_id, reason: 'twice' });
  expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(again.errors?.[0].message).toContain(target.customer_id);
});

it('splitCustomer moves the listed records to a new customer, kept apart from the others, run after run', async () => {
  const whole = await takeCustomer(3);
  const [first, ...others] = whole.records;
  const answer = await decide(SPLIT, {
    customerId: whole.customer_id,
    records: [ref(first)],
    reason: 'father and son, one card each',
  });
  expect(answer.errors).toBeUndefined();
  const result = answer.data.splitCustomer;
  expect(result.customer).toEqual({ id: whole.customer_id });
  expect(await decision(result.decisionId)).toMatchObject({
    kind: 'split',
    decided_by: AGENT,
    reason: 'father and son, one card each',
    customer_id: whole.customer_id,
    other_customer_id: result.newCustomer.id,
  });
  const apart = await db.query<{ other: string }>(
    `SELECT other_system || ':' || other_local_key AS other FROM identity_decision
      WHERE kind = 'keep_apart' AND system = $1 AND local_key = $2 AND decided_by = $3 ORDER BY 1`,
    [...split(first), AGENT],
  );
  expect(apart.map((row) => row.other)).toEqual([...others].sort());

  await resolveIdentities(graph.databases.urls);
  await resolveIdentities(graph.databases.urls);
  const links = await activeLinks();
  expect(links.get(first)).toMatchObject({ customer_id: result.newCustomer.id, decided_by: AGENT, rule: 'manual' });
  for (const record of others) expect(links.get(record)!.customer_id).toBe(whole.customer_id);
  const rows = await history(first);
  expect(rows.map((row) => row.customer_id)).toEqual([whole.customer_id, result.newCustomer.id]);
});

describe('bad input is refused with a code, and writes nothing', () => {
  let decisionsBefore: number;
  beforeAll(async () => {
    [{ n: decisionsBefore }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM identity_decision');
  });
  afterAll(async () => {
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM identity_decision');
    expect(n).toBe(decisionsBefore);
  });

  it('an empty reason is BAD_USER_INPUT', async () => {
    const customer = await takeCustomer(2);
    for (const reason of ['', '   ']) {
      const answer = await decide(UNLINK, { customerId: customer.customer_id, ...ref(customer.records[0]), reason });
      expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const answer = await decide(MERGE, { sourceId: customer.customer_id, targetId: customer.customer_id, reason: '' });
    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0].message).toMatch(/reason/);
  });

  it('a merge into itself is BAD_USER_INPUT', async () => {
    const customer = await takeCustomer(1);
    const answer = await decide(MERGE, { sourceId: customer.customer_id, targetId: customer.customer_id, reason: 'oops' });
    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0].message).toMatch(/itself/);
  });

  it('an unknown customer is NOT_FOUND, a malformed id BAD_USER_INPUT', async () => {
    const customer = await takeCustomer(2);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const notFound = await decide(MERGE, { sourceId: unknown, targetId: customer.customer_id, reason: 'r' });
    expect(notFound.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(notFound.errors?.[0].message).toContain(unknown);
    const link = await decide(LINK, { customerId: unknown, ...ref(customer.records[0]), reason: 'r' });
    expect(link.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const malformed = await decide(SPLIT, { customerId: 'nope', records: [ref(customer.records[0])], reason: 'r' });
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a record not linked to the customer, or unknown to the hub, is refused with a clear message', async () => {
    const a = await takeCustomer(2);
    const b = await takeCustomer(2);
    const unlink = await decide(UNLINK, { customerId: a.customer_id, ...ref(b.records[0]), reason: 'r' });
    expect(unlink.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(unlink.errors?.[0].message).toContain('is not linked to customer');
    const unknownRecord = await decide(LINK, { customerId: a.customer_id, system: 'STORE', localKey: 'NO-SUCH-CARD', reason: 'r' });
    expect(unknownRecord.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(unknownRecord.errors?.[0].message).toContain("store record 'NO-SUCH-CARD'");
    const stranger = await decide(SPLIT, { customerId: a.customer_id, records: [ref(b.records[0])], reason: 'r' });
    expect(stranger.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const everything = await decide(SPLIT, { customerId: a.customer_id, records: a.records.map(ref), reason: 'r' });
    expect(everything.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const none = await decide(SPLIT, { customerId: a.customer_id, records: [], reason: 'r' });
    expect(none.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // Nothing moved.
    const links = await activeLinks();
    for (const record of a.records) expect(links.get(record)!.customer_id).toBe(a.customer_id);
  });
});
