// kit/sliced-read.ts `appendOnly` on real PostgreSQL, with the store's receipts (the favourite
// store's digest, subgraphs/store/preferences.read.ts): a digest after new receipts reads only them
// and equals a whole digest; a receipt numbered lower but committed later (an open till
// transaction) is counted once it commits, never lost; a corrected receipt shows at the next whole
// digest, not before (the documented limit).
import pg from 'pg';
import { Database, openDatabase } from '../subgraphs/kit/database';
import { sliceOf, slicedRead, SliceDigests } from '../subgraphs/kit/sliced-read';
import { FAVOURITE_STORE_RECEIPTS as RECEIPTS, readStorePreferences } from '../subgraphs/store/preferences.read';
import { createTestDatabases, TestDatabases } from './support/test-databases';

let databases: TestDatabases;
let store: Database;

beforeAll(async () => {
  databases = await createTestDatabases();
  store = openDatabase({ name: 'store', url: databases.urls.store });
});

afterAll(async () => {
  await store?.close();
  await databases?.drop();
});

/** What a digest of every visible receipt would say now (no position, no settling): slice → "rows:sum". */
async function visible(): Promise<Map<number, string>> {
  const rows = await store.query<{ slice: number; digest: string }>(
    `SELECT ${sliceOf(RECEIPTS.key)} AS slice, count(*)::text || ':' || sum(hashtextextended((${RECEIPTS.row})::text, 1))::text AS digest
       FROM ${RECEIPTS.table} r WHERE ${RECEIPTS.where} GROUP BY 1`,
  );
  return new Map(rows.map((row) => [row.slice, row.digest]));
}

/** Digests without the recipe that names them: slice → "rows:sum". */
const bare = (digests: SliceDigests): Map<number, string> => new Map([...digests].map(([slice, digest]) => [slice, digest.split(':').slice(1).join(':')]));

/** A fresh connection per call, so that each reader keeps state of its own (state is per Database). */
const connection = (): Database => openDatabase({ name: 'store', url: databases.urls.store, max: 1 });

let numbers = 0;
const nextNumber = (): number => 9_700_000_000 + (process.pid % 1000) * 10_000 + ++numbers;

async function receipt(db: { query: (text: string, values: unknown[]) => Promise<unknown> }, number: number, card: string, store = 'P001'): Promise<void> {
  await db.query(
    `INSERT INTO "TICKET" ("NUM_TICKET", "CODE_MAG", "DATE_TICKET", "HEURE_TICKET", "NUM_CAISSE", "NUM_CARTE", "MONTANT_TTC_CTS", "MODE_PAIEMENT", "TYPE")
     VALUES ($1, $2, '20260102', '101500', 1, $3, 1000, 'CB', 'V')`,
    [number, store, card],
  );
}

/** Every statement the connection sends, with its parameters. */
function recorded(db: Database): { text: string; values: unknown[] }[] {
  const seen: { text: string; values: unknown[] }[] = [];
  const query = db.query.bind(db);
  (db as { query: unknown }).query = (text: string, values?: unknown[]) => {
    seen.push({ text, values: values ?? [] });
    return query(text, values);
  };
  return seen;
}

it('adds the receipts written since the last digest, and equals a whole digest', async () => {
  const db = connection();
  try {
    const statements = recorded(db);
    const first = await readStorePreferences.digest!(db);
    expect(bare(first)).toEqual(await visible());
    expect(first.size).toBeGreaterThan(100); // the template's receipts: most slices hold some
    const last = BigInt(statements.at(-1)!.values[0] as string);
    expect(last).toBe(-(2n ** 63n)); // the first digest is whole: after the smallest bigint

    await receipt(store, nextNumber(), '9900000000001');
    await receipt(store, nextNumber(), '9900000000002', 'P002');
    statements.length = 0;
    const second = await readStorePreferences.digest!(db);
    // Only what was added was read: the digest's lower bound is the position the first one reached.
    expect(BigInt(statements.at(-1)!.values[0] as string)).toBeGreaterThan(0n);
    expect(bare(second)).toEqual(await visible());
    expect(bare(second)).not.toEqual(bare(first));
  } finally {
    await db.close();
  }
});

it('never loses a receipt numbered lower but committed later', async () => {
  const db = connection();
  const till = new pg.Client({ connectionString: databases.urls.store });
  await till.connect();
  try {
    await readStorePreferences.digest!(db);
    const lower = nextNumber();
    const higher = nextNumber();
    // A till's transaction holds the lower number; another till commits the higher one first.
    await till.query('BEGIN');
    await receipt(till, lower, '9900000000003');
    await receipt(store, higher, '9900000000004');
    const meanwhile = await readStorePreferences.digest!(db);
    // The higher receipt is not counted yet: the open transaction may still commit a lower number.
    expect(bare(meanwhile)).not.toEqual(await visible());
    await till.query('COMMIT');
    const after = await readStorePreferences.digest!(db);
    expect(bare(after)).toEqual(await visible());
  } finally {
    await till.end();
    await db.close();
  }
});

it('sees a corrected receipt at the next whole digest, not before', async () => {
  const db = connection();
  const everySecond = slicedRead({
    system: 'store',
    tables: ['TICKET'],
    sql: 'SELECT 1 AS card',
    key: 'card',
    map: () => ({ rows: [] }),
    appendOnly: { ...RECEIPTS, wholeEveryMs: 1_000 },
  });
  try {
    const number = nextNumber();
    await receipt(store, number, '9900000000005');
    const before = await everySecond.digest!(db);
    await store.query(`UPDATE "TICKET" SET "CODE_MAG" = 'P003' WHERE "NUM_TICKET" = $1`, [number]);
    expect(bare(await everySecond.digest!(db))).toEqual(bare(before));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const whole = await everySecond.digest!(db);
    expect(bare(whole)).not.toEqual(bare(before));
    expect(bare(whole)).toEqual(await visible());
  } finally {
    await db.close();
  }
});
