// What the identity fixture tests (identity-guards, identity-variants) share: a file's own databases
// emptied of the generated identities, legacy rows written as each application writes them, and the
// links in force after a resolution, by `system:localKey`.
import { Database, openDatabase } from '../../subgraphs/kit/database';
import { ean13CheckDigit } from '../../subgraphs/kit/identity/normalise';
import type { TestDatabases } from './test-databases';

export interface FixtureLink {
  customer_id: string;
  rule: string;
  evidence: {
    matched?: Array<Record<string, unknown> & { rule: string; with: string; guards?: Record<string, string> }>;
    guard?: string;
    cut?: Array<{ with: string; rule: string; reason: string }>;
  };
}

/** Loyalty card number `n` (EAN-13 with a valid check digit). */
export const card = (n: number): string => {
  const first12 = `29${String(n).padStart(10, '0')}`;
  return first12 + ean13CheckDigit(first12);
};

/** Runs `statements` in order on one connection of database `name`; their rows, in order. */
export async function write(url: string, name: string, statements: Array<[string, unknown[]]>): Promise<unknown[][]> {
  const db = openDatabase({ name, url, max: 1 });
  try {
    const results: unknown[][] = [];
    for (const [sql, params] of statements) results.push(await db.query(sql, params));
    return results;
  } finally {
    await db.close();
  }
}

export const STORE_CARD = `INSERT INTO "CARTE_FIDELITE" ("NUM_CARTE", "CIVILITE", "NOM", "PRENOM", "TEL", "EMAIL", "ADR1", "CP", "VILLE", "DATE_NAIS",
  "DATE_CREATION", "MAG_CREATION", "NUM_FOYER", "STATUT", "OPT_SMS", "DATE_MAJ")
  VALUES ($1, '', $2, $3, $4, $5, $6, $7, 'VILLE', $8, '20200101', 'P001', NULL, 'A', 'N', '20200101120000')`;
export const WEB_ACCOUNT = `WITH c AS (
  INSERT INTO customers (email, password_hash, first_name, last_name, phone, birth_date, loyalty_card, newsletter, created_at, updated_at)
  VALUES ($1, 'x', $2, $3, $4, $5::date, $6, false, now(), now()) RETURNING id)
  INSERT INTO addresses (customer_id, kind, line1, line2, postcode, city, country, is_default)
  SELECT id, 'billing', coalesce($7, ''), '', coalesce($8, ''), 'VILLE', 'FR', true FROM c RETURNING customer_id::text AS key`;

/** The `key` an INSERT … RETURNING … AS key answered. */
export const key = (rows: unknown[]): string => (rows[0] as { key: string }).key;

/** Only the fixtures' rows: the generated identities are removed from this file's copies. */
export async function emptyIdentities(dbs: TestDatabases): Promise<void> {
  await write(dbs.urls.store, 'store', [['TRUNCATE "CARTE_FIDELITE", "TICKET", "LIGNE_TICKET", "MOUVEMENT_POINTS"', []]]);
  await write(dbs.urls.ecommerce, 'ecommerce', [['TRUNCATE customers, addresses RESTART IDENTITY CASCADE', []]]);
  await write(dbs.urls.callcentre, 'callcentre', [['TRUNCATE contacts RESTART IDENTITY CASCADE', []]]);
  await write(dbs.urls.marketing, 'marketing', [['TRUNCATE mk_contact CASCADE', []]]);
}

/** The links in force, by `system:localKey`, and the two questions the tests ask of them. */
export async function linksInForce(hub: Database) {
  const rows = await hub.query<FixtureLink & { system: string; local_key: string }>(
    'SELECT customer_id::text, system, local_key, rule, evidence FROM identity_link WHERE unlinked_at IS NULL',
  );
  const links = new Map<string, FixtureLink>(rows.map((row) => [`${row.system}:${row.local_key}`, row]));
  const linkOf = (record: string): FixtureLink => {
    const link = links.get(record);
    if (!link) throw new Error(`no link for ${record}`);
    return link;
  };
  return { links, linkOf, together: (a: string, b: string): boolean => linkOf(a).customer_id === linkOf(b).customer_id };
}
