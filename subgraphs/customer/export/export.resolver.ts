// A customer's export (issue 11 item 4): requested by the customer for themself or by a privacy
// officer for anyone, made through the hub's outbox (a step per system: export.handlers.ts),
// followed with `exportRequest`, downloaded whole with `exportDocument`. The request and the
// document belong to the principal who made the request (`<role>:<subject>`, as the outbox stores
// requested_by): anyone else — another customer, an agent, another privacy officer — is refused.
// The policy (customer.policy.ts, class privacyRequest) lets only customers and privacy officers here.
import { randomUUID } from 'node:crypto';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { HUB_ROLE } from '../../kit/databases';
import type { DataClass } from '../../kit/access/policy';
import { isCustomerId, Principal } from '../../kit/access/principal';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../kit/errors';
import type { Json } from '../../kit/privacy';
import type { SubgraphContext } from '../../kit/subgraph';
import { getRequest, IdempotencyConflictError, OutboxRequest, submitRequest } from '../outbox/outbox';
import { customerOfRequest, EXPORT_KIND, ExportPayload } from './export.handlers';
import { customerState, EXPORT_RETENTION_DAYS, linkedSystemsOf, purgeExpiredExports, sectionsOf } from './export.repo';
import { ExportRequest, ExportSection } from './export.type';
import { outboxStepFields, RequestStatus } from '../outbox/outbox.type';

type Context = SubgraphContext<unknown>;

const CLIENT_KEY = /^[A-Za-z0-9_-]{1,64}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the document discloses, as the access log records a read of it. */
const DOCUMENT_CLASSES: DataClass[] = ['contact', 'activity', 'notes', 'payment', 'marketing', 'consent', 'segmentation', 'identity', 'accessLog'];

/** Who asks, as the outbox stores it (requested_by). */
function requesterOf(principal: Principal): string {
  return `${principal.role}:${principal.subject}`;
}

function toExportRequest(request: OutboxRequest): ExportRequest {
  return Object.assign(new ExportRequest(), {
    id: request.id,
    customerId: customerOfRequest(request),
    status: request.status as RequestStatus,
    requestedAt: request.requestedAt,
    expiresAt: new Date(request.requestedAt.getTime() + EXPORT_RETENTION_DAYS * DAY_MS),
    sections: request.steps.map((step) =>
      Object.assign(new ExportSection(), outboxStepFields(step)),
    ),
  });
}

/**
 * The export request `id`, when the caller made it. One refusal for every other case (unknown id,
 * another kind, another requester), so that the answer says nothing of other people's requests.
 */
async function ownRequest(db: Context['db'], id: string, principal: Principal, field: string): Promise<OutboxRequest> {
  const request = isCustomerId(id) ? await getRequest(db, id) : null;
  if (!request || request.kind !== EXPORT_KIND || request.requestedBy !== requesterOf(principal)) {
    throw new ForbiddenError(`Not allowed to read ${field}: only who requested an export may follow or download it`, field);
  }
  return request;
}

@Resolver()
export class ExportResolver {
  @Mutation(() => ExportRequest, {
    nullable: true,
    description:
      'Requests everything every system holds about a customer: each legacy system holding their records (read by its ' +
      'channel) and the hub (links, identity decisions, journal, access log), one section each, made in the background ' +
      'by the outbox. A customer may request only their own (their token’s customer id); a privacy officer anyone’s; ' +
      'FORBIDDEN otherwise. Follow it with `exportRequest`, download it with `exportDocument` (only the requester, for 7 days). ' +
      'Unknown customer: NOT_FOUND; a customer merged into another: BAD_USER_INPUT naming it.',
  })
  async requestExport(
    @Arg('customerId', () => ID, { description: 'The customer to export (a UUID).' }) customerId: string,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description:
        'The client’s key for this request (1 to 64 letters, digits, - or _): sending it again returns the same request ' +
        'instead of a second export. A new request each time when not given.',
    })
    idempotencyKey: string | null,
    @Ctx() { db, principal }: Context,
  ): Promise<ExportRequest> {
    if (!isCustomerId(customerId)) throw new BadUserInputError('"customerId" is not a customer id (a UUID)', 'customerId');
    if (principal.role === 'customer' ? principal.customerId !== customerId : principal.role !== 'privacy_officer') {
      throw new ForbiddenError('Not allowed to run Mutation.requestExport: a customer may export only themself', 'Mutation.requestExport');
    }
    if (idempotencyKey !== null && !CLIENT_KEY.test(idempotencyKey)) {
      throw new BadUserInputError('"idempotencyKey" must be 1 to 64 letters, digits, - or _', 'idempotencyKey');
    }
    const customer = await customerState(db, customerId);
    if (!customer) throw new NotFoundError(`No customer with id '${customerId}'`);
    if (customer.merged_into) throw new BadUserInputError(`Customer '${customerId}' was merged into '${customer.merged_into}': export that customer`, 'customerId');
    const requestedBy = requesterOf(principal);
    const payload: ExportPayload = { customerId };
    try {
      const { request } = await submitRequest(db, {
        kind: EXPORT_KIND,
        // The requester's own key space: another principal's key can never return this request.
        idempotencyKey: `${requestedBy}:${idempotencyKey ?? randomUUID()}`,
        requestedBy,
        payload: payload as unknown as Json,
        systems: [...(await linkedSystemsOf(db, customerId)), HUB_ROLE],
      });
      return toExportRequest(request);
    } catch (error) {
      if (error instanceof IdempotencyConflictError) {
        throw new BadUserInputError('This idempotencyKey was already used for another export (another customer or systems): use a new key', 'idempotencyKey');
      }
      throw error;
    }
  }

  @Query(() => ExportRequest, {
    nullable: true,
    description: 'An export request and where each system’s section stands. Only for the principal who requested it (FORBIDDEN otherwise).',
  })
  async exportRequest(@Arg('id', () => ID, { description: 'The request id `requestExport` returned.' }) id: string, @Ctx() { db, principal }: Context): Promise<ExportRequest> {
    return toExportRequest(await ownRequest(db, id, principal, 'Query.exportRequest'));
  }

  @Query(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'The whole export as one JSON document: `sections` keyed by system (each legacy system’s tables as it stores them, ' +
      'and `customer`, the hub’s), with what was withheld and why. Only for the principal who requested it, only once every ' +
      'section is DONE and until it expires (7 days): FORBIDDEN otherwise. Recorded in the access log as a read of the ' +
      'customer’s personal data.',
  })
  async exportDocument(
    @Arg('requestId', () => ID, { description: 'The request id `requestExport` returned.' }) requestId: string,
    @Ctx() { db, principal, access }: Context,
  ): Promise<{ [key: string]: Json }> {
    const field = 'Query.exportDocument';
    const request = await ownRequest(db, requestId, principal, field);
    if (request.status !== 'done') throw new ForbiddenError(`Not allowed to read ${field}: the export is ${request.status}, not done`, field);
    await purgeExpiredExports(db);
    const sections = await sectionsOf(db, request.id);
    const expected = request.steps.map((step) => step.system);
    if (sections.length !== expected.length) throw new ForbiddenError(`Not allowed to read ${field}: the export has expired`, field);
    const customerId = customerOfRequest(request);
    for (const dataClass of DOCUMENT_CLASSES) access.record(customerId, dataClass);
    const expiresAt = new Date(request.requestedAt.getTime() + EXPORT_RETENTION_DAYS * DAY_MS);
    return {
      requestId: request.id,
      customerId,
      requestedAt: request.requestedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      sections: Object.fromEntries(sections.map((row) => [row.system, row.section])),
    };
  }
}
