// Reading the access log: the privacy officer for any customer (`accessLog`), a customer for
// themself (`me { accessLog }`). Who may call which is the policy's (customer.policy.ts).
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { CURSOR_PART, decodeCursor, encodeCursor, pageInfoOf } from '../kit/cursor';
import { BadUserInputError } from '../kit/errors';
import { ownerPageLoader } from '../kit/loaders';
import { pageSize } from '../kit/pagination';
import { Database } from '../kit/database';
import { SubgraphContext } from '../kit/subgraph';
import { isCustomerId } from '../kit/access/principal';
import { AccessLogArgs, accessLogOf, AccessLogRow } from './access-log.repo';
import { AccessLogConnection, AccessLogEdge, AccessLogEntry } from './access-log.type';
import { Customer } from './customer.type';

export function createAccessLogLoaders(db: Database) {
  return { accessLog: ownerPageLoader((owners, args: AccessLogArgs) => accessLogOf(db, owners, args), (row) => row.customer_id) };
}
export type AccessLogLoaders = ReturnType<typeof createAccessLogLoaders>;
type Context = SubgraphContext<AccessLogLoaders>;

const CURSOR = [CURSOR_PART.instant, CURSOR_PART.id] as const;

async function page(
  loaders: AccessLogLoaders,
  customerId: string,
  window: { since: Date | null; until: Date | null },
  first: number | null,
  after: string | null,
): Promise<AccessLogConnection> {
  const size = pageSize(first);
  const cursor = decodeCursor(after, CURSOR);
  const rows: AccessLogRow[] =
    size === 0
      ? []
      : await loaders.accessLog.load({
          owner: customerId,
          args: {
            since: window.since?.toISOString() ?? null,
            until: window.until?.toISOString() ?? null,
            afterInstant: cursor?.[0] ?? null,
            afterId: cursor?.[1] ?? null,
            limit: size + 1,
          },
        });
  const edges = rows.slice(0, size).map((row) =>
    Object.assign(new AccessLogEdge(), {
      cursor: encodeCursor([row.read_key, row.id]),
      node: Object.assign(new AccessLogEntry(), {
        id: row.id,
        customerId: row.customer_id,
        readAt: row.read_at,
        subject: row.subject,
        role: row.role,
        purpose: row.purpose,
        dataClasses: row.data_classes,
        subgraphs: row.subgraphs,
      }),
    }),
  );
  return Object.assign(new AccessLogConnection(), {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: pageInfoOf(rows.length > size, edges.at(-1)?.cursor ?? null),
  });
}

const FIRST = { nullable: true, description: 'Page size: at most 100, 20 when not given.' };
const AFTER = { nullable: true, description: 'The `endCursor` of the previous page.' };

@Resolver()
export class AccessLogResolver {
  @Query(() => AccessLogConnection, {
    nullable: true,
    description:
      'Who read a customer’s personal data, when, why and which classes of data, newest first (privacy officer only). ' +
      '`since` included, `until` excluded.',
  })
  async accessLog(
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('since', () => Date, { nullable: true, description: 'Only reads from this instant (included).' }) since: Date | null,
    @Arg('until', () => Date, { nullable: true, description: 'Only reads before this instant (excluded).' }) until: Date | null,
    @Arg('first', () => Int, FIRST) first: number | null,
    @Arg('after', () => String, AFTER) after: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<AccessLogConnection> {
    if (!isCustomerId(customerId)) throw new BadUserInputError('"customerId" is not a customer id (a UUID)', 'customerId');
    return page(loaders, customerId, { since, until }, first, after);
  }
}

@Resolver(() => Customer)
export class CustomerAccessLogResolver {
  @FieldResolver(() => AccessLogConnection, {
    nullable: true,
    description: 'Who read this customer’s personal data, when, why and which classes, newest first: the customer sees it through `me`.',
  })
  async accessLog(
    @Root() customer: Customer,
    @Arg('first', () => Int, FIRST) first: number | null,
    @Arg('after', () => String, AFTER) after: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<AccessLogConnection> {
    return page(loaders, customer.id, { since: null, until: null }, first, after);
  }
}
