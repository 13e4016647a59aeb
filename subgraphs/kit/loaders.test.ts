// perCustomerLoader's contract: one fetch per batch whatever each key's arguments, rows grouped by
// request index, no fetch when the batch names no record, equal keys (records in any order) read once.
import { perCustomerLoader, perPair, RecordPairs } from './loaders';
import { CURSOR_PART, taggedCursor } from './cursor';

interface Key {
  contacts: number[];
  limit: number;
}

function loader() {
  const calls: { keys: readonly Key[]; pairs: RecordPairs<number>; limits: number[] }[] = [];
  const load = perCustomerLoader(
    (key: Key) => key.contacts,
    async (keys: readonly Key[], pairs) => {
      calls.push({ keys, pairs, limits: perPair(keys, pairs, (key) => key.limit) });
      // A row per pair, as a statement tagging rows with their request's index would give them.
      return pairs.request.map((request, n) => ({ request, contact: pairs.record[n] }));
    },
    (row) => row.request,
  );
  return { load, calls };
}

test('one fetch per batch, whatever the arguments; rows grouped per key; repeated records paired once', async () => {
  const { load, calls } = loader();
  const [a, b, c] = await Promise.all([
    load.load({ contacts: [1, 2, 2], limit: 5 }),
    load.load({ contacts: [3], limit: 10 }),
    load.load({ contacts: [], limit: 5 }),
  ]);
  expect(calls).toHaveLength(1);
  expect(calls[0].pairs).toEqual({ request: [0, 0, 1], record: [1, 2, 3] });
  expect(calls[0].limits).toEqual([5, 5, 10]);
  expect(a.map((row) => row.contact)).toEqual([1, 2]);
  expect(b.map((row) => row.contact)).toEqual([3]);
  expect(c).toEqual([]);
});

test('no record in the batch: no fetch; the same records in another order are the same key', async () => {
  const { load, calls } = loader();
  expect(await load.load({ contacts: [], limit: 5 })).toEqual([]);
  expect(calls).toHaveLength(0);
  await Promise.all([load.load({ contacts: [1, 2], limit: 5 }), load.load({ contacts: [2, 1], limit: 5 })]);
  expect(calls).toHaveLength(1);
  expect(calls[0].keys).toHaveLength(1);
});

test('a tagged cursor gives back its parts, and refuses a cursor of another list', () => {
  const calls = taggedCursor('call', [CURSOR_PART.integer, CURSOR_PART.id]);
  const tickets = taggedCursor('ticket', [CURSOR_PART.integer, CURSOR_PART.id]);
  expect(calls.decode(calls.encode(['-5', '42']))).toEqual(['-5', '42']);
  expect(() => calls.decode(tickets.encode(['-5', '42']))).toThrow('"after" is not a cursor given by this list');
  expect(() => calls.decode(calls.encode(['x', '42']))).toThrow('"after" is not a cursor given by this list');
});
