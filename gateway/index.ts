// The gateway alone, in front of separately started subgraphs (`npm run start:subgraph -- <name>`):
// every *_SUBGRAPH_URL and GATEWAY_SIGNING_SECRET must be set.
import 'reflect-metadata';
import { ConfigError, readAuthConfig, readGatewayConfig, readSigningConfig } from '../subgraphs/kit/config';
import { registry } from '../subgraphs/channels';
import { createAuthenticator } from './auth';
import { developmentSecret } from './dev-tokens';
import { logger } from '../subgraphs/kit/logger';
import { readCommittedSupergraph } from '../schema/compose';
import { startGateway } from './server';
import { onShutdown } from '../subgraphs/kit/shutdown';

async function main(): Promise<void> {
  const config = readGatewayConfig();
  const authConfig = readAuthConfig();
  const { subgraphNames, subgraphUrlVariables } = registry();
  const missing = subgraphNames.filter((name) => !config.subgraphUrls[name]).map((name) => subgraphUrlVariables[name]);
  if (missing.length > 0) {
    throw new ConfigError(`The gateway alone needs every subgraph's URL: ${missing.join(', ')} missing (see .env.example); "npm start" runs everything in one process`);
  }
  const supergraphSdl = readCommittedSupergraph();
  if (!supergraphSdl) throw new ConfigError('schema/supergraph.graphql is missing: run "npm run compose"');
  const gateway = await startGateway({
    supergraphSdl,
    subgraphUrls: config.subgraphUrls as Record<string, string>,
    signing: readSigningConfig(),
    config,
    auth: createAuthenticator(authConfig, authConfig.jwksUrl ? undefined : developmentSecret(authConfig)),
  });
  onShutdown(() => gateway.stop());
}

main().catch((error: unknown) => {
  logger.fatal({ err: (error as Error).message }, 'gateway failed to start');
  console.error(`gateway: ${(error as Error).message}`);
  process.exit(1);
});
