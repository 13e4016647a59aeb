// What a client may learn from an error: its message when it was written for clients (a code in
// CLIENT_SAFE_CODES), which service failed, and nothing else — no stack, SQL, host or URL.
import { GraphQLFormattedError } from 'graphql';
import { CLIENT_SAFE_CODES } from '../subgraphs/kit/errors';
import { logger } from '../subgraphs/kit/logger';
import { QUERY_TOO_COSTLY } from './query-cost';

/** Codes only the gateway gives, with messages written for clients too. */
const GATEWAY_CLIENT_SAFE_CODES = new Set([QUERY_TOO_COSTLY, 'TOO_MANY_REQUESTS']);

export function maskGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  const serviceName = typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined;
  const system = typeof extensions.system === 'string' ? extensions.system : undefined;
  // The refused field (FORBIDDEN) or the wrong argument (BAD_USER_INPUT): named by the subgraph for clients.
  const field = typeof extensions.field === 'string' ? extensions.field : undefined;
  const kept = {
    ...(serviceName ? { serviceName } : {}),
    ...(system ? { system } : {}),
  };
  if (code && (CLIENT_SAFE_CODES.has(code) || GATEWAY_CLIENT_SAFE_CODES.has(code))) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code, ...kept, ...(field ? { field } : {}) } };
  }
  // A subgraph that cannot be reached (refused, timed out, answered garbage) is named, not described.
  if (serviceName && code !== 'INTERNAL_SERVER_ERROR') {
    logger.warn({ serviceName, code, err: formatted.message }, 'subgraph unavailable');
    return {
      message: `The ${serviceName} service is unavailable`,
      path: formatted.path,
      extensions: { code: 'UPSTREAM_UNAVAILABLE', ...kept },
    };
  }
  logger.error({ code, serviceName, err: (error as Error)?.message, path: formatted.path }, 'internal error');
  return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', ...kept } };
}
