// Customer.anticipatedNeeds (issue 15 item 3): the hub @requires every channel's internal needs
// field the registry declares (`anticipatedNeeds: { field }` in a channel's definition; the hub
// names none), so the gateway fetches each channel's needs and purchases, computed from its legacy
// tables for this request, and hands them to the hub with the representation. The hub adds what
// it owns (consent about to lapse), merges purchases across channels into replenishment, decides
// each need for the principal (kit/needs.ts servableKinds: the role's grant for the kind's data
// class, profiling consent for replenishment), and orders them by due date.
//
// Built on first use, from the registry (like the history's record stubs): the @external fields
// are declared on the hub's Customer and the @requires selection is generated then.
import { Ctx, Directive, Field, FieldResolver, Resolver, Root } from 'type-graphql';
import { classify, SubgraphPolicy } from '../../kit/access/policy';
import { now } from '../../kit/clock';
import { logger } from '../../kit/logger';
import { GraphQLJSONObject } from 'graphql-scalars';
import { NEED_KINDS, NeedKind, servableKinds } from '../../kit/needs';
import { SubgraphContext } from '../../kit/subgraph';
import { registry } from '../../channels';
import { profilingAllowedOf } from '../consent/consent.resolver';
import { CustomerLoaders } from '../customer.loaders';
import { Customer } from '../customer.type';
import { systemEnum } from '../identifier';
import { recordStubs } from '../journal/record-stubs';
import { AnticipatedNeed, NeedEvidence } from './needs.type';
import { ArticlePurchasesInput, consentLapseNeeds, EvidenceRef, Need, replenishmentNeeds } from './rules';

type Context = SubgraphContext<CustomerLoaders>;

/** A plain list must stay small (schema/api-shape.test.ts): the soonest due needs, and each need's first records. */
export const MAX_NEEDS = 50;
export const MAX_EVIDENCE = 20;

/** The channels that contribute needs, and their fields, from the registry. */
export function needsSources(): { system: string; field: string }[] {
  return registry()
    .definitions.filter((definition) => definition.legacy && definition.anticipatedNeeds)
    .map((definition) => ({ system: definition.name, field: definition.anticipatedNeeds!.field }));
}

let built: Function | null = null;

/** The resolver of Customer.anticipatedNeeds, with the hub's Customer given the channels' needs fields (@external). */
export function anticipatedNeedsResolver(): Function {
  if (built) return built;
  const sources = needsSources();
  for (const { system, field } of sources) {
    Field(() => GraphQLJSONObject, { nullable: true, description: `Provided by the ${system} subgraph: its needs, for anticipatedNeeds.` })(Customer.prototype, field);
    Directive('@external')(Customer.prototype, field);
  }
  const selection = sources.map(({ field }) => field).join(' ');
  const requires: MethodDecorator = selection ? Directive(`@requires(fields: "${selection}")`) : () => undefined;

  @Resolver(() => Customer)
  class AnticipatedNeedsResolver {
    @FieldResolver(() => [AnticipatedNeed], {
      nullable: true,
      description:
        'What this customer is likely to need, soonest due first, each with its reason, due date, suggested action and the ' +
        'records it rests on (the 50 soonest due; at most 20 records each): loyalty points expiring, a saved card expiring, an abandoned cart, a ticket without follow-up, a ' +
        'callback not made, usual articles due for replenishment, a consent about to lapse. Computed at request time from every ' +
        'channel’s records (nothing is copied). A need is listed only when the caller may read its kind (a saved card is payment ' +
        'data); replenishment, built from purchases, only with the customer’s profiling consent (the customer themself excepted).',
    })
    @requires
    async anticipatedNeeds(@Root() customer: Customer, @Ctx() { loaders, principal, access }: Context): Promise<AnticipatedNeed[]> {
      const at = now();
      const consent = await loaders.consentsInForce.load(customer.id);
      const kinds = servableKinds(principal, customer, 'customer', { customerId: customer.id, grants: null, profilingAllowed: profilingAllowedOf(consent) });
      const given = sources.map(({ system, field }) => {
        const value = (customer as unknown as Record<string, unknown>)[field] as Partial<RepresentedChannelNeeds> | null | undefined;
        // The channel's fetch failed (the gateway reports it): its needs are missing from the answer, the rest stands.
        if (!value || typeof value !== 'object') logger.warn({ system }, 'anticipatedNeeds: a channel’s needs did not arrive');
        return { needs: Array.isArray(value?.needs) ? value!.needs : [], purchases: Array.isArray(value?.purchases) ? value!.purchases : [] };
      });
      const needs: Need[] = [
        ...given.flatMap((channel) => channel.needs.flatMap(parseNeed)),
        ...(kinds.has(NeedKind.REPLENISHMENT_DUE) ? replenishmentNeeds(given.map((channel) => channel.purchases.flatMap(parsePurchases)), at) : []),
        ...(kinds.has(NeedKind.CONSENT_LAPSING) ? consentLapseNeeds(consent, at) : []),
      ].filter((need) => kinds.has(need.kind));
      needs.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
      // The access log: which classes of this customer's data were served through the needs.
      for (const kind of new Set(needs.slice(0, MAX_NEEDS).map((need) => need.kind))) access.record(customer.id, NEED_KINDS[kind].dataClass);
      return needs.slice(0, MAX_NEEDS).map((need) => toAnticipatedNeed(need, at));
    }
  }
  built = AnticipatedNeedsResolver;
  return built;
}

/** What the gateway hands over for one channel (kit/needs.ts ChannelNeeds, as JSON: checked before use). */
interface RepresentedChannelNeeds {
  needs: { kind: string; key: string; dueAt: string; reason: string; action: string; evidence: RepresentedRef[] }[];
  purchases: { ean: string; label: string | null; purchases: { day: string; quantity: number; record: RepresentedRef }[] }[];
}
interface RepresentedRef {
  system: string;
  recordType: string;
  key: string;
  at: string | null;
}

const KINDS = new Set<string>(Object.values(NeedKind));

const isText = (value: unknown): value is string => typeof value === 'string';

function parseRef(ref: RepresentedRef): EvidenceRef[] {
  if (!ref || !isText(ref.system) || !isText(ref.recordType) || !isText(ref.key)) return [];
  const at = isText(ref.at) ? new Date(ref.at) : null;
  return [{ system: ref.system, recordType: ref.recordType, key: ref.key, at: at && !Number.isNaN(at.getTime()) ? at : null }];
}

/** A channel's need, or nothing when it is not one (an unknown kind, a bad date: logged, never served half-read). */
function parseNeed(need: RepresentedChannelNeeds['needs'][number]): Need[] {
  const dueAt = new Date(need?.dueAt);
  if (!need || !KINDS.has(need.kind) || !isText(need.key) || !isText(need.reason) || !isText(need.action) || Number.isNaN(dueAt.getTime())) {
    logger.warn({ kind: need?.kind }, 'anticipatedNeeds: a channel gave a need that is not one');
    return [];
  }
  const evidence = Array.isArray(need.evidence) ? need.evidence.flatMap(parseRef) : [];
  return [{ kind: need.kind as NeedKind, key: need.key, dueAt, reason: need.reason, action: need.action, evidence }];
}

function parsePurchases(article: RepresentedChannelNeeds['purchases'][number]): ArticlePurchasesInput[] {
  if (!article || !isText(article.ean) || !Array.isArray(article.purchases)) return [];
  const purchases = article.purchases.flatMap((p) =>
    p && isText(p.day) && /^\d{4}-\d{2}-\d{2}$/.test(p.day) ? parseRef(p.record).map((record) => ({ day: p.day, quantity: Number(p.quantity) || 0, record })) : [],
  );
  return [{ ean: article.ean, label: isText(article.label) ? article.label : null, purchases }];
}

function toAnticipatedNeed(need: Need, at: Date): AnticipatedNeed {
  return Object.assign(new AnticipatedNeed(), {
    id: `${need.kind}:${need.key}`,
    kind: need.kind,
    dueAt: need.dueAt,
    overdue: need.dueAt <= at,
    reason: need.reason,
    suggestedAction: need.action,
    evidence: need.evidence.slice(0, MAX_EVIDENCE).map((ref) =>
      Object.assign(new NeedEvidence(), {
        system: systemEnum(ref.system),
        recordType: ref.recordType,
        key: ref.key,
        at: ref.at,
        record: recordStubs().get(ref.recordType)?.of(ref.key) ?? null,
      }),
    ),
  });
}

/** The channels' needs fields a representation carries, kept by the hub's reference resolver. */
export function requiredNeedsOf(reference: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const { field } of needsSources()) if (field in reference) fields[field] = (reference as Record<string, unknown>)[field];
  return fields;
}

/** The hub's policy additions: the field, the channels' needs fields (internal), the types. */
export function needsPolicy(base: SubgraphPolicy): SubgraphPolicy {
  return {
    Customer: {
      ...base.Customer,
      // The field is activity; each need is then decided by its own kind's class (and consent).
      anticipatedNeeds: 'activity',
      ...classify('internal', ...needsSources().map(({ field }) => field)),
    },
    AnticipatedNeed: classify('activity', 'id', 'kind', 'dueAt', 'overdue', 'reason', 'suggestedAction', 'evidence'),
    NeedEvidence: classify('activity', 'system', 'recordType', 'key', 'at', 'record'),
  };
}
