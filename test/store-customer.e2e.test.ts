// A channel subgraph learns which of its records are a customer's from the hub (@requires on the
// customer's linked records), through the gateway, at a constant SQL cost per batch.
import { receiptCursor } from '../subgraphs/store/cursor';
import { watchStatements } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { startTestGraph, TestGraph, signAs } from './support/test-graph';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

/** Makes `n` hub customers, each linked to one real card of the store system. */
async function customersWithCards(n: number, offset = 0): Promise<{ id: string; card: string; status: string; points: number }[]> {
  const cards = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ card: string; status: string; points: number }>(
      `SELECT c."NUM_CARTE" AS card, c."STATUT" AS status,
              COALESCE((SELECT sum("POINTS") FROM "MOUVEMENT_POINTS" m WHERE m."NUM_CARTE" = c."NUM_CARTE"), 0)::int AS points
         FROM "CARTE_FIDELITE" c ORDER BY c."NUM_CARTE" LIMIT $1 OFFSET $2`,
      [n, offset],
    ),
  );
  return withDatabase('customer', graph.databases.urls.customer, async (db) => {
    const made = [];
    for (const card of cards) {
      const [{ id }] = await db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
      // This test decides the links itself: any link the template data set had for the card is undone.
      await db.query("UPDATE identity_link SET unlinked_at = now() WHERE system = 'store' AND local_key = $1 AND unlinked_at IS NULL", [
        card.card.trim(),
      ]);
      await db.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, 'store', $2, 'test')", [id, card.card.trim()]);
      made.push({ id, ...card, card: card.card.trim() });
    }
    return made;
  });
}

it("gives a customer their loyalty cards and points, read from the store system", async () => {
  const [customer] = await customersWithCards(1);
  const answer = await graph.query('query ($id: ID!) { customer(id: $id) { id loyaltyAccounts { cardNumber active pointsBalance } } }', {
    id: customer.id,
  });
  expect(answer.errors).toBeUndefined();
  expect(answer.data.customer.loyaltyAccounts).toEqual([
    { cardNumber: customer.card, active: customer.status === 'A', pointsBalance: customer.points },
  ]);
});

it('keeps the linked records internal: clients cannot select them', async () => {
  const answer = await graph.query('{ customer(id: "00000000-0000-4000-8000-000000000000") { linkedRecords { records { system } } } }');
  expect(answer.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

it('resolves an _entities batch of 3 or 30 customers with one statement on the store system', async () => {
  // Aliased root fields are planned by the gateway as one fetch per alias; a list of customers is
  // one `_entities` batch, which is what this measures, on the subgraph itself.
  const customers = await customersWithCards(30, 1);
  const cost = async (n: number): Promise<number> => {
    const body = JSON.stringify({
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id loyaltyAccounts { cardNumber pointsBalance } } } }',
      variables: { r: customers.slice(0, n).map((c) => ({ __typename: 'Customer', id: c.id, linkedRecords: { records: [{ system: 'store', localKey: c.card }] } })) },
    });
    let statements = 0;
    const unwatch = watchStatements((database) => {
      if (database === 'store') statements += 1;
    });
    const response = await fetch(graph.graph.subgraphs.get('store')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'store', body) },
      body,
    });
    const json = (await response.json()) as { data: { _entities: { id: string; loyaltyAccounts: { cardNumber: string; pointsBalance: number }[] }[] } };
    unwatch();
    expect(json.data._entities.map((entity) => entity.loyaltyAccounts[0])).toEqual(
      customers.slice(0, n).map((c) => ({ cardNumber: c.card, pointsBalance: c.points })),
    );
    return statements;
  };
  expect(await cost(3)).toBe(1);
  expect(await cost(30)).toBe(1);
});

// ---------------------------------------------------------------------------------------------
// Every store field of a generated person, through the gateway, against the legacy rows.

interface TicketRow {
  id: string;
  store: string;
  at: Date;
  till: number;
  card: string | null;
  amount: number;
  mode: string;
  type: string;
}

interface LineRow {
  receipt: string;
  line: number;
  ean: string;
  label: string;
  qty: number;
  price: number;
}

/** YYYYMMDD of today + `days` in Paris. */
function parisDay(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * The expiry rule, written again here from its description (not from the subgraph's SQL): spent and
 * expired points use up earned points in order of expiry date (none last, then ledger order).
 */
function expiring(ledger: { id: number; points: number; expires: string | null }[], horizon: string): number {
  let used = ledger.filter((m) => m.points < 0).reduce((sum, m) => sum - m.points, 0);
  const earned = ledger
    .filter((m) => m.points > 0)
    .sort((a, b) => Number(a.expires === null) - Number(b.expires === null) || (a.expires ?? '').localeCompare(b.expires ?? '') || a.id - b.id);
  let total = 0;
  for (const lot of earned) {
    const take = Math.min(used, lot.points);
    used -= take;
    if (lot.expires !== null && lot.expires <= horizon) total += lot.points - take;
  }
  return total;
}

const PARIS_AT = `(to_date(t."DATE_TICKET", 'YYYYMMDD') + make_time(substr(t."HEURE_TICKET", 1, 2)::int,
                   substr(t."HEURE_TICKET", 3, 2)::int, substr(t."HEURE_TICKET", 5, 2)::int)) AT TIME ZONE 'Europe/Paris'`;

/** A generated person with store cards, preferring one with several cards, a family, returns and many receipts. */
async function generatedStoreCustomer(): Promise<string[]> {
  const owners = await withDatabase('truth', graph.databases.urls.truth, (db) =>
    db.query<{ person: number; cards: string[] }>(
      "SELECT person_id AS person, array_agg(local_key ORDER BY local_key) AS cards FROM record_owner WHERE system = 'store.card' GROUP BY person_id",
    ),
  );
  const stats = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ card: string; receipts: number; returns: number; family: boolean; active: boolean }>(
      `SELECT c."NUM_CARTE" AS card, count(t."NUM_TICKET")::int AS receipts, count(t."NUM_TICKET") FILTER (WHERE t."TYPE" = 'R')::int AS returns,
              c."NUM_FOYER" IS NOT NULL AS family, c."STATUT" = 'A' AS active
         FROM "CARTE_FIDELITE" c LEFT JOIN "TICKET" t ON t."NUM_CARTE" = c."NUM_CARTE" GROUP BY c."NUM_CARTE"`,
    ),
  );
  const ledgers = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ card: string; id: number; points: number; expires: string | null }>(
      'SELECT trim("NUM_CARTE") AS card, "ID_MVT"::int AS id, "POINTS" AS points, "DATE_EXPIRATION" AS expires FROM "MOUVEMENT_POINTS"',
    ),
  );
  const d60 = parisDay(60);
  const withExpiring = new Set(
    stats.map((row) => row.card.trim()).filter((card) => expiring(ledgers.filter((m) => m.card === card), d60) > 0),
  );
  const byCard = new Map(stats.map((row) => [row.card.trim(), { ...row, expiring: withExpiring.has(row.card.trim()) }]));
  const score = (cards: string[]): number[] => {
    const rows = cards.map((card) => byCard.get(card)).filter((row) => row !== undefined);
    return [
      Number(rows.some((row) => row.active)),
      Number(rows.some((row) => row.expiring)),
      Number(rows.some((row) => row.returns > 0)),
      Number(rows.some((row) => row.family)),
      Number(cards.length > 1),
      rows.reduce((sum, row) => sum + row.receipts, 0),
    ];
  };
  const ranked = owners
    .map((owner) => ({ cards: owner.cards, score: score(owner.cards) }))
    .sort((a, b) => b.score.reduce((order, value, i) => order || value - a.score[i], 0));
  expect(ranked.length).toBeGreaterThan(0);
  expect(ranked[0].score[5]).toBeGreaterThan(3);
  return ranked[0].cards;
}

async function hubCustomerFor(cards: string[]): Promise<string> {
  return withDatabase('customer', graph.databases.urls.customer, async (db) => {
    const [{ id }] = await db.query<{ id: string }>('INSERT INTO customer DEFAULT VALUES RETURNING id::text AS id');
    for (const card of cards) {
      await db.query("UPDATE identity_link SET unlinked_at = now() WHERE system = 'store' AND local_key = $1 AND unlinked_at IS NULL", [card]);
      await db.query("INSERT INTO identity_link (customer_id, system, local_key, rule) VALUES ($1, 'store', $2, 'test')", [id, card]);
    }
    return id;
  });
}

it("gives a generated person's loyalty, receipts, favourite stores and usual basket as the legacy rows say", async () => {
  const cards = await generatedStoreCustomer();
  const id = await hubCustomerFor(cards);

  const legacy = await withDatabase('store', graph.databases.urls.store, async (db) => ({
    cards: await db.query<{ card: string; status: string; family: string | null; created: string; store: string }>(
      `SELECT "NUM_CARTE" AS card, "STATUT" AS status, "NUM_FOYER" AS family, "DATE_CREATION" AS created, "MAG_CREATION" AS store
         FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = ANY($1::char(13)[])`,
      [cards],
    ),
    ledger: await db.query<{ card: string; id: number; points: number; expires: string | null }>(
      `SELECT "NUM_CARTE" AS card, "ID_MVT"::int AS id, "POINTS" AS points, "DATE_EXPIRATION" AS expires
         FROM "MOUVEMENT_POINTS" WHERE "NUM_CARTE" = ANY($1::char(13)[])`,
      [cards],
    ),
    families: await db.query<{ family: string; card: string; status: string }>(
      `SELECT f."NUM_FOYER" AS family, c."NUM_CARTE" AS card, c."STATUT" AS status
         FROM (SELECT DISTINCT "NUM_FOYER" FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = ANY($1::char(13)[]) AND "NUM_FOYER" IS NOT NULL) f
         JOIN "CARTE_FIDELITE" c ON c."NUM_FOYER" = f."NUM_FOYER" OR c."NUM_CARTE" = f."NUM_FOYER"`,
      [cards],
    ),
    tickets: await db.query<TicketRow>(
      `SELECT t."NUM_TICKET"::text AS id, trim(t."CODE_MAG") AS store, ${PARIS_AT} AS at, t."NUM_CAISSE" AS till, trim(t."NUM_CARTE") AS card,
              t."MONTANT_TTC_CTS" AS amount, t."MODE_PAIEMENT" AS mode, t."TYPE" AS type
         FROM "TICKET" t WHERE t."NUM_CARTE" = ANY($1::char(13)[]) ORDER BY t."NUM_TICKET" DESC`,
      [cards],
    ),
    lines: await db.query<LineRow>(
      `SELECT l."NUM_TICKET"::text AS receipt, l."NUM_LIGNE" AS line, l."EAN" AS ean, l."LIBELLE_ART" AS label, l."QTE" AS qty, l."PU_TTC_CTS" AS price
         FROM "LIGNE_TICKET" l JOIN "TICKET" t ON t."NUM_TICKET" = l."NUM_TICKET" WHERE t."NUM_CARTE" = ANY($1::char(13)[])
        ORDER BY l."NUM_TICKET", l."NUM_LIGNE"`,
      [cards],
    ),
  }));

  // Loyalty: every card, active first then the most recently issued; `loyalty` is the first active one.
  const d30 = parisDay(30);
  const d60 = parisDay(60);
  const accounts = legacy.cards
    .map((row) => {
      const card = row.card.trim();
      const ledger = legacy.ledger.filter((m) => m.card.trim() === card).map((m) => ({ ...m, expires: m.expires?.trim() || null }));
      const family = row.family?.trim() || null;
      return {
        cardNumber: card,
        active: row.status === 'A',
        statusCode: row.status,
        pointsBalance: ledger.reduce((sum, m) => sum + m.points, 0),
        pointsExpiringWithin30Days: expiring(ledger, d30),
        pointsExpiringWithin60Days: expiring(ledger, d60),
        issuedOn: `${row.created.slice(0, 4)}-${row.created.slice(4, 6)}-${row.created.slice(6, 8)}`,
        issuingStore: { code: row.store.trim() },
        family: family && {
          id: family,
          cards: legacy.families
            .filter((f) => f.family.trim() === family)
            .map((f) => ({ cardNumber: f.card.trim(), active: f.status === 'A', first: f.card.trim() === family }))
            .sort((a, b) => Number(b.first) - Number(a.first) || a.cardNumber.localeCompare(b.cardNumber)),
        },
      };
    })
    .sort((a, b) => Number(b.active) - Number(a.active) || b.issuedOn.localeCompare(a.issuedOn) || b.cardNumber.localeCompare(a.cardNumber));

  // Receipts, newest first, with their lines.
  const PAYMENT: Record<string, string> = { CB: 'CARD', ES: 'CASH', CH: 'CHEQUE', BA: 'GIFT_CARD' };
  const money = (cents: number) => ({ amountMinor: cents, amount: `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}` });
  const receipts = legacy.tickets.map((t) => ({
    id: t.id,
    occurredAt: t.at.toISOString(),
    type: t.type === 'R' ? 'RETURN' : 'SALE',
    typeCode: t.type,
    total: money(t.amount),
    paymentMode: PAYMENT[t.mode] ?? null,
    paymentModeCode: t.mode,
    store: { code: t.store },
    till: t.till,
    cardNumber: t.card,
    lines: legacy.lines
      .filter((l) => l.receipt === t.id)
      .map((l) => ({ lineNumber: l.line, ean: l.ean.trim(), label: l.label, quantity: l.qty, unitPrice: money(l.price), lineTotal: money(l.qty * l.price) })),
  }));

  // Favourite stores: receipts per store, then the latest visit, then code.
  const perStore = new Map<string, { count: number; last: TicketRow }>();
  for (const t of legacy.tickets) {
    const seen = perStore.get(t.store);
    if (seen) seen.count += 1;
    else perStore.set(t.store, { count: 1, last: t }); // tickets come newest first
  }
  const favourites = [...perStore]
    .sort(([codeA, a], [codeB, b]) => b.count - a.count || Number(BigInt(b.last.id) - BigInt(a.last.id)) || codeA.localeCompare(codeB))
    .map(([code, s]) => ({ storeCode: code, receiptCount: s.count, lastVisitAt: s.last.at.toISOString() }));

  // Usual basket: sale receipts only, lines with a positive quantity.
  const articles = new Map<string, { receipts: Set<string>; quantity: number; label: string; last: TicketRow }>();
  for (const t of [...legacy.tickets].reverse()) {
    if (t.type === 'R') continue;
    for (const l of legacy.lines.filter((line) => line.receipt === t.id && line.qty > 0)) {
      const ean = l.ean.trim();
      const a = articles.get(ean) ?? { receipts: new Set<string>(), quantity: 0, label: l.label, last: t };
      // Oldest to newest: the label of the newest receipt wins (its first line with the article).
      if (a.last.id !== t.id) a.label = l.label;
      a.receipts.add(t.id);
      a.quantity += l.qty;
      a.last = t;
      articles.set(ean, a);
    }
  }
  const basket = [...articles]
    .map(([ean, a]) => ({ ean, label: a.label, receiptCount: a.receipts.size, totalQuantity: a.quantity, lastBoughtAt: a.last.at.toISOString() }))
    .sort((a, b) => b.receiptCount - a.receiptCount || b.totalQuantity - a.totalQuantity || a.ean.localeCompare(b.ean))
    .slice(0, 100);

  const answer = await graph.query(
    `query ($id: ID!) { customer(id: $id) {
       activeLoyaltyAccount { cardNumber }
       loyaltyAccounts { cardNumber active statusCode pointsBalance pointsExpiringWithin30Days pointsExpiringWithin60Days issuedOn
                         issuingStore { code } family { id cards { cardNumber active first } } }
       favouriteStores(first: 100) { storeCode receiptCount lastVisitAt store { code } }
       usualBasket(first: 100) { ean label receiptCount totalQuantity lastBoughtAt }
     } }`,
    { id },
  );
  expect(answer.errors).toBeUndefined();
  const customer = answer.data.customer;
  expect(customer.loyaltyAccounts).toEqual(accounts);
  expect(customer.activeLoyaltyAccount).toEqual(accounts[0].active ? { cardNumber: accounts[0].cardNumber } : null);
  expect(customer.favouriteStores).toEqual(favourites.slice(0, 100).map((f) => ({ ...f, store: { code: f.storeCode } })));
  expect(customer.usualBasket).toEqual(basket);

  // Every receipt with its lines, walked newest first ten at a time with the cursors.
  const RECEIPT = `id occurredAt type typeCode total { amountMinor amount } paymentMode paymentModeCode store { code } till cardNumber
                   lines { lineNumber ean label quantity unitPrice { amountMinor amount } lineTotal { amountMinor amount } }`;
  const walked: unknown[] = [];
  let after: string | null = null;
  for (let page = 0; page < 500; page += 1) {
    const next: any = await graph.query(
      `query ($id: ID!, $after: String) { customer(id: $id) {
         receipts(first: 10, after: $after) { edges { cursor node { ${RECEIPT} } } pageInfo { hasNextPage endCursor } } } }`,
      { id, after },
    );
    expect(next.errors).toBeUndefined();
    const { edges, pageInfo } = next.data.customer.receipts;
    walked.push(...edges.map((edge: { node: unknown }) => edge.node));
    expect(pageInfo.endCursor).toBe(edges.length ? edges[edges.length - 1].cursor : null);
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  expect(walked).toEqual(receipts);
  expect(receipts.some((r) => r.type === 'RETURN' && r.total.amountMinor < 0)).toBe(true);
});

it('answers each alias with its own arguments (fields that @require the linked records and take arguments)', async () => {
  const id = await hubCustomerFor(await generatedStoreCustomer());
  const answer = await graph.query(
    `query ($id: ID!) { customer(id: $id) {
       one: receipts(first: 1) { edges { node { id } } }
       four: receipts(first: 4) { edges { node { id } } }
       top: usualBasket(first: 2) { ean }
       all: usualBasket { ean }
     } }`,
    { id },
  );
  expect(answer.errors).toBeUndefined();
  const { one, four, top, all } = answer.data.customer;
  expect(one.edges).toHaveLength(1);
  expect(four.edges).toHaveLength(4);
  expect(four.edges[0]).toEqual(one.edges[0]);
  expect(top).toEqual(all.slice(0, 2));
});

it('resolves every store field of 3 or 30 customers with the same number of statements', async () => {
  // People whose cards have receipts, family accounts first: the first three already use every loader.
  const owned = await withDatabase('truth', graph.databases.urls.truth, (db) =>
    db.query<{ cards: string[] }>(
      "SELECT array_agg(local_key ORDER BY local_key) AS cards FROM record_owner WHERE system = 'store.card' GROUP BY person_id ORDER BY person_id",
    ),
  );
  const richness = await withDatabase('store', graph.databases.urls.store, (db) =>
    db.query<{ card: string; family: boolean; receipts: boolean }>(
      `SELECT c."NUM_CARTE" AS card, c."NUM_FOYER" IS NOT NULL AS family,
              EXISTS (SELECT 1 FROM "TICKET" t WHERE t."NUM_CARTE" = c."NUM_CARTE") AS receipts
         FROM "CARTE_FIDELITE" c`,
    ),
  );
  const rich = new Map(richness.map((row) => [row.card.trim(), row]));
  const owners = owned
    .filter((owner) => owner.cards.some((card) => rich.get(card)?.receipts))
    .map((owner) => ({ ...owner, family: owner.cards.some((card) => rich.get(card)?.family) }))
    .sort((a, b) => Number(b.family) - Number(a.family))
    .slice(0, 30);
  expect(owners).toHaveLength(30);
  const customers: { id: string; cards: string[] }[] = [];
  for (const owner of owners) customers.push({ id: await hubCustomerFor(owner.cards), cards: owner.cards });

  const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer {
      id
      activeLoyaltyAccount { cardNumber pointsExpiringWithin30Days issuingStore { name } family { id cards { cardNumber } } }
      loyaltyAccounts { cardNumber pointsBalance pointsExpiringWithin60Days issuingStore { code } family { cards { active } } }
      receipts(first: 5) { edges { cursor node { id occurredAt total { amount } store { name } lines { ean quantity lineTotal { amount } } } } pageInfo { hasNextPage endCursor } }
      older: receipts(first: 2, after: "${receiptCursor('99999999999')}") { edges { node { id } } }
      favouriteStores { storeCode receiptCount store { city } }
      usualBasket(first: 5) { ean receiptCount totalQuantity }
    } } }`;
  const cost = async (n: number): Promise<{ statements: number; answered: number }> => {
    const body = JSON.stringify({
      query,
      variables: { r: customers.slice(0, n).map((c) => ({ __typename: 'Customer', id: c.id, linkedRecords: { records: c.cards.map((localKey: string) => ({ system: 'store', localKey })) } })) },
    });
    let statements = 0;
    const unwatch = watchStatements((database) => {
      if (database === 'store') statements += 1;
    });
    const response = await fetch(graph.graph.subgraphs.get('store')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAs(graph.signing, 'store', body) },
      body,
    });
    const json = (await response.json()) as { data: { _entities: { receipts: { edges: unknown[] } }[] }; errors?: unknown };
    unwatch();
    expect(json.errors).toBeUndefined();
    return { statements, answered: json.data._entities.filter((entity) => entity.receipts.edges.length > 0).length };
  };
  const three = await cost(3);
  const thirty = await cost(30);
  expect(three.answered).toBe(3);
  expect(thirty.answered).toBe(30);
  // Cards (with their issuing store), families, receipt pages of both aliases (with their store),
  // lines, favourite stores (with the store), usual basket: six statements, whatever the batch.
  expect(three.statements).toBe(6);
  expect(thirty.statements).toBe(6);
});
