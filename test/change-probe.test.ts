// The change probe with change streams (kit/change-probe.ts, kit/change-stream.ts), without a
// server: a streamed system whose stream runs is answered from memory, with no statement; one whose
// stream is down, and every other system, by its statement; and the value moves on each change.
import { changeProbe } from '../subgraphs/kit/change-probe';
import type { ChangeStreams } from '../subgraphs/kit/change-stream';
import type { Database } from '../subgraphs/kit/database';

/** A database answering the server question and the probe statements, counting what it is sent. */
function fakeDatabase(name: string, sent: string[]): Database {
  let writes = 0;
  return {
    name,
    async query(text: string) {
      sent.push(`${name}: ${text.includes('pg_postmaster_start_time') ? 'server' : 'probe'}`);
      if (text.includes('pg_postmaster_start_time')) return [{ v: 'same-server' }];
      writes += 1;
      return [{ v: String(writes) }];
    },
  } as unknown as Database;
}

function fakeStreams(values: Record<string, string | null>): ChangeStreams {
  return {
    systems: Object.keys(values),
    value: (system) => values[system] ?? null,
    state: (system) => (system in values ? (values[system] === null ? 'down' : 'streaming') : null),
    subscribe: () => () => undefined,
    stop: async () => undefined,
  };
}

it('sends no statement for a streamed system while its stream runs, and its statement while it is down', async () => {
  const sent: string[] = [];
  const [hub, store, ecommerce] = ['customer', 'store', 'ecommerce'].map((name) => fakeDatabase(name, sent));
  const values: Record<string, string | null> = { store: 'stream:1:0', ecommerce: 'stream:1:0' };
  const probe = changeProbe([store, ecommerce], hub, fakeStreams(values));

  // Both streamed: no statement at all, not even the server question.
  expect(await probe()).toBe('stream:1:0|stream:1:0');
  values.store = 'stream:1:1';
  expect(await probe()).toBe('stream:1:1|stream:1:0');
  expect(sent).toEqual([]);

  // The ecommerce stream down: its probe statement (after the one-time server question), the store still from memory.
  values.ecommerce = null;
  const first = await probe();
  expect(first.startsWith('stream:1:1|')).toBe(true);
  expect(await probe()).not.toBe(first); // the fake's write counter moved
  expect(sent.filter((line) => line.startsWith('store'))).toEqual(['store: server']);
  expect(sent.filter((line) => line === 'ecommerce: probe')).toHaveLength(2);
});
