// The probabilistic tier (identity/probabilistic.ts) on real PostgreSQL: a few people written into
// this file's own legacy databases, beside the generated data set the model is estimated on.
//   - one person, a loyalty card and a web account sharing no identifier, the name typed with a typo
//     on the web: same birth date and postcode → auto-linked, rule `probabilistic`, weight per field;
//   - one person, same name and postcode, no birth date on the card → review queue, not linked; an
//     agent decides it through the gateway (linked by hand) and a re-run keeps it so;
//   - namesakes with different birth dates → neither linked nor queued;
//   - the model is estimated per bulk run and stored (m > u for agreement);
//   - a pass on changes links a new record with the stored model;
//   - the statements of a bulk run do not depend on the number of records.
import { ean13CheckDigit } from '../subgraphs/kit/identity/normalise';
import { resolveChanges, resolveIdentities, ResolutionReport } from '../subgraphs/customer/identity/resolve';
import { AUTO_LINK_WEIGHT, estimateModel, REVIEW_WEIGHT } from '../subgraphs/customer/identity/probabilistic';
import { Database, openDatabase, watchStatements } from '../subgraphs/kit/database';
import { startTestGraph, TestGraph } from './support/test-graph';

let graph: TestGraph;
let hub: Database;
let first: ResolutionReport;

const card = (n: number): string => {
  const first12 = `29${String(n).padStart(10, '0')}`;
  return first12 + ean13CheckDigit(first12);
};

interface Link {
  customer_id: string;
  rule: string;
  decided_by: string;
  evidence: { matched?: { rule: string; with: string; weight?: number; fields?: Record<string, { level: string; weight: number }> }[] };
}

async function linkOf(record: string): Promise<Link | undefined> {
  const [system, key] = [record.slice(0, record.indexOf(':')), record.slice(record.indexOf(':') + 1)];
  const [row] = await hub.query<Link>(
    'SELECT customer_id::text, rule, decided_by, evidence FROM identity_link WHERE system = $1 AND local_key = $2 AND unlinked_at IS NULL',
    [system, key],
  );
  return row;
}

async function legacy<T extends Record<string, any> = Record<string, any>>(name: 'store' | 'ecommerce', sql: string, params: unknown[] = []): Promise<T[]> {
  const db = openDatabase({ name, url: graph.databases.urls[name], max: 1 });
  try {
    return await db.query<T>(sql, params);
  } finally {
    await db.close();
  }
}

async function addCard(n: number, family: string, given: string, birth: string, postcode: string): Promise<string> {
  const number = card(n);
  await legacy(
    'store',
    `INSERT INTO "CARTE_FIDELITE" ("NUM_CARTE", "CIVILITE", "NOM", "PRENOM", "TEL", "EMAIL", "ADR1", "CP", "VILLE", "DATE_NAIS",
       "DATE_CREATION", "MAG_CREATION", "NUM_FOYER", "STATUT", "OPT_SMS", "DATE_MAJ")
     VALUES ($1, 'MME', $2, $3, '', NULL, $4, $5, 'QUIMPER', $6, to_char(now(), 'YYYYMMDD'), 'P001', NULL, 'A', 'N',
             to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYYMMDDHH24MISS'))`,
    [number, family, given, `${n} rue de la Gare`, postcode, birth],
  );
  return `store:${number}`;
}

async function addAccount(email: string, given: string, family: string, birth: string | null, postcode: string): Promise<string> {
  const [{ id }] = await legacy<{ id: number }>(
    'ecommerce',
    `INSERT INTO customers (email, password_hash, first_name, last_name, phone, birth_date, newsletter, created_at, updated_at)
     VALUES ($1, 'x', $2, $3, NULL, $4, false, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING id`,
    [email, given, family, birth],
  );
  await legacy(
    'ecommerce',
    `INSERT INTO addresses (customer_id, kind, line1, line2, postcode, city, country, is_default)
     VALUES ($1, 'billing', '3 place Saint-Corentin', '', $2, 'Quimper', 'FR', true)`,
    [id, postcode],
  );
  return `ecommerce:${id}`;
}

const people = {} as Record<'typoCard' | 'typoWeb' | 'nodobCard' | 'nodobWeb' | 'namesakeCard' | 'namesakeWeb', string>;

beforeAll(async () => {
  graph = await startTestGraph();
  hub = openDatabase({ name: 'customer', url: graph.databases.urls.customer, max: 2 });
  // Names no generated person carries; each pair shares no e-mail, phone or card.
  people.typoCard = await addCard(1, 'KERGUELENEC', 'Gwenaelle', '14031985', '29000');
  people.typoWeb = await addAccount('gwen.k@example.net', 'Gwenaelle', 'Kerguelenek', '1985-03-14', '29000');
  people.nodobCard = await addCard(2, 'QUEMENEUR', 'Tugdual', '00000000', '29000');
  people.nodobWeb = await addAccount('tug.q@example.org', 'Tugdual', 'Quemeneur', '1979-11-02', '29000');
  people.namesakeCard = await addCard(3, 'LANNUZEL', 'Maelys', '01021970', '29000');
  people.namesakeWeb = await addAccount('maelys.l@example.com', 'Maelys', 'Lannuzel', '1992-07-09', '29000');
  first = await resolveIdentities(graph.databases.urls);
});

afterAll(async () => {
  await hub?.close();
  await graph?.stop();
});

describe('the probabilistic tier in a bulk run', () => {
  it('estimates m, u and λ from the data and stores them with the run', async () => {
    expect(first.probabilistic).toMatchObject({ modelRunId: first.runId });
    expect(first.probabilistic!.candidatePairs).toBeGreaterThan(0);
    const [model] = await hub.query<{ lambda: number; candidate_pairs: number; random_pairs: number; iterations: number; auto_link_weight: number }>(
      'SELECT lambda, candidate_pairs::int, random_pairs::int, iterations, auto_link_weight FROM identity_match_model WHERE run_id = $1',
      [first.runId],
    );
    expect(model.lambda).toBeGreaterThan(0);
    expect(model.lambda).toBeLessThan(1);
    expect(model.candidate_pairs).toBeGreaterThan(0);
    expect(model.random_pairs).toBeGreaterThan(1000);
    expect(model.auto_link_weight).toBe(AUTO_LINK_WEIGHT);
    const parameters = await hub.query<{ field: string; level: string; m: number; u: number; weight: number }>(
      'SELECT field, level, m, u, weight FROM identity_match_parameter WHERE run_id = $1',
      [first.runId],
    );
    expect(new Set(parameters.map((p) => p.field))).toEqual(new Set(['name', 'birth_date', 'postcode']));
    for (const field of ['name', 'birth_date', 'postcode']) {
      const exact = parameters.find((p) => p.field === field && p.level === 'exact')!;
      const different = parameters.find((p) => p.field === field && p.level === 'different')!;
      // Agreement is evidence of one person, disagreement against: estimated, not set by hand.
      expect(exact.m).toBeGreaterThan(exact.u);
      expect(exact.weight).toBeGreaterThan(0);
      expect(different.m).toBeLessThan(different.u);
      expect(different.weight).toBeLessThan(0);
    }
  });

  it('links two records of one person sharing no identifier, a typo in the name, and explains the weight per field', async () => {
    const card = (await linkOf(people.typoCard))!;
    const web = (await linkOf(people.typoWeb))!;
    expect(web.customer_id).toBe(card.customer_id);
    for (const [link, other] of [[card, people.typoWeb], [web, people.typoCard]] as const) {
      expect(link).toMatchObject({ rule: 'probabilistic', decided_by: 'rules' });
      const match = link.evidence.matched!.find((m) => m.rule === 'probabilistic' && m.with === other)!;
      expect(match.weight).toBeGreaterThanOrEqual(AUTO_LINK_WEIGHT);
      expect(match.fields).toMatchObject({
        name: { level: 'close' },
        birth_date: { level: 'exact' },
        postcode: { level: 'exact' },
      });
      for (const field of ['name', 'birth_date', 'postcode']) expect(match.fields![field].weight).toBeGreaterThan(0);
    }
  });

  it('queues a same name and postcode without a birth date for review, unlinked', async () => {
    expect((await linkOf(people.nodobCard))!.customer_id).not.toBe((await linkOf(people.nodobWeb))!.customer_id);
    const rows = await hub.query<{ status: string; weight: number; fields: Record<string, { level: string }>; held_because: string }>(
      `SELECT status, weight, fields, held_because FROM identity_review
        WHERE (system || ':' || local_key, other_system || ':' || other_local_key) IN (($1, $2), ($2, $1))`,
      [people.nodobCard, people.nodobWeb],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', fields: { name: { level: 'exact' }, birth_date: { level: 'missing' }, postcode: { level: 'exact' } } });
    expect(rows[0].weight).toBeGreaterThanOrEqual(REVIEW_WEIGHT);
  });

  it('neither links nor queues namesakes with different birth dates', async () => {
    expect((await linkOf(people.namesakeCard))!.customer_id).not.toBe((await linkOf(people.namesakeWeb))!.customer_id);
    const [{ n }] = await hub.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM identity_review
        WHERE system || ':' || local_key IN ($1, $2) OR other_system || ':' || other_local_key IN ($1, $2)`,
      [people.namesakeCard, people.namesakeWeb],
    );
    expect(n).toBe(0);
  });

  it('a re-run over the same data changes nothing', async () => {
    const again = await resolveIdentities(graph.databases.urls);
    expect(again.linksMade).toBe(0);
    expect(again.linksClosed).toBe(0);
    expect(again.probabilistic!.autoLinks).toBe(first.probabilistic!.autoLinks);
  });
});

describe('the review queue through the gateway', () => {
  const QUEUE = `query ($after: String) { reviewQueue(first: 100, after: $after) {
    nodes { id weight probability heldBecause status fields { field level weight } records { system localKey customer { id } } }
    pageInfo { hasNextPage endCursor } } }`;
  const DECIDE = `mutation ($id: ID!, $same: Boolean!, $reason: String!) {
    decideReview(id: $id, samePerson: $same, reason: $reason) { decisionId customer { id } item { id status decidedBy } } }`;
  const AGENT = { as: { role: 'agent' as const, subject: 'e2e-7' } };

  it('an agent reads the pair with its weights and links it; a re-run keeps it linked and does not ask again', async () => {
    const key = (record: string) => record.slice(record.indexOf(':') + 1);
    let item: any;
    let after: string | null = null;
    do {
      const page: any = await graph.query(QUEUE, { after }, AGENT);
      expect(page.errors).toBeUndefined();
      item ??= page.data.reviewQueue.nodes.find((n: any) => n.records.some((r: any) => r.localKey === key(people.nodobCard)));
      after = page.data.reviewQueue.pageInfo.hasNextPage ? page.data.reviewQueue.pageInfo.endCursor : null;
    } while (!item && after);
    expect(item).toBeDefined();
    expect(item.records.map((r: any) => r.localKey).sort()).toEqual([key(people.nodobCard), key(people.nodobWeb)].sort());
    expect(item.records.every((r: any) => r.customer?.id)).toBe(true);
    expect(item.fields.map((f: any) => [f.field, f.level])).toEqual([['NAME', 'EXACT'], ['BIRTH_DATE', 'MISSING'], ['POSTCODE', 'EXACT']]);
    expect(item.fields.find((f: any) => f.field === 'BIRTH_DATE').weight).toBe(0);
    expect(item.probability).toBeGreaterThan(0.5);

    const refused = await graph.query(DECIDE, { id: item.id, same: true, reason: 'x' }, { as: { role: 'analyst', subject: 'a-1' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const empty = await graph.query(DECIDE, { id: item.id, same: true, reason: '  ' }, AGENT);
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const decided: any = await graph.query(DECIDE, { id: item.id, same: true, reason: 'same person, checked on the phone' }, AGENT);
    expect(decided.errors).toBeUndefined();
    expect(decided.data.decideReview.item).toMatchObject({ id: item.id, status: 'LINKED', decidedBy: 'agent:e2e-7' });
    const customer = decided.data.decideReview.customer.id;
    for (const record of [people.nodobCard, people.nodobWeb]) expect((await linkOf(record))!.customer_id).toBe(customer);
    const [decision] = await hub.query<{ kind: string; decided_by: string }>('SELECT kind, decided_by FROM identity_decision WHERE id = $1', [
      decided.data.decideReview.decisionId,
    ]);
    expect(decision).toEqual({ kind: 'merge', decided_by: 'agent:e2e-7' });
    const again = await graph.query(DECIDE, { id: item.id, same: false, reason: 'changed my mind' }, AGENT);
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    await resolveIdentities(graph.databases.urls);
    for (const record of [people.nodobCard, people.nodobWeb]) expect((await linkOf(record))!.customer_id).toBe(customer);
    const [{ pending }] = await hub.query<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM identity_review WHERE status = 'pending'
          AND (system || ':' || local_key IN ($1, $2) OR other_system || ':' || other_local_key IN ($1, $2))`,
      [people.nodobCard, people.nodobWeb],
    );
    expect(pending).toBe(0);
  });

  it('is refused to a customer and to an analyst', async () => {
    const customerId = (await linkOf(people.typoCard))!.customer_id;
    for (const as of [{ role: 'analyst' as const, subject: 'a-1' }, { role: 'customer' as const, subject: 'web-gwen', customerId }]) {
      const answer = await graph.query('{ reviewQueue(first: 1) { nodes { id } } }', {}, { as });
      expect(answer.data?.reviewQueue ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('a pass on changes', () => {
  it('links a new record to its person with the stored model', async () => {
    const web = await addAccount('g.kerguelenec@example.fr', 'Gwenaëlle', 'Kerguélénec', '1985-03-14', '29000');
    const report = await resolveChanges(graph.databases.urls);
    expect(report.probabilistic).toMatchObject({ modelRunId: expect.any(Number) });
    expect((await linkOf(web))!.customer_id).toBe((await linkOf(people.typoCard))!.customer_id);
  });
});

describe('cost', () => {
  it('the EM runs over a histogram: the same vectors counted twice give the same m and u', () => {
    const vectors = [
      { name: 'exact', birth_date: 'exact', postcode: 'exact', n: 50 },
      { name: 'different', birth_date: 'different', postcode: 'exact', n: 400 },
      { name: 'close', birth_date: 'exact', postcode: 'area', n: 5 },
    ];
    const random = [{ name: 'different', birth_date: 'different', postcode: 'different', n: 10_000 }, { name: 'exact', birth_date: 'different', postcode: 'exact', n: 3 }];
    const once = estimateModel(vectors, random);
    const twice = estimateModel(vectors.map((v) => ({ ...v, n: v.n * 2 })), random);
    expect(twice.lambda).toBeCloseTo(once.lambda, 6);
    for (const [i, p] of once.parameters.entries()) expect(twice.parameters[i].m).toBeCloseTo(p.m, 4);
  });

  it('a bulk run sends as many statements with more records (label rounds aside)', async () => {
    const count = async (): Promise<{ statements: number; report: ResolutionReport }> => {
      let statements = 0;
      const stop = watchStatements(() => (statements += 1));
      try {
        const report = await resolveIdentities(graph.databases.urls);
        return { statements, report };
      } finally {
        stop();
      }
    };
    const before = await count();
    for (let i = 0; i < 30; i += 1) await addAccount(`more.${i}@example.net`, `Prenom${i}`, `Nomfamille${i}`, '1990-01-01', '29000');
    const after = await count();
    expect(after.report.recordsRead).toBeGreaterThan(before.report.recordsRead);
    expect(after.statements - after.report.labelRounds).toBe(before.statements - before.report.labelRounds);
  });
});
