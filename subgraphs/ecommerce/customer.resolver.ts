// What the web shop knows of a hub customer. Every field reads the customer's web accounts from the
// hub (`@requires(fields: "linkedRecords { records { system localKey } }")`, its own records kept) and goes through a per-request loader:
// one statement per field for a whole `_entities` batch, whatever its size.
import { OWN_RECORDS, ownKeys } from '../kit/channel-customer';
import { CONSENT_FIELDS } from '../kit/access/consent-check';
import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { PageInfo } from '../../schema/common';
import { pageSize } from '../kit/pagination';
import { SubgraphContext } from '../kit/subgraph';
import { Address } from './address.type';
import { Cart } from './cart.type';
import { decodeBigCursor, decodeCursor, encodeBigCursor, encodeCursor } from './cursor';
import { connectionOf } from '../kit/connection';
import { Customer } from './customer.type';
import { OrderStatus, ORDER_STATUS_CODES } from './ecommerce.enums';
import { EcommerceLoaders } from './ecommerce.loaders';
import { toAddress, toCart, toOrder, toPaymentMethod, toReview, toSearch, toWebAccount } from './ecommerce.mappers';
import { OrderConnection, OrderEdge } from './order.type';
import { PaymentMethod } from './payment-method.type';
import { accountIds } from './per-customer';
import { ReviewConnection } from './review.type';
import { SearchConnection } from './search.type';
import { WebAccount } from './web-account.type';
import { loadFound } from '../kit/loaders';

type Context = SubgraphContext<EcommerceLoaders>;

const REQUIRES_WEB_ACCOUNTS = `@requires(fields: "${OWN_RECORDS}")`;
/** Contact data also needs the hub's consent in force: the policy decides it (ecommerce.policy.ts). */
const REQUIRES_WEB_ACCOUNTS_AND_CONSENT = `@requires(fields: "${OWN_RECORDS} ${CONSENT_FIELDS}")`;

function accountsOf(customer: Customer): number[] {
  return accountIds(ownKeys(customer, 'ecommerce'));
}

/** The legacy code an `OrderStatus` filter keeps: '' stands for "any code the graph does not know". */
function statusFilter(status: OrderStatus | null | undefined): string | null {
  if (status === null || status === undefined) return null;
  return status === OrderStatus.UNKNOWN ? '' : ORDER_STATUS_CODES[status];
}

@Resolver(() => Customer)
export class EcommerceCustomerResolver {
  @FieldResolver(() => OrderConnection, { nullable: true,
    description:
      "The customer's web orders from all their web accounts (deleted ones included), newest placed first, `first` " +
      'at a time (default 20, at most 100). Pass `pageInfo.endCursor` as `after` for the next page.',
  })
  @Directive(REQUIRES_WEB_ACCOUNTS)
  async orders(
    @Root() customer: Customer,
    @Arg('first', () => Int, { nullable: true, description: 'How many orders (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last order of the previous page (`pageInfo.endCursor`).' })
    after: string | null,
    @Arg('status', () => OrderStatus, { nullable: true, description: 'Only the orders in this status.' }) status: OrderStatus | null,
    @Ctx() { loaders }: Context,
  ): Promise<OrderConnection> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const rows = await loaders.orderPage.load({ accounts: accountsOf(customer), limit, after: cursor, status: statusFilter(status) });
    const page = rows.slice(0, limit);
    const edges = page.map((row) =>
      Object.assign(new OrderEdge(), { cursor: encodeCursor({ at: row.placed_at, id: row.id }), node: toOrder(row) }),
    );
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: Object.assign(new PageInfo(), { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null }),
    };
  }

  @FieldResolver(() => Cart, {
    nullable: true,
    description:
      "The customer's current web cart: the most recently changed cart of their live web accounts that was not " +
      'ordered, abandoned or not (see `abandoned`). Null when there is none.',
  })
  @Directive(REQUIRES_WEB_ACCOUNTS)
  async cart(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<Cart | null> {
    const [row] = await loaders.cart.load({ accounts: accountsOf(customer) });
    return row ? toCart(row) : null;
  }

  @FieldResolver(() => ReviewConnection, {
    nullable: true,
    description: "The customer's product reviews, newest first, a page at a time (default 20, at most 100).",
  })
  @Directive(REQUIRES_WEB_ACCOUNTS)
  async reviews(
    @Root() customer: Customer,
    @Arg('first', () => Int, { nullable: true, description: 'How many reviews (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page: older reviews.' }) after: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<ReviewConnection> {
    const limit = pageSize(first);
    const rows = await loaders.reviews.load({ accounts: accountsOf(customer), limit, after: decodeCursor(after) });
    return Object.assign(new ReviewConnection(), connectionOf(rows, limit, toReview, (row) => encodeCursor({ at: row.created_at, id: row.id })));
  }

  @FieldResolver(() => SearchConnection, {
    nullable: true,
    description: 'What the customer searched for on the web shop while signed in, latest first, a page at a time (default 20, at most 100).',
  })
  @Directive(REQUIRES_WEB_ACCOUNTS)
  async searches(
    @Root() customer: Customer,
    @Arg('first', () => Int, { nullable: true, description: 'How many searches (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page: earlier searches.' }) after: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<SearchConnection> {
    const limit = pageSize(first);
    const rows = await loaders.searches.load({ accounts: accountsOf(customer), limit, after: decodeBigCursor(after) });
    return Object.assign(new SearchConnection(), connectionOf(rows, limit, toSearch, (row) => encodeBigCursor({ at: row.searched_at, id: row.id })));
  }

  @FieldResolver(() => [PaymentMethod], { nullable: true,
    description: "The payment cards saved in the customer's web accounts, latest saved first (at most 100).",
  })
  @Directive(REQUIRES_WEB_ACCOUNTS)
  async paymentMethods(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<PaymentMethod[]> {
    return (await loaders.paymentMethods.load({ accounts: accountsOf(customer) })).map(toPaymentMethod);
  }

  @FieldResolver(() => [Address], { nullable: true,
    description:
      "The postal addresses saved in the customer's web accounts, as typed (duplicates possible), defaults first (at most 100).",
  })
  @Directive(REQUIRES_WEB_ACCOUNTS_AND_CONSENT)
  async addresses(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<Address[]> {
    return (await loaders.addresses.load({ accounts: accountsOf(customer) })).map(toAddress);
  }

  @FieldResolver(() => [WebAccount], { nullable: true,
    description: "Every web shop account linked to the customer, live ones first, then newest first; deleted ones flagged.",
  })
  @Directive(REQUIRES_WEB_ACCOUNTS)
  async webAccounts(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<WebAccount[]> {
    const rows = await loadFound(loaders.webAccount, accountsOf(customer));
    return rows
      .sort((a, b) => Number(a.deleted_at !== null) - Number(b.deleted_at !== null) || b.created_at.localeCompare(a.created_at) || b.id - a.id)
      .map(toWebAccount);
  }
}

/** The gateway sends what @requires asked for; nothing to read here. */
export function resolveCustomerReference(reference: Customer): Customer {
  return Object.assign(new Customer(), reference);
}
