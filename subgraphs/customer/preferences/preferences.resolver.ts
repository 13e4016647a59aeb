// Customer.preferences (issue 15 item 1) and their write-through (item 2). The read: one statement
// per batch of customers (preferences.repo.ts, through the per-request `preferenceStatements`
// loader), merged by the rule; opt-ins are the consent in force (the consent loader). The write:
// a customer changes their own through `updateMyPreferences` (class self: the token's customer id,
// never an argument), an agent or the privacy officer anyone's through `updatePreferences` (class
// contact, and the resolver admits those two roles only); the change is validated and normalised
// here, recorded with its statements in the hub and applied per legacy system by the outbox
// (preferences.ts). Status: `preferenceUpdateRequest` (staff), `myPreferenceUpdateRequest` (the customer's own).
import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Channel, TouchpointRole } from '../../../schema/common';
import { groupLoader } from '../../kit/loaders';
import type { Database } from '../../kit/database';
import { BadUserInputError, ForbiddenError } from '../../kit/errors';
import { isCustomerId, Principal } from '../../kit/access/principal';
import type { SubgraphContext } from '../../kit/subgraph';
import type { PreferenceChange } from '../../kit/preferences';
import type { ContactMedium as Medium, Purpose } from '../../kit/consent';
import { Customer } from '../customer.type';
import type { CustomerLoaders } from '../customer.loaders';
import { toConsents } from '../consent/consent.resolver';
import { ConsentInForce } from '../consent/consent.type';
import { getRequest, OutboxRequest } from '../outbox/outbox';
import { checkedKey, isRequestId, requesterOf, STAFF, WriteThroughRefused } from '../outbox/write-through';
import { toWriteThroughRequest } from '../outbox/write-through.type';
import { mergePreferences, MergedPreference, PreferenceStatementRow, preferenceStatementsOf } from './preferences.repo';
import { PREFERENCE_UPDATE_KIND, PreferenceUpdatePayload, submitPreferenceUpdate } from './preferences';
import {
  PreferenceBasis,
  PreferenceSource,
  PreferenceStatement,
  PreferenceUpdateRequest,
  PreferenceUpdateStep,
  PreferredChannel,
  Preferences,
  PreferencesInput,
  SourcedPreference,
} from './preferences.type';

/** Per-request loader of the hub's preference statements: one statement per batch of customers. */
export function createPreferenceLoaders(db: Database) {
  return {
    preferenceStatements: groupLoader((ids: readonly string[]) => preferenceStatementsOf(db, ids.filter(isCustomerId)), (row: PreferenceStatementRow) => row.customer_id),
  };
}
export type PreferenceLoaders = { preferenceStatements: DataLoader<string, PreferenceStatementRow[]> };

type Context = SubgraphContext<CustomerLoaders & PreferenceLoaders>;

function statementOf(row: PreferenceStatementRow): PreferenceStatement {
  return Object.assign(new PreferenceStatement(), {
    value: row.value,
    basis: row.basis === 'derived' ? PreferenceBasis.DERIVED : PreferenceBasis.DECLARED,
    statedAt: row.stated_at,
    source: Object.assign(new PreferenceSource(), { system: row.system, record: row.local_key, field: row.source, statedBy: row.stated_by }),
  });
}

function sourced(merged: MergedPreference | undefined): SourcedPreference | null {
  if (!merged) return null;
  return Object.assign(new SourcedPreference(), statementOf(merged.winner), { conflicts: merged.conflicts.map(statementOf) });
}

const TASKS = new Set<string>(Object.values(TouchpointRole));
const CHANNELS = (): Set<string> => new Set<string>(Object.values(Channel));

export function toPreferences(customerId: string, rows: readonly PreferenceStatementRow[]): Preferences {
  const merged = mergePreferences(rows);
  const one = (preference: string) => sourced(merged.find((m) => m.preference === preference && m.scope === ''));
  const channels = CHANNELS();
  return Object.assign(new Preferences(), {
    customerId,
    language: one('language'),
    favouriteStore: one('favouriteStore'),
    contactHours: one('contactHours'),
    contactChannels: merged
      .filter((m) => m.preference === 'contactChannel' && TASKS.has(m.scope) && channels.has(m.winner.value))
      .map((m) => Object.assign(new PreferredChannel(), { task: m.scope as TouchpointRole, channel: m.winner.value as Channel, preference: sourced(m)! })),
  });
}

const HOURS = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The change, validated and normalised; BadUserInputError names the argument at fault (never echoing it). */
export function preferenceChangeOf(input: PreferencesInput): PreferenceChange {
  const change: PreferenceChange = {};
  if (input.language !== null && input.language !== undefined) {
    const language = input.language.trim().toLowerCase();
    if (!/^[a-z]{2}$/.test(language)) throw new BadUserInputError('preferences.language must be an ISO 639-1 code (two letters)', 'preferences');
    change.language = language;
  }
  if (input.favouriteStore !== null && input.favouriteStore !== undefined) {
    const store = input.favouriteStore.trim().toUpperCase();
    if (!/^[A-Z0-9]{4}$/.test(store)) throw new BadUserInputError('preferences.favouriteStore must be a store code (four letters or digits)', 'preferences');
    change.favouriteStore = store;
  }
  if (input.contactHours) {
    const { from, to } = input.contactHours;
    if (!HOURS.test(from.trim()) || !HOURS.test(to.trim()) || from.trim() >= to.trim()) {
      throw new BadUserInputError('preferences.contactHours must be HH:MM to a later HH:MM', 'preferences');
    }
    change.contactHours = `${from.trim()}-${to.trim()}`;
  }
  if (input.contactChannels?.length) {
    const tasks = input.contactChannels.map((c) => c.task);
    if (new Set(tasks).size !== tasks.length) throw new BadUserInputError('preferences.contactChannels names a task twice', 'preferences');
    change.contactChannels = input.contactChannels.map((c) => ({ task: c.task, channel: c.channel })).sort((a, b) => a.task.localeCompare(b.task));
  }
  if (input.optIns?.length) {
    const pairs = input.optIns.map((o) => `${o.purpose}:${o.channel}`);
    if (new Set(pairs).size !== pairs.length) throw new BadUserInputError('preferences.optIns names a purpose and medium twice', 'preferences');
    change.optIns = input.optIns
      .map((o) => ({ purpose: o.purpose.toLowerCase() as Purpose, medium: o.channel.toLowerCase() as Medium, granted: o.granted }))
      .sort((a, b) => `${a.purpose}:${a.medium}`.localeCompare(`${b.purpose}:${b.medium}`));
  }
  if (Object.keys(change).length === 0) throw new BadUserInputError('give at least one preference to change', 'preferences');
  return change;
}

/** Where the customer said it, for a system that records where consent was collected. */
function collectedVia(principal: Principal): PreferenceUpdatePayload['collectedVia'] {
  if (principal.role === 'customer') return 'web';
  return principal.storeCode ? 'store' : 'call';
}

export const toPreferenceUpdateRequest = (request: OutboxRequest): PreferenceUpdateRequest => toWriteThroughRequest(PreferenceUpdateRequest, PreferenceUpdateStep, request);

async function submit(db: Database, principal: Principal, customerId: string, preferences: PreferencesInput, idempotencyKey: string | null): Promise<PreferenceUpdateRequest> {
  const change = preferenceChangeOf(preferences);
  try {
    const { request } = await submitPreferenceUpdate(db, {
      customerId,
      change,
      collectedVia: collectedVia(principal),
      requestedBy: requesterOf(principal),
      idempotencyKey: checkedKey(idempotencyKey),
    });
    return toPreferenceUpdateRequest(request);
  } catch (error) {
    if (error instanceof WriteThroughRefused) throw new BadUserInputError(`Cannot update: ${error.message}`, 'customerId');
    throw error;
  }
}

async function requestOf(db: Database, id: string): Promise<PreferenceUpdateRequest | null> {
  if (!isRequestId(id)) return null;
  const request = await getRequest(db, id);
  return request && request.kind === PREFERENCE_UPDATE_KIND ? toPreferenceUpdateRequest(request) : null;
}

const PREFERENCES = { description: 'The preferences to change; those left out stay as they are.' };
const KEY = {
  nullable: true,
  description: 'The client’s key for this change (1–100 of letters, digits, `._:-`): asking again with it returns the first request instead of a new one.',
};

@Resolver(() => Customer)
export class CustomerPreferencesResolver {
  @FieldResolver(() => Preferences, {
    nullable: true,
    description:
      'Their preferences across every system — language, favourite store, contact hours, channel per task, opt-ins — each with its source ' +
      '(system, record, field), date and basis (declared or derived). When systems disagree the most recent explicit statement wins and the others are listed as conflicts.',
  })
  async preferences(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<Preferences> {
    return toPreferences(customer.id, await loaders.preferenceStatements.load(customer.id));
  }
}

@Resolver(() => Preferences)
export class PreferencesOptInsResolver {
  @FieldResolver(() => [ConsentInForce], { nullable: true })
  async optIns(@Root() preferences: Preferences, @Ctx() { loaders }: Context): Promise<ConsentInForce[]> {
    return toConsents(await loaders.consentsInForce.load(preferences.customerId));
  }
}

@Resolver()
export class PreferencesResolver {
  @Mutation(() => PreferenceUpdateRequest, {
    nullable: true,
    description:
      'Change a customer’s preferences once, for every system that holds them (call-centre language, web shop preferred store and ' +
      'newsletter, store SMS opt-in, marketing consent history), each written in its own codes; the statements are recorded in the hub at once. ' +
      'Applied per system by the hub’s outbox: a system down delays its step, never loses it. A value a system changed itself after this request ' +
      'is not overwritten: its step reports a conflict. Agents and the privacy officer; customers use updateMyPreferences.',
  })
  async updatePreferences(
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('preferences', () => PreferencesInput, PREFERENCES) preferences: PreferencesInput,
    @Arg('idempotencyKey', () => String, KEY) idempotencyKey: string | null,
    @Ctx() { db, principal }: Context,
  ): Promise<PreferenceUpdateRequest> {
    if (!STAFF.has(principal.role)) throw new ForbiddenError('Only an agent or the privacy officer changes a customer’s preferences here', 'Mutation.updatePreferences');
    if (!isCustomerId(customerId)) throw new BadUserInputError('customerId must be a customer id (a UUID)', 'customerId');
    return submit(db, principal, customerId, preferences, idempotencyKey);
  }

  @Mutation(() => PreferenceUpdateRequest, { nullable: true, description: 'Change your own preferences once, for every system that holds them (see updatePreferences). Customers only.' })
  async updateMyPreferences(
    @Arg('preferences', () => PreferencesInput, PREFERENCES) preferences: PreferencesInput,
    @Arg('idempotencyKey', () => String, KEY) idempotencyKey: string | null,
    @Ctx() { db, principal }: Context,
  ): Promise<PreferenceUpdateRequest> {
    if (!principal.customerId) throw new ForbiddenError('Only a customer changes their own preferences here', 'Mutation.updateMyPreferences');
    return submit(db, principal, principal.customerId, preferences, idempotencyKey);
  }

  @Query(() => PreferenceUpdateRequest, { nullable: true, description: 'A preferences update by id, with each system’s step and receipt; null when there is none. Agents and the privacy officer.' })
  async preferenceUpdateRequest(@Arg('id', () => ID, { description: 'The request id.' }) id: string, @Ctx() { db, principal }: Context): Promise<PreferenceUpdateRequest | null> {
    if (!STAFF.has(principal.role)) throw new ForbiddenError('Only an agent or the privacy officer follows a customer’s preferences update here', 'Query.preferenceUpdateRequest');
    return requestOf(db, id);
  }

  @Query(() => PreferenceUpdateRequest, { nullable: true, description: 'One of your own preferences updates by id; null when there is none of yours. Customers only.' })
  async myPreferenceUpdateRequest(@Arg('id', () => ID, { description: 'The request id.' }) id: string, @Ctx() { db, principal }: Context): Promise<PreferenceUpdateRequest | null> {
    if (!principal.customerId) throw new ForbiddenError('Only a customer follows their own requests here', 'Query.myPreferenceUpdateRequest');
    const request = await requestOf(db, id);
    return request && request.customerId === principal.customerId ? request : null;
  }
}
