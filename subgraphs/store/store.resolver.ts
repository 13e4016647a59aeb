import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { StoreLoaders, toStore } from './store.loaders';
import { Store } from './store.type';
import { listStores } from './stores.repo';

type Context = SubgraphContext<StoreLoaders>;

@Resolver(() => Store)
export class StoreResolver {
  @Query(() => Store, { nullable: true, description: 'A store by code (e.g. P001); null when there is none.' })
  async store(@Arg('code', () => String) code: string, @Ctx() { loaders }: Context): Promise<Store | null> {
    const row = await loaders.store.load(code.trim().toUpperCase());
    return row ? toStore(row) : null;
  }

  @Query(() => [Store], { description: 'Stores ordered by code, `first` at a time (at most 100), after a code.' })
  async stores(
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Only stores whose code sorts after this one.' }) after: string | null,
    @Ctx() { db }: Context,
  ): Promise<Store[]> {
    return (await listStores(db, pageSize(first), after)).map(toStore);
  }
}

export async function resolveStoreReference(reference: { code: string }, { loaders }: Context): Promise<Store | null> {
  const row = await loaders.store.load(reference.code);
  return row ? toStore(row) : null;
}
