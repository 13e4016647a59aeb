// Hive Gateway (npm @graphql-hive/gateway) serving the committed supergraph: the scale-out path when
// one Node gateway is not enough. The subgraphs are the same; only the gateway changes:
//
//   npx hive-gateway supergraph schema/supergraph.graphql -c gateway/hive/gateway.config.ts --port 4000
//
// with the five *_SUBGRAPH_URL, GATEWAY_SIGNING_SECRET and AUTH_* variables of our own gateway
// (README "Hive Gateway (scale-out)"). Every subgraph request is signed: Hive's upstream HMAC plugin,
// with the shared secret, over the query, the variables, the claims Hive's JWT plugin verified and
// forwards, and our stamp (time, subgraph, nonce, request id, purpose), so that the subgraphs hold a
// Hive request to the same rules as one of our gateway's (subgraphs/kit/signature.ts).
import { randomUUID } from 'node:crypto';
import {
  createInlineSigningKeyProvider,
  createRemoteJwksSigningKeyProvider,
  defaultExecutionRequestSerializer,
  defineConfig,
  extractFromHeader,
  useHmacUpstreamSignature,
  type GatewayPlugin,
} from '@graphql-hive/gateway';
import { PURPOSE } from '../../subgraphs/kit/access/principal';
import { ConfigError, readAuthConfig, readGatewayConfig, readSigningConfig } from '../../subgraphs/kit/config';
import { HIVE_JWT_EXTENSION, HIVE_STAMP_EXTENSION, hiveSignedContent, hiveStamp } from '../../subgraphs/kit/signature';

const signing = readSigningConfig(process.env);
const auth = readAuthConfig(process.env);
const gateway = readGatewayConfig(process.env);
if (Object.keys(gateway.subgraphUrls).length === 0) {
  throw new ConfigError('Hive Gateway calls separately started subgraphs: set every <NAME>_SUBGRAPH_URL (CUSTOMER_SUBGRAPH_URL, STORE_SUBGRAPH_URL …)');
}
if (!auth.jwksUrl && !auth.devSecret) {
  throw new ConfigError('Hive Gateway verifies tokens with AUTH_JWKS_URL (production) or AUTH_DEV_SECRET (development): set one');
}

/**
 * Stamps every subgraph request before it is signed: when, for which subgraph, a nonce (so a
 * subgraph accepts it once), the client request's id and its declared purpose. Forwarded claims
 * pass only when Hive's JWT plugin verified a token for this request: claims a client sent in its
 * own `extensions` never reach a subgraph. A malformed `x-purpose` is refused (400), as by our gateway.
 */
function useCustomerGraphStamp(): GatewayPlugin {
  const requestIds = new WeakMap<object, string>();
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const purpose = request.headers.get('x-purpose');
      if (purpose && !PURPOSE.test(purpose)) {
        const message = 'x-purpose must be a short code: a lower-case letter, then up to 39 of a-z 0-9 _ . -';
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }), {
            status: 400,
            headers: { 'content-type': 'application/json' },
          }),
        );
      }
    },
    onSubgraphExecute({ subgraphName, executionRequest, setExecutionRequest }) {
      const context = (executionRequest.context ?? {}) as { request?: Request; jwt?: unknown };
      let requestId = requestIds.get(context);
      if (!requestId) requestIds.set(context, (requestId = randomUUID()));
      const purpose = context.request?.headers.get('x-purpose') || null;
      const { [HIVE_JWT_EXTENSION]: forwarded, ...extensions } = executionRequest.extensions ?? {};
      setExecutionRequest({
        ...executionRequest,
        extensions: {
          ...extensions,
          ...(context.jwt && forwarded ? { [HIVE_JWT_EXTENSION]: forwarded } : {}),
          [HIVE_STAMP_EXTENSION]: hiveStamp(subgraphName, requestId, purpose),
        },
      });
    },
  };
}

export const gatewayConfig = defineConfig({
  // Where each subgraph answers (the supergraph's URLs are placeholders).
  transportEntries: Object.fromEntries(Object.entries(gateway.subgraphUrls).map(([name, location]) => [name, { location }])),
  upstreamTimeout: gateway.subgraphTimeoutMs,
  // Bearer tokens verified as our gateway verifies them (gateway/auth.ts): the same key, issuer,
  // audience, algorithms and leeway. No token is anonymous; a refused token is refused here.
  jwt: {
    signingKeyProviders: [
      auth.jwksUrl ? createRemoteJwksSigningKeyProvider({ jwksUri: auth.jwksUrl, cache: true, rateLimit: true }) : createInlineSigningKeyProvider(auth.devSecret!),
    ],
    tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
    tokenVerification: {
      issuer: auth.issuer,
      audience: auth.audience,
      algorithms: auth.jwksUrl ? ['RS256', 'ES256'] : ['HS256'],
      clockTolerance: auth.clockToleranceSeconds,
    },
    reject: { missingToken: false, invalidToken: true },
    // The verified claims go to every subgraph (signed below); the token itself does not.
    forward: { payload: true, token: false },
  },
  // Listed here rather than as the `hmacSignature` option: Hive runs that option's plugin before the
  // JWT plugin and this list, so its signature could not cover the forwarded claims and the stamp.
  plugins: (): GatewayPlugin[] => [
    useCustomerGraphStamp(),
    useHmacUpstreamSignature({
      secret: signing.secret,
      serializeExecutionRequest: (request) => {
        // Hive's own serialisation gives the query exactly as it is sent; extensions are added.
        const { query, variables } = JSON.parse(defaultExecutionRequestSerializer(request)!) as { query: string; variables?: unknown };
        return hiveSignedContent({ query, variables, extensions: request.extensions });
      },
    }) as GatewayPlugin, // the same plugin type, declared by a copy of Hive's logger package
  ],
  maxDepth: gateway.maxDepth,
  maxTokens: gateway.maxTokens,
  ...(gateway.introspection ? {} : { disableIntrospection: {} }),
  blockFieldSuggestions: gateway.production,
  graphiql: !gateway.production,
  landingPage: !gateway.production,
});
