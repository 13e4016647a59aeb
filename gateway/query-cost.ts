// The query cost limit: before anything is planned or sent to a subgraph, the gateway estimates how
// many values the answer could hold and refuses the query above the limit (MAX_QUERY_COST).
//
// Why not graphql-armor's cost rule: it multiplied by `first` only when `first` was written as a
// literal (`first: $n` counted as 1, so variables bypassed the limit), and its weights (2 an
// object, x1.5 a level, compounding) priced a legitimate 100 customers x 20 history entries above
// a whole customer-360 screen. Here the unit is a value of the answer, and `first` counts as the
// request will run: graphql-query-complexity hands estimators the arguments coerced with the
// request's variables, and the subgraphs' own default page size applies when `first` is absent.
import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { clientOf, CostBudget } from './concurrency';
import type { GatewayContext } from './signed-data-source';
import { DocumentNode, GraphQLError, GraphQLNamedType, GraphQLSchema, getNamedType, getNullableType, isEnumType, isListType, isObjectType, visit } from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_AGGREGATE_ROWS } from '../subgraphs/kit/pagination';
import { logger } from '../subgraphs/kit/logger';

export const QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY';

/**
 * The size assumed for a list that takes no `first` (a customer's cards, addresses, web accounts,
 * segments, a receipt's lines, an order's items, a ticket's events, the golden record's values …).
 * These are a customer's own handful of records, a few per customer in the generated data and in
 * the legacy systems; 10 is above their usual size. `interactionCounts` is costed by the groups it
 * can answer (countGroupsEstimate).
 */
export const ASSUMED_LIST_SIZE = 10;

/**
 * The most selections evaluated for one query. Fragments spread inside fragments are evaluated
 * once per spread, so a small document can expand to an enormous one: past this, it is refused
 * without being costed further. (The token limit keeps ordinary queries far below it.)
 */
const MAX_EVALUATED_NODES = 10_000;

export class QueryTooCostlyError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: QUERY_TOO_COSTLY, http: { status: 400 } } });
  }
}

const numberFormat = new Intl.NumberFormat('en-US');

export function tooCostlyMessage(cost: number, limit: number): string {
  return (
    `This query could return about ${numberFormat.format(cost)} values; the limit is ${numberFormat.format(limit)}. ` +
    'Ask for fewer items (first) or fewer fields.'
  );
}

/**
 * Types that are a page of something: returned (not in a list) by a field that takes `first`, and
 * by no field that does not. Their lists (`edges`, `nodes`) hold at most `first` items, and that
 * `first` is counted once, by the field that returns the page.
 */
function pageTypesOf(schema: GraphQLSchema): Set<GraphQLNamedType> {
  const paged = new Set<GraphQLNamedType>();
  const unpaged = new Set<GraphQLNamedType>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (isListType(getNullableType(field.type))) continue;
      const returned = getNamedType(field.type);
      (field.args.some((arg) => arg.name === 'first') ? paged : unpaged).add(returned);
    }
  }
  for (const type of unpaged) paged.delete(type);
  return paged;
}

/**
 * Each field is one value; a field that takes `first` holds `first` times its selection (a page's
 * `pageInfo` included: a small over-count that keeps the rule simple); a list without `first`
 * holds ASSUMED_LIST_SIZE times its selection. Introspection costs nothing: the explorer needs it,
 * and it reads the schema, not the systems.
 */
export function valuesEstimator(pageTypes: Set<GraphQLNamedType>, schema?: GraphQLSchema): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name === '__schema' || field.name === '__type') return 0;
    if (schema && type.name === 'Query' && field.name === 'interactionCounts') {
      return 1 + countGroupsEstimate(schema, args) * Math.max(1, childComplexity);
    }
    const perItem = Math.max(1, childComplexity);
    if (field.args.some((arg) => arg.name === 'first')) {
      // As the subgraphs run it (kit/pagination): absent or null is the default page; a negative
      // `first` is refused there, and must not lower the total here.
      const first = typeof args.first === 'number' ? Math.max(0, args.first) : DEFAULT_PAGE_SIZE;
      return 1 + first * perItem;
    }
    if (isListType(getNullableType(field.type))) {
      return 1 + (pageTypes.has(type) ? 1 : ASSUMED_LIST_SIZE) * perItem;
    }
    return 1 + childComplexity;
  };
}

/** The kinds of legacy record the journal points at (Receipt, Order, Call …: 13 today), with room. */
const ASSUMED_RECORD_TYPES = 20;
/** More stores than a chain has: the store code's share of a count grouped by STORE. */
export const ASSUMED_STORES = 300;
/** Where a count without `since` starts: older than any legacy system's records. */
const EARLIEST = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;

/**
 * The rows `interactionCounts` can answer: the product of its groups' cardinalities — the enum
 * values of channel, reason and role, ASSUMED_STORES stores, and the days, weeks or months of the
 * range (from 2000 when it has no `since`) — and never more than the hub answers (it refuses a
 * count past MAX_AGGREGATE_ROWS groups). An ungrouped count is one row.
 */
export function countGroupsEstimate(schema: GraphQLSchema, args: Record<string, any>): number {
  const enumSize = (name: string): number => {
    const type = schema.getType(name);
    return isEnumType(type) ? type.getValues().length : ASSUMED_LIST_SIZE;
  };
  const instant = (value: unknown, fallback: number): number => {
    const time = typeof value === 'string' || value instanceof Date ? new Date(value).getTime() : NaN;
    return Number.isFinite(time) ? time : fallback;
  };
  const since = instant(args.filter?.since, EARLIEST);
  const until = instant(args.filter?.until, Date.now());
  const days = Math.max(1, Math.ceil((until - since) / DAY_MS));
  const cardinality: Record<string, number> = {
    CHANNEL: enumSize('Channel'),
    REASON: enumSize('Reason'),
    ROLE: enumSize('TouchpointRole'),
    STORE: ASSUMED_STORES,
    RECORD_TYPE: ASSUMED_RECORD_TYPES,
    DAY: days,
    WEEK: Math.ceil(days / 7) + 1,
    MONTH: Math.ceil(days / 28) + 1,
  };
  const groups: string[] = Array.isArray(args.groupBy) ? [...new Set(args.groupBy as string[])] : [];
  const rows = groups.reduce((product, group) => product * (cardinality[group] ?? ASSUMED_LIST_SIZE), 1);
  return Math.min(rows, MAX_AGGREGATE_ROWS + 1);
}

/**
 * The variables a document's cost can depend on: those written in a `first` argument or in a
 * directive's arguments (`@skip(if: $x)`, `@include`). The estimator reads nothing else but
 * `interactionCounts`' arguments, and that count depends on the time too (a range without `until`
 * ends now): a document asking for it is never cached (null).
 */
export function costVariablesOf(document: DocumentNode): string[] | null {
  const names = new Set<string>();
  let cacheable = true;
  let inCostArgument = 0;
  visit(document, {
    Field(node) {
      if (node.name.value === 'interactionCounts') cacheable = false;
    },
    Argument: {
      enter(node) {
        if (node.name.value === 'first') inCostArgument += 1;
      },
      leave(node) {
        if (node.name.value === 'first') inCostArgument -= 1;
      },
    },
    Directive: {
      enter() {
        inCostArgument += 1;
      },
      leave() {
        inCostArgument -= 1;
      },
    },
    Variable(node) {
      if (inCostArgument > 0) names.add(node.name.value);
    },
  });
  return cacheable ? [...names].sort() : null;
}

/** Costs already computed, per schema and parsed document, by operation and cost variables' values. */
const costCache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, { variables: string[] | null; costs: Map<string, number> }>>();
/** Distinct keys kept per document (a client varying `first` cannot grow the cache past this). */
const MAX_COSTS_PER_DOCUMENT = 64;

/**
 * The cost of one operation of a document, with the request's variables applied. Computed once per
 * document, operation and values of the variables the cost depends on (`costVariablesOf`): the
 * customer-360 query costs one computation, whatever customer it names.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  let bySchema = costCache.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    costCache.set(schema, bySchema);
  }
  let entry = bySchema.get(document);
  if (!entry) {
    entry = { variables: costVariablesOf(document), costs: new Map() };
    bySchema.set(document, entry);
  }
  if (entry.variables === null) return computeQueryCost(schema, document, variables, operationName);
  const given = variables ?? {};
  // An absent variable (its default applies) and a null one are told apart.
  const key = [operationName ?? '', ...entry.variables.map((name) => (name in given ? JSON.stringify(given[name]) : '-'))].join('\u0000');
  const known = entry.costs.get(key);
  if (known !== undefined) return known;
  const cost = computeQueryCost(schema, document, variables, operationName);
  if (entry.costs.size >= MAX_COSTS_PER_DOCUMENT) entry.costs.clear();
  entry.costs.set(key, cost);
  return cost;
}

function computeQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [valuesEstimator(pageTypesFor(schema), schema)],
    maxQueryNodes: MAX_EVALUATED_NODES,
  });
}

// The gateway's schema changes only when the supergraph does: work its page types out once each.
const pageTypesCache = new WeakMap<GraphQLSchema, Set<GraphQLNamedType>>();
function pageTypesFor(schema: GraphQLSchema): Set<GraphQLNamedType> {
  let types = pageTypesCache.get(schema);
  if (!types) {
    types = pageTypesOf(schema);
    pageTypesCache.set(schema, types);
  }
  return types;
}

/**
 * Apollo Server plugin: costs the operation once it is parsed, validated and chosen, before the
 * gateway plans it. Fails closed: a query that cannot be costed is not run.
 */
export function queryCostPlugin(maxCost: number, budget?: CostBudget): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let release: (() => void) | null = null;
      return {
        async willSendResponse() {
          release?.();
        },
        async didResolveOperation({ schema, document, request, operation, contextValue }) {
          // No such operation: Apollo reports it (OPERATION_RESOLUTION_FAILURE) without running anything.
          if (!operation) return;
          let cost: number;
          try {
            cost = queryCost(schema, document, request.variables, operation.name?.value);
          } catch (error) {
            if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
              throw new QueryTooCostlyError(
                `This query expands to more than ${numberFormat.format(MAX_EVALUATED_NODES)} selections (fragments count each time they are spread). Ask for fewer fields.`,
              );
            }
            // Variables that do not fit their types: the same answer execution would give.
            if (error instanceof GraphQLError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
            throw error;
          }
          if (cost > maxCost) {
            logger.info({ operationName: operation.name?.value, cost, maxCost }, 'query refused: too costly');
            throw new QueryTooCostlyError(tooCostlyMessage(cost, maxCost));
          }
          if (budget) {
            release = budget.tryTake(clientOf(contextValue.caller.principal), cost);
            if (!release) {
              // Apollo reads `http.headers` as a Map at run time (a package's typing of it says Record).
              const headers = new HeaderMap([['retry-after', '1']]) as unknown as Record<string, string>;
              throw new GraphQLError('This client has too much work running at once: wait for a request to finish', {
                extensions: { code: 'TOO_MANY_REQUESTS', http: { status: 429, headers } },
              });
            }
          }
        },
      };
    },
  };
}
