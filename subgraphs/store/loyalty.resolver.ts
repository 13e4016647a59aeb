import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { int8Key } from '../kit/keys';
import { SubgraphContext } from '../kit/subgraph';
import { LoyaltyMovement } from './loyalty-movement.type';
import { FamilyAccount, FamilyCard, LoyaltyAccount } from './loyalty.type';
import { StoreLoaders, toLoyaltyMovement, toStore } from './store.loaders';
import { Store } from './store.type';

type Context = SubgraphContext<StoreLoaders>;

@Resolver(() => LoyaltyAccount)
export class LoyaltyAccountResolver {
  @FieldResolver(() => Store, { nullable: true, description: 'The store that issued the card (MAG_CREATION); null if unknown there.' })
  async issuingStore(@Root() account: LoyaltyAccount, @Ctx() { loaders }: Context): Promise<Store | null> {
    const row = await loaders.store.load(account.issuingStoreCode);
    return row ? toStore(row) : null;
  }

  @FieldResolver(() => FamilyAccount, {
    nullable: true,
    description: 'The family account ("carte famille") the card belongs to, with all its cards; null for a card on its own.',
  })
  async family(@Root() account: LoyaltyAccount, @Ctx() { loaders }: Context): Promise<FamilyAccount | null> {
    if (!account.familyId) return null;
    const rows = await loaders.family.load(account.familyId);
    const cards = rows.map((row) =>
      Object.assign(new FamilyCard(), { cardNumber: row.card.trim(), active: row.status === 'A', first: row.card.trim() === account.familyId }),
    );
    cards.sort((a, b) => Number(b.first) - Number(a.first) || a.cardNumber.localeCompare(b.cardNumber));
    return Object.assign(new FamilyAccount(), { id: account.familyId, cards });
  }
}

/** A points movement by key (the shared history's record for movements without a receipt); null for a key that is none. */
export async function resolveLoyaltyMovementReference(reference: { id: string }, { loaders }: Context): Promise<LoyaltyMovement | null> {
  const id = int8Key(String(reference.id)); // ID_MVT is a bigserial
  if (id === null) return null;
  const row = await loaders.movement.load(id);
  return row ? toLoyaltyMovement(row) : null;
}
