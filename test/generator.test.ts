// The generated data set holds every identity case of shared/legacy/README.md, found here the
// way a reader of the legacy databases would find it (plain SQL, joined with the ground truth
// only to know which records are one person), and the generator is deterministic.
import { randomBytes } from 'node:crypto';
import { Database, openDatabase } from '../subgraphs/kit/database';
import { withDatabase } from '../subgraphs/kit/databases';
import { GENERATED_SYSTEMS } from '../devtools/data/generate';
import { developmentDatabaseNames, developmentUrlsOnServer, DevelopmentUrls, prepareDevelopmentDatabases } from '../devtools/databases';
import { REFERENCE_DAY, compactDate } from '../devtools/data/calendar';
import { generateDataSet } from '../devtools/data/generate';
import { parseArguments } from '../devtools/data/generate-cli';
import { isValidEan13, nameKey, phoneDigits, plain } from '../devtools/data/identifiers';
import { createTestDatabases, TestDatabases } from './support/test-databases';

let databases: TestDatabases;
let store: Database;
let ecommerce: Database;
let callcentre: Database;
let marketing: Database;
let truth: Database;

beforeAll(async () => {
  databases = await createTestDatabases();
  const open = (name: string, url: string): Database => openDatabase({ name, url, max: 2 });
  store = open('store', databases.urls.store);
  ecommerce = open('ecommerce', databases.urls.ecommerce);
  callcentre = open('callcentre', databases.urls.callcentre);
  marketing = open('marketing', databases.urls.marketing);
  truth = open('truth', databases.urls.truth);
});

afterAll(async () => {
  await Promise.all([store, ecommerce, callcentre, marketing, truth].map((db) => db?.close()));
  await databases?.drop();
});

// ---------------------------------------------------------------- reading a person's records

interface CardRow {
  NUM_CARTE: string;
  NOM: string;
  PRENOM: string;
  TEL: string;
  EMAIL: string | null;
  ADR1: string;
  CP: string;
  VILLE: string;
  NUM_FOYER: string | null;
  STATUT: string;
}
interface CustomerRow {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  loyalty_card: string | null;
  deleted_at: Date | null;
}
interface ContactRow {
  contact_id: number;
  phone: string;
  alt_phone: string | null;
  email: string | null;
  full_name: string;
  postcode: string | null;
}
interface MkRow {
  contact_uuid: string;
  email: string | null;
  email_sha256: string | null;
  mobile_e164: string | null;
  first_name: string | null;
  last_name: string | null;
  postcode: string | null;
  external_ref: string | null;
}

interface PersonRecords {
  personId: number;
  householdId: number | null;
  cases: string[];
  cards: CardRow[];
  customers: CustomerRow[];
  contacts: ContactRow[];
  mk: MkRow[];
}

async function peopleWith(tag: string): Promise<PersonRecords[]> {
  const rows = await truth.query<{ person_id: number }>('SELECT person_id FROM person WHERE $1 = ANY(cases) ORDER BY person_id', [tag]);
  return recordsOf(rows.map((row) => row.person_id));
}

/** Every legacy record of these people, found through the ground truth's record_owner. */
async function recordsOf(personIds: number[]): Promise<PersonRecords[]> {
  const people = await truth.query<{ person_id: number; household_id: number | null; cases: string[] }>(
    'SELECT person_id, household_id, cases FROM person WHERE person_id = ANY($1) ORDER BY person_id',
    [personIds],
  );
  const owners = await truth.query<{ system: string; local_key: string; person_id: number }>(
    'SELECT system, local_key, person_id FROM record_owner WHERE person_id = ANY($1)',
    [personIds],
  );
  const keys = (system: string): string[] => owners.filter((o) => o.system === system).map((o) => o.local_key);
  const owner = new Map(owners.map((o) => [`${o.system} ${o.local_key}`, o.person_id]));
  const ownerOf = (system: string, key: string): number | undefined => owner.get(`${system} ${key}`);
  const [cards, customers, contacts, mk] = await Promise.all([
    store.query<CardRow>('SELECT * FROM "CARTE_FIDELITE" WHERE "NUM_CARTE" = ANY($1::char(13)[])', [keys('store.card')]),
    ecommerce.query<CustomerRow>('SELECT * FROM customers WHERE id = ANY($1::int[])', [keys('ecommerce.customer')]),
    callcentre.query<ContactRow>('SELECT * FROM contacts WHERE contact_id = ANY($1::int[])', [keys('callcentre.contact')]),
    marketing.query<MkRow>('SELECT * FROM mk_contact WHERE contact_uuid = ANY($1::uuid[])', [keys('marketing.contact')]),
  ]);
  return people.map((p) => ({
    personId: p.person_id,
    householdId: p.household_id,
    cases: p.cases,
    cards: cards.filter((c) => ownerOf('store.card', c.NUM_CARTE) === p.person_id),
    customers: customers.filter((c) => ownerOf('ecommerce.customer', String(c.id)) === p.person_id),
    contacts: contacts.filter((c) => ownerOf('callcentre.contact', String(c.contact_id)) === p.person_id),
    mk: mk.filter((m) => ownerOf('marketing.contact', m.contact_uuid) === p.person_id),
  }));
}

function namesOf(p: PersonRecords): string[] {
  return [
    ...p.cards.map((c) => nameKey(c.PRENOM, c.NOM)),
    ...p.customers.map((c) => nameKey(c.first_name, c.last_name)),
    ...p.contacts.map((c) => nameKey(c.full_name)),
    ...p.mk.filter((m) => m.first_name).map((m) => nameKey(m.first_name, m.last_name)),
  ];
}

function phonesOf(p: PersonRecords): Set<string> {
  const texts = [
    ...p.cards.map((c) => c.TEL),
    ...p.customers.map((c) => c.phone),
    ...p.contacts.flatMap((c) => [c.phone, c.alt_phone]),
    ...p.mk.map((m) => m.mobile_e164),
  ];
  return new Set(texts.map(phoneDigits).filter((d): d is string => d !== null));
}

function emailsOf(p: PersonRecords): Set<string> {
  const texts = [...p.cards.map((c) => c.EMAIL), ...p.customers.map((c) => c.email), ...p.contacts.map((c) => c.email), ...p.mk.map((m) => m.email)];
  return new Set(texts.filter((e): e is string => !!e).map((e) => e.trim().toLowerCase()));
}

function postcodesOf(p: PersonRecords): Set<string> {
  const codes = [...p.cards.map((c) => c.CP), ...p.contacts.map((c) => c.postcode), ...p.mk.map((m) => m.postcode)];
  return new Set(codes.filter((c): c is string => !!c));
}

const disjoint = (a: Set<string>, b: Set<string>): boolean => [...a].every((x) => !b.has(x));
/** Identifiers come from the catalogue, never from data: quoting is enough. */
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

// ---------------------------------------------------------------- the eleven cases

describe('every identity case of legacy/README.md is in the data set', () => {
  it('1. one person, one mobile, four spellings: store, web, call centre, marketing', async () => {
    const people = await peopleWith('mobile-spellings');
    expect(people.length).toBeGreaterThan(0);
    const readme = people.find((p) => {
      const digits = p.mk[0]?.mobile_e164 ? `0${p.mk[0].mobile_e164.slice(3)}` : '';
      const spaced = digits.replace(/(\d\d)(?=\d)/g, '$1 ');
      return (
        /^0[67]\d{8}$/.test(digits) &&
        p.cards.some((c) => c.TEL === spaced) &&
        p.customers.some((c) => c.phone === `+33 ${digits[1]} ${spaced.slice(3)}`) &&
        p.contacts.some((c) => c.phone === digits) &&
        p.mk[0].mobile_e164 === `+33${digits.slice(1)}`
      );
    });
    expect(readme).toBeDefined();
    for (const p of people) {
      const mk = p.mk[0].mobile_e164!;
      const contact = p.contacts[0].phone;
      const mobile = phoneDigits(mk);
      expect(mk).toMatch(/^\+33[67]\d{8}$/);
      expect(contact).toMatch(/^0[67]\d{8}$|^\+33[67]\d{8}$/);
      expect(phoneDigits(contact)).toBe(mobile);
      const fourWays = p.cards.some(
        (card) =>
          /^0[67]( \d\d){4}$|^0[67](\.\d\d){4}$|^0[67]\d{8}$|^\+33[67]\d{8}$/.test(card.TEL) &&
          phoneDigits(card.TEL) === mobile &&
          p.customers.some((c) => phoneDigits(c.phone) === mobile && new Set([card.TEL, c.phone, contact, mk]).size === 4),
      );
      expect(fourWays).toBe(true);
    }
  });

  it('2. one e-mail, several spellings: as typed on the web, lower-cased (with its SHA-256) in marketing', async () => {
    const people = await peopleWith('email-spellings');
    const example = people.find((p) =>
      p.customers.some((c) => c.email !== c.email.trim().toLowerCase() && p.mk.some((m) => m.email === c.email.trim().toLowerCase())),
    );
    expect(example).toBeDefined();
    const [{ bad }] = await marketing.query<{ bad: number }>(
      `SELECT count(*)::int AS bad FROM mk_contact
       WHERE email IS NOT NULL AND (email <> lower(email) OR email_sha256 <> encode(sha256(convert_to(email, 'UTF8')), 'hex'))`,
    );
    expect(bad).toBe(0);
    const [{ spaced }] = await ecommerce.query<{ spaced: number }>('SELECT count(*)::int AS spaced FROM customers WHERE email <> btrim(email)');
    expect(spaced).toBeGreaterThan(0);
  });

  it('3. a couple: one landline and one address, two first names, one household, two people', async () => {
    const people = await peopleWith('shared-landline-couple');
    const households = new Map<number, PersonRecords[]>();
    for (const p of people) households.set(p.householdId!, [...(households.get(p.householdId!) ?? []), p]);
    const couples = [...households.values()].filter((members) => members.length === 2);
    expect(couples.length).toBeGreaterThan(0);
    for (const [a, b] of couples) {
      expect(a.personId).not.toBe(b.personId);
      const [cardA, cardB] = [a.cards[0], b.cards[0]];
      expect(phoneDigits(cardA.TEL)).toBe(phoneDigits(cardB.TEL));
      expect(phoneDigits(cardA.TEL)).toMatch(/^0[1-5]\d{8}$/);
      const [streetA, streetB] = [plain(cardA.ADR1).toUpperCase(), plain(cardB.ADR1).toUpperCase()];
      expect(streetA.startsWith(streetB) || streetB.startsWith(streetA)).toBe(true);
      expect([cardA.CP, cardA.VILLE]).toEqual([cardB.CP, cardB.VILLE]);
      expect(nameKey(cardA.PRENOM)).not.toBe(nameKey(cardB.PRENOM));
      expect(cardA.NUM_FOYER).not.toBeNull();
      expect(cardB.NUM_FOYER).toBe(cardA.NUM_FOYER);
    }
  });

  it('4. namesakes: same first and last name, different towns, phones and e-mails: two people', async () => {
    const people = await peopleWith('namesake');
    const pair = people.flatMap((a) =>
      people
        .filter((b) => b.personId > a.personId && namesOf(a)[0] === namesOf(b)[0])
        .filter((b) => disjoint(postcodesOf(a), postcodesOf(b)) && disjoint(phonesOf(a), phonesOf(b)) && disjoint(emailsOf(a), emailsOf(b)))
        .map((b) => [a, b]),
    );
    expect(pair.length).toBeGreaterThan(0);
  });

  it('5. one person with two web accounts (old and new e-mail), tied by phone or card', async () => {
    const people = await peopleWith('two-web-accounts');
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) {
      expect(p.customers.length).toBeGreaterThanOrEqual(2);
      const [a, b] = p.customers;
      expect(a.email.trim().toLowerCase()).not.toBe(b.email.trim().toLowerCase());
      const samePhone = !!a.phone && phoneDigits(a.phone) === phoneDigits(b.phone);
      const sameCard = !!a.loyalty_card && a.loyalty_card.replace(/\s/g, '') === b.loyalty_card?.replace(/\s/g, '');
      expect(samePhone || sameCard).toBe(true);
    }
  });

  it('6. a loyalty card typed on the web with a wrong digit (EAN-13 check fails)', async () => {
    const people = await peopleWith('mistyped-card');
    const example = people.find((p) =>
      p.customers.some((c) => {
        const typed = c.loyalty_card?.replace(/\s/g, '') ?? '';
        const oneOff = (num: string): boolean => [...num].filter((digit, i) => digit !== typed[i]).length === 1;
        return /^\d{13}$/.test(typed) && !isValidEan13(typed) && p.cards.some((card) => oneOff(card.NUM_CARTE));
      }),
    );
    expect(example).toBeDefined();
    const cards = await store.query<{ NUM_CARTE: string }>('SELECT "NUM_CARTE" FROM "CARTE_FIDELITE"');
    expect(cards.every((card) => isValidEan13(card.NUM_CARTE))).toBe(true);
  });

  it('7. people known to one channel only: a store customer without e-mail, a caller known by phone and name', async () => {
    const storeOnly = await peopleWith('store-only');
    expect(storeOnly.every((p) => p.cards.length > 0 && p.customers.length + p.contacts.length + p.mk.length === 0)).toBe(true);
    expect(storeOnly.some((p) => p.cards.every((c) => c.EMAIL === null))).toBe(true);
    const callers = await peopleWith('caller-only');
    expect(callers.every((p) => p.contacts.length === 1 && p.cards.length + p.customers.length + p.mk.length === 0)).toBe(true);
    expect(callers.some((p) => p.contacts[0].email === null && !!phoneDigits(p.contacts[0].phone) && p.contacts[0].full_name.length > 0)).toBe(true);
  });

  it('8. anonymous receipts and unidentified calls exist, and belong to nobody', async () => {
    const [{ anonymous }] = await store.query<{ anonymous: number }>('SELECT count(*)::int AS anonymous FROM "TICKET" WHERE "NUM_CARTE" IS NULL');
    expect(anonymous).toBeGreaterThan(0);
    const unidentified = await callcentre.query<{ ani: string }>('SELECT ani FROM calls WHERE contact_id IS NULL');
    expect(unidentified.length).toBeGreaterThan(0);
    const known = new Set(
      (await callcentre.query<{ phone: string; alt_phone: string | null }>('SELECT phone, alt_phone FROM contacts'))
        .flatMap((c) => [phoneDigits(c.phone), phoneDigits(c.alt_phone)])
        .concat((await store.query<{ TEL: string }>('SELECT "TEL" FROM "CARTE_FIDELITE"')).map((c) => phoneDigits(c.TEL))),
    );
    expect(unidentified.filter((call) => known.has(phoneDigits(call.ani)))).toEqual([]);
    const systems = await truth.query<{ system: string }>('SELECT DISTINCT system FROM record_owner ORDER BY 1');
    expect(systems.map((s) => s.system)).toEqual(['callcentre.contact', 'ecommerce.customer', 'marketing.contact', 'store.card']);
  });

  it('9. a recycled mobile: two unrelated people, different names, nothing else in common', async () => {
    const people = await peopleWith('recycled-mobile');
    const pairs = people.flatMap((a) =>
      people.filter((b) => b.personId > a.personId && !disjoint(phonesOf(a), phonesOf(b))).map((b) => [a, b] as const),
    );
    expect(pairs.length).toBeGreaterThan(0);
    for (const [a, b] of pairs) {
      const shared = [...phonesOf(a)].filter((d) => phonesOf(b).has(d));
      expect(shared).toHaveLength(1);
      expect(shared[0]).toMatch(/^0[67]/);
      expect(namesOf(a)[0]).not.toBe(namesOf(b)[0]);
      expect(disjoint(emailsOf(a), emailsOf(b))).toBe(true);
      expect(disjoint(postcodesOf(a), postcodesOf(b))).toBe(true);
      expect(a.householdId === null || a.householdId !== b.householdId).toBe(true);
    }
  });

  it('10. marketing contacts carry external_ref (ECOM:…, CARD:…) to a record of the same person', async () => {
    const people = await peopleWith('external-ref');
    const refs = people.flatMap((p) => p.mk.map((m) => ({ p, ref: m.external_ref! })));
    expect(refs.some(({ ref }) => /^ECOM:\d+$/.test(ref))).toBe(true);
    expect(refs.some(({ ref }) => /^CARD:\d{13}$/.test(ref))).toBe(true);
    for (const { p, ref } of refs) {
      const [kind, key] = ref.split(':');
      if (kind === 'ECOM') expect(p.customers.map((c) => String(c.id))).toContain(key);
      else expect(p.cards.map((c) => c.NUM_CARTE)).toContain(key);
    }
    const [{ untagged }] = await marketing.query<{ untagged: number }>('SELECT count(*)::int AS untagged FROM mk_contact WHERE external_ref IS NOT NULL');
    expect(untagged).toBe(refs.length);
  });

  it('11. closed cards (STATUT R) and soft-deleted web accounts, tagged on their owners', async () => {
    const closed = await store.query<{ NUM_CARTE: string }>(`SELECT "NUM_CARTE" FROM "CARTE_FIDELITE" WHERE "STATUT" = 'R'`);
    const deleted = await ecommerce.query<{ id: number }>('SELECT id FROM customers WHERE deleted_at IS NOT NULL');
    expect(closed.length).toBeGreaterThan(0);
    expect(deleted.length).toBeGreaterThan(0);
    const closedOwners = await peopleWith('closed-card');
    expect(closedOwners.flatMap((p) => p.cards.filter((c) => c.STATUT === 'R').map((c) => c.NUM_CARTE)).sort()).toEqual(
      closed.map((c) => c.NUM_CARTE).sort(),
    );
    const deletedOwners = await peopleWith('deleted-account');
    expect(deletedOwners.flatMap((p) => p.customers.filter((c) => c.deleted_at !== null).map((c) => c.id)).sort()).toEqual(
      deleted.map((c) => c.id).sort(),
    );
  });
});

// ---------------------------------------------------------------- consistency of the whole set

describe('the data set is consistent', () => {
  it('has an owner for every card, account and contact, and every owned key exists', async () => {
    const owners = await truth.query<{ system: string; local_key: string }>('SELECT system, local_key FROM record_owner');
    const keysOf = (system: string): string[] => owners.filter((o) => o.system === system).map((o) => o.local_key).sort();
    const legacy = {
      'store.card': (await store.query<{ k: string }>('SELECT "NUM_CARTE" AS k FROM "CARTE_FIDELITE"')).map((r) => r.k),
      'ecommerce.customer': (await ecommerce.query<{ k: string }>('SELECT id::text AS k FROM customers')).map((r) => r.k),
      'callcentre.contact': (await callcentre.query<{ k: string }>('SELECT contact_id::text AS k FROM contacts')).map((r) => r.k),
      'marketing.contact': (await marketing.query<{ k: string }>('SELECT contact_uuid::text AS k FROM mk_contact')).map((r) => r.k),
    };
    for (const [system, keys] of Object.entries(legacy)) expect(keysOf(system)).toEqual(keys.sort());
  });

  it('spells one person the same way everywhere: names, postcode', async () => {
    const ids = await truth.query<{ person_id: number }>('SELECT person_id FROM person');
    const people = await recordsOf(ids.map((row) => row.person_id));
    const inconsistent = people.filter((p) => new Set(namesOf(p)).size > 1 || postcodesOf(p).size > 1);
    expect(inconsistent.map((p) => p.personId)).toEqual([]);
  });

  it('numbers receipts, points movements and calls in time order', async () => {
    const [{ receipts }] = await store.query<{ receipts: number }>(
      `SELECT count(*)::int AS receipts FROM (
         SELECT "DATE_TICKET" || "HEURE_TICKET" AS at, lag("DATE_TICKET" || "HEURE_TICKET") OVER (ORDER BY "NUM_TICKET") AS before
         FROM "TICKET") t WHERE at < before`,
    );
    const [{ moves }] = await store.query<{ moves: number }>(
      `SELECT count(*)::int AS moves FROM (
         SELECT "DATE_MVT" AS at, lag("DATE_MVT") OVER (ORDER BY "ID_MVT") AS before FROM "MOUVEMENT_POINTS") t WHERE at < before`,
    );
    const [{ calls }] = await callcentre.query<{ calls: number }>(
      'SELECT count(*)::int AS calls FROM (SELECT start_epoch AS at, lag(start_epoch) OVER (ORDER BY call_id) AS before FROM calls) t WHERE at < before',
    );
    expect({ receipts, moves, calls }).toEqual({ receipts: 0, moves: 0, calls: 0 });
  });

  it('has returns, points expiring within 60 days, abandoned carts and click-and-collect orders', async () => {
    const reference = compactDate(REFERENCE_DAY);
    const [returns] = await store.query<{ n: number; positive: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE "MONTANT_TTC_CTS" >= 0)::int AS positive FROM "TICKET" WHERE "TYPE" = 'R'`,
    );
    expect(returns.n).toBeGreaterThan(0);
    expect(returns.positive).toBe(0);
    const [{ expiring }] = await store.query<{ expiring: number }>(
      `SELECT count(*)::int AS expiring FROM "MOUVEMENT_POINTS" WHERE "MOTIF" = 'ACHAT' AND "DATE_EXPIRATION" > $1
         AND "DATE_EXPIRATION" <= to_char(to_date($1, 'YYYYMMDD') + 60, 'YYYYMMDD')`,
      [reference],
    );
    expect(expiring).toBeGreaterThan(0);
    const [web] = await ecommerce.query<{ abandoned: number; collect: number }>(
      `SELECT (SELECT count(*)::int FROM carts WHERE converted_order_id IS NULL) AS abandoned,
              (SELECT count(*)::int FROM orders WHERE click_and_collect_store IS NOT NULL) AS collect`,
    );
    expect(web.abandoned).toBeGreaterThan(0);
    expect(web.collect).toBeGreaterThan(0);
  });

  it('refers only to rows that exist: order references quoted in calls and tickets, coupons redeemed in store and on the web', async () => {
    const references = new Set((await ecommerce.query<{ reference: string }>('SELECT reference FROM orders')).map((o) => o.reference));
    const quoted = await callcentre.query<{ ref: string }>(
      `SELECT substring(notes FROM 'CMD-[0-9]{7}') AS ref FROM calls WHERE notes ~ 'CMD-[0-9]{7}'
       UNION ALL SELECT order_ref FROM tickets WHERE order_ref IS NOT NULL`,
    );
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.filter((q) => !references.has(q.ref))).toEqual([]);
    const coupons = await marketing.query<{ redeemed_channel: string; redeemed_ref: string }>(
      'SELECT redeemed_channel, redeemed_ref FROM mk_coupon WHERE redeemed_ref IS NOT NULL',
    );
    const receipts = new Set((await store.query<{ n: string }>('SELECT "NUM_TICKET"::text AS n FROM "TICKET"')).map((t) => t.n));
    expect(coupons.some((c) => c.redeemed_channel === 'STORE')).toBe(true);
    expect(coupons.some((c) => c.redeemed_channel === 'WEB')).toBe(true);
    expect(coupons.filter((c) => !(c.redeemed_channel === 'STORE' ? receipts : references).has(c.redeemed_ref))).toEqual([]);
  });

  it('moves every serial sequence past its largest id, so the legacy applications can insert', async () => {
    const dbs = { store, ecommerce, callcentre, marketing };
    for (const db of Object.values(dbs)) {
      const sequences = await db.query<{ tab: string; col: string; seq: string }>(
        `SELECT c.relname AS tab, a.attname AS col, pg_get_serial_sequence(format('%I', c.relname), a.attname) AS seq
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_get_serial_sequence(format('%I', c.relname), a.attname) IS NOT NULL`,
      );
      expect(sequences.length).toBeGreaterThan(0);
      for (const { tab, col, seq } of sequences) {
        const [{ next, max }] = await db.query<{ next: string; max: string | null }>(
          `SELECT nextval($1)::text AS next, (SELECT max(${quote(col)})::text FROM ${quote(tab)}) AS max`,
          [seq],
        );
        expect(BigInt(next)).toBeGreaterThan(BigInt(max ?? 0));
      }
    }
  });
});

// ---------------------------------------------------------------- determinism

describe('the generator', () => {
  const created: string[] = [];

  async function freshDatabases(): Promise<DevelopmentUrls> {
    const suffix = `_x${randomBytes(4).toString('hex')}`;
    const urls = developmentUrlsOnServer(databases.adminUrl, suffix);
    created.push(suffix);
    await prepareDevelopmentDatabases(urls);
    return urls;
  }

  async function fingerprint(urls: Record<string, string>): Promise<Record<string, string>> {
    const prints: Record<string, string> = {};
    for (const target of [...GENERATED_SYSTEMS, 'truth'] as const) {
      await withDatabase(target, urls[target], async (db) => {
        const tables =
          target === 'truth'
            ? ['person', 'record_owner']
            : (await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map(
                (row) => row.t,
              );
        for (const table of tables) {
          const [{ hash }] = await db.query<{ hash: string }>(
            `SELECT md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS hash FROM ${quote(table)} r`,
          );
          prints[`${target}.${table}`] = hash;
        }
      });
    }
    return prints;
  }

  afterAll(async () => {
    await withDatabase('admin', databases.adminUrl, async (admin) => {
      for (const suffix of created) {
        for (const name of developmentDatabaseNames()) await admin.query(`DROP DATABASE IF EXISTS ${name}${suffix} WITH (FORCE)`);
      }
    });
  });

  it('writes the same rows for the same seed and size, other rows for another seed', async () => {
    const [first, second] = [await freshDatabases(), await freshDatabases()];
    await generateDataSet({ urls: first, people: 60, seed: 7 });
    await generateDataSet({ urls: second, people: 60, seed: 7 });
    const [a, b] = [await fingerprint(first), await fingerprint(second)];
    expect(Object.keys(a)).toHaveLength(28);
    expect(b).toEqual(a);

    await generateDataSet({ urls: second, people: 60, seed: 8, replace: true });
    const c = await fingerprint(second);
    const differing = Object.keys(a).filter((table) => a[table] !== c[table]);
    expect(differing).toEqual(expect.arrayContaining(['store.CARTE_FIDELITE', 'ecommerce.customers', 'truth.person']));
  });

  it('refuses to write over existing rows unless asked to replace them', async () => {
    await expect(generateDataSet({ urls: databases.urls, people: 60, seed: 7 })).rejects.toThrow(/--replace/);
  });

  it('holds every case even in a small data set', async () => {
    const urls = await freshDatabases();
    await generateDataSet({ urls, people: 50, seed: 1 });
    await withDatabase('truth', urls.truth, async (db) => {
      const rows = await db.query<{ tag: string }>('SELECT DISTINCT unnest(cases) AS tag FROM person ORDER BY 1');
      expect(rows.map((r) => r.tag)).toEqual(
        [
          'caller-only',
          'closed-card',
          'deleted-account',
          'email-spellings',
          'external-ref',
          'mistyped-card',
          'mobile-spellings',
          'namesake',
          'recycled-mobile',
          'shared-landline-couple',
          'store-only',
          'two-web-accounts',
        ].sort(),
      );
    });
  });
});

describe('npm run generate', () => {
  const defaults = { people: 2000, seed: 42 };

  it('takes --people, --seed and --replace, with defaults', () => {
    expect(parseArguments([], defaults)).toEqual({ people: 2000, seed: 42, replace: false, help: false });
    expect(parseArguments(['--people', '100000', '--seed=7', '--replace'], defaults)).toEqual({ people: 100000, seed: 7, replace: true, help: false });
  });

  it('says clearly what is wrong with an argument', () => {
    expect(() => parseArguments(['--people', 'abc'], defaults)).toThrow('--people must be a positive integer');
    expect(() => parseArguments(['--people', '0'], defaults)).toThrow('--people must be a positive integer');
    expect(() => parseArguments(['--seed', '-3'], defaults)).toThrow('--seed must be an integer between 0 and 2147483647');
    expect(() => parseArguments(['--people'], defaults)).toThrow('--people needs a value');
    expect(() => parseArguments(['--peple', '3'], defaults)).toThrow('unknown argument "--peple"');
  });
});
