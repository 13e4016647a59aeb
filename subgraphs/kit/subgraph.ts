// The shape every subgraph shares (STYLE 2): a definition — name, database, type-graphql resolver
// classes, entity types it only extends, reference resolvers, per-request loaders — from which the
// kit builds the federated schema, the Apollo Server, the signed HTTP endpoint and the in-process
// entry the single-process layout's gateway calls (`execute`).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLFormattedError, GraphQLSchema, isObjectType, parse } from 'graphql';
import { buildSchema, createResolversMap, NonEmptyArray } from 'type-graphql';
import { AccessLogWriter } from './access/access-log';
import { AccessRecorder, DataClass, enforcePolicy, SubgraphPolicy } from './access/policy';
import { ClaimsError, principalFromClaims } from './access/claims';
import { ANONYMOUS, Caller, decodeCaller, encodeCaller, Principal, PrincipalError } from './access/principal';
import type { SigningConfig, SubgraphName } from './config';
import { Database } from './database';
import { DatabaseRole } from './databases';
import { formatSubgraphError } from './errors';
import { AcceptedDocuments, executeAccepted, hasOnlyRequestPlugin, resolveAccepted } from './in-process-execute';
import type { Extractor } from './identity-records';
import type { ConsentExtractor } from './consent';
import type { RecordEraser, RecordExporter } from './privacy';
import type { ContactWriter } from './contact-details';
import type { PreferenceReader, PreferenceWriter } from './preferences';
import type { ContactChannelDeclaration } from './contact-channel';
import { closeServer, executeGraphQL, HttpError, listen, readBody, sendJson } from './http';
import { logger } from './logger';
import { answerReadiness, READY_PATH } from './readiness';
import { NonceMemory, SIGNATURE_HEADER, verifyHiveRequest, verifyRequest } from './signature';
import type { TouchpointFeed } from './touchpoints';
import type { IndexDeclaration } from './index-contract';
import { NO_READ_MODELS, perRequest, ReadModelReader } from './read-model';

/** Federation 2 directives the subgraphs may use. Deliberately absent: @authenticated,
 * @requiresScopes, @policy, @context (refused by @apollo/gateway) — access is decided in resolvers. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

export interface SubgraphContext<Loaders> {
  db: Database;
  loaders: Loaders;
  /** Who asks, as the gateway verified it and signed it (kit/access/principal.ts). */
  principal: Principal;
  /** The whole signed caller: principal, the gateway's request id, the declared purpose. */
  caller: Caller;
  requestId: string;
  /** Whose personal data this request read (filled by the policy, written to the access log). */
  access: AccessRecorder;
}

export interface SubgraphDefinition<Loaders = unknown> {
  name: SubgraphName;
  /** The one database this subgraph reads: its legacy system, or the hub's own. */
  database: DatabaseRole;
  resolvers: NonEmptyArray<Function>;
  /** Who may read each field (kit/access/policy.ts): the schema does not build with a field left out. */
  policy: SubgraphPolicy;
  /** Entity types this subgraph extends but never returns from a root field (see README). */
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type: each must go through a loader (one query per batch). */
  references?: Record<string, (reference: any, context: SubgraphContext<Loaders>) => unknown>;
  /**
   * New loaders for every request, so no cache outlives a request or crosses callers. The caller's
   * principal is given for loaders whose answer depends on who asks (the hub hides customers whose
   * processing is restricted from every role but the privacy officer: customer/privacy/restriction.ts).
   * `readModels` says which of the channel's declared read models this deployment turned on
   * (kit/read-model.ts; none by default: read through).
   */
  createLoaders(db: Database, principal: Principal, readModels: ReadModelReader): Loaders;
  /** A channel's identity records as the hub's staging rows (kit/identity-records.ts): the hub links them. */
  identityRecords?: Extractor;
  /**
   * A channel's consent decisions (kit/consent.ts): opt-ins and opt-outs its system records, as the
   * hub's staging rows; the hub computes the consent in force from every channel's. Optional: a
   * system that records none declares none.
   */
  consentDecisions?: ConsentExtractor;
  /** Erases a customer's records in the channel's system, as its own application would (kit/privacy.ts). */
  eraseRecords?: RecordEraser;
  /** Exports everything the channel's system holds about a customer's records (kit/privacy.ts). */
  exportRecords?: RecordExporter;
  /** Writes a customer's new contact details in the channel's system, in its own format (kit/contact-details.ts). */
  writeContactDetails?: ContactWriter;
  /** What the channel's system holds that is a preference, read for the hub to stage (kit/preferences.ts). */
  preferences?: PreferenceReader;
  /** Writes a customer's changed preferences in the channel's system, in its own codes; declares what it holds (kit/preferences.ts). */
  writePreferences?: PreferenceWriter;
  /** A channel's touchpoint feeds (kit/touchpoints.ts): the hub's journal reads them. */
  touchpointFeeds?: readonly TouchpointFeed[];
  /**
   * The indexes a channel's reads rely on in its legacy system (kit/index-contract.ts): created in
   * development and test databases, reported by `npm run db:check` elsewhere, never created on a
   * production legacy database by the project.
   */
  indexes?: readonly IndexDeclaration[];
  /**
   * A channel over a legacy system declares it here (its `database` is then the system's name):
   * what the `LegacySystem` enum says of it, its tables for development databases, its database's
   * name on a development server. The hub's own definition has none.
   */
  legacy?: LegacySystemDeclaration;
  /**
   * The entity types its touchpoints' records resolve to (`Touchpoint.recordType`): the hub's
   * `TouchpointRecord` union holds one stub per type (`@key`, not resolvable there), and this
   * subgraph must resolve each by that key.
   */
  recordTypes?: readonly RecordTypeDeclaration[];
  /**
   * How a client names one of its records to find its customer (`customerByIdentifier`): the
   * `IdentifierKind` value and the parser of its spellings into the record's key as identity_link
   * holds it (`localKey`), or why it is not one.
   */
  recordKey?: RecordKeyDeclaration;
  /** `Channel` values this channel's touchpoints use that the common vocabulary (schema/common.ts) lacks. */
  channels?: Readonly<Record<string, string>>;
  /**
   * How each `Channel` value it serves a customer for a task — contact media, role, hours
   * (kit/contact-channel.ts): the hub's `Customer.suggestedChannel` reads them, naming no channel.
   */
  contactChannels?: Readonly<Record<string, ContactChannelDeclaration>>;
  /**
   * A channel's contribution to `Customer.anticipatedNeeds` (kit/needs.ts): its internal Customer
   * field (`needsFieldOf(name)`, of type ChannelNeeds, no arguments), which the hub @requires.
   */
  anticipatedNeeds?: { field: string };
}

export interface RecordKeyDeclaration {
  /** The `IdentifierKind` value, e.g. `LOYALTY_CARD`; added to the enum when the vocabulary lacks it. */
  identifierKind: string;
  description: string;
  parse(text: string): { localKey: string } | { invalid: string };
}

export interface LegacySystemDeclaration {
  /** One line for the `LegacySystem` enum: the database and what it holds. */
  description: string;
  /** Its tables, created in development and test databases only (never in production): an absolute path. */
  ddlFile: string;
  /** Its database's name on a development server; default `<system>_legacy`. */
  databaseName?: string;
}

export interface RecordTypeDeclaration {
  /** The channel's own entity class (type-graphql): the hub's stub takes its name, description and key field from it. */
  entity: Function;
  /** Its key field, e.g. `id` or `reference`. */
  key: string;
  /** The name touchpoints give it (`Touchpoint.recordType`, stored in the journal) when not the entity's type name. */
  recordType?: string;
  /** The data class of its key (kit/access/policy.ts), for the hub's policy of the stub. */
  keyClass: DataClass;
}

/** Every object type's fields as type-graphql built them: what the policy must decide. */
export function fieldsByType(schema: GraphQLSchema): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    fields.set(type.name, Object.keys(type.getFields()));
  }
  return fields;
}

/** Builds the federated schema of a definition (no port, no database: compose and tests use it). */
export async function buildFederatedSchema(definition: SubgraphDefinition<any>, options: { enforce?: boolean } = {}): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    validate: false,
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  // Always checked (a field without a decision never builds); applied unless a benchmark measures without it.
  enforcePolicy(definition.name, fieldsByType(schema), resolvers as never, definition.policy, options.enforce !== false);
  for (const [typeName, resolve] of Object.entries(definition.references ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), __resolveReference: resolve } as never;
  }
  return buildSubgraphSchema({ typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`), resolvers });
}

/** The subgraph's SDL as composition sees it. */
export async function subgraphSdl(definition: SubgraphDefinition<any>): Promise<string> {
  return `${FEDERATION_LINK}\n${printSchemaWithDirectives(
    await buildSchema({ resolvers: definition.resolvers, orphanedTypes: definition.orphanedTypes, validate: false, skipCheck: true }),
  )}`;
}

/** A GraphQL request as the gateway hands it to a subgraph in its own process (the HTTP body, unserialised). */
export interface InProcessRequest {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/**
 * A subgraph's answer as its HTTP endpoint would send it: the status and the GraphQL result (the
 * object its JSON text would hold; in-process it is handed over as is, never written and read back).
 */
export interface SubgraphAnswer {
  status: number;
  result: SubgraphResult;
}

/** The members of a GraphQL answer (what the gateway merges). */
export interface SubgraphResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/** Thrown by `execute` once the subgraph is stopped: the in-process twin of a refused connection. */
export class SubgraphStoppedError extends Error {
  constructor(readonly subgraph: string) {
    super(`the ${subgraph} subgraph is stopped`);
    this.name = 'SubgraphStoppedError';
  }
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  /**
   * Runs a request in this process, without the HTTP hop: the gateway of the same process
   * (gateway/in-process-data-source.ts) hands over the caller it verified. The context, the
   * policies and the access log are those of a signed HTTP request; only the transport (and with
   * it the signature, which guards the transport) is skipped. Rejects with SubgraphStoppedError
   * once `stop` was called.
   */
  execute(request: InProcessRequest, caller: Caller): Promise<SubgraphAnswer>;
  stop(): Promise<void>;
}

/**
 * The callers decoded for in-process calls, by the gateway's object (one per client request, never
 * changed once made): a request's caller goes through the header's encoding and checks once, not
 * once per subgraph it calls. Held weakly: gone with the request.
 */
const decodedCallers = new WeakMap<Caller, Caller>();

/**
 * Serves a subgraph over HTTP at `/graphql`. Requests must carry the gateway's signature; the
 * database is opened by the caller (so that one pool per database serves the process).
 */
export async function serveSubgraph<Loaders>(
  definition: SubgraphDefinition<Loaders>,
  db: Database,
  signing: SigningConfig,
  listenOn: { port: number; host: string },
  accessLog: AccessLogWriter,
  options: { enforce?: boolean; readModels?: ReadModelReader } = {},
): Promise<RunningSubgraph> {
  const readModels = options.readModels ?? NO_READ_MODELS;
  const schema = await buildFederatedSchema(definition, options);
  // Signed requests this subgraph has accepted, so that none is accepted twice (replay).
  const nonces = new NonceMemory();
  // Whose personal data a request served, handed to the access log once the answer is made.
  const logReads = (context: SubgraphContext<Loaders>): void => {
    if (context.access.reads.size > 0) accessLog.record(context.caller, definition.name, context.access.reads);
  };
  // Documents this server's pipeline parsed and validated, for the in-process short way (kit/in-process-execute.ts).
  const accepted = new AcceptedDocuments();
  const formatError = formatSubgraphError(definition.name);
  const requestPlugin: ApolloServerPlugin<SubgraphContext<Loaders>> = {
    async requestDidStart() {
      return {
        // Only reached once the document passed validation.
        async didResolveOperation({ source, document }) {
          accepted.accept(source, document);
        },
        async willSendResponse({ contextValue }) {
          logReads(contextValue);
        },
      };
    },
  };
  const apollo = new ApolloServer<SubgraphContext<Loaders>>({
    schema,
    // Subgraphs are only ever called by the gateway: no explorer, no CSRF preflight needed (signed).
    // No inline traces: they would hand per-field timings to whoever holds the response.
    // No cache control: no field has a cache hint (every answer is personal and uncacheable), and
    // its per-field hook made Apollo wrap every resolver of every request (1.9% of a worker's CPU).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      requestPlugin,
    ],
    csrfPrevention: false,
    // Shutdown is ours (gateway/shutdown.ts): Apollo's own signal handlers would race with it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError,
  });
  await apollo.start();
  // The short way runs the access-log plugin's hook itself: only when no other plugin has request hooks.
  const shortWay = hasOnlyRequestPlugin(apollo, requestPlugin);

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(response, error.status, { errors: [{ message: error.message }] });
      logger.error({ subgraph: definition.name, err: (error as Error).message }, 'subgraph request failed');
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal error' }] });
    });
  });
  /**
   * The caller of a signed request: our gateway's signature in headers (its caller header signed
   * with it), or else Hive Gateway's in the body (the claims it verified, signed with it).
   */
  const authenticate = (
    request: http.IncomingMessage,
    body: string,
  ): { ok: true; caller: Caller } | { ok: false; reason: string; log: string; detail?: string; challenge: boolean } => {
    const refused = 'refused a request not signed by the gateway';
    if (request.headers[SIGNATURE_HEADER] === undefined) {
      const verdict = verifyHiveRequest(signing, definition.name, nonces, body);
      if (!verdict.ok) return { ok: false, reason: verdict.reason, log: refused, challenge: true };
      try {
        const principal = verdict.claims ? principalFromClaims(verdict.claims) : ANONYMOUS;
        return { ok: true, caller: { principal, requestId: verdict.requestId, purpose: verdict.purpose } };
      } catch (error) {
        // Hive Gateway verified the token, yet its claims name no principal (our gateway refuses such a token with 401).
        if (error instanceof ClaimsError) return { ok: false, reason: error.message, log: 'refused forwarded claims that name no principal', challenge: false };
        throw error;
      }
    }
    const verdict = verifyRequest(signing, definition.name, nonces, request.headers, body);
    if (!verdict.ok) return { ok: false, reason: verdict.reason, log: refused, challenge: true };
    try {
      return { ok: true, caller: decodeCaller(verdict.principal, randomUUID()) };
    } catch (error) {
      // Signed by the gateway yet unreadable: a version mismatch or a bug, never a client's doing.
      const detail = (error as PrincipalError).message;
      return { ok: false, reason: 'malformed principal', log: 'refused a signed request with a malformed principal', detail, challenge: false };
    }
  };
  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    // The gateway's readiness probe (kit/readiness.ts): signed, answers whether the database does.
    if (path === READY_PATH && request.method === 'GET') {
      await answerReadiness(request, response, { audience: definition.name, signing, nonces, databases: { [definition.database]: db } });
      return;
    }
    if (path !== '/graphql' || request.method !== 'POST') {
      sendJson(response, 404, { errors: [{ message: 'Not found: subgraphs answer POST /graphql only' }] });
      return;
    }
    const body = await readBody(request);
    const caller = authenticate(request, body);
    if (!caller.ok) {
      logger.warn({ subgraph: definition.name, reason: caller.detail ?? caller.reason }, caller.log);
      if (caller.challenge) response.setHeader('www-authenticate', 'CustomerGraphSignature');
      sendJson(response, 401, { errors: [{ message: `Unauthorized: ${caller.reason}`, extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    await executeGraphQL(apollo, request, response, body, contextFor(caller.caller));
  };
  /** The one context factory of both paths: HTTP (signed) and in-process. */
  const contextFor =
    (caller: Caller) =>
    async (): Promise<SubgraphContext<Loaders>> => ({
      db,
      // One reader per request: the same hub lookup asked by several lists is sent once.
      loaders: definition.createLoaders(db, caller.principal, perRequest(readModels)),
      principal: caller.principal,
      caller,
      requestId: caller.requestId,
      access: new AccessRecorder(),
    });
  let stopped = false;
  const execute = async (body: InProcessRequest, given: Caller): Promise<SubgraphAnswer> => {
    if (stopped) throw new SubgraphStoppedError(definition.name);
    // Through the signed header's own encoding and checks, so that this path's caller is exactly
    // the one the HTTP path would decode: same principal checks, same request id rule, same purpose rule.
    let caller = decodedCallers.get(given);
    if (!caller) {
      caller = decodeCaller(encodeCaller(given), randomUUID());
      decodedCallers.set(given, caller);
    }
    // A document the pipeline already accepted runs without the pipeline around it (same context,
    // execution, error formatting, status and access log: kit/in-process-execute.ts).
    const ready = shortWay ? resolveAccepted(accepted, body.query, body.operationName, body.extensions) : undefined;
    if (ready) {
      const contextValue = await contextFor(caller)();
      const answer = await executeAccepted(schema, { ...ready, variables: body.variables, operationName: body.operationName }, contextValue, formatError);
      try {
        logReads(contextValue);
      } catch (error) {
        // What `executeOperation` does when a plugin's hook throws.
        logger.error({ subgraph: definition.name, err: (error as Error).message }, 'unexpected error processing request');
        throw new Error('Internal server error');
      }
      return answer;
    }
    // Apollo Server's own operation entry: the same pipeline as the HTTP endpoint (document cache,
    // validation, plugins, formatError, the access log) without the HTTP layer around it (content
    // negotiation, the JSON text written here and parsed back by the gateway).
    const response = await apollo.executeOperation(
      // Members left undefined are absent, as in the JSON body of the HTTP path.
      Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as InProcessRequest & { query: string },
      { contextValue: await contextFor(caller)() },
    );
    if (response.body.kind !== 'single') throw new Error('an incremental (deferred) answer cannot be handed to the gateway');
    return { status: response.http.status ?? 200, result: response.body.singleResult as SubgraphResult };
  };

  const port = await listen(server, listenOn.port, listenOn.host);
  const url = `http://${listenOn.host}:${port}/graphql`;
  logger.info({ subgraph: definition.name, url }, 'subgraph listening');
  return {
    name: definition.name,
    url,
    port,
    execute,
    async stop() {
      stopped = true;
      await closeServer(server);
      await apollo.stop();
    },
  };
}
