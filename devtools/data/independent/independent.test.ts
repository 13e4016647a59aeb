// The independent data set (devtools/data/independent/) holds each population it was written for,
// found here the way a reader of the legacy tables would find them (plain SQL; the ground truth only
// says which records are one person), respects the legacy tables' contract, and is deterministic.
// Real PostgreSQL: fresh databases on the test run's cluster, filled by the generator itself.
import { randomBytes } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { Database, openDatabase } from '../../../subgraphs/kit/database';
import { withDatabase } from '../../../subgraphs/kit/databases';
import { developmentDatabaseNames, developmentUrlsOnServer, DevelopmentUrls, prepareDevelopmentDatabases } from '../../databases';
import { generateDataSet, GENERATED_SYSTEMS } from '../generate';
import { parseArguments } from '../generate-cli';
import { parseScoreArguments } from '../../identity-score-cli';
import { formatSideBySide, scoreBoth } from '../../identity-score-both';
import { LEGACY_SPEC } from '../../../test/legacy-spec';
import { readTestCluster } from '../../../test/support/test-cluster';
import { INDEPENDENT_CASES } from '.';

const created: string[] = [];
let adminUrl: string;
let urls: DevelopmentUrls;
let db: Record<'store' | 'ecommerce' | 'callcentre' | 'marketing' | 'truth', Database>;

async function freshDatabases(): Promise<DevelopmentUrls> {
  const suffix = `_i${randomBytes(4).toString('hex')}`;
  const fresh = developmentUrlsOnServer(adminUrl, suffix);
  created.push(suffix);
  await prepareDevelopmentDatabases(fresh);
  return fresh;
}

beforeAll(async () => {
  adminUrl = readTestCluster().adminUrl;
  urls = await freshDatabases();
  await generateDataSet({ urls, people: 700, seed: 11, dataSet: 'independent' });
  const open = (name: keyof typeof db): Database => openDatabase({ name, url: urls[name], max: 2 });
  db = { store: open('store'), ecommerce: open('ecommerce'), callcentre: open('callcentre'), marketing: open('marketing'), truth: open('truth') };
});

afterAll(async () => {
  await Promise.all(Object.values(db ?? {}).map((d) => d.close()));
  await withDatabase('admin', adminUrl, async (admin) => {
    for (const suffix of created) {
      for (const name of developmentDatabaseNames()) await admin.query(`DROP DATABASE IF EXISTS ${name}${suffix} WITH (FORCE)`);
    }
  });
});

// ---------------------------------------------------------------- every record with its owner

interface Rec {
  system: 'store' | 'ecommerce' | 'callcentre' | 'marketing';
  key: string;
  person: number;
  household: number | null;
  cases: string[];
  phones: string[];
  email: string | null;
  name: string;
  birth: string | null;
  postcode: string | null;
}

/** Letters only, lower case, no accents: enough to compare names written differently. */
const letters = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
/** Words of a name, sorted: `DUPONT Marie` and `Marie Dupont` agree. */
const nameKey = (...parts: (string | null)[]): string =>
  parts
    .join(' ')
    .split(/[\s-]+/)
    .map(letters)
    .filter(Boolean)
    .sort()
    .join(' ');
/** The national significant number (nine digits) and its country code, however written. */
function numberOf(text: string | null): string | null {
  if (!text || !text.trim()) return null;
  const digits = text.replace(/\D/g, '');
  const m = /^(?:00|)(33|262|594)(\d{9})$/.exec(digits) ?? /^0(\d{9})$/.exec(digits);
  if (!m) return null;
  return m.length === 3 ? `${m[1]}:${m[2]}` : `national:${m[1]}`;
}
const nine = (n: string): string => n.split(':')[1];

let records: Rec[] | undefined;
async function allRecords(): Promise<Rec[]> {
  if (records) return records;
  const people = new Map(
    (await db.truth.query<{ person_id: number; household_id: number | null; cases: string[] }>('SELECT person_id, household_id, cases FROM person')).map((p) => [p.person_id, p]),
  );
  const owners = new Map(
    (await db.truth.query<{ system: string; local_key: string; person_id: number }>('SELECT system, local_key, person_id FROM record_owner')).map((o) => [`${o.system} ${o.local_key}`, o.person_id]),
  );
  const out: Rec[] = [];
  const add = (system: Rec['system'], truthSystem: string, key: string, fields: Omit<Rec, 'system' | 'key' | 'person' | 'household' | 'cases'>): void => {
    const person = owners.get(`${truthSystem} ${key}`);
    if (person === undefined) throw new Error(`${truthSystem} ${key} has no owner`);
    const p = people.get(person)!;
    out.push({ system, key, person, household: p.household_id, cases: p.cases, ...fields });
  };
  for (const c of await db.store.query<Record<string, string>>('SELECT * FROM "CARTE_FIDELITE"')) {
    const birth = c.DATE_NAIS === '00000000' ? null : `${c.DATE_NAIS.slice(4)}-${c.DATE_NAIS.slice(2, 4)}-${c.DATE_NAIS.slice(0, 2)}`;
    add('store', 'store.card', c.NUM_CARTE, { phones: [c.TEL], email: c.EMAIL, name: nameKey(c.PRENOM, c.NOM), birth, postcode: c.CP });
  }
  const postcodeOf = new Map(
    (await db.ecommerce.query<{ customer_id: number; postcode: string }>("SELECT customer_id, postcode FROM addresses WHERE kind = 'billing'")).map((a) => [a.customer_id, a.postcode]),
  );
  for (const w of await db.ecommerce.query<{ id: number; email: string; first_name: string; last_name: string; phone: string | null; birth: string | null }>(
    'SELECT id, email, first_name, last_name, phone, birth_date::text AS birth FROM customers',
  )) {
    add('ecommerce', 'ecommerce.customer', String(w.id), { phones: w.phone ? [w.phone] : [], email: w.email, name: nameKey(w.first_name, w.last_name), birth: w.birth, postcode: postcodeOf.get(w.id) ?? null });
  }
  for (const c of await db.callcentre.query<{ contact_id: number; phone: string; alt_phone: string | null; email: string | null; full_name: string; postcode: string | null }>('SELECT * FROM contacts')) {
    add('callcentre', 'callcentre.contact', String(c.contact_id), { phones: [c.phone, c.alt_phone ?? ''], email: c.email, name: nameKey(c.full_name), birth: null, postcode: c.postcode });
  }
  for (const m of await db.marketing.query<{ contact_uuid: string; email: string | null; mobile_e164: string | null; first_name: string | null; last_name: string | null; postcode: string | null }>(
    'SELECT * FROM mk_contact',
  )) {
    add('marketing', 'marketing.contact', m.contact_uuid, { phones: [m.mobile_e164 ?? ''], email: m.email, name: nameKey(m.first_name, m.last_name), birth: null, postcode: m.postcode });
  }
  records = out;
  return out;
}

const byPerson = (recs: Rec[]): Map<number, Rec[]> => {
  const map = new Map<number, Rec[]>();
  for (const r of recs) map.set(r.person, [...(map.get(r.person) ?? []), r]);
  return map;
};
const mailOf = (r: Rec): string | null => (r.email ? r.email.trim().toLowerCase() : null);

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) d[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

// ---------------------------------------------------------------- the populations

describe('the independent data set holds each population', () => {
  it('labels every population in the ground truth, so the score shows each case', async () => {
    const rows = await db.truth.query<{ tag: string }>('SELECT DISTINCT unnest(cases) AS tag FROM person ORDER BY 1');
    expect(rows.map((r) => r.tag)).toEqual([...INDEPENDENT_CASES].sort());
  });

  it('shares one family mailbox across the records of two or more people of one household', async () => {
    const users = new Map<string, Set<number>>();
    for (const r of await allRecords()) if (mailOf(r)) users.set(mailOf(r)!, (users.get(mailOf(r)!) ?? new Set()).add(r.person));
    const shared = [...users.entries()].filter(([, people]) => people.size >= 2);
    expect(shared.length).toBeGreaterThan(5);
    const recs = byPerson(await allRecords());
    for (const [, people] of shared) {
      const households = new Set([...people].map((p) => recs.get(p)![0].household));
      expect(households.size).toBe(1);
      expect([...households][0]).not.toBeNull();
      for (const p of people) expect(recs.get(p)![0].cases).toContain('family-mailbox');
    }
  });

  it('has couples on one landline and one address: two people, one household', async () => {
    const holders = new Map<string, Set<number>>();
    for (const r of await allRecords()) {
      for (const n of r.phones.map(numberOf)) if (n && /^[1-5]/.test(nine(n))) holders.set(nine(n), (holders.get(nine(n)) ?? new Set()).add(r.person));
    }
    const recs = byPerson(await allRecords());
    const couples = [...holders.values()].filter((people) => people.size >= 2);
    expect(couples.length).toBeGreaterThan(5);
    for (const people of couples) {
      const [a, b] = [...people].map((p) => recs.get(p)!);
      expect(a[0].household).not.toBeNull();
      expect(a[0].household).toBe(b[0].household);
      expect(a[0].cases).toContain('couple-landline');
    }
  });

  it('has namesakes: one name, two people, their birth dates different or unknown', async () => {
    const recs = byPerson(await allRecords());
    const namesakes = [...recs.values()].filter((r) => r[0].cases.includes('namesake'));
    expect(namesakes.length).toBeGreaterThan(4);
    const found = namesakes.some((a) =>
      namesakes.some((b) => {
        if (a[0].person === b[0].person || a[0].household === b[0].household && a[0].household !== null) return false;
        const shared = a.some((x) => b.some((y) => x.name !== '' && x.name === y.name));
        const births = (rs: Rec[]): Set<string> => new Set(rs.map((r) => r.birth).filter((d): d is string => d !== null));
        const [ba, bb] = [births(a), births(b)];
        return shared && ![...ba].some((d) => bb.has(d));
      }),
    );
    expect(found).toBe(true);
  });

  it('has recycled mobiles: one number on two unrelated people with different names', async () => {
    const holders = new Map<string, Rec[]>();
    for (const r of await allRecords()) {
      for (const n of r.phones.map(numberOf)) if (n && /^[67]/.test(nine(n))) holders.set(nine(n), [...(holders.get(nine(n)) ?? []), r]);
    }
    const recycled = [...holders.values()].filter((rs) => {
      const people = new Set(rs.map((r) => r.person));
      const households = new Set(rs.map((r) => r.household ?? `single ${r.person}`));
      return people.size === 2 && households.size === 2 && new Set(rs.map((r) => r.name.split(' ').pop())).size >= 2;
    });
    expect(recycled.length).toBeGreaterThan(2);
    for (const rs of recycled) for (const r of rs) expect(r.cases).toContain('recycled-mobile');
  });

  it('has nameless records: contest contacts with only an e-mail, and web accounts without a name', async () => {
    const [{ contest }] = await db.marketing.query<{ contest: number }>(
      `SELECT count(*)::int AS contest FROM mk_contact
        WHERE source = 'CONTEST' AND email IS NOT NULL AND first_name IS NULL AND last_name IS NULL AND mobile_e164 IS NULL AND postcode IS NULL`,
    );
    const [{ guests }] = await db.ecommerce.query<{ guests: number }>("SELECT count(*)::int AS guests FROM customers WHERE first_name = '' AND last_name = ''");
    expect(contest).toBeGreaterThan(10);
    expect(guests).toBeGreaterThan(1);
  });

  it('has people whose records share no identifier, only the name, birth date and postcode', async () => {
    const recs = byPerson(await allRecords());
    const cases = [...recs.values()].filter((rs) => rs[0].cases.includes('no-shared-identifier'));
    expect(cases.length).toBeGreaterThan(5);
    for (const rs of cases) {
      expect(rs.length).toBeGreaterThanOrEqual(2);
      const identifiers = rs.map((r) => new Set([...r.phones.map(numberOf).filter((n): n is string => n !== null).map(nine), ...(mailOf(r) ? [mailOf(r)!] : [])]));
      for (let i = 0; i < identifiers.length; i += 1) {
        for (let j = i + 1; j < identifiers.length; j += 1) expect([...identifiers[i]].filter((x) => identifiers[j].has(x))).toEqual([]);
      }
      const card = rs.find((r) => r.system === 'store')!;
      const web = rs.find((r) => r.system === 'ecommerce')!;
      expect(card.birth).not.toBeNull();
      expect(web.birth).toBe(card.birth);
      expect(web.postcode).toBe(card.postcode);
    }
  });

  it('has numbers from well-formed but unassigned French ranges, on several records of one person', async () => {
    const recs = byPerson(await allRecords());
    const unassigned = [...recs.values()].filter((rs) => rs[0].cases.includes('unassigned-range'));
    expect(unassigned.length).toBeGreaterThan(5);
    const seen = unassigned.flatMap((rs) =>
      rs.flatMap((r) => r.phones.map(numberOf).filter((n): n is string => n !== null && /^[67]/.test(nine(n)) && !parsePhoneNumberFromString(`+33${nine(n)}`)!.isValid())),
    );
    expect(seen.length).toBeGreaterThan(5);
    for (const n of seen) expect(nine(n)).toMatch(/^(7[0-2]|639)\d+$/);
  });

  it('writes numbers as +33 6…, 0033…, 06 …, and overseas +262/+594 numbers nationally and internationally', async () => {
    const texts = (await allRecords()).flatMap((r) => r.phones).filter(Boolean);
    expect(texts.some((t) => /^\+33 [67] \d\d \d\d \d\d \d\d$/.test(t))).toBe(true);
    expect(texts.some((t) => /^0033 ?[67]/.test(t))).toBe(true);
    expect(texts.some((t) => /^0[67]( \d\d){4}$/.test(t))).toBe(true);
    expect(texts.some((t) => /^0[67](\.\d\d){4}$/.test(t))).toBe(true);
    expect(texts.some((t) => /^\+262 ?69[23]/.test(t))).toBe(true);
    expect(texts.some((t) => /^\+594 ?694/.test(t))).toBe(true);
    expect(texts.some((t) => /^069[234]/.test(t))).toBe(true);
  });

  it('has typing slips: one person, two spellings one or two keys apart', async () => {
    const recs = byPerson(await allRecords());
    const typo = [...recs.values()].filter((rs) => rs[0].cases.includes('typo'));
    expect(typo.length).toBeGreaterThan(5);
    const slipped = typo.filter((rs) => {
      const values = [...new Set(rs.flatMap((r) => [mailOf(r)?.split('@')[0] ?? '', ...r.name.split(' ')]).filter((v) => v.length > 3))];
      return values.some((a) => values.some((b) => a < b && distance(a, b) <= 2));
    });
    expect(slipped.length).toBeGreaterThan(typo.length / 3);
  });

  it('gives every record one owner, and every owned key exists', async () => {
    const [{ owners }] = await db.truth.query<{ owners: number }>('SELECT count(*)::int AS owners FROM record_owner');
    expect(await allRecords()).toHaveLength(owners);
  });
});

// ---------------------------------------------------------------- the legacy contract

describe('the independent data set respects every legacy table of legacy/README.md', () => {
  const systems = { store: () => db.store, ecommerce: () => db.ecommerce, callcentre: () => db.callcentre, marketing: () => db.marketing };

  it('fills fixed-width char(n) columns to their full width (codes are never blank-padded)', async () => {
    for (const system of GENERATED_SYSTEMS) {
      for (const [table, spec] of Object.entries(LEGACY_SPEC[system])) {
        for (const column of spec.columns.filter((c) => c.type.startsWith('character('))) {
          const width = Number(/\((\d+)\)/.exec(column.type)![1]);
          const q = `"${column.name}"`;
          const [{ short }] = await systems[system]().query<{ short: number }>(
            `SELECT count(*)::int AS short FROM "${table}" WHERE ${q} IS NOT NULL AND char_length(${q}::text) <> ${width}`,
          );
          expect(`${system}.${table}.${column.name}: ${short}`).toBe(`${system}.${table}.${column.name}: 0`);
        }
      }
    }
  });

  it('writes the store the way the README says: EAN-13 cards, civilities, upper-case surnames, dates, stores, family accounts', async () => {
    const cards = await db.store.query<Record<string, string | null>>('SELECT * FROM "CARTE_FIDELITE"');
    const stores = new Set((await db.store.query<{ code: string }>('SELECT "CODE_MAG" AS code FROM "MAGASIN"')).map((s) => s.code));
    const numbers = new Set(cards.map((c) => c.NUM_CARTE));
    const ean = (n: string): boolean => [...n].reduce((sum, d, i) => sum + Number(d) * (i % 2 === 0 ? 1 : 3), 0) % 10 === 0;
    for (const c of cards) {
      expect(ean(c.NUM_CARTE!)).toBe(true);
      expect(['M', 'MME', 'MLLE', '']).toContain(c.CIVILITE);
      expect(c.NOM).toBe(c.NOM!.toUpperCase());
      expect(c.DATE_NAIS).toMatch(/^(00000000|(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(19|20)\d\d)$/);
      expect(c.DATE_CREATION).toMatch(/^20\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/);
      expect(c.DATE_MAJ).toMatch(/^20\d{12}$/);
      expect(c.DATE_MAJ!.slice(0, 8) >= c.DATE_CREATION!).toBe(true);
      expect(['A', 'R']).toContain(c.STATUT);
      expect(['O', 'N']).toContain(c.OPT_SMS);
      expect(stores.has(c.MAG_CREATION!)).toBe(true);
      if (c.NUM_FOYER !== null) expect(numbers.has(c.NUM_FOYER)).toBe(true);
      expect(c.TEL).toMatch(/^[\d +.]*$/);
    }
  });

  it('writes the web shop, call centre and marketing tool the way the README says', async () => {
    const [{ orphans }] = await db.ecommerce.query<{ orphans: number }>(
      "SELECT count(*)::int AS orphans FROM addresses a WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = a.customer_id) OR a.kind NOT IN ('billing', 'shipping')",
    );
    expect(orphans).toBe(0);
    const contacts = await db.callcentre.query<{ phone: string; alt_phone: string | null; full_name: string }>('SELECT phone, alt_phone, full_name FROM contacts');
    for (const c of contacts) {
      expect(c.phone).toMatch(/^(0\d{9}|\+(33|262|594)\d{9})$/);
      if (c.alt_phone) expect(c.alt_phone).toMatch(/^(0\d{9}|\+(33|262|594)\d{9})$/);
      expect(c.full_name.trim()).not.toBe('');
    }
    const [{ bad }] = await db.callcentre.query<{ bad: number }>(
      `SELECT count(*)::int AS bad FROM calls WHERE direction NOT IN ('I', 'O') OR queue NOT IN ('SAV', 'COMMANDES', 'RECLAMATIONS', 'INFO')
          OR reason_code NOT IN ('RECL', 'SUIVI', 'INFO', 'RETOUR', 'FACT', 'RESIL') OR outcome NOT IN ('RESOLU', 'RAPPEL', 'ESCALADE', 'ABANDON')
          OR (contact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.contact_id = calls.contact_id))`,
    );
    expect(bad).toBe(0);
    const [{ unidentified }] = await db.callcentre.query<{ unidentified: number }>('SELECT count(*)::int AS unidentified FROM calls WHERE contact_id IS NULL');
    expect(unidentified).toBeGreaterThan(0);
    const mk = await db.marketing.query<{ email: string | null; email_sha256: string | null; digest: string | null; mobile_e164: string | null; source: string; external_ref: string | null }>(
      "SELECT email, email_sha256, encode(sha256(convert_to(email, 'UTF8')), 'hex') AS digest, mobile_e164, source, external_ref FROM mk_contact",
    );
    for (const m of mk) {
      if (m.email !== null) {
        expect(m.email).toBe(m.email.toLowerCase().trim());
        expect(m.email_sha256).toBe(m.digest);
      } else expect(m.email_sha256).toBeNull();
      if (m.mobile_e164 !== null) expect(m.mobile_e164).toMatch(/^\+(33\d{9}|262\d{9}|594\d{9})$/);
      expect(['WEB', 'STORE', 'EVENT', 'IMPORT', 'CONTEST']).toContain(m.source);
      if (m.external_ref !== null) expect(m.external_ref).toMatch(/^(ECOM:\d+|CARD:\d{13})$/);
    }
    expect(mk.some((m) => m.external_ref?.startsWith('ECOM:'))).toBe(true);
    expect(mk.some((m) => m.external_ref?.startsWith('CARD:'))).toBe(true);
  });

  it('points every external_ref at a record of the same person', async () => {
    const recs = await allRecords();
    const owner = new Map(recs.map((r) => [`${r.system} ${r.key}`, r.person]));
    const refs = await db.marketing.query<{ contact_uuid: string; external_ref: string }>('SELECT contact_uuid, external_ref FROM mk_contact WHERE external_ref IS NOT NULL');
    for (const { contact_uuid, external_ref } of refs) {
      const [kind, key] = external_ref.split(':');
      expect(owner.get(`${kind === 'ECOM' ? 'ecommerce' : 'store'} ${key}`)).toBe(owner.get(`marketing ${contact_uuid}`));
    }
  });
});

// ---------------------------------------------------------------- determinism and commands

describe('the independent generator', () => {
  async function fingerprint(target: DevelopmentUrls): Promise<Record<string, string>> {
    const prints: Record<string, string> = {};
    for (const system of [...GENERATED_SYSTEMS, 'truth'] as const) {
      await withDatabase(system, target[system], async (d) => {
        const tables =
          system === 'truth'
            ? ['person', 'record_owner']
            : (await d.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map((r) => r.t);
        for (const table of tables) {
          const [{ hash }] = await d.query<{ hash: string }>(`SELECT md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS hash FROM "${table}" r`);
          prints[`${system}.${table}`] = hash;
        }
      });
    }
    return prints;
  }

  it('writes the same rows for the same seed and size, other rows for another seed', async () => {
    const [first, second] = [await freshDatabases(), await freshDatabases()];
    await generateDataSet({ urls: first, people: 150, seed: 3, dataSet: 'independent' });
    await generateDataSet({ urls: second, people: 150, seed: 3, dataSet: 'independent' });
    const a = await fingerprint(first);
    expect(await fingerprint(second)).toEqual(a);
    await generateDataSet({ urls: second, people: 150, seed: 4, replace: true, dataSet: 'independent' });
    const c = await fingerprint(second);
    expect(Object.keys(a).filter((t) => a[t] !== c[t])).toEqual(
      expect.arrayContaining(['store.CARTE_FIDELITE', 'ecommerce.customers', 'callcentre.contacts', 'marketing.mk_contact', 'truth.person', 'truth.record_owner']),
    );
  });

  it('is chosen by npm run generate -- --independent; identity:score takes --both [--people N] [--seed S]', () => {
    expect(parseArguments(['--independent', '--people', '50'], { people: 2000, seed: 42 })).toEqual({ people: 50, seed: 42, replace: false, help: false, independent: true });
    expect(parseScoreArguments([], { people: 2000, seed: 42 })).toEqual({ both: false, people: 2000, seed: 42 });
    expect(parseScoreArguments(['--both', '--people=300', '--seed', '9'], { people: 2000, seed: 42 })).toEqual({ both: true, people: 300, seed: 9 });
    expect(() => parseScoreArguments(['--people', '300'], { people: 2000, seed: 42 })).toThrow('--people and --seed go with --both');
    expect(() => parseScoreArguments(['--bth'], { people: 2000, seed: 42 })).toThrow('unknown argument --bth');
  });

  it('scores both data sets side by side with the rules of the day (identity:score --both)', async () => {
    const target = await freshDatabases();
    const scores = await scoreBoth(target, { people: 120, seed: 5 });
    expect(scores.map((s) => s.dataSet)).toEqual(['original', 'independent']);
    for (const s of scores) {
      expect(s.report.people).toBeGreaterThan(100);
      expect(s.report.precision).toBeGreaterThan(0);
      expect(s.report.recall).toBeGreaterThan(0);
    }
    expect(Object.keys(scores[1].report.byCase)).toEqual(expect.arrayContaining(['family-mailbox', 'recycled-mobile', 'no-shared-identifier']));
    const lines = formatSideBySide(scores);
    expect(lines[0]).toMatch(/original\s+independent$/);
    expect(lines.find((l) => l.startsWith('household recall'))).toBeDefined();
    expect(lines[lines.length - 1]).toMatch(/^original precision \d\.\d{4} recall \d\.\d{4} pairs \d+; independent precision \d\.\d{4} recall \d\.\d{4} pairs \d+$/);
  });
});
