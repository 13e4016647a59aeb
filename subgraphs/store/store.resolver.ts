import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { connectionOf } from '../kit/connection';
import { decodeCursor, encodeCursor } from '../kit/cursor';
import { BadUserInputError } from '../kit/errors';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { StoreLoaders, toStore } from './store.loaders';
import { GeoPointInput, Store, StoreConnection } from './store.type';

/** A store code as MAGASIN holds it (char(4), padded). */
const STORE_CODE = /^[A-Za-z0-9 ]{1,4}$/;
/** A distance in km as PostgreSQL prints a float8. */
const DISTANCE = /^\d{1,5}(\.\d{1,20})?(e-\d{1,3})?$/;
import { listStores, storesNear } from './stores.repo';

type Context = SubgraphContext<StoreLoaders>;

@Resolver(() => Store)
export class StoreResolver {
  @Query(() => Store, { nullable: true, description: 'A store by code (e.g. P001); null when there is none.' })
  async store(@Arg('code', () => String, { description: 'Store code, e.g. P001; case and spaces do not matter.' }) code: string, @Ctx() { loaders }: Context): Promise<Store | null> {
    const row = await loaders.store.load(code.trim().toUpperCase());
    return row ? toStore(row) : null;
  }

  @Query(() => StoreConnection, {
    description:
      'The store directory, a page at a time (default 20, at most 100). Without `near`: ordered by code. With `near`: the ' +
      'nearest first, each with its `distanceKm`. Stores closed for good are listed too (see `open`).',
  })
  async stores(
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page (asked with the same `near`).' })
    after: string | null,
    @Arg('near', () => GeoPointInput, { nullable: true, description: 'Sort by distance from this point, nearest first.' })
    near: GeoPointInput | null,
    @Ctx() { db }: Context,
  ): Promise<StoreConnection> {
    const limit = pageSize(first);
    if (!near) {
      const code = decodeCursor(after, [/^by-code$/, STORE_CODE])?.[1] ?? null;
      const rows = await listStores(db, limit + 1, code);
      return Object.assign(new StoreConnection(), connectionOf(rows, limit, toStore, (row) => encodeCursor(['by-code', row.CODE_MAG])));
    }
    if (!Number.isFinite(near.lat) || Math.abs(near.lat) > 90) throw new BadUserInputError('"near.lat" must be between -90 and 90', 'near.lat');
    if (!Number.isFinite(near.lon) || Math.abs(near.lon) > 180) throw new BadUserInputError('"near.lon" must be between -180 and 180', 'near.lon');
    // A cursor of the nearest-first order carries its distance: it only continues a page asked with `near`.
    const position = decodeCursor(after, [/^by-distance$/, DISTANCE, STORE_CODE]);
    const rows = await storesNear(db, limit + 1, near.lat, near.lon, position ? { distance: position[1], code: position[2] } : null);
    return Object.assign(
      new StoreConnection(),
      connectionOf(rows, limit, toStore, (row) => encodeCursor(['by-distance', row.distance_key!, row.CODE_MAG])),
    );
  }
}

export async function resolveStoreReference(reference: { code: string }, { loaders }: Context): Promise<Store | null> {
  const row = await loaders.store.load(reference.code);
  return row ? toStore(row) : null;
}
