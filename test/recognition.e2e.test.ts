// The right not to be known (issue 11 item 3), through the gateway over HTTP on real PostgreSQL:
// setMyRecognition / setRecognition split a person into one customer per record, no rules run
// (bulk or on changes) links them again nor puts them in a household, no cross-channel field is
// computed for them, and withdrawing the refusal lets the rules link them again.
import { resolveChanges, resolveIdentities, ResolutionReport } from '../subgraphs/customer/identity/resolve';
import { ingestTouchpoints } from '../subgraphs/customer/journal/ingest';
import { Database, openDatabase } from '../subgraphs/kit/database';
import { DevTokenRequest } from '../gateway/dev-tokens';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let db: Database;
let baseline: ResolutionReport;

beforeAll(async () => {
  graph = await startTestGraph();
  await resolveIdentities(graph.databases.urls);
  baseline = await resolveIdentities(graph.databases.urls);
  await ingestTouchpoints(graph.databases.urls, { batch: 500 });
  db = openDatabase({ name: 'customer', url: graph.databases.urls.customer, max: 2 });
});

afterAll(async () => {
  await db?.close();
  await graph?.stop();
});

const asCustomer = (customerId: string): DevTokenRequest => ({ role: 'customer', subject: `web-${customerId.slice(0, 8)}`, customerId });
const AGENT: DevTokenRequest = { role: 'agent', subject: 'e2e-77' };

const SET_MINE = `mutation ($recognised: Boolean!) {
  setMyRecognition(recognised: $recognised) { decisionId recognised records linksClosed customer { id } }
}`;
const SET = `mutation ($customerId: ID!, $recognised: Boolean!, $reason: String!) {
  setRecognition(customerId: $customerId, recognised: $recognised, reason: $reason) { decisionId recognised records linksClosed customer { id } }
}`;

interface Person {
  customer_id: string;
  records: string[];
}

const split = (record: string): [string, string] => [record.slice(0, record.indexOf(':')), record.slice(record.indexOf(':') + 1)];

/**
 * People whose records (all linked by the rules) span at least three systems, one of them the store;
 * none used twice. The first ones have a household and a history in several systems, so that what
 * a refusal takes away is there before it.
 */
const used = new Set<string>();
async function takePerson(): Promise<Person> {
  const rows = await db.query<Person>(
    `SELECT customer_id::text, array_agg(system || ':' || local_key ORDER BY system, local_key) AS records
       FROM identity_link WHERE unlinked_at IS NULL
      GROUP BY customer_id
     HAVING count(DISTINCT system) >= 3 AND bool_or(system = 'store') AND bool_and(decided_by = 'rules')
      ORDER BY EXISTS (SELECT 1 FROM household_member m WHERE m.customer_id = identity_link.customer_id AND m.left_at IS NULL) DESC,
               (SELECT count(DISTINCT t.identity_system) FROM identity_link o
                  JOIN touchpoint t ON t.identity_system = o.system AND t.identity_key = o.local_key
                 WHERE o.customer_id = identity_link.customer_id AND o.unlinked_at IS NULL) DESC,
               count(*), min(system || ':' || local_key) -- by the data, not the random ids
`,
  );
  const row = rows.find((r) => !used.has(r.customer_id))!;
  used.add(row.customer_id);
  return row;
}

/** Each record's customer in force. */
async function ownersOf(records: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ record: string; customer_id: string }>(
    `SELECT system || ':' || local_key AS record, customer_id::text FROM identity_link
      WHERE unlinked_at IS NULL AND system || ':' || local_key = ANY($1::text[])`,
    [records],
  );
  return new Map(rows.map((row) => [row.record, row.customer_id]));
}

async function expectApart(person: Person): Promise<string[]> {
  const owners = await ownersOf(person.records);
  const ids = person.records.map((record) => owners.get(record)!);
  expect(ids.every(Boolean)).toBe(true);
  expect(new Set(ids).size).toBe(person.records.length);
  const [{ others }] = await db.query<{ others: number }>(
    'SELECT count(*)::int AS others FROM identity_link WHERE unlinked_at IS NULL AND customer_id = ANY($1::uuid[]) AND NOT (system || \':\' || local_key = ANY($2::text[]))',
    [ids, person.records],
  );
  expect(others).toBe(0);
  return ids;
}

async function touch(record: string): Promise<void> {
  const [system, key] = split(record);
  const legacy = openDatabase({ name: system, url: graph.databases.urls[system as 'store'], max: 1 });
  try {
    // A change each system's extractor sees as one (its own change column).
    if (system === 'ecommerce') await legacy.query("UPDATE customers SET updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1", [Number(key)]);
    else if (system === 'callcentre') await legacy.query('UPDATE contacts SET updated_epoch = extract(epoch FROM now())::bigint WHERE contact_id = $1', [Number(key)]);
    else throw new Error(`the test touches web accounts and call-centre contacts, not ${system}`);
  } finally {
    await legacy.close();
  }
}

const touchable = (person: Person): string => person.records.find((r) => r.startsWith('ecommerce:') || r.startsWith('callcentre:'))!;
const shape = (report: ResolutionReport): number => report.hubStatements - report.labelRounds;

it('the customer refuses: every link closed with refused_recognition, one customer per record, and no run links them again', async () => {
  const person = await takePerson();
  const [cardRecord] = person.records.filter((r) => r.startsWith('store:'));
  // Before: one household, and a history across several systems.
  const before = await graph.query(`{ customer(id: "${person.customer_id}") { household { id } history(first: 100) { nodes { id } } } }`);
  expect(before.data.customer.household).not.toBeNull();
  const [{ systems: historySystems }] = await db.query<{ systems: number }>(
    'SELECT count(DISTINCT identity_system)::int AS systems FROM touchpoint WHERE id = ANY($1::bigint[])',
    [before.data.customer.history.nodes.map((node: { id: string }) => node.id)],
  );
  expect(historySystems).toBeGreaterThanOrEqual(2);
  const answer = await graph.query(SET_MINE, { recognised: false }, { as: asCustomer(person.customer_id) });
  expect(answer.errors).toBeUndefined();
  const result = answer.data.setMyRecognition;
  expect(result.recognised).toBe(false);
  expect(result.linksClosed).toBe(person.records.length);
  // The token's customer keeps its id, with the first record by system and key.
  expect(result.customer).toEqual({ id: person.customer_id });
  expect(result.records).toBe(person.records.length);

  const [decision] = await db.query<{ kind: string; decided_by: string; customer_id: string }>(
    'SELECT kind, decided_by, customer_id::text FROM identity_decision WHERE id = $1',
    [result.decisionId],
  );
  expect(decision).toEqual({ kind: 'refuse_recognition', decided_by: `customer:web-${person.customer_id.slice(0, 8)}`, customer_id: person.customer_id });
  const closed = await db.query<{ reason: string }>(
    'SELECT reason FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NOT NULL AND reason LIKE $2',
    [person.customer_id, 'refused_recognition%'],
  );
  expect(closed).toHaveLength(person.records.length);
  const ids = await expectApart(person);
  expect(ids[0]).toBe(person.customer_id);
  const [{ households }] = await db.query<{ households: number }>(
    'SELECT count(*)::int AS households FROM household_member WHERE customer_id = ANY($1::uuid[]) AND left_at IS NULL',
    [ids],
  );
  expect(households).toBe(0);

  // Bulk: nothing re-linked, no household; the run's statements are the same list as before.
  const bulk = await resolveIdentities(graph.databases.urls);
  expect(await expectApart(person)).toEqual(ids);
  expect(shape(bulk)).toBe(shape(baseline));
  const [{ members }] = await db.query<{ members: number }>(
    'SELECT count(*)::int AS members FROM household_member WHERE customer_id = ANY($1::uuid[]) AND left_at IS NULL',
    [ids],
  );
  expect(members).toBe(0);

  // On changes, with one of their legacy rows changed (so their records are in scope).
  await touch(touchable(person));
  const pass = await resolveChanges(graph.databases.urls);
  expect(pass.recordsRead).toBeGreaterThanOrEqual(1);
  expect(pass.recordsInScope).toBeGreaterThanOrEqual(person.records.length);
  expect(await expectApart(person)).toEqual(ids);

  // No cross-channel field: each customer's history, golden record and household hold its one record only.
  const FIELDS = `id systems household { id } identities { system localKey rule }
    goldenRecord { names { source { system localKey } } emails { source { system localKey } } phones { source { system localKey } }
                   postcodes { source { system localKey } } birthDates { source { system localKey } } }
    history(first: 100) { nodes { id } }`;
  const answers = await graph.query(`{ ${ids.map((id, i) => `c${i}: customer(id: "${id}") { ${FIELDS} }`).join(' ')} }`);
  expect(answers.errors).toBeUndefined();
  let historyEntries = 0;
  for (const [i, record] of person.records.entries()) {
    const customer = answers.data[`c${i}`];
    const [system, localKey] = split(record);
    expect(customer.identities).toEqual([expect.objectContaining({ localKey, rule: 'refused_recognition' })]);
    expect(customer.systems).toHaveLength(1);
    expect(customer.household).toBeNull();
    const sources = Object.values(customer.goldenRecord ?? {}).flatMap((values) => (values as { source: { localKey: string } }[]).map((v) => v.source.localKey));
    expect(new Set(sources).size).toBeLessThanOrEqual(1);
    for (const key of sources) expect(key).toBe(localKey);
    const entries: string[] = customer.history.nodes.map((node: { id: string }) => node.id);
    const systems = await db.query<{ system: string }>('SELECT DISTINCT identity_system AS system FROM touchpoint WHERE id = ANY($1::bigint[])', [entries]);
    expect(systems).toEqual(entries.length ? [{ system }] : []);
    historyEntries += entries.length;
  }

  expect(historyEntries).toBeGreaterThan(0);

  // The card leads to the store record's customer only.
  const card = split(cardRecord)[1];
  const lookup = await graph.query(`{ customerByIdentifier(kind: LOYALTY_CARD, value: "${card}") { customer { id } candidates { id } } }`);
  expect(lookup.errors).toBeUndefined();
  const storeCustomer = ids[person.records.indexOf(cardRecord)];
  expect(lookup.data.customerByIdentifier).toEqual({ customer: { id: storeCustomer }, candidates: [{ id: storeCustomer }] });
  // An e-mail or phone several of their records hold: candidates, one per record, none joining systems.
  const shared = await db.query<{ kind: string; value: string }>(
    `SELECT kind, value FROM identity_identifier WHERE role = 'holder' AND kind IN ('email', 'phone') AND system || ':' || local_key = ANY($1::text[])
      GROUP BY kind, value HAVING count(*) > 1 ORDER BY kind, value LIMIT 1`,
    [person.records],
  );
  expect(shared).toHaveLength(1);
  {
    const byEmail = await graph.query(`query ($kind: IdentifierKind!, $value: String!) { customerByIdentifier(kind: $kind, value: $value) { customer { id } candidates { id systems } } }`, {
      kind: shared[0].kind.toUpperCase(),
      value: shared[0].value,
    });
    expect(byEmail.errors).toBeUndefined();
    const candidates = byEmail.data.customerByIdentifier.candidates as { id: string; systems: string[] }[];
    expect(candidates.length).toBeGreaterThan(1);
    expect(byEmail.data.customerByIdentifier.customer).toBeNull();
    for (const candidate of candidates.filter((c) => ids.includes(c.id))) expect(candidate.systems).toHaveLength(1);
  }
});

it('an agent refuses on a customer’s behalf, audited with a required reason', async () => {
  const person = await takePerson();
  const empty = await graph.query(SET, { customerId: person.customer_id, recognised: false, reason: '  ' }, { as: AGENT });
  expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const answer = await graph.query(SET, { customerId: person.customer_id, recognised: false, reason: 'asked at the till' }, { as: AGENT });
  expect(answer.errors).toBeUndefined();
  const [decision] = await db.query<{ kind: string; decided_by: string; reason: string }>(
    'SELECT kind, decided_by, reason FROM identity_decision WHERE id = $1',
    [answer.data.setRecognition.decisionId],
  );
  expect(decision).toEqual({ kind: 'refuse_recognition', decided_by: 'agent:e2e-77', reason: 'asked at the till' });
  await expectApart(person);
  // Asking again changes nothing.
  const again = await graph.query(SET, { customerId: person.customer_id, recognised: false, reason: 'again' }, { as: AGENT });
  expect(again.data.setRecognition).toMatchObject({ decisionId: null, recognised: false, linksClosed: 0 });
  // A hand link joining a refusing record with another is refused by the database: nothing written.
  const other = await takePerson();
  const [system, localKey] = split(person.records[0]);
  const link = await graph.query(
    `mutation ($c: ID!, $s: LegacySystem!, $k: String!) { linkIdentity(customerId: $c, system: $s, localKey: $k, reason: "same person") { decisionId } }`,
    { c: other.customer_id, s: system.toUpperCase(), k: localKey },
    { as: AGENT },
  );
  expect(link.errors).toBeDefined();
  await expectApart(person);
});

it('nobody else decides: another customer is FORBIDDEN, and so is an analyst', async () => {
  const person = await takePerson();
  const stranger = await takePerson();
  const [{ n: before }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM identity_decision');
  const byCustomer = await graph.query(SET, { customerId: person.customer_id, recognised: false, reason: 'me' }, { as: asCustomer(stranger.customer_id) });
  expect(byCustomer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(byCustomer.data?.setRecognition ?? null).toBeNull();
  const byAnalyst = await graph.query(SET_MINE, { recognised: false }, { as: { role: 'analyst', subject: 'a-1' } });
  expect(byAnalyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const byAgentAsSelf = await graph.query(SET_MINE, { recognised: false }, { as: AGENT });
  expect(byAgentAsSelf.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const [{ n: after }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM identity_decision');
  expect(after).toBe(before);
  const owners = await ownersOf(person.records);
  for (const record of person.records) expect(owners.get(record)).toBe(person.customer_id);
});

it('withdrawn: the next pass on changes links them again, under the id the customer’s token carries; a bulk run agrees', async () => {
  const person = await takePerson();
  const refused = await graph.query(SET_MINE, { recognised: false }, { as: asCustomer(person.customer_id) });
  expect(refused.errors).toBeUndefined();
  await expectApart(person);
  const idle = await resolveChanges(graph.databases.urls);
  expect(idle.linksMade).toBe(0);

  const answer = await graph.query(SET_MINE, { recognised: true }, { as: asCustomer(person.customer_id) });
  expect(answer.errors).toBeUndefined();
  expect(answer.data.setMyRecognition).toMatchObject({ recognised: true, customer: { id: person.customer_id }, linksClosed: 0 });
  expect(answer.data.setMyRecognition.records).toBe(person.records.length);
  const [decision] = await db.query<{ kind: string }>('SELECT kind FROM identity_decision WHERE id = $1', [answer.data.setMyRecognition.decisionId]);
  expect(decision.kind).toBe('accept_recognition');

  // No legacy row changed: the pass takes the records in because their refusal was withdrawn.
  const pass = await resolveChanges(graph.databases.urls);
  expect(pass.linksMade).toBeGreaterThanOrEqual(person.records.length - 1);
  const owners = await ownersOf(person.records);
  for (const record of person.records) expect(owners.get(record)).toBe(person.customer_id);
  const bulk = await resolveIdentities(graph.databases.urls);
  expect(bulk.linksMade).toBe(0);
  expect(bulk.linksClosed).toBe(0);
  const me = await graph.query('{ me { id systems } }', {}, { as: asCustomer(person.customer_id) });
  expect(me.data.me.systems.length).toBeGreaterThanOrEqual(3);
});
