// kit/sliced-read.ts without a database: the recipe every digest names, and the slices that moved.
import { createHash } from 'node:crypto';
import type { Database } from '../subgraphs/kit/database';
import { changedSlices, slicedRead } from '../subgraphs/kit/sliced-read';

/** A database answering every statement with the same digest rows. */
const answering = (rows: object[]) => ({ query: async () => rows }) as unknown as Database;

const query = { system: 'store', tables: ['T'], sql: 'SELECT k FROM t', key: 'k', map: (rows: { k: string }[]) => ({ rows }) };

it('names its recipe in every digest: the SQL, the mapping and the version raised by hand', async () => {
  const db = answering([{ slice: 3, digest: '2:99' }]);
  const digestOf = async (reader: ReturnType<typeof slicedRead>) => (await reader.digest!(db)).get(3);
  const base = await digestOf(slicedRead(query));
  expect(base).toMatch(/:2:99$/);
  expect(await digestOf(slicedRead({ ...query }))).toBe(base);
  expect(await digestOf(slicedRead({ ...query, version: 2 }))).not.toBe(base);
  expect(await digestOf(slicedRead({ ...query, sql: 'SELECT k FROM t WHERE true' }))).not.toBe(base);
  expect(await digestOf(slicedRead({ ...query, map: (rows: { k: string }[]) => ({ rows: rows.slice() }) }))).not.toBe(base);
});

it('keeps the recipe of a reader without appendOnly as it was: its SQL, its digest SQL, its mapping and its version', async () => {
  // A recipe that changed for every reader would read every system whole again at the next start
  // (minutes at 1,000,000 people): appendOnly, added later, joins the recipe only where declared.
  const expected = createHash('sha256').update([query.sql, query.sql, query.map.toString(), '1'].join('\0')).digest('base64url').slice(0, 12);
  const digests = await slicedRead(query).digest!(answering([{ slice: 3, digest: '2:99' }]));
  expect(digests.get(3)).toBe(`${expected}:2:99`);
});

it('gives each mapped row its slice, and reads nothing for no slice', async () => {
  const reader = slicedRead(query);
  const rows = await reader(answering([{ slice__: 7, k: 'a' }, { slice__: 9, k: 'b' }]), null);
  expect(rows.map((row) => [row.k, row.slice])).toEqual([['a', 7], ['b', 9]]);
  expect(await reader(answering([{ slice__: 7, k: 'a' }]), [])).toEqual([]);
});

it('counts a slice as moved when its digest differs, appears or disappears', () => {
  const kept = new Map([[1, 'a'], [2, 'b'], [3, 'c']]);
  expect(changedSlices(kept, new Map([[1, 'a'], [2, 'B'], [4, 'd']]))).toEqual([2, 3, 4]);
  expect(changedSlices(kept, new Map(kept))).toEqual([]);
});
