// The gateway, built but not listening (STYLE 1): @apollo/gateway on the committed supergraph,
// served by @apollo/server, with query limits, signed subgraph calls with a timeout and a circuit
// breaker, masked errors, /health (liveness), /ready (readiness) and /metrics. Thin on purpose:
// business rules live in the subgraphs.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GatewayConfig, SigningConfig, SubgraphName } from '../subgraphs/kit/config';
import { closeServer, executeGraphQL, HttpError, listen, readBody, sendJson } from '../subgraphs/kit/http';
import { logger } from '../subgraphs/kit/logger';
import { PURPOSE } from '../subgraphs/kit/access/principal';
import { AuthenticationError, Authenticator } from './auth';
import { clientOf, ConcurrencyLimiter, CostBudget } from './concurrency';
import { loadTrustedDocuments } from './trusted-documents';
import { createBreakers } from './breaker';
import { checkReadiness, liveness } from './health';
import { loadExplorer } from './explorer/explorer';
import { maskGatewayError } from './mask-errors';
import { operationGuardPlugin, selectionLimitsRule } from './operation-guard';
import { checkPostBody, Refusal, refuseContentType, refuseDocument, refuseMethod } from './request-guard';
import { createMetrics } from './metrics';
import { queryCostPlugin } from './query-cost';
import { GatewayContext, SignedDataSource } from './signed-data-source';
import { InProcessDataSource } from './in-process-data-source';
import type { RunningSubgraph } from '../subgraphs/kit/subgraph';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph of the supergraph answers now (replaces the committed placeholders). */
  subgraphUrls: Record<SubgraphName, string>;
  signing: SigningConfig;
  config: GatewayConfig;
  /** Verifies bearer tokens (gateway/auth.ts). */
  auth: Authenticator;
  /**
   * Subgraphs running in this process, called without the HTTP hop (gateway/in-process-data-source.ts):
   * each asked at every call for its running instance (undefined while stopped). The others, and
   * the readiness probes of all, go over signed HTTP to `subgraphUrls`.
   */
  inProcess?: Partial<Record<SubgraphName, () => RunningSubgraph | undefined>>;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A refusal at the edge: its status, a coded message, and nothing else. */
function refuse(response: http.ServerResponse, refusal: Refusal): void {
  for (const [name, value] of Object.entries(refusal.headers ?? {})) response.setHeader(name, value);
  sendJson(response, refusal.status, { errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, signing, subgraphUrls, auth } = options;
  const limiter = new ConcurrencyLimiter({ perClient: config.maxConcurrentPerClient, total: config.maxConcurrentRequests });
  const costBudget = new CostBudget(config.maxClientCostInFlight);
  const trusted = config.trustedDocumentsFile ? loadTrustedDocuments(config.trustedDocumentsFile) : undefined;
  const breakers = createBreakers(Object.keys(subgraphUrls) as SubgraphName[], { failureThreshold: config.breakerFailureThreshold, resetMs: config.breakerResetMs });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      const url = subgraphUrls[name as SubgraphName];
      if (!url) throw new Error(`The supergraph names a subgraph "${name}" that is not configured`);
      const local = options.inProcess?.[name as SubgraphName];
      if (local) return new InProcessDataSource(name, local, config.subgraphTimeoutMs, breakers[name as SubgraphName]);
      return new SignedDataSource(name, url, signing, config.subgraphTimeoutMs, breakers[name as SubgraphName]);
    },
  });
  const armor = new ApolloArmor({
    maxDepth: { n: config.maxDepth },
    // Ours (gateway/operation-guard.ts, gateway/request-guard.ts): armor's alias rule left
    // `__typename` out, and its token rule threw from a parsing hook, which Apollo answers with 500.
    maxAliases: { enabled: false },
    maxTokens: { enabled: false },
    maxDirectives: { n: config.maxDirectives },
    // Cost is ours (gateway/query-cost.ts): armor's counted `first: $n` as 1 and priced depth, not values.
    costLimit: { enabled: false },
    // Suggestions reveal nothing that introspection would not; analysts in the explorer need them.
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const protection = armor.protect();
  const metrics = createMetrics();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    plugins: [
      ...protection.plugins,
      operationGuardPlugin(),
      queryCostPlugin(config.maxCost, costBudget),
      metrics.plugin,
      // Apollo's page loads Sandbox from a CDN: the explorer is ours (gateway/explorer/), served below.
      ApolloServerPluginLandingPageDisabled(),
    ],
    validationRules: [...protection.validationRules, selectionLimitsRule({ maxAliases: config.maxAliases, maxFields: config.maxFields })],
    allowBatchedHttpRequests: false,
    // Shutdown is ours (subgraphs/kit/shutdown.ts): Apollo's own signal handlers would race with it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: maskGatewayError,
  });
  await apollo.start();
  // GraphiQL from node_modules with the saved analyst queries, no CDN (development only).
  const explorer = config.explorer ? loadExplorer() : null;

  const server = http.createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(response, error.status, { errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }] });
      logger.error({ err: (error as Error).message }, 'gateway request failed');
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal error' }] });
    });
  });
  const route = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    // Liveness: this process answers. Readiness: every subgraph and its database (gateway/health.ts).
    if (path === '/health' && request.method === 'GET') {
      sendJson(response, 200, liveness());
      return;
    }
    if (path === '/ready' && request.method === 'GET') {
      const report = await checkReadiness(subgraphUrls, signing, breakers);
      sendJson(response, report.ok ? 200 : 503, report);
      return;
    }
    if (path === '/metrics' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': metrics.registry.contentType });
      response.end(await metrics.registry.metrics());
      return;
    }
    if (explorer?.serve(request, response, path)) return;
    if (path === '/graphql' || path === '/') {
      const early = refuseMethod(request.method) ?? refuseContentType(request.method, request.headers['content-type']);
      if (early) return refuse(response, early);
      // Who asks, before anything is parsed or any subgraph called: a refused token is a 401.
      let principal;
      try {
        principal = await auth.authenticate(request.headers.authorization);
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        response.setHeader('www-authenticate', `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`);
        sendJson(response, 401, { errors: [{ message: `Unauthenticated: ${error.message}`, extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      const purposeHeader = request.headers['x-purpose'];
      const purpose = typeof purposeHeader === 'string' && purposeHeader !== '' ? purposeHeader : null;
      if (purpose !== null && !PURPOSE.test(purpose)) {
        sendJson(response, 400, {
          errors: [{ message: 'x-purpose must be a short code: a lower-case letter, then up to 39 of a-z 0-9 _ . -', extensions: { code: 'BAD_REQUEST' } }],
        });
        return;
      }
      const raw = request.method === 'POST' ? await readBody(request) : '';
      let parsed: unknown;
      if (request.method === 'POST') {
        const checked = checkPostBody(raw, config.maxTokens, trusted);
        if ('refusal' in checked) return refuse(response, checked.refusal);
        parsed = checked.body;
      } else {
        const query = new URL(request.url ?? '/', 'http://x').searchParams.get('query');
        // Trusted documents only: GET carries no hash we accept, so only documents of the manifest pass.
        const untrusted = trusted && query !== null ? trusted.admit({ query }) : null;
        if (untrusted) return refuse(response, untrusted);
        const refusal = query ? refuseDocument(query, config.maxTokens) : null;
        if (refusal) return refuse(response, refusal);
      }
      const client = principal.role === 'anonymous' ? `address:${request.socket.remoteAddress ?? '?'}` : clientOf(principal);
      const release = limiter.tryAcquire(client);
      if (!release) {
        return refuse(response, {
          status: 429,
          code: 'TOO_MANY_REQUESTS',
          message: 'Too many requests running at once for this client: wait for one to finish',
          headers: { 'retry-after': '1' },
        });
      }
      try {
        await executeGraphQL(apollo, request, response, raw, async () => ({ caller: { principal, requestId: randomUUID(), purpose } }), parsed);
      } finally {
        release();
      }
      return;
    }
    sendJson(response, 404, { errors: [{ message: 'Not found: the graph is at /graphql' }] });
  };

  const port = await listen(server, config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
  logger.info({ url }, 'gateway listening');
  return {
    url,
    port,
    async stop() {
      await closeServer(server);
      await apollo.stop();
    },
  };
}
