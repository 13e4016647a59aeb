// The in-process call's short way through a subgraph (kit/subgraph.ts `execute`): graphql-js
// `execute` on a document Apollo Server's own pipeline already parsed and validated, with the
// rest of what that pipeline does for our subgraphs' configuration done here the way it does it.
//
// Why. Every in-process hop went through `ApolloServer.executeOperation`: a whole request
// pipeline — the request's sha256 for the document cache and its lookup, five plugin hook rounds
// (each a `Promise.all` over the listeners), the HTTP head, the content negotiation for incremental
// delivery — three or four times per client request. What stays the same, and how:
// - **Documents**: only a document Apollo's pipeline accepted (parsed, validated with its rules
//   against this schema) is ever executed here: the subgraph's plugin keeps it, by query text, at
//   `didResolveOperation` (which runs only once validation passed). A text not seen yet, one with
//   an operation that does not resolve (`getOperationAST`), or a persisted-query extension goes to
//   `executeOperation` as before: every parse, validation, operation-resolution and APQ answer is
//   Apollo's own (400 with its errors, and the rest).
// - **Execution**: what `processGraphQLRequest` calls for a schema without a gateway executor and
//   graphql 16 (`execute`, no root value, no field resolver), with the same context the HTTP path
//   builds (`contextFor`).
// - **Errors**: a variable coercion error without a code becomes BAD_USER_INPUT (Apollo's
//   `UserInputError`); every error is normalised as `normalizeAndFormatErrors` does (code defaulting
//   to INTERNAL_SERVER_ERROR, an `extensions.http` taken out and applied to the status, no stack
//   trace: `includeStacktraceInErrorResponses` is off), then given to the subgraph's `formatError`
//   (`formatSubgraphError`: masking) with the original error; a formatter that throws gives
//   "Internal server error" as Apollo's does.
// - **Status**: errors with no data (variable coercion) answer 400, as
//   `status400ForVariableCoercionErrors` (Apollo Server 5's default) does; an error's own
//   `extensions.http.status` wins; an `execute` that throws answers 500 with its error; otherwise 200.
// - **Plugins**: the short way is taken only when the subgraph's access-log plugin is the only one
//   with request hooks (`hasOnlyRequestPlugin`, checked once at start): its `willSendResponse` (the
//   access log's record) is called here after execution, as Apollo calls it. Any other plugin with
//   request hooks — usage reporting when `APOLLO_KEY` is set, a plugin added later — turns the short
//   way off and every call goes through `executeOperation`.
import { DocumentNode, ExecutionResult, getOperationAST, GraphQLError, GraphQLFormattedError, GraphQLSchema, execute, Kind, OperationDefinitionNode } from 'graphql';

/** Query texts a subgraph's pipeline accepted, and their documents: bounded, oldest out first. */
export class AcceptedDocuments {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(private readonly capacity = 500) {}

  /** Called from the plugin's `didResolveOperation`: the document passed Apollo's validation. */
  accept(source: string, document: DocumentNode): void {
    if (this.documents.has(source)) return;
    if (this.documents.size >= this.capacity) this.documents.delete(this.documents.keys().next().value as string);
    this.documents.set(source, document);
  }

  get(source: string): DocumentNode | undefined {
    return this.documents.get(source);
  }

  get size(): number {
    return this.documents.size;
  }
}

/**
 * Whether `ours` is the only plugin with request hooks among the server's plugins (Apollo's own
 * list once started, its implicit ones included). Read from Apollo Server's internals: a version
 * that moved them gives `false`, and the short way stays off.
 */
export function hasOnlyRequestPlugin(apollo: unknown, ours: object): boolean {
  const plugins = (apollo as { internals?: { plugins?: unknown } }).internals?.plugins;
  if (!Array.isArray(plugins) || !plugins.includes(ours)) return false;
  return plugins.every((plugin) => plugin === ours || (typeof plugin === 'object' && plugin !== null && !('requestDidStart' in plugin)));
}

export interface ShortRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** The operation to run, when the text was accepted and the name resolves; otherwise the full pipeline answers. */
export function resolveAccepted(accepted: AcceptedDocuments, query: string | undefined, operationName: string | undefined, extensions: Record<string, unknown> | undefined): { document: DocumentNode; operation: OperationDefinitionNode } | undefined {
  if (typeof query !== 'string' || extensions?.persistedQuery !== undefined) return undefined;
  const document = accepted.get(query);
  if (!document) return undefined;
  const operation = getOperationAST(document, operationName);
  return operation ? { document, operation } : undefined;
}

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export interface ShortAnswer {
  status: number;
  result: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[]; extensions?: Record<string, unknown> };
}

/** Runs an accepted operation and answers as `executeOperation` would (see the module's comment). */
export async function executeAccepted(schema: GraphQLSchema, request: ShortRequest, contextValue: unknown, formatError: FormatError): Promise<ShortAnswer> {
  let result: ExecutionResult;
  try {
    result = await execute({
      schema,
      document: request.document,
      contextValue,
      variableValues: request.variables,
      operationName: request.operationName,
    });
  } catch (thrown) {
    // Apollo's `sendErrorResponse`: the error alone, status from it or 500.
    const { formattedErrors, status } = formatErrors([asGraphQLError(thrown)], formatError);
    return { status: status ?? 500, result: { errors: formattedErrors } };
  }
  if (!result.errors) return { status: 200, result: { ...result, errors: undefined } };
  const errors = result.errors.map((error) => (isVariableCoercionError(error) && error.extensions?.code == null ? userInputError(error) : error));
  const formatted = formatErrors(errors, formatError);
  let status = formatted.status;
  if (errors.length > 0 && result.data === undefined && !status) status = 400;
  return { status: status ?? 200, result: { ...result, errors: formatted.formattedErrors } };
}

/** Apollo Server's `isBadUserInputGraphQLError` (requestPipeline.ts): a variable's value that does not coerce. */
function isVariableCoercionError(error: GraphQLError): boolean {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (!node || node.kind !== Kind.VARIABLE_DEFINITION) return false;
  const name = node.variable.name.value;
  return (
    error.message.startsWith(`Variable "$${name}" has invalid value`) ||
    error.message.startsWith(`Variable "$${name}" got invalid value `) ||
    error.message.startsWith(`Variable "$${name}" of required type `) ||
    error.message.startsWith(`Variable "$${name}" of non-null type `)
  );
}

/** Apollo Server's `UserInputError` (internalErrorClasses.ts): the same error, coded BAD_USER_INPUT. */
function userInputError(error: GraphQLError): GraphQLError {
  const wrapped = new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
  wrapped.name = 'UserInputError';
  return wrapped;
}

/** Apollo Server's `ensureGraphQLError` (errorNormalize.ts). */
function asGraphQLError(thrown: unknown): GraphQLError {
  const error = thrown instanceof Error ? thrown : new GraphQLError(`Unexpected error value: ${String(thrown)}`);
  return error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error });
}

/**
 * Apollo Server's `normalizeAndFormatErrors` with `includeStacktraceInErrorResponses: false`: the
 * formatted errors, and the status an error's `extensions.http` asks for (the last one wins, as
 * `mergeHTTPGraphQLHead` applies them in turn; its headers have no in-process meaning).
 */
function formatErrors(errors: readonly GraphQLError[], formatError: FormatError): { formattedErrors: GraphQLFormattedError[]; status?: number } {
  let status: number | undefined;
  const enrich = (error: GraphQLError): GraphQLFormattedError => {
    const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
    const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
    if (http && typeof http === 'object' && (!('status' in http) || typeof http.status === 'number') && (!('headers' in http) || http.headers instanceof Map)) {
      if (http.status) status = http.status as number;
      delete extensions.http;
    }
    return { ...error.toJSON(), extensions };
  };
  const formattedErrors = errors.map((error) => {
    try {
      return formatError(enrich(error), error);
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
  return { formattedErrors, status };
}
