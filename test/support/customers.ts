// Customers the tests pick from the generated data set, chosen the same way everywhere: known to
// all four generated legacy systems, the one with the most calls first (the strongest check of a
// whole customer), ties by id so that a run is deterministic.
import type { Queryable } from '../../subgraphs/kit/database';

export type Links = Record<'store' | 'ecommerce' | 'callcentre' | 'marketing', string[]>;

/** Every customer linked to records of all four systems, with their record keys, most calls first. */
export async function customersOfFourSystems(hub: Queryable, callcentre: Queryable): Promise<{ id: string; links: Links }[]> {
  const rows = await hub.query<{ id: string; system: keyof Links; keys: string[] }>(
    `SELECT customer_id::text AS id, system, array_agg(local_key ORDER BY local_key) AS keys
       FROM identity_link WHERE unlinked_at IS NULL
        AND customer_id IN (SELECT customer_id FROM identity_link WHERE unlinked_at IS NULL
                             GROUP BY customer_id HAVING count(DISTINCT system) = 4)
      GROUP BY customer_id, system`,
  );
  const customers = new Map<string, Links>();
  for (const row of rows) {
    const links = customers.get(row.id) ?? { store: [], ecommerce: [], callcentre: [], marketing: [] };
    links[row.system] = row.keys;
    customers.set(row.id, links);
  }
  const calls = await callcentre.query<{ contact: string; n: number }>(
    'SELECT contact_id::text AS contact, count(*)::int AS n FROM calls WHERE contact_id IS NOT NULL GROUP BY 1',
  );
  const callCount = new Map(calls.map((row) => [row.contact, row.n]));
  const callsOf = (links: Links): number => links.callcentre.reduce((n, key) => n + (callCount.get(key) ?? 0), 0);
  return [...customers]
    .sort(([a, la], [b, lb]) => callsOf(lb) - callsOf(la) || a.localeCompare(b))
    .map(([id, links]) => ({ id, links }));
}

/** Polls `check` every 50 ms until it gives a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
