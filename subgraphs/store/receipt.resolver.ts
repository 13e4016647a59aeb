import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { SubgraphContext } from '../kit/subgraph';
import { FavouriteStore, Receipt, ReceiptLine } from './receipt.type';
import { isReceiptId, StoreLoaders, toReceipt, toReceiptLine, toStore } from './store.loaders';
import { Store } from './store.type';

type Context = SubgraphContext<StoreLoaders>;

async function loadStore(code: string, loaders: StoreLoaders): Promise<Store | null> {
  const row = await loaders.store.load(code);
  return row ? toStore(row) : null;
}

async function loadReceipt(id: string, loaders: StoreLoaders): Promise<Receipt | null> {
  const trimmed = id.trim();
  if (!isReceiptId(trimmed)) return null;
  const row = await loaders.receipt.load(BigInt(trimmed).toString());
  return row ? toReceipt(row) : null;
}

@Resolver(() => Receipt)
export class ReceiptResolver {
  @Query(() => Receipt, { nullable: true, description: 'A store receipt by number (NUM_TICKET); null when there is none.' })
  async receipt(@Arg('id', () => ID, { description: 'The receipt number (TICKET.NUM_TICKET).' }) id: string, @Ctx() { loaders }: Context): Promise<Receipt | null> {
    return loadReceipt(id, loaders);
  }

  @FieldResolver(() => Store, { nullable: true, description: 'The store where it was rung up; null if its code is missing from the store list.' })
  async store(@Root() receipt: Receipt, @Ctx() { loaders }: Context): Promise<Store | null> {
    return loadStore(receipt.storeCode, loaders);
  }

  @FieldResolver(() => [ReceiptLine], { description: 'The articles, in line order.' })
  async lines(@Root() receipt: Receipt, @Ctx() { loaders }: Context): Promise<ReceiptLine[]> {
    return (await loaders.lines.load(receipt.id)).map(toReceiptLine);
  }
}

@Resolver(() => FavouriteStore)
export class FavouriteStoreResolver {
  @FieldResolver(() => Store, { nullable: true, description: 'The store; null if its code is missing from the store list.' })
  async store(@Root() favourite: FavouriteStore, @Ctx() { loaders }: Context): Promise<Store | null> {
    return loadStore(favourite.storeCode, loaders);
  }
}

/** Other subgraphs point at receipts (e.g. a coupon redeemed in store): one query per batch. */
export async function resolveReceiptReference(reference: { id: string }, { loaders }: Context): Promise<Receipt | null> {
  return loadReceipt(String(reference.id), loaders);
}
