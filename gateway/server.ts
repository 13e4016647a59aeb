// The gateway, built but not listening (STYLE 1): @apollo/gateway on the committed supergraph,
// served by @apollo/server, with query limits, signed subgraph calls with a timeout, masked
// errors, /health and /metrics. Thin on purpose: business rules live in the subgraphs.
import http from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GatewayConfig, SigningConfig, SubgraphName } from '../subgraphs/kit/config';
import { closeServer, executeGraphQL, HttpError, listen, readBody, sendJson } from '../subgraphs/kit/http';
import { logger } from '../subgraphs/kit/logger';
import { checkSubgraphs } from './health';
import { maskGatewayError } from './mask-errors';
import { createMetrics } from './metrics';
import { queryCostPlugin } from './query-cost';
import { SignedDataSource } from './signed-data-source';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph of the supergraph answers now (replaces the committed placeholders). */
  subgraphUrls: Record<SubgraphName, string>;
  signing: SigningConfig;
  config: GatewayConfig;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, signing, subgraphUrls } = options;
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      const url = subgraphUrls[name as SubgraphName];
      if (!url) throw new Error(`The supergraph names a subgraph "${name}" that is not configured`);
      return new SignedDataSource(name, url, signing, config.subgraphTimeoutMs);
    },
  });
  const armor = new ApolloArmor({
    maxDepth: { n: config.maxDepth },
    maxAliases: { n: config.maxAliases },
    maxTokens: { n: config.maxTokens },
    maxDirectives: { n: config.maxDirectives },
    // Cost is ours (gateway/query-cost.ts): armor's counted `first: $n` as 1 and priced depth, not values.
    costLimit: { enabled: false },
    // Suggestions reveal nothing that introspection would not; analysts in the explorer need them.
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const protection = armor.protect();
  const metrics = createMetrics();
  const apollo = new ApolloServer({
    gateway,
    introspection: config.introspection,
    plugins: [...protection.plugins, queryCostPlugin(config.maxCost), metrics.plugin, ApolloServerPluginLandingPageLocalDefault({ embed: true })],
    validationRules: protection.validationRules,
    allowBatchedHttpRequests: false,
    // Shutdown is ours (gateway/shutdown.ts): Apollo's own signal handlers would race with it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: maskGatewayError,
  });
  await apollo.start();

  const server = http.createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(response, error.status, { errors: [{ message: error.message }] });
      logger.error({ err: (error as Error).message }, 'gateway request failed');
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal error' }] });
    });
  });
  const route = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/health' && request.method === 'GET') {
      const report = await checkSubgraphs(subgraphUrls, signing);
      sendJson(response, report.ok ? 200 : 503, report);
      return;
    }
    if (path === '/metrics' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': metrics.registry.contentType });
      response.end(await metrics.registry.metrics());
      return;
    }
    if (path === '/graphql' || path === '/') {
      const body = request.method === 'POST' ? await readBody(request) : '';
      await executeGraphQL(apollo, request, response, body, async () => ({}));
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
