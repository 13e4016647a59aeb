// Who may read what. Every field a subgraph serves is given a data class in that subgraph's policy
// table (`subgraphs/<name>/<name>.policy.ts`); this file says which role may read which class. The
// kit wraps every resolver with that decision when it builds the schema (kit/subgraph.ts), and a
// field without a class stops the subgraph from building: no field can be added without a decision.
// The committed access matrix (schema/access-matrix.md) is generated from the same tables.
//
// Why a table and a resolver wrapper, not `@Authorized` on each field or type-graphql's global
// middleware: the decision then lives in one reviewable place per subgraph, and a global middleware
// would run an async dispatcher on every scalar of every answer, the wrapper a Set lookup.
import { GraphQLFieldResolver, GraphQLResolveInfo, defaultFieldResolver } from 'graphql';
import { ForbiddenError } from '../errors';
import { checkConsent, ConsentCondition, ConsentFacts, consentFactsOf } from './consent-check';
import type { Caller, Principal, Role } from './principal';

/** What a field holds, as far as access is concerned. */
export const DATA_CLASSES = {
  structure: 'pages, edges, cursors, amounts: shapes around data whose access was decided by the field that led to them',
  public: 'the store directory: no person in it',
  self: '`me`, the customer space of the caller',
  reference: 'campaigns and their statistics: no person in them',
  pseudonymous: 'hub customer ids and the legacy keys of records reached through an allowed field',
  internal: 'fields hidden from clients (@inaccessible) that the gateway reads to join subgraphs (linked record keys)',
  directory: 'a customer by hub id',
  lookup: 'finding customers or records by identifier, name or key',
  contact: 'names, e-mails, phones, postal addresses, birth dates',
  activity: 'purchases, orders, carts, searches, reviews, loyalty, calls, tickets, the shared history',
  notes: 'free text written by staff about a customer (call notes, ticket steps)',
  payment: 'saved payment cards',
  marketing: 'messages and coupons sent to a customer',
  consent: 'marketing consents and their history',
  profiling: 'what is derived from behaviour: usual basket, favourite stores',
  segmentation: 'marketing segments and memberships',
  household: 'the household and its members',
  identity: 'links between legacy records and the customer, with their evidence; the golden record',
  crossReference: 'a record quoted by another record (an order in call notes): it may be somebody else’s',
  analytics: 'cross-customer lists and counts, pseudonymous',
  identityDecision: 'merging, splitting, linking and unlinking customers',
  accessLog: 'who read a customer’s personal data, when and why',
  privacyRequest: 'a customer’s export (requested, followed, downloaded): the customer for themself, the privacy officer for anyone; only the requester follows and downloads it (checked by the resolver)',
} as const;
export type DataClass = keyof typeof DATA_CLASSES;

/**
 * yes: allowed. own: a customer reading themself — allowed on their own Customer, refused on any
 * other Customer and on every root field (a customer reaches data only through `me`), allowed on
 * records reached from there. consent: allowed on a Customer field whose policy carries a consent
 * condition, when the customer's consent in force meets it (consent-check.ts), and on the records
 * that field returned; refused on root fields, on a Customer field without a condition, and on any
 * record not reached through such a field (never assumed).
 */
export type Grant = 'yes' | 'own' | 'consent';

const ALL_STAFF_READ: Partial<Record<DataClass, Grant>> = { structure: 'yes', public: 'yes', reference: 'yes', pseudonymous: 'yes', internal: 'yes' };

/**
 * Whether `role` can be refused a field of class `dataClass` on type `typeName` (whatever the
 * data): the access matrix marks it, and such a field must be nullable, or one refusal would null
 * its parent. A service can be refused anything but the open classes (it depends on its scopes).
 */
export function refusable(role: Role, dataClass: DataClass, typeName: string): boolean {
  if (OPEN_CLASSES.has(dataClass)) return false;
  // A privacy request is its requester's: the resolver refuses anyone else, and a customer naming another.
  if (dataClass === 'privacyRequest') return true;
  if (role === 'service') return true;
  const grant = ROLE_GRANTS[role][dataClass];
  if (grant === 'yes') return false;
  if (grant === 'own') return ROOT_TYPES.has(typeName) || typeName === 'Customer';
  return true;
}

/** The role × class table. A class absent from a role's row is refused. */
export const ROLE_GRANTS: Record<Exclude<Role, 'service'>, Partial<Record<DataClass, Grant>>> = {
  anonymous: { structure: 'yes', public: 'yes' },
  customer: {
    structure: 'yes',
    public: 'yes',
    self: 'yes',
    reference: 'own',
    pseudonymous: 'own',
    internal: 'own',
    contact: 'own',
    activity: 'own',
    payment: 'own',
    marketing: 'own',
    consent: 'own',
    profiling: 'own',
    segmentation: 'own',
    household: 'own',
    identity: 'own',
    accessLog: 'own',
    privacyRequest: 'yes',
  },
  agent: {
    ...ALL_STAFF_READ,
    directory: 'yes',
    lookup: 'yes',
    contact: 'yes',
    activity: 'yes',
    notes: 'yes',
    marketing: 'yes',
    consent: 'yes',
    profiling: 'yes',
    household: 'yes',
    identity: 'yes',
    crossReference: 'yes',
    identityDecision: 'yes',
  },
  marketing: {
    ...ALL_STAFF_READ,
    directory: 'yes',
    contact: 'consent',
    marketing: 'yes',
    consent: 'yes',
    segmentation: 'yes',
  },
  analyst: { ...ALL_STAFF_READ, analytics: 'yes' },
  privacy_officer: Object.fromEntries(Object.keys(DATA_CLASSES).filter((c) => c !== 'self').map((c) => [c, 'yes'])) as Partial<Record<DataClass, Grant>>,
};

/**
 * A `service` principal (integration jobs) reads a subgraph's fields with the scope
 * `read:<subgraph>`, and takes identity decisions with `write:identity`; never the access log.
 */
export function serviceScopeFor(dataClass: DataClass, subgraph: string): string | null {
  if (dataClass === 'accessLog' || dataClass === 'self' || dataClass === 'privacyRequest') return null;
  if (dataClass === 'identityDecision') return 'write:identity';
  return `read:${subgraph}`;
}

/** Classes whose read is a read of a customer's personal data: recorded in the access log. */
export const PERSONAL_CLASSES: ReadonlySet<DataClass> = new Set<DataClass>([
  'contact',
  'activity',
  'notes',
  'payment',
  'marketing',
  'consent',
  'profiling',
  'segmentation',
  'household',
  'identity',
]);

/** A subgraph's decisions: type name → field name → data class. */
export type SubgraphPolicy = Record<string, Record<string, DataClass>>;

/**
 * Consent conditions some fields carry beside their class (issue 11 item 2): type name → field name →
 * condition. The class decides first; the condition then narrows it (consent-check.ts says how).
 */
export type ConsentConditions = Record<string, Record<string, ConsentCondition>>;

/**
 * Where a subgraph finds a customer's consent facts for a field with a condition. By default the
 * parent Customer itself, completed by the gateway with `consentFlags` and `profilingAllowed`
 * (`@requires(fields: CONSENT_FIELDS)`); the hub, which owns them, reads its own.
 */
export type ConsentFactsReader = (customer: unknown, context: unknown) => Promise<ConsentFacts | null> | ConsentFacts | null;

interface ConsentDeclaration {
  conditions: ConsentConditions;
  facts: ConsentFactsReader;
}

const CONSENT_DECLARATIONS = new WeakMap<SubgraphPolicy, ConsentDeclaration>();

/**
 * Declares the consent conditions of a subgraph's policy, in its policy file, beside the classes:
 * `export const storePolicy = withConsentConditions({ …classes }, { Customer: { usualBasket: PROFILING } })`.
 * Conditions sit on Customer fields (where the customer, hence their consent, is known); the records
 * such a field returns inherit its decision.
 */
export function withConsentConditions(
  policy: SubgraphPolicy,
  conditions: ConsentConditions,
  facts: ConsentFactsReader = consentFactsOf,
): SubgraphPolicy {
  CONSENT_DECLARATIONS.set(policy, { conditions, facts });
  return policy;
}

/** The consent conditions declared for a policy (none: an empty table). */
export function consentConditionsOf(policy: SubgraphPolicy): ConsentConditions {
  return CONSENT_DECLARATIONS.get(policy)?.conditions ?? {};
}

/**
 * Records returned by a field allowed under a consent condition, for the 'consent' grant: their own
 * fields inherit that decision (an address returned because post contact is granted). Objects are
 * built per request, so a process-wide WeakSet marks nothing beyond the request's own answer.
 */
const CONSENTED = new WeakSet<object>();

function markConsented(value: unknown): void {
  if (Array.isArray(value)) value.forEach(markConsented);
  else if (value && typeof value === 'object') CONSENTED.add(value);
}

/** Several fields of one class: `{ ...classify('activity', 'id', 'at') }`. */
export function classify(dataClass: DataClass, ...fields: string[]): Record<string, DataClass> {
  return Object.fromEntries(fields.map((field) => [field, dataClass]));
}

const ROOT_TYPES = new Set(['Query', 'Mutation']);
/**
 * Open to every caller, service or anonymous: shapes around decided data, the store directory, and
 * the fields hidden from clients (`@inaccessible`) that only the gateway asks for, to join the
 * subgraphs for a field that is itself decided where it is served. Refusing those would refuse the
 * join, not the data (and null a household member's whole entry).
 */
export const OPEN_CLASSES: ReadonlySet<DataClass> = new Set<DataClass>(['structure', 'public', 'internal']);

export type Verdict = { allowed: true } | { allowed: false; why: string };
const ALLOWED: Verdict = { allowed: true };

/** The decision for one field read. `root` is the parent object (a Customer's `id` for `own`). */
export function decide(principal: Principal, dataClass: DataClass, parentType: string, root: unknown, subgraph: string, conditioned = false): Verdict {
  if (OPEN_CLASSES.has(dataClass)) return ALLOWED;
  if (principal.role === 'service') {
    const scope = serviceScopeFor(dataClass, subgraph);
    if (scope && principal.scopes.includes(scope)) return ALLOWED;
    return { allowed: false, why: scope ? `needs the scope ${scope}` : 'no service may read it' };
  }
  const grant = ROLE_GRANTS[principal.role][dataClass];
  if (grant === 'yes') return ALLOWED;
  if (grant === 'own') {
    if (ROOT_TYPES.has(parentType)) return { allowed: false, why: 'a customer reaches their data through `me` only' };
    if (parentType === 'Customer' && (root as { id?: unknown } | null)?.id !== principal.customerId) {
      return { allowed: false, why: 'it is another customer’s' };
    }
    return ALLOWED;
  }
  if (grant === 'consent') {
    if (ROOT_TYPES.has(parentType)) return { allowed: false, why: 'it is reached through a customer, whose consent decides' };
    if (parentType === 'Customer') {
      if (conditioned) return ALLOWED; // the field's condition is checked next (enforcePolicy)
      return { allowed: false, why: 'no consent covers it (it serves no contact medium)' };
    }
    if (root && typeof root === 'object' && CONSENTED.has(root)) return ALLOWED;
    return { allowed: false, why: 'it was not reached through a field the customer’s consent allows' };
  }
  return { allowed: false, why: `the ${principal.role} role may not read ${dataClass} data` };
}

/** What one request read of whom: filled by the policy wrapper, written to the access log at its end. */
export class AccessRecorder {
  readonly reads = new Map<string, Set<DataClass>>();

  record(customerId: string, dataClass: DataClass): void {
    let classes = this.reads.get(customerId);
    if (!classes) this.reads.set(customerId, (classes = new Set()));
    classes.add(dataClass);
  }
}

/** What the wrapper needs of a subgraph's request context. */
export interface AccessContext {
  principal: Principal;
  access: AccessRecorder;
  /** The signed caller: its declared purpose (`x-purpose`) chooses the contact purpose checked. */
  caller?: Caller;
}

type ResolverMap = Record<string, Record<string, unknown>>;

/**
 * Wraps every field resolver of `resolvers` (type-graphql's resolvers map, before federation adds
 * `_entities`) with its decision from `policy`. Throws when a field has no decision, or when the
 * policy names a field the schema does not have (a stale decision is a wrong one).
 */
export function enforcePolicy(
  subgraph: string,
  fieldsByType: Map<string, string[]>,
  resolvers: ResolverMap,
  policy: SubgraphPolicy,
  apply = true,
): void {
  const missing: string[] = [];
  for (const [typeName, fields] of fieldsByType) {
    for (const field of fields) if (!policy[typeName]?.[field]) missing.push(`${typeName}.${field}`);
  }
  const stale = Object.entries(policy).flatMap(([typeName, fields]) =>
    Object.keys(fields)
      .filter((field) => !fieldsByType.get(typeName)?.includes(field))
      .map((field) => `${typeName}.${field}`),
  );
  const declaration = CONSENT_DECLARATIONS.get(policy);
  for (const [typeName, fields] of Object.entries(declaration?.conditions ?? {})) {
    for (const field of Object.keys(fields)) {
      if (!policy[typeName]?.[field]) stale.push(`${typeName}.${field} (a consent condition on a field without a class)`);
      else if (typeName !== 'Customer') stale.push(`${typeName}.${field} (a consent condition off Customer: the customer is not known there)`);
    }
  }
  if (missing.length || stale.length) {
    throw new Error(
      `The ${subgraph} subgraph's access policy (subgraphs/${subgraph}/${subgraph}.policy.ts) ` +
        [missing.length ? `has no decision for ${missing.join(', ')}` : '', stale.length ? `names fields that do not exist: ${stale.join(', ')}` : '']
          .filter(Boolean)
          .join('; '),
    );
  }
  if (!apply) return;
  for (const [typeName, fields] of fieldsByType) {
    for (const field of fields) {
      const dataClass = policy[typeName][field];
      // Shapes and the store directory are open to every caller: nothing to check or record.
      if (OPEN_CLASSES.has(dataClass)) continue;
      const typeResolvers = (resolvers[typeName] ??= {});
      const original = (typeResolvers[field] as GraphQLFieldResolver<unknown, AccessContext> | undefined) ?? defaultFieldResolver;
      const name = `${typeName}.${field}`;
      const logged = typeName === 'Customer' && PERSONAL_CLASSES.has(dataClass);
      const condition = declaration?.conditions[typeName]?.[field];
      if (condition) {
        typeResolvers[field] = async (root: unknown, args: unknown, context: AccessContext, info: GraphQLResolveInfo) => {
          const verdict = decide(context.principal, dataClass, typeName, root, subgraph, true);
          if (!verdict.allowed) throw new ForbiddenError(`Not allowed to read ${name}: ${verdict.why}`, name);
          const role = context.principal.role;
          const contactGrant = role === 'service' ? undefined : ROLE_GRANTS[role].contact;
          const facts = await declaration!.facts(root, context);
          const consent = checkConsent(context.principal, condition, facts, context.caller?.purpose ?? null, contactGrant);
          if (!consent.allowed) throw new ForbiddenError(`Not allowed to read ${name}: ${consent.why}`, name);
          if (logged) context.access.record((root as { id: string }).id, dataClass);
          const value = await original(root, args as never, context, info);
          if (ROLE_GRANTS[role as Exclude<Role, 'service'>]?.[dataClass] === 'consent') markConsented(value);
          return value;
        };
        continue;
      }
      typeResolvers[field] = (root: unknown, args: unknown, context: AccessContext, info: GraphQLResolveInfo) => {
        const verdict = decide(context.principal, dataClass, typeName, root, subgraph);
        if (!verdict.allowed) throw new ForbiddenError(`Not allowed to read ${name}: ${verdict.why}`, name);
        if (logged) context.access.record((root as { id: string }).id, dataClass);
        const value = original(root, args as never, context, info);
        // A record reached through a consent-checked record inherits its decision (an address's fields).
        if (root && typeof root === 'object' && CONSENTED.has(root) && value && typeof value === 'object') {
          return value instanceof Promise ? value.then((v) => (markConsented(v), v)) : (markConsented(value), value);
        }
        return value;
      };
    }
  }
}
