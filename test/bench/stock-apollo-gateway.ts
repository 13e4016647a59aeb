// The baseline of `npm run bench`: stock @apollo/gateway with its default options, served by
// @apollo/server's standalone server, plus only what our subgraphs require to answer at all — the
// caller from a verified token and the signature on each subgraph request (the same signRequest).
// No breaker, timeout, limits, cost, metrics or error masking. A child process of the bench:
// `node dist/test/bench/stock-apollo-gateway.js`, configured by environment (below); prints
// `listening <url>` once it serves.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createAuthenticator } from '../../gateway/auth';
import { GatewayContext, signingFetcher } from '../../gateway/signed-data-source';
import { readCommittedSupergraph } from '../../schema/compose';
import { encodeCaller } from '../../subgraphs/kit/access/principal';
import { readAuthConfig, readGatewayConfig, readSigningConfig, SubgraphName } from '../../subgraphs/kit/config';
import { PRINCIPAL_HEADER } from '../../subgraphs/kit/signature';

async function main(): Promise<void> {
  const signing = readSigningConfig();
  const { subgraphUrls, port } = readGatewayConfig();
  const auth = createAuthenticator(readAuthConfig());
  const gateway = new ApolloGateway({
    supergraphSdl: readCommittedSupergraph()!,
    buildService: ({ name }) =>
      new (class extends RemoteGraphQLDataSource<GatewayContext> {
        override willSendRequest(options: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
          const caller = 'context' in options && options.context.caller ? options.context.caller : undefined;
          options.request.http?.headers.set(PRINCIPAL_HEADER, caller ? encodeCaller(caller) : '');
        }
      })({ url: subgraphUrls[name as SubgraphName], fetcher: signingFetcher(signing, name, 60_000) }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async ({ req }) => {
      const purpose = typeof req.headers['x-purpose'] === 'string' ? req.headers['x-purpose'] : null;
      return { caller: { principal: await auth.authenticate(req.headers.authorization), requestId: randomUUID(), purpose } };
    },
  });
  console.log(`listening ${url}`);
  process.on('SIGTERM', () => void server.stop().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(`stock gateway: ${(error as Error).message}`);
  process.exit(1);
});
