// Restriction of processing (issue 11 item 6): a restricted customer is read by the privacy officer
// only. Where it is enforced, and why there: in the hub's per-request loaders (server.ts wraps them
// with `hideRestricted`), the one place every hub field of a customer goes through whatever the
// path that reached the customer (customer(id), me, a reference from another subgraph, a list, an
// identifier look-up, a household member). For every role but privacy_officer:
// - the customer loader answers null: `customer(id)`, `me` and every `Customer` reference from a
//   channel resolve to null;
// - every per-customer loader (links, identities, household, golden record, consents, history,
//   access log) answers nothing: `Customer.linkedRecords` is empty, so the channel subgraphs that
//   @require it find no record of the customer (no receipt, order, call or message is read, no
//   marketing or profiling can select them), and the hub's own personal fields are empty or null.
// The policy (kit/access/policy.ts) is left as it is: it decides per role and data class, the
// restriction per customer; a field refused by the policy is still refused first.
// An erasure restricts the customer at once, and for good (the restriction outlives the erasure:
// the customer row is a tombstone then), so nothing of an erased customer is served while its
// steps run.
import DataLoader from 'dataloader';
import type { Database, Queryable } from '../../kit/database';
import type { Principal } from '../../kit/access/principal';
import { isCustomerId } from '../customers.repo';

/** The role that still reads restricted customers. */
export const RESTRICTION_EXEMPT_ROLE = 'privacy_officer';

/** Among `ids`, those whose processing is restricted now. One statement. */
export async function restrictedAmong(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const valid = ids.filter(isCustomerId);
  if (valid.length === 0) return new Set();
  const rows = await db.query<{ customer_id: string }>(
    'SELECT customer_id FROM privacy_restriction WHERE restricted AND customer_id = ANY($1::uuid[])',
    [valid],
  );
  return new Set(rows.map((row) => row.customer_id));
}

export interface RestrictionChange {
  eventId: string;
  customerId: string;
  restricted: boolean;
  changedAt: Date;
  changedBy: string;
  /** Whether the state changed (false: it already was so; the event is still recorded). */
  changed: boolean;
}

/** Sets (or lifts) the restriction in force and records the event, in one transaction of `tx`. */
export async function setRestriction(
  tx: Queryable,
  input: { customerId: string; restricted: boolean; changedBy: string; reason: string },
): Promise<RestrictionChange> {
  const [before] = await tx.query<{ restricted: boolean }>(
    'SELECT restricted FROM privacy_restriction WHERE customer_id = $1 FOR UPDATE',
    [input.customerId],
  );
  await tx.query(
    `INSERT INTO privacy_restriction (customer_id, restricted, changed_by, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (customer_id) DO UPDATE SET restricted = EXCLUDED.restricted, changed_at = now(),
       changed_by = EXCLUDED.changed_by, reason = EXCLUDED.reason`,
    [input.customerId, input.restricted, input.changedBy, input.reason],
  );
  const [event] = await tx.query<{ id: string; changed_at: Date }>(
    `INSERT INTO privacy_restriction_event (customer_id, restricted, changed_by, reason) VALUES ($1, $2, $3, $4)
     RETURNING id::text, changed_at`,
    [input.customerId, input.restricted, input.changedBy, input.reason],
  );
  return {
    eventId: event.id,
    customerId: input.customerId,
    restricted: input.restricted,
    changedAt: event.changed_at,
    changedBy: input.changedBy,
    changed: (before?.restricted ?? false) !== input.restricted,
  };
}

type AnyLoader = { load(key: any): Promise<unknown> };

/**
 * A loader seen through the restriction: `load` is the guarded one, `loadMany` goes through it
 * (as DataLoader's does), the cache's own methods are the underlying loader's. A plain object per
 * loader and request: `Object.create(loader)` made a fresh DataLoader the prototype of another
 * object, which V8 makes costly (0.4 ms per hub request for the sixteen loaders).
 */
class GuardedLoader {
  constructor(
    private readonly inner: AnyLoader,
    readonly load: (key: unknown) => Promise<unknown>,
  ) {}

  loadMany(keys: readonly unknown[]): Promise<unknown[]> {
    return Promise.all(keys.map((key) => this.load(key).catch((error: unknown) => error)));
  }

  prime(key: unknown, value: unknown): this {
    (this.inner as unknown as DataLoader<unknown, unknown>).prime(key, value);
    return this;
  }

  clear(key: unknown): this {
    (this.inner as unknown as DataLoader<unknown, unknown>).clear(key);
    return this;
  }

  clearAll(): this {
    (this.inner as unknown as DataLoader<unknown, unknown>).clearAll();
    return this;
  }
}

/**
 * The hub's loaders as `principal` may use them: unchanged for the privacy officer; for anyone
 * else, a load for a restricted customer answers `empty[name]` (null for the customer row, an
 * empty list otherwise) without reaching the underlying loader. Whether customers are restricted
 * is one statement per batch, shared by every loader of the request — or none: a loader named in
 * `carriesRestriction` reads the restriction in the same statement as its rows (the customer row:
 * `customersWithRestrictionByIds`), so it is loaded first, its answer withheld when the customer
 * is restricted, and what it read primes the check for every other loader of the request. A
 * customer-360 thus costs no round trip for the check (it used to be one before the customer row).
 */
export function hideRestricted<L extends Record<string, AnyLoader>>(
  db: Database,
  principal: Principal,
  loaders: L,
  empty: Partial<Record<keyof L, unknown>> = {},
  carriesRestriction: Partial<Record<keyof L, (value: unknown) => boolean | undefined>> = {},
): L {
  if (principal.role === RESTRICTION_EXEMPT_ROLE) return loaders;
  const restricted = new DataLoader<string, boolean>(async (ids) => {
    const found = await restrictedAmong(db, ids);
    return ids.map((id) => found.has(id));
  });
  const customerIdOf = (key: unknown): string | null => {
    if (typeof key === 'string') return key;
    const owner = (key as { owner?: unknown } | null)?.owner;
    return typeof owner === 'string' ? owner : null;
  };
  const guarded = {} as L;
  for (const [name, loader] of Object.entries(loaders) as [keyof L & string, AnyLoader][]) {
    const nothing = name in empty ? empty[name] : [];
    const restrictionOf = carriesRestriction[name];
    const load = restrictionOf
      ? async (key: unknown) => {
          const id = customerIdOf(key);
          if (id === null || !isCustomerId(id)) return loader.load(key);
          const value = await loader.load(key);
          const read = restrictionOf(value);
          // No row (hence no restriction read with it): the check of its own, as for any loader.
          const isRestricted = read ?? (await restricted.load(id));
          if (read !== undefined) restricted.prime(id, read);
          return isRestricted ? nothing : value;
        }
      : async (key: unknown) => {
          const id = customerIdOf(key);
          if (id !== null && isCustomerId(id) && (await restricted.load(id))) return nothing;
          return loader.load(key);
        };
    guarded[name] = new GuardedLoader(loader, load) as unknown as L[typeof name];
  }
  return guarded;
}
