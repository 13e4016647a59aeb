// Identity resolution on the generated test data set: every identity case of
// shared/legacy/README.md with its expected outcome, found through the ground truth (which the
// resolution itself never reads); the guards; manual decisions and refusal of recognition that a
// re-run must respect; idempotency; precision and recall; a statement count that does not grow
// with the data.
import { namesDifferSql } from '../subgraphs/customer/identity/rules';
import { Database, openDatabase, watchStatements } from '../subgraphs/kit/database';
import { resolveChanges, resolveIdentities, ResolutionReport, watchIdentities } from '../subgraphs/customer/identity/resolve';
import { scoreIdentities } from '../devtools/identity-score';
import { isInvalid, normalisePhone } from '../subgraphs/kit/identity/normalise';
import { createTestDatabases, TestDatabases } from './support/test-databases';

const SYSTEM_OF: Record<string, string> = {
  'store.card': 'store',
  'ecommerce.customer': 'ecommerce',
  'callcentre.contact': 'callcentre',
  'marketing.contact': 'marketing',
};

interface Link {
  id: string;
  customer_id: string;
  system: string;
  local_key: string;
  rule: string;
  evidence: { matched?: Record<string, string>[]; ignored?: string[]; guard?: string };
  decided_by: string;
}

interface World {
  /** person → their records as `system:key`. */
  recordsOf: Map<number, string[]>;
  /** `system:key` → person. */
  personOf: Map<string, number>;
  casesOf: Map<number, string[]>;
  householdOf: Map<number, number | null>;
}

let dbs: TestDatabases;
let hub: Database;
let truth: Database;
let world: World;
let first: ResolutionReport;

async function activeLinks(db: Database = hub): Promise<Map<string, Link>> {
  const rows = await db.query<Link>(
    `SELECT id::text, customer_id::text, system, local_key, rule, evidence, decided_by
       FROM identity_link WHERE unlinked_at IS NULL`,
  );
  return new Map(rows.map((row) => [`${row.system}:${row.local_key}`, row]));
}

async function readWorld(): Promise<World> {
  const rows = await truth.query<{ system: string; local_key: string; person_id: number; cases: string[]; household_id: number | null }>(
    `SELECT o.system, o.local_key, o.person_id, p.cases, p.household_id
       FROM record_owner o JOIN person p ON p.person_id = o.person_id ORDER BY o.person_id, o.system, o.local_key`,
  );
  const w: World = { recordsOf: new Map(), personOf: new Map(), casesOf: new Map(), householdOf: new Map() };
  for (const row of rows) {
    const key = `${SYSTEM_OF[row.system]}:${row.local_key.trim()}`;
    w.personOf.set(key, row.person_id);
    w.recordsOf.set(row.person_id, [...(w.recordsOf.get(row.person_id) ?? []), key]);
    w.casesOf.set(row.person_id, row.cases);
    w.householdOf.set(row.person_id, row.household_id);
  }
  return w;
}

function peopleWith(tag: string): number[] {
  return [...world.casesOf].filter(([, cases]) => cases.includes(tag)).map(([person]) => person);
}

function customersOf(links: Map<string, Link>, person: number): Set<string> {
  return new Set((world.recordsOf.get(person) ?? []).map((record) => links.get(record)?.customer_id ?? `none:${record}`));
}

/** Everybody whose records share a customer with this person's records (the person included). */
function peopleSharingCustomersWith(links: Map<string, Link>, person: number): Set<number> {
  const customers = customersOf(links, person);
  const people = new Set<number>();
  for (const [record, link] of links) {
    if (customers.has(link.customer_id) && world.personOf.has(record)) people.add(world.personOf.get(record)!);
  }
  return people;
}

beforeAll(async () => {
  dbs = await createTestDatabases();
  hub = openDatabase({ name: 'customer', url: dbs.urls.customer, max: 2 });
  truth = openDatabase({ name: 'truth', url: dbs.urls.truth, max: 1 });
  world = await readWorld();
  first = await resolveIdentities(dbs.urls);
});

afterAll(async () => {
  await hub?.close();
  await truth?.close();
  await dbs?.drop();
});

describe('the identity cases of legacy/README.md', () => {
  let links: Map<string, Link>;
  beforeAll(async () => {
    links = await activeLinks();
  });

  it('1. four spellings of one mobile: one customer', () => {
    const people = peopleWith('mobile-spellings');
    expect(people.length).toBeGreaterThan(0);
    for (const person of people) {
      expect(customersOf(links, person).size).toBe(1);
      expect(peopleSharingCustomersWith(links, person)).toEqual(new Set([person]));
    }
  });

  it('2. several spellings of one e-mail: one customer', () => {
    const people = peopleWith('email-spellings');
    expect(people.length).toBeGreaterThan(0);
    for (const person of people) {
      const records = world.recordsOf.get(person)!;
      // The records carrying the e-mail share an `email` match in their evidence and one customer.
      const byEmail = records.filter((record) => links.get(record)?.evidence.matched?.some((m) => m.rule === 'email'));
      expect(byEmail.length).toBeGreaterThan(1);
      expect(new Set(byEmail.map((record) => links.get(record)!.customer_id)).size).toBe(1);
      expect(peopleSharingCustomersWith(links, person)).toEqual(new Set([person]));
    }
  });

  it('3. a couple sharing a landline and an address: two customers, one household', async () => {
    const couples = new Map<number, number[]>();
    for (const person of peopleWith('shared-landline-couple')) {
      const household = world.householdOf.get(person)!;
      couples.set(household, [...(couples.get(household) ?? []), person]);
    }
    expect(couples.size).toBeGreaterThan(0);
    const memberships = await hub.query<{ customer_id: string; household_id: string; established_by: string[] }>(
      'SELECT customer_id::text, household_id::text, established_by FROM household_member WHERE left_at IS NULL',
    );
    const householdOf = new Map(memberships.map((m) => [m.customer_id, m]));
    for (const [, pair] of couples) {
      expect(pair).toHaveLength(2);
      const [a, b] = pair.map((person) => customersOf(links, person));
      // Two people: no customer holds records of both.
      expect([...a].some((customer) => b.has(customer))).toBe(false);
      // One household, established by the family card and/or the shared landline and address.
      // (A record of theirs that linking missed — a recall matter, scored elsewhere — may stand
      // outside it as a customer of its own; it must not stand in another household.)
      const households = new Set([...a, ...b].map((customer) => householdOf.get(customer)?.household_id).filter(Boolean));
      expect(households.size).toBe(1);
      const [household] = households;
      for (const customers of [a, b]) {
        expect([...customers].some((customer) => householdOf.get(customer)?.household_id === household)).toBe(true);
      }
    }
  });

  it('4. namesakes in different towns: different customers', () => {
    const people = peopleWith('namesake');
    expect(people.length).toBeGreaterThan(1);
    for (const person of people) expect(peopleSharingCustomersWith(links, person)).toEqual(new Set([person]));
  });

  it('5. one person with two web accounts: tied together by phone or card', () => {
    const people = peopleWith('two-web-accounts');
    expect(people.length).toBeGreaterThan(0);
    for (const person of people) {
      const accounts = world.recordsOf.get(person)!.filter((record) => record.startsWith('ecommerce:'));
      expect(accounts.length).toBeGreaterThan(1);
      expect(new Set(accounts.map((account) => links.get(account)!.customer_id)).size).toBe(1);
      expect(peopleSharingCustomersWith(links, person)).toEqual(new Set([person]));
    }
  });

  it('6. a card number mistyped on the web shop: that account is not linked through the card', async () => {
    const people = peopleWith('mistyped-card');
    expect(people.length).toBeGreaterThan(0);
    const flagged = await hub.query<{ local_key: string }>(
      "SELECT local_key FROM identity_record WHERE system = 'ecommerce' AND 'loyalty_card_invalid' = ANY (ignored)",
    );
    expect(flagged.length).toBeGreaterThan(0);
    for (const { local_key } of flagged) {
      const link = links.get(`ecommerce:${local_key}`)!;
      expect(link.evidence.ignored).toContain('loyalty_card_invalid');
      expect(link.evidence.matched?.some((m) => 'card' in m) ?? false).toBe(false);
      // Linked, if at all, only to its owner's other records.
      const owner = world.personOf.get(`ecommerce:${local_key}`)!;
      expect(peopleSharingCustomersWith(links, owner)).toEqual(new Set([owner]));
    }
    const carded = await hub.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM identity_identifier WHERE kind = 'card' AND system = 'ecommerce' AND local_key = ANY ($1)",
      [flagged.map((row) => row.local_key)],
    );
    expect(carded[0].n).toBe(0);
  });

  it('7. people known to one channel only: a customer of their own', () => {
    for (const tag of ['store-only', 'caller-only']) {
      const people = peopleWith(tag);
      expect(people.length).toBeGreaterThan(0);
      for (const person of people) {
        expect(peopleSharingCustomersWith(links, person)).toEqual(new Set([person]));
        for (const record of world.recordsOf.get(person)!) expect(links.has(record)).toBe(true);
      }
    }
  });

  it('8. anonymous receipts and unidentified calls belong to nobody', async () => {
    const store = openDatabase({ name: 'store', url: dbs.urls.store, max: 1 });
    const callcentre = openDatabase({ name: 'callcentre', url: dbs.urls.callcentre, max: 1 });
    try {
      const [{ anonymous, carded }] = await store.query<{ anonymous: number; carded: number }>(
        'SELECT count(*) FILTER (WHERE "NUM_CARTE" IS NULL)::int AS anonymous, count("NUM_CARTE")::int AS carded FROM "TICKET"',
      );
      expect(anonymous).toBeGreaterThan(0);
      expect(carded).toBeGreaterThan(0);
      // A receipt reaches a customer only through its card; every card is linked, and nothing else
      // from the till is an identity in the hub.
      const cards = await store.query<{ num: string }>('SELECT DISTINCT trim("NUM_CARTE") AS num FROM "TICKET" WHERE "NUM_CARTE" IS NOT NULL');
      for (const { num } of cards) expect(links.has(`store:${num}`)).toBe(true);
      const [{ records }] = await store.query<{ records: number }>('SELECT count(*)::int AS records FROM "CARTE_FIDELITE"');
      const [{ inHub }] = await hub.query<{ inHub: number }>(`SELECT count(*)::int AS "inHub" FROM identity_record WHERE system = 'store'`);
      expect(inHub).toBe(records);

      const calls = await callcentre.query<{ ani: string }>('SELECT DISTINCT ani FROM calls WHERE contact_id IS NULL');
      expect(calls.length).toBeGreaterThan(0);
      const phones = calls.map(({ ani }) => normalisePhone(ani)).flatMap((p) => (isInvalid(p) ? [] : [p.e164]));
      const known = await hub.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM identity_identifier i
           JOIN identity_link l ON l.system = i.system AND l.local_key = i.local_key AND l.unlinked_at IS NULL
          WHERE i.kind = 'phone' AND i.value = ANY ($1)`,
        [phones],
      );
      expect(known[0].n).toBe(0);
    } finally {
      await store.close();
      await callcentre.close();
    }
  });

  it('9. a recycled mobile number: no link, no household between the two holders', async () => {
    const people = peopleWith('recycled-mobile');
    expect(people.length).toBeGreaterThan(1);
    const memberships = await hub.query<{ customer_id: string; household_id: string }>(
      'SELECT customer_id::text, household_id::text FROM household_member WHERE left_at IS NULL',
    );
    const householdOf = new Map(memberships.map((m) => [m.customer_id, m.household_id]));
    for (const person of people) {
      expect(peopleSharingCustomersWith(links, person)).toEqual(new Set([person]));
      const mine = [...customersOf(links, person)].map((c) => householdOf.get(c)).filter(Boolean);
      for (const other of people) {
        if (other === person) continue;
        const theirs = [...customersOf(links, other)].map((c) => householdOf.get(c)).filter(Boolean);
        expect(mine.some((h) => theirs.includes(h))).toBe(false);
      }
    }
  });

  it('10. marketing contacts with external_ref are linked to the web account or card they name', async () => {
    const marketing = openDatabase({ name: 'marketing', url: dbs.urls.marketing, max: 1 });
    try {
      const refs = await marketing.query<{ uuid: string; ref: string }>(
        "SELECT contact_uuid::text AS uuid, external_ref AS ref FROM mk_contact WHERE external_ref IS NOT NULL",
      );
      expect(refs.some((r) => r.ref.startsWith('ECOM:'))).toBe(true);
      expect(refs.some((r) => r.ref.startsWith('CARD:'))).toBe(true);
      for (const { uuid, ref } of refs) {
        const [kind, value] = ref.split(':');
        const target = kind === 'ECOM' ? `ecommerce:${value}` : `store:${value}`;
        expect(links.get(`marketing:${uuid}`)!.customer_id).toBe(links.get(target)!.customer_id);
      }
    } finally {
      await marketing.close();
    }
  });

  it('11. closed cards and soft-deleted accounts stay linked, flagged', async () => {
    for (const [tag, system, status] of [
      ['closed-card', 'store', 'closed'],
      ['deleted-account', 'ecommerce', 'deleted'],
    ] as const) {
      expect(peopleWith(tag).length).toBeGreaterThan(0);
      const flagged = await hub.query<{ local_key: string; customer_id: string | null }>(
        `SELECT i.local_key, c.customer_id::text
           FROM identity_record i LEFT JOIN customer_identity c ON c.system = i.system AND c.local_key = i.local_key
          WHERE i.system = $1 AND i.status = $2`,
        [system, status],
      );
      expect(flagged.length).toBeGreaterThan(0);
      for (const row of flagged) {
        expect(row.customer_id).not.toBeNull();
        const person = world.personOf.get(`${system}:${row.local_key}`)!;
        expect(world.casesOf.get(person)).toContain(tag);
        expect(peopleSharingCustomersWith(links, person)).toEqual(new Set([person]));
      }
      const [{ shown }] = await hub.query<{ shown: number }>(
        'SELECT count(*)::int AS shown FROM customer_identity WHERE system = $1 AND record_status = $2',
        [system, status],
      );
      expect(shown).toBe(flagged.length);
    }
  });
});

describe('links are explained', () => {
  it('every record of every system is linked once, with a rule and its evidence', async () => {
    const links = await activeLinks();
    expect(links.size).toBe(first.recordsRead);
    for (const link of links.values()) {
      expect(link.rule).toMatch(/^(external_ref|web_loyalty_card|shared_card|email|phone_and_name|single_record)$/);
      if (link.rule !== 'single_record') {
        expect(link.evidence.matched?.length).toBeGreaterThan(0);
        expect(link.evidence.matched![0].rule).toBe(link.rule);
      }
    }
  });

  it('a phone alone never links two records whose names differ (nor, without a name, unless its own mailbox names the other)', async () => {
    // "Differ" as the guards read it (rules.ts): no reading in common and neither an abbreviation of the other.
    const [{ n, nameless }] = await hub.query<{ n: number; nameless: number }>(
      `SELECT count(*) FILTER (WHERE ${namesDifferSql('a', 'b')})::int AS n,
              count(*) FILTER (WHERE (cardinality(a.name_readings) = 0 OR cardinality(b.name_readings) = 0)
                                 AND m -> 'guards' ->> 'name' <> 'missing')::int AS nameless
         FROM identity_link l
         JOIN identity_record a ON a.system = l.system AND a.local_key = l.local_key
         CROSS JOIN LATERAL jsonb_array_elements(l.evidence -> 'matched') m
         JOIN identity_record b ON b.system || ':' || b.local_key = m ->> 'with'
        WHERE l.unlinked_at IS NULL AND m ->> 'rule' = 'phone_and_name'`,
    );
    expect(n).toBe(0);
    expect(nameless).toBe(0);
  });
});

describe('scores against the ground truth', () => {
  it('precision ≥ 0.999 and recall ≥ 0.97', async () => {
    const score = await scoreIdentities(dbs.urls);
    expect(score.truePairs).toBeGreaterThan(100);
    expect(score.precision).toBeGreaterThanOrEqual(0.999);
    expect(score.recall).toBeGreaterThanOrEqual(0.97);
  });
});

describe('re-running', () => {
  it('is idempotent: same links (same rows), same customer ids, nothing made or closed', async () => {
    const before = await activeLinks();
    const again = await resolveIdentities(dbs.urls);
    expect(again.linksMade).toBe(0);
    expect(again.linksClosed).toBe(0);
    expect(again.newCustomers).toBe(0);
    expect(again.customers).toBe(first.customers);
    expect(again.households).toBe(first.households);
    const after = await activeLinks();
    expect(after).toEqual(before);
  });

  it('costs a fixed number of statements, whatever the number of records', async () => {
    const count = async (urls: typeof dbs.urls): Promise<{ statements: number; report: ResolutionReport }> => {
      let statements = 0;
      const stop = watchStatements(() => (statements += 1));
      try {
        const report = await resolveIdentities(urls);
        return { statements, report };
      } finally {
        stop();
      }
    };
    const full = await count(dbs.urls);
    // The same resolution on a copy holding about half the identity records.
    const half = await createTestDatabases();
    try {
      const shrink = async (name: string, sql: string): Promise<void> => {
        const db = openDatabase({ name, url: half.urls[name as 'store'], max: 1 });
        try {
          await db.query(sql);
        } finally {
          await db.close();
        }
      };
      await shrink('store', 'DELETE FROM "CARTE_FIDELITE" WHERE right(trim("NUM_CARTE"), 1) < \'5\'');
      await shrink('ecommerce', 'DELETE FROM customers WHERE id % 2 = 0');
      await shrink('callcentre', 'DELETE FROM contacts WHERE contact_id % 2 = 0');
      await shrink('marketing', "DELETE FROM mk_contact WHERE contact_uuid::text < '8'");
      const small = await count(half.urls);
      expect(small.report.recordsRead).toBeLessThan(full.report.recordsRead * 0.7);
      // Everything but label propagation is a fixed list; propagation takes one statement per round.
      expect(full.statements - full.report.labelRounds).toBe(small.statements - small.report.labelRounds);
      expect(full.statements).toBeLessThan(100);
    } finally {
      await half.drop();
    }
  });
});

describe('guards against transitive chains', () => {
  let own: TestDatabases;
  let db: Database;
  afterAll(async () => {
    await db?.close();
    await own?.drop();
  });

  it('a couple sharing one e-mail stays two people, and a nameless record bridging two people links neither', async () => {
    own = await createTestDatabases();
    db = openDatabase({ name: 'customer', url: own.urls.customer, max: 2 });
    await resolveIdentities(own.urls);
    const before = await activeLinks(db);
    // Two different people of the data set: one with a web account, one with a loyalty card.
    const web = [...before.keys()].find((record) => record.startsWith('ecommerce:'))!;
    const webPerson = world.personOf.get(web)!;
    const card = [...before.keys()].find(
      (record) => record.startsWith('store:') && !peopleSharingCustomersWith(before, webPerson).has(world.personOf.get(record)!),
    )!;
    const ecommerce = openDatabase({ name: 'ecommerce', url: own.urls.ecommerce, max: 1 });
    const marketing = openDatabase({ name: 'marketing', url: own.urls.marketing, max: 1 });
    let spouse: string;
    let bridge: string;
    try {
      const [account] = await ecommerce.query<{ email: string; first_name: string; last_name: string }>(
        'SELECT email, first_name, last_name FROM customers WHERE id = $1',
        [Number(web.split(':')[1])],
      );
      // The spouse's account: same address, same surname, another first name.
      [{ id: spouse }] = await ecommerce.query<{ id: string }>(
        `INSERT INTO customers (email, password_hash, first_name, last_name, newsletter, created_at, updated_at)
         VALUES ($1, 'x', $2, $3, false, now(), now()) RETURNING id::text`,
        [account.email.toUpperCase(), account.first_name === 'Zoé' ? 'Yann' : 'Zoé', account.last_name],
      );
      // An old import without a name, carrying the first person's e-mail and the other's card.
      [{ uuid: bridge }] = await marketing.query<{ uuid: string }>(
        `INSERT INTO mk_contact (contact_uuid, email, source, external_ref, created_at, updated_at)
         VALUES (gen_random_uuid(), lower(trim($1)), 'IMPORT', $2, now(), now()) RETURNING contact_uuid::text AS uuid`,
        [account.email, `CARD:${card.split(':')[1]}`],
      );
    } finally {
      await ecommerce.close();
      await marketing.close();
    }
    const report = await resolveIdentities(own.urls);
    expect(report.pairsRejected.names_differ).toBeGreaterThan(0);
    expect(report.recordsInSplitComponents).toBeGreaterThan(0);
    const after = await activeLinks(db);
    const customerOf = (record: string): string => after.get(record)!.customer_id;
    expect(customerOf(`ecommerce:${spouse}`)).not.toBe(customerOf(web));
    expect(customerOf(`marketing:${bridge}`)).not.toBe(customerOf(web));
    expect(customerOf(`marketing:${bridge}`)).not.toBe(customerOf(card));
    expect(customerOf(web)).not.toBe(customerOf(card));
    expect(after.get(`marketing:${bridge}`)).toMatchObject({ rule: 'single_record', evidence: { guard: 'name_conflict_split' } });
    // The two people keep their customer ids.
    expect(customerOf(web)).toBe(before.get(web)!.customer_id);
    expect(customerOf(card)).toBe(before.get(card)!.customer_id);
  });
});

describe('decisions the rules obey', () => {
  let own: TestDatabases;
  let db: Database;
  beforeAll(async () => {
    own = await createTestDatabases();
    db = openDatabase({ name: 'customer', url: own.urls.customer, max: 2 });
    await resolveIdentities(own.urls);
  });
  afterAll(async () => {
    await db?.close();
    await own?.drop();
  });

  /** Customers with at least `n` records linked by the rules, most records first. */
  async function customersWith(n: number): Promise<{ customer_id: string; records: string[] }[]> {
    return db.query(
      `SELECT customer_id::text, array_agg(system || ':' || local_key ORDER BY system, local_key) AS records
         FROM identity_link WHERE unlinked_at IS NULL AND decided_by = 'rules'
        GROUP BY customer_id HAVING count(*) >= $1
        ORDER BY count(*) DESC, min(system || ':' || local_key) -- by the data, not the random ids: the same customer every run
`,
      [n],
    );
  }

  it('a customer who refuses recognition keeps each record on its own, run after run', async () => {
    const [target] = await customersWith(3);
    await db.query('UPDATE customer SET refuses_recognition = true WHERE id = $1', [target.customer_id]);
    const report = await resolveIdentities(own.urls);
    expect(report.linksMade).toBeGreaterThanOrEqual(target.records.length - 1);
    const links = await activeLinks(db);
    const customers = target.records.map((record) => links.get(record)!.customer_id);
    expect(new Set(customers).size).toBe(target.records.length);
    // The original id stays with the first record; the others are new customers who refuse too.
    expect(customers[0]).toBe(target.customer_id);
    const flags = await db.query<{ refuses_recognition: boolean }>('SELECT refuses_recognition FROM customer WHERE id = ANY ($1::uuid[])', [
      customers,
    ]);
    expect(flags.every((row) => row.refuses_recognition)).toBe(true);
    for (const record of target.records.slice(1)) expect(links.get(record)!.rule).toBe('refused_recognition');
    // History kept: the old links are closed, not deleted.
    const [{ closed }] = await db.query<{ closed: number }>(
      'SELECT count(*)::int AS closed FROM identity_link WHERE customer_id = $1 AND unlinked_at IS NOT NULL',
      [target.customer_id],
    );
    expect(closed).toBe(target.records.length - 1);
    // No household either.
    const [{ members }] = await db.query<{ members: number }>(
      'SELECT count(*)::int AS members FROM household_member WHERE customer_id = ANY ($1::uuid[]) AND left_at IS NULL',
      [customers],
    );
    expect(members).toBe(0);
    const again = await resolveIdentities(own.urls);
    expect(again.linksMade).toBe(0);
    expect(again.linksClosed).toBe(0);
  });

  it('a link made by a person is never undone by the rules', async () => {
    const [target] = await customersWith(2);
    const moved = target.records[0];
    const [system, localKey] = [moved.slice(0, moved.indexOf(':')), moved.slice(moved.indexOf(':') + 1)];
    const [{ id: elsewhere }] = await db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text');
    await db.withTransaction(async (tx) => {
      await tx.query(
        "UPDATE identity_link SET unlinked_at = now(), reason = 'agent moved it' WHERE system = $1 AND local_key = $2 AND unlinked_at IS NULL",
        [system, localKey],
      );
      await tx.query(
        "INSERT INTO identity_link (customer_id, system, local_key, rule, decided_by, reason) VALUES ($1, $2, $3, 'manual', 'agent:test', 'customer asked')",
        [elsewhere, system, localKey],
      );
    });
    await resolveIdentities(own.urls);
    await resolveIdentities(own.urls);
    const links = await activeLinks(db);
    expect(links.get(moved)).toMatchObject({ customer_id: elsewhere, decided_by: 'agent:test', rule: 'manual' });
    // The rest of the customer keeps its id.
    for (const record of target.records.slice(1)) expect(links.get(record)!.customer_id).toBe(target.customer_id);
  });

  it('records an agent kept apart are never in one customer, and an unlinked record never returns', async () => {
    const candidates = await customersWith(3);
    const [apart, unlinked] = candidates.slice(-2);
    const [a, b] = apart.records;
    const split = (record: string): [string, string] => [record.slice(0, record.indexOf(':')), record.slice(record.indexOf(':') + 1)];
    await db.query(
      `INSERT INTO identity_decision (kind, system, local_key, other_system, other_local_key, decided_by, reason)
       VALUES ('keep_apart', $1, $2, $3, $4, 'agent:test', 'two people')`,
      [...split(a), ...split(b)],
    );
    const gone = unlinked.records[0];
    await db.query(
      `INSERT INTO identity_decision (kind, system, local_key, customer_id, decided_by, reason)
       VALUES ('unlink', $1, $2, $3, 'agent:test', 'not this customer')`,
      [...split(gone), unlinked.customer_id],
    );
    await resolveIdentities(own.urls);
    let links = await activeLinks(db);
    expect(links.get(a)!.customer_id).not.toBe(links.get(b)!.customer_id);
    expect(links.get(gone)!.customer_id).not.toBe(unlinked.customer_id);
    expect(links.get(unlinked.records[1])!.customer_id).toBe(unlinked.customer_id);
    const again = await resolveIdentities(own.urls);
    expect(again.linksMade).toBe(0);
    links = await activeLinks(db);
    expect(links.get(a)!.customer_id).not.toBe(links.get(b)!.customer_id);
    expect(links.get(gone)!.customer_id).not.toBe(unlinked.customer_id);
  });
});

describe('changes while the graph runs', () => {
  let own: TestDatabases;
  let db: Database;
  beforeAll(async () => {
    own = await createTestDatabases();
    db = openDatabase({ name: 'customer', url: own.urls.customer, max: 2 });
    await resolveIdentities(own.urls);
  });
  afterAll(async () => {
    await db?.close();
    await own?.drop();
  });

  async function legacy<T extends object>(system: 'store' | 'ecommerce' | 'callcentre' | 'marketing', sql: string, params: unknown[] = []): Promise<T[]> {
    const conn = openDatabase({ name: system, url: own.urls[system], max: 1 });
    try {
      return await conn.query<T>(sql, params);
    } finally {
      await conn.close();
    }
  }

  it('a pass with nothing new links nothing, in a few statements', async () => {
    const report = await resolveChanges(own.urls);
    expect(report.linksMade).toBe(0);
    expect(report.linksClosed).toBe(0);
    expect(report.hubStatements).toBeLessThan(80);
  });

  it('a new web account with a known e-mail joins its owner at the next pass', async () => {
    const [card] = await db.query<{ local_key: string; email: string; given_name: string; family_name: string; customer_id: string }>(
      `SELECT r.local_key, i.value AS email, r.given_name, r.family_name, l.customer_id::text
         FROM identity_record r
         JOIN identity_identifier i ON i.system = r.system AND i.local_key = r.local_key AND i.kind = 'email'
         JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL
        WHERE r.system = 'store' AND r.given_name IS NOT NULL AND r.family_name IS NOT NULL
        ORDER BY r.local_key LIMIT 1`,
    );
    const [{ id }] = await legacy<{ id: number }>(
      'ecommerce',
      `INSERT INTO customers (email, password_hash, first_name, last_name, newsletter, created_at, updated_at)
       VALUES ($1, 'x', $2, $3, true, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING id`,
      [` ${card.email.toUpperCase()} `, card.given_name, card.family_name.toUpperCase()],
    );
    const report = await resolveChanges(own.urls);
    expect(report.recordsRead).toBeGreaterThanOrEqual(1);
    expect(report.recordsInScope).toBeLessThan(100);
    expect(report.linksMade).toBeGreaterThanOrEqual(1);
    const links = await activeLinks(db);
    expect(links.get(`ecommerce:${id}`)).toMatchObject({ customer_id: card.customer_id, rule: 'email' });
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM identity_identifier WHERE kind = 'email' AND value = $1", [card.email]);
    expect(n).toBeGreaterThanOrEqual(2);
  });

  it('an e-mail changed on the web shop splits the customer it alone held together; one half keeps the id', async () => {
    const pairs = await db.query<{ customer_id: string; web: string; card: string }>(
      `SELECT l.customer_id::text, l.local_key AS web, substr(l.evidence -> 'matched' -> 0 ->> 'with', 7) AS card
         FROM identity_link l
        WHERE l.unlinked_at IS NULL AND l.system = 'ecommerce' AND l.rule = 'email'
          AND jsonb_array_length(l.evidence -> 'matched') = 1 AND l.evidence -> 'matched' -> 0 ->> 'with' LIKE 'store:%'
          AND (SELECT count(*) FROM identity_link o WHERE o.customer_id = l.customer_id AND o.unlinked_at IS NULL) = 2
        ORDER BY l.local_key LIMIT 1`,
    );
    expect(pairs).toHaveLength(1);
    const [pair] = pairs;
    await legacy(
      'ecommerce',
      `UPDATE customers SET email = 'someone.else.' || id || '@example.org', phone = NULL, loyalty_card = NULL,
              updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1`,
      [Number(pair.web)],
    );
    const report = await resolveChanges(own.urls);
    expect(report.linksClosed).toBeGreaterThanOrEqual(1);
    const links = await activeLinks(db);
    // Two customers now; one of them keeps the id (the tie between equal halves is broken by key).
    const now = [links.get(`store:${pair.card}`)!.customer_id, links.get(`ecommerce:${pair.web}`)!.customer_id];
    expect(now[0]).not.toBe(now[1]);
    expect(now.filter((id) => id === pair.customer_id)).toHaveLength(1);
    const [{ closed }] = await db.query<{ closed: number }>(
      "SELECT count(*)::int AS closed FROM identity_link WHERE system = 'ecommerce' AND local_key = $1 AND unlinked_at IS NOT NULL",
      [pair.web],
    );
    expect(closed).toBeGreaterThanOrEqual(1);
  });

  it('the watcher links a new call-centre contact within seconds', async () => {
    const [web] = await db.query<{ phone: string; given_name: string; family_name: string; customer_id: string }>(
      `SELECT i.value AS phone, r.given_name, r.family_name, l.customer_id::text
         FROM identity_record r
         JOIN identity_identifier i ON i.system = r.system AND i.local_key = r.local_key AND i.kind = 'phone'
         JOIN identity_link l ON l.system = r.system AND l.local_key = r.local_key AND l.unlinked_at IS NULL
        WHERE r.system = 'ecommerce' AND r.given_name IS NOT NULL AND r.family_name IS NOT NULL
          AND position(' ' IN r.given_name || r.family_name) = 0
          AND (SELECT count(*) FROM identity_identifier o WHERE o.kind = 'phone' AND o.value = i.value) = 1
        ORDER BY r.local_key LIMIT 1`,
    );
    const watcher = watchIdentities(own.urls, { intervalMs: 200 });
    try {
      const [{ contact_id }] = await legacy<{ contact_id: number }>(
        'callcentre',
        `INSERT INTO contacts (phone, full_name, language, vip, created_epoch, updated_epoch)
         VALUES ($1, $2, 'fr', false, extract(epoch FROM now())::bigint, extract(epoch FROM now())::bigint) RETURNING contact_id`,
        [web.phone, `${web.family_name.toUpperCase()} ${web.given_name}`],
      );
      const started = Date.now();
      let link: Link | undefined;
      while (Date.now() - started < 5000) {
        link = (await activeLinks(db)).get(`callcentre:${contact_id}`);
        if (link) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(link).toMatchObject({ customer_id: web.customer_id, rule: 'phone_and_name' });
    } finally {
      await watcher.stop();
    }
  });

  it('agrees with a bulk run: after the passes, a bulk run over the same data changes nothing', async () => {
    const report = await resolveIdentities(own.urls);
    expect(report.linksMade).toBe(0);
    expect(report.linksClosed).toBe(0);
    expect(report.newCustomers).toBe(0);
  });
});
