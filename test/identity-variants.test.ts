// Issue 12, recall on independently built data: the ways one person's records are written apart
// that the guards used to refuse, each as a minimal set of legacy rows written into this file's own
// databases (emptied first, so only these rows are resolved) — and, beside each, the nearest case
// that must still be refused.
import { Database, openDatabase } from '../subgraphs/kit/database';
import { resolveIdentities, ResolutionReport } from '../subgraphs/customer/identity/resolve';
import { card, emptyIdentities, key, linksInForce, STORE_CARD, WEB_ACCOUNT, write } from './support/identity-fixtures';
import { createTestDatabases, TestDatabases } from './support/test-databases';

let dbs: TestDatabases;
let hub: Database;
let report: ResolutionReport;
let found: Awaited<ReturnType<typeof linksInForce>>;
const keys: Record<string, string> = {};

const MK_CONTACT = `INSERT INTO mk_contact (contact_uuid, email, mobile_e164, first_name, last_name, postcode, source, external_ref, created_at, updated_at)
  VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'CONTEST', NULL, now(), now()) RETURNING contact_uuid::text AS key`;

const CONTACT = `INSERT INTO contacts (phone, alt_phone, email, full_name, postcode, language, vip, created_epoch, updated_epoch)
  VALUES ($1, NULL, NULL, $2, $3, 'fr', false, 1600000000, 1600000000) RETURNING contact_id::text AS key`;

const linkOf = (record: string) => found.linkOf(record);
const together = (a: string, b: string): boolean => found.together(a, b);

beforeAll(async () => {
  dbs = await createTestDatabases();
  hub = openDatabase({ name: 'customer', url: dbs.urls.customer, max: 1 });
  await emptyIdentities(dbs);

  // 1. Jean-Pierre Nguyen's card says `JP`, his web account spells it out; one e-mail.
  keys.jp = card(1);
  // 2. Marc-Antoine and Marie-Anne Thebault live together; a contest form signed `MA THEBAULT`
  //    carries Marc-Antoine's e-mail: which of the two `MA` is cannot be told.
  keys.marcAntoine = card(2);
  keys.marieAnne = card(3);
  // 4. Thierry Girard's card carries `tgirard@…`; a contest entry has only that e-mail. Sylvie Girard,
  //    without an e-mail, lives at his address (a household: the mailbox names him, not her).
  keys.thierry = card(4);
  keys.sylvie = card(6);
  // 5. Zoé Boyer's card carries the family's mailbox `maisonboyer66@…`; a contest entry has only it.
  keys.zoe = card(5);
  // 6. Zoé Nguyen's card has her mobile; a contest entry has that mobile and `znguyen@…`, no name.
  //    Frédéric Le Gall's card has his; another entry has it and the family's `legallfamily@…`.
  keys.zoeNguyen = card(7);
  keys.frederic = card(8);
  // 7. A first name with one typing slip, the surname the same: Nathalie Payet's card and her web
  //    account typed `Nqthalie` on one e-mail; Cédric Muller's card and the call centre's
  //    `MULLER Cedricc` on his mobile. And the nearest case to refuse: Michel Roux's card and the
  //    call centre's `ROUX Michele` (his wife, no birth date) on their landline: a final `e` is the
  //    other sex's name, not a slip.
  keys.nathalie = card(9);
  keys.cedric = card(10);
  keys.michel = card(11);
  await write(dbs.urls.store, 'store', [
    [STORE_CARD, [keys.jp, 'NGUYEN', 'JP', '', 'jp.nguyen@example.fr', '162 avenue Anatole France', '44000', '09031948']],
    [STORE_CARD, [keys.marcAntoine, 'THEBAULT', 'Marc-Antoine', '', 'marc.thebault@example.fr', '24 place des Tilleuls', '56100', '01011970']],
    [STORE_CARD, [keys.marieAnne, 'THEBAULT', 'Marie-Anne', '', null, '24 place des Tilleuls', '56100', '02021972']],
    [STORE_CARD, [keys.thierry, 'GIRARD', 'Thierry', '', 'tgirard@example.fr', '94 impasse Jean Jaurès', '33600', '12081968']],
    [STORE_CARD, [keys.sylvie, 'GIRARD', 'Sylvie', '', null, '94 impasse Jean Jaurès', '33600', '03031970']],
    [STORE_CARD, [keys.zoeNguyen, 'NGUYEN', 'Zoé', '06 95 20 81 53', null, '7 boulevard Victor Hugo', '33600', '05051950']],
    [STORE_CARD, [keys.frederic, 'LE GALL', 'Frédéric', '06 83 72 94 55', null, '154 impasse Émile Zola', '56100', '00000000']],
    [STORE_CARD, [keys.zoe, 'BOYER', 'Zoé', '', 'maisonboyer66@example.fr', '93 chemin de Verdun', '33000', '14011994']],
    [STORE_CARD, [keys.nathalie, 'PAYET', 'Nathalie', '', 'nath.payet@example.fr', '12 rue des Lilas', '97430', '04041975']],
    [STORE_CARD, [keys.cedric, 'MULLER', 'Cédric', '06 44 12 98 37', null, '3 allée des Pins', '67000', '07071980']],
    [STORE_CARD, [keys.michel, 'ROUX', 'Michel', '02 99 45 61 20', null, '8 rue du Port', '35000', '11111955']],
  ]);
  // 3. Françoise Martin-Dupuy's web account; her contest entry drops the second surname.
  const web = await write(dbs.urls.ecommerce, 'ecommerce', [
    [WEB_ACCOUNT, ['jp.nguyen@example.fr', 'Jean-Pierre', 'Nguyen', null, null, null, '162 av. Anatole France', '44000']],
    [WEB_ACCOUNT, ['fmartindupuy@example.fr', 'Françoise', 'Martin-Dupuy', null, '1951-12-24', null, '55 impasse Jean Jaurès', '44400']],
    [WEB_ACCOUNT, ['nath.payet@example.fr', 'Nqthalie', 'Payet', null, null, null, null, null]],
  ]);
  [keys.jpWeb, keys.francoiseWeb, keys.nathalieWeb] = web.map(key);
  const calls = await write(dbs.urls.callcentre, 'callcentre', [
    [CONTACT, ['0644129837', 'MULLER Cedricc', null]],
    [CONTACT, ['0299456120', 'ROUX Michele', '35000']],
  ]);
  [keys.cedricCall, keys.micheleCall] = calls.map(key);
  const marketing = await write(dbs.urls.marketing, 'marketing', [
    [MK_CONTACT, ['marc.thebault@example.fr', null, 'MA', 'THEBAULT', '56100']],
    [MK_CONTACT, ['fmartindupuy@example.fr', null, 'Françoise', 'Martin', '44400']],
    [MK_CONTACT, ['tgirard@example.fr', null, null, null, null]],
    [MK_CONTACT, ['maisonboyer66@example.fr', null, null, null, null]],
    [MK_CONTACT, ['znguyen@example.fr', '+33695208153', null, null, '33600']],
    [MK_CONTACT, ['legallfamily@example.fr', '+33683729455', null, null, '56100']],
  ]);
  [keys.maContest, keys.francoiseContest, keys.thierryContest, keys.boyerContest, keys.zoeContest, keys.legallContest] = marketing.map(key);

  report = await resolveIdentities(dbs.urls);
  found = await linksInForce(hub);
});

afterAll(async () => {
  await hub?.close();
  await dbs?.drop();
});

describe('abbreviated names do not differ', () => {
  it('`JP NGUYEN` and `Jean-Pierre Nguyen` on one e-mail are one customer, the guard saying `abbreviated`', () => {
    expect(together(`store:${keys.jp}`, `ecommerce:${keys.jpWeb}`)).toBe(true);
    const [match] = linkOf(`store:${keys.jp}`).evidence.matched!;
    expect(match).toMatchObject({ rule: 'email', guards: { name: 'abbreviated' } });
  });

  it('a surname with its second part dropped (`Martin` for `Martin-Dupuy`) on one e-mail is one customer', () => {
    expect(together(`ecommerce:${keys.francoiseWeb}`, `marketing:${keys.francoiseContest}`)).toBe(true);
  });

  it('`MA THEBAULT` on Marc-Antoine\'s e-mail, with a Marie-Anne at his address, joins nobody', () => {
    expect(together(`marketing:${keys.maContest}`, `store:${keys.marcAntoine}`)).toBe(false);
    expect(together(`marketing:${keys.maContest}`, `store:${keys.marieAnne}`)).toBe(false);
    expect(report.pairsRejected.abbreviated_name_on_shared_identifier).toBeGreaterThanOrEqual(1);
  });
});

describe('a nameless record on an e-mail joins the person its mailbox names', () => {
  it('a contest entry with only `tgirard@…` joins Thierry Girard, whose card carries it, though he lives with Sylvie', () => {
    expect(together(`marketing:${keys.thierryContest}`, `store:${keys.thierry}`)).toBe(true);
    expect(together(`marketing:${keys.thierryContest}`, `store:${keys.sylvie}`)).toBe(false);
  });

  it('a contest entry with only the family mailbox `maisonboyer66@…` joins nobody (mailbox_names_nobody)', () => {
    expect(together(`marketing:${keys.boyerContest}`, `store:${keys.zoe}`)).toBe(false);
    expect(linkOf(`marketing:${keys.boyerContest}`).rule).toBe('single_record');
    expect(report.pairsRejected.mailbox_names_nobody).toBeGreaterThanOrEqual(1);
  });
});

describe('a nameless record on a phone joins the person its own mailbox names', () => {
  it('a contest entry with Zoé Nguyen\'s mobile and `znguyen@…` joins her card', () => {
    expect(together(`marketing:${keys.zoeContest}`, `store:${keys.zoeNguyen}`)).toBe(true);
    expect(linkOf(`marketing:${keys.zoeContest}`).evidence.matched![0]).toMatchObject({ rule: 'phone_and_name', guards: { name: 'missing' } });
  });

  it('a contest entry with Frédéric Le Gall\'s mobile and the family mailbox `legallfamily@…` joins nobody', () => {
    expect(together(`marketing:${keys.legallContest}`, `store:${keys.frederic}`)).toBe(false);
    expect(report.pairsRejected.phone_without_full_name).toBeGreaterThanOrEqual(1);
  });
});

describe('a first name with one typing slip does not differ', () => {
  it('`Nqthalie Payet` on Nathalie Payet\'s e-mail is one customer, the guard saying `abbreviated`', () => {
    expect(together(`store:${keys.nathalie}`, `ecommerce:${keys.nathalieWeb}`)).toBe(true);
    const [match] = linkOf(`ecommerce:${keys.nathalieWeb}`).evidence.matched!;
    expect(match).toMatchObject({ rule: 'email', guards: { name: 'abbreviated' } });
  });

  it('`MULLER Cedricc` on Cédric Muller\'s mobile is one customer', () => {
    expect(together(`store:${keys.cedric}`, `callcentre:${keys.cedricCall}`)).toBe(true);
    expect(linkOf(`callcentre:${keys.cedricCall}`).evidence.matched![0]).toMatchObject({ rule: 'phone_and_name', guards: { name: 'abbreviated' } });
  });

  it('`ROUX Michele` on Michel Roux\'s landline joins nobody: a final `e` is not a slip', () => {
    expect(together(`store:${keys.michel}`, `callcentre:${keys.micheleCall}`)).toBe(false);
    expect(report.pairsRejected.names_differ).toBeGreaterThanOrEqual(1);
  });
});
