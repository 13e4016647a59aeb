import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../kit/errors';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { StoreLoaders, toStore } from './store.loaders';
import { GeoPointInput, Store } from './store.type';
import { listStores, storesNear } from './stores.repo';

type Context = SubgraphContext<StoreLoaders>;

@Resolver(() => Store)
export class StoreResolver {
  @Query(() => Store, { nullable: true, description: 'A store by code (e.g. P001); null when there is none.' })
  async store(@Arg('code', () => String, { description: 'Store code, e.g. P001; case and spaces do not matter.' }) code: string, @Ctx() { loaders }: Context): Promise<Store | null> {
    const row = await loaders.store.load(code.trim().toUpperCase());
    return row ? toStore(row) : null;
  }

  @Query(() => [Store], {
    description:
      'Stores, `first` at a time (default 20, at most 100). Without `near`: ordered by code, after the code given in ' +
      '`after`. With `near`: the nearest first, each with its `distanceKm` (`after` cannot be combined with `near`). ' +
      'Stores closed for good are listed too (see `open`).',
  })
  async stores(
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Only stores whose code sorts after this one (not with `near`).' })
    after: string | null,
    @Arg('near', () => GeoPointInput, { nullable: true, description: 'Sort by distance from this point, nearest first.' })
    near: GeoPointInput | null,
    @Ctx() { db }: Context,
  ): Promise<Store[]> {
    const limit = pageSize(first);
    if (!near) return (await listStores(db, limit, after)).map(toStore);
    if (after !== null && after !== undefined) throw new BadUserInputError('"after" cannot be combined with "near": ask for a larger "first"', 'after');
    if (!Number.isFinite(near.lat) || Math.abs(near.lat) > 90) throw new BadUserInputError('"near.lat" must be between -90 and 90', 'near.lat');
    if (!Number.isFinite(near.lon) || Math.abs(near.lon) > 180) throw new BadUserInputError('"near.lon" must be between -180 and 180', 'near.lon');
    return (await storesNear(db, limit, near.lat, near.lon)).map(toStore);
  }
}

export async function resolveStoreReference(reference: { code: string }, { loaders }: Context): Promise<Store | null> {
  const row = await loaders.store.load(reference.code);
  return row ? toStore(row) : null;
}
