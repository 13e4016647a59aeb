import { CONSENT_FIELDS } from '../kit/access/consent-check';
import { OWN_RECORDS, ownKeys } from '../kit/channel-customer';
import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { decodeReceiptCursor } from './cursor';
import { Customer } from './customer.type';
import { LoyaltyAccount } from './loyalty.type';
import { BasketArticle, FavouriteStore, ReceiptConnection } from './receipt.type';
import { StoreLoaders, toBasketArticle, toFavouriteStore, toLoyaltyAccount, toReceiptConnection } from './store.loaders';
import { loadFound } from '../kit/loaders';

type Context = SubgraphContext<StoreLoaders>;

const REQUIRES_CARDS = `@requires(fields: "${OWN_RECORDS}")`;
/** Profiling-derived fields also need the hub's consent in force: the policy decides them (store.policy.ts). */
const REQUIRES_CARDS_AND_CONSENT = `@requires(fields: "${OWN_RECORDS} ${CONSENT_FIELDS}")`;

function cardsOf(customer: Customer): string[] {
  return ownKeys(customer, 'store');
}

async function accountsOf(customer: Customer, loaders: StoreLoaders): Promise<LoyaltyAccount[]> {
  const rows = await loadFound(loaders.loyalty, cardsOf(customer));
  return rows
    .map(toLoyaltyAccount)
    .sort(
      (a, b) =>
        Number(b.active) - Number(a.active) ||
        (b.issuedOn ?? '').localeCompare(a.issuedOn ?? '') ||
        b.cardNumber.localeCompare(a.cardNumber),
    );
}

@Resolver(() => Customer)
export class StoreCustomerResolver {
  @FieldResolver(() => [LoyaltyAccount], { nullable: true, description: "The customer's loyalty cards: active ones first, then the most recently issued." })
  @Directive(REQUIRES_CARDS)
  async loyaltyAccounts(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<LoyaltyAccount[]> {
    return accountsOf(customer, loaders);
  }

  @FieldResolver(() => LoyaltyAccount, {
    nullable: true,
    description: "The customer's active loyalty card (the most recently issued one if they hold several); null when none is active.",
  })
  @Directive(REQUIRES_CARDS)
  async activeLoyaltyAccount(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<LoyaltyAccount | null> {
    const [first] = await accountsOf(customer, loaders);
    return first?.active ? first : null;
  }

  @FieldResolver(() => ReceiptConnection, { nullable: true,
    description: "The customer's store receipts on all their cards (closed ones included), newest first, `first` at a time.",
  })
  @Directive(REQUIRES_CARDS)
  async receipts(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page: receipts older than it.' })
    after: string | null,
  ): Promise<ReceiptConnection> {
    const limit = pageSize(first);
    const afterId = after === null || after === undefined ? null : decodeReceiptCursor(after);
    const rows = await loaders.receiptPages.load({ cards: cardsOf(customer), limit, after: afterId });
    return toReceiptConnection(rows, limit);
  }

  @FieldResolver(() => [FavouriteStore], { nullable: true,
    description:
      "The stores where the customer shops, ranked by their number of receipts there (then the latest visit, then code).",
  })
  @Directive(REQUIRES_CARDS_AND_CONSENT)
  async favouriteStores(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
  ): Promise<FavouriteStore[]> {
    const rows = await loaders.favouriteStores.load({ cards: cardsOf(customer), limit: pageSize(first) });
    return rows.map(toFavouriteStore);
  }

  @FieldResolver(() => [BasketArticle], { nullable: true,
    description:
      'The articles the customer buys most often in store, by number of sale receipts that have them (returns ' +
      'excluded), then total quantity, then EAN; over their whole receipt history.',
  })
  @Directive(REQUIRES_CARDS_AND_CONSENT)
  async usualBasket(
    @Root() customer: Customer,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { nullable: true, description: 'How many articles (default 20, at most 100).' }) first: number | null,
  ): Promise<BasketArticle[]> {
    const rows = await loaders.usualBasket.load({ cards: cardsOf(customer), limit: pageSize(first) });
    return rows.map(toBasketArticle);
  }
}

/** The gateway sends what @requires asked for; nothing to read here. */
export function resolveCustomerReference(reference: Customer): Customer {
  return Object.assign(new Customer(), reference);
}
