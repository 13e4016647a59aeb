// The privacy officer's API for erasure and restriction (issue 11 items 5 and 6). Every field is
// classed `accessLog` in customer.policy.ts: the privacy officer's evidence class, refused to
// every other role on the root (a customer's `own` grant never reaches a root field, a service has
// no scope for it). Writes are requests in the hub's outbox, applied per system by its worker
// (watchers.ts); these resolvers record them and read their status, never wait for them.
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { encodeCursor, decodeCursor, pageInfoOf, CURSOR_PART } from '../../kit/cursor';
import { BadUserInputError } from '../../kit/errors';
import { pageSize } from '../../kit/pagination';
import { isCustomerId, Principal } from '../../kit/access/principal';
import type { SubgraphContext } from '../../kit/subgraph';
import type { OutboxRequest } from '../outbox/outbox';
import { DEADLINE_DAYS, ErasureRefused, submitErasure } from './erasure';
import { privacyRequestById, privacyRequestsPage, submitRestriction } from './privacy.repo';
import { PrivacyRequest, PrivacyRequestConnection, PrivacyRequestEdge, PrivacyRequestKind, PrivacyRequestStep, RequestStatus } from './privacy.type';
import { outboxStepFields } from '../outbox/outbox.type';

type Context = SubgraphContext<unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURSOR = [CURSOR_PART.instant, UUID] as const;
const MAX_REASON = 200;

function requesterOf(principal: Principal): string {
  return `${principal.role}:${principal.subject}`;
}

function checkedReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '' || trimmed.length > MAX_REASON) throw new BadUserInputError(`reason must be 1 to ${MAX_REASON} characters`, 'reason');
  return trimmed;
}

function checkedCustomerId(id: string): string {
  if (!isCustomerId(id)) throw new BadUserInputError('customerId must be a customer id (a UUID)', 'customerId');
  return id;
}

export function toPrivacyRequest(request: OutboxRequest): PrivacyRequest {
  const content = (request.payload ?? request.summary ?? {}) as { customerId?: string; restricted?: boolean; reason?: string };
  const done = request.steps.every((step) => step.status === 'done');
  const doneAts = request.steps.map((step) => step.doneAt?.getTime() ?? 0);
  return Object.assign(new PrivacyRequest(), {
    id: request.id,
    kind: request.kind as PrivacyRequestKind,
    customerId: content.customerId ?? null,
    restricted: typeof content.restricted === 'boolean' ? content.restricted : null,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    deadline: new Date(request.requestedAt.getTime() + DEADLINE_DAYS * 86_400_000),
    status: request.status as RequestStatus,
    completedAt: done && request.steps.length > 0 ? new Date(Math.max(...doneAts)) : null,
    reason: content.reason ?? null,
    steps: request.steps.map((step) =>
      Object.assign(new PrivacyRequestStep(), outboxStepFields(step), {
        lastAttemptAt: step.lastAttemptAt,
        failedAt: step.failedAt,
        receipt: step.receipt,
      }),
    ),
  });
}

@Resolver()
export class PrivacyResolver {
  @Mutation(() => PrivacyRequest, {
    nullable: true,
    description:
      'Erase a customer in every system that holds them, the way each system’s application would (personal fields ' +
      'anonymised; receipts, orders and their totals and dates kept, detached from the person), then in the hub. ' +
      'Recorded at once and applied per system by the hub’s outbox: a system down delays its step, never loses it. ' +
      'The customer is restricted from this moment. One erasure per customer: asking again returns the first request. ' +
      'Privacy officer only.',
  })
  async requestErasure(
    @Arg('customerId', () => ID, { description: 'The customer to erase.' }) customerId: string,
    @Arg('reason', () => String, { description: 'Why (e.g. `art17_request_2024_031`): short, no personal data.' }) reason: string,
    @Ctx() { db, principal }: Context,
  ): Promise<PrivacyRequest> {
    try {
      const { request } = await submitErasure(db, { customerId: checkedCustomerId(customerId), requestedBy: requesterOf(principal), reason: checkedReason(reason) });
      return toPrivacyRequest(request);
    } catch (error) {
      if (error instanceof ErasureRefused) throw new BadUserInputError(`Cannot erase: ${error.message}`, 'customerId');
      throw error;
    }
  }

  @Mutation(() => PrivacyRequest, {
    nullable: true,
    description:
      'Restrict processing of a customer (restricted: true): from now on only the privacy officer reads them — for every ' +
      'other role the customer resolves to null and no channel finds their records, so no marketing or profiling reaches ' +
      'them. `restricted: false` lifts it. Applied at once, and recorded as a privacy request. Privacy officer only.',
  })
  async restrictProcessing(
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('restricted', () => Boolean, { description: 'True to restrict, false to lift the restriction.' }) restricted: boolean,
    @Arg('reason', () => String, { description: 'Why: short, no personal data.' }) reason: string,
    @Ctx() { db, principal }: Context,
  ): Promise<PrivacyRequest> {
    const id = checkedCustomerId(customerId);
    const why = checkedReason(reason);
    const [customer] = await db.query('SELECT 1 FROM customer WHERE id = $1', [id]);
    if (!customer) throw new BadUserInputError('Cannot restrict: no customer has this id', 'customerId');
    const { request } = await submitRestriction(db, { customerId: id, restricted, requestedBy: requesterOf(principal), reason: why });
    return toPrivacyRequest(request);
  }

  @Query(() => PrivacyRequestConnection, {
    nullable: true,
    description: 'Privacy requests (erasures, restrictions), newest first, with each system’s step. `first` at most 100 (20 when not given). Privacy officer only.',
  })
  async privacyRequests(
    @Arg('first', () => Int, { nullable: true, description: 'Page size: at most 100, 20 when not given.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | null,
    @Ctx() { db }: Context,
  ): Promise<PrivacyRequestConnection> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, CURSOR);
    const rows = size === 0 ? [] : await privacyRequestsPage(db, cursor ? { at: cursor[0], id: cursor[1] } : null, size + 1);
    const edges = rows.slice(0, size).map((row) =>
      Object.assign(new PrivacyRequestEdge(), { node: toPrivacyRequest(row.request), cursor: encodeCursor([row.at, row.request.id]) }),
    );
    return Object.assign(new PrivacyRequestConnection(), {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: pageInfoOf(rows.length > size, edges.length ? edges[edges.length - 1].cursor : null),
    });
  }

  @Query(() => PrivacyRequest, { nullable: true, description: 'A privacy request by id, with each system’s step; null when there is none. Privacy officer only.' })
  async privacyRequest(@Arg('id', () => ID, { description: 'The request id.' }) id: string, @Ctx() { db }: Context): Promise<PrivacyRequest | null> {
    if (!UUID.test(id)) return null;
    const request = await privacyRequestById(db, id);
    return request ? toPrivacyRequest(request) : null;
  }
}
