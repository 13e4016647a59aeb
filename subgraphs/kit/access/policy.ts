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
import type { Principal, Role } from './principal';

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
} as const;
export type DataClass = keyof typeof DATA_CLASSES;

/**
 * yes: allowed. own: a customer reading themself — allowed on their own Customer, refused on any
 * other Customer and on every root field (a customer reaches data only through `me`), allowed on
 * records reached from there. consent: allowed once the customer's consent for it is checked
 * (the consent issue); until then refused, never assumed.
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
  if (dataClass === 'accessLog' || dataClass === 'self') return null;
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
export function decide(principal: Principal, dataClass: DataClass, parentType: string, root: unknown, subgraph: string): Verdict {
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
  if (grant === 'consent') return { allowed: false, why: 'it needs the customer’s consent, which is not checked yet' };
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
      typeResolvers[field] = (root: unknown, args: unknown, context: AccessContext, info: GraphQLResolveInfo) => {
        const verdict = decide(context.principal, dataClass, typeName, root, subgraph);
        if (!verdict.allowed) throw new ForbiddenError(`Not allowed to read ${name}: ${verdict.why}`, name);
        if (logged) context.access.record((root as { id: string }).id, dataClass);
        return original(root, args as never, context, info);
      };
    }
  }
}
