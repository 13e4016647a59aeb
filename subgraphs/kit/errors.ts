// Errors that reach clients carry a code (STYLE 9). Anything else is an internal failure: logged
// with its detail here, sent as a bare "Internal error" so that no SQL, host or stack leaks.
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { logger } from './logger';

export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
  }
}

export class NotFoundError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'NOT_FOUND' } });
  }
}

/** Access refused by the policy (kit/access/policy.ts): names the field, says why, and nothing of its data. */
export class ForbiddenError extends GraphQLError {
  constructor(message = 'You are not allowed to see this', field?: string) {
    super(message, { extensions: { code: 'FORBIDDEN', ...(field ? { field } : {}) } });
  }
}

export class UpstreamUnavailableError extends GraphQLError {
  constructor(system: string) {
    super(`The ${system} system is unavailable`, { extensions: { code: 'UPSTREAM_UNAVAILABLE', system } });
  }
}

/** Codes whose message was written for the client and may be shown as is. */
export const CLIENT_SAFE_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'UPSTREAM_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

// Shutdown, too many connections, connection failures, and (at connect time) a database that no
// longer exists or refuses our credentials: in every case the system is out of reach for us.
const UNAVAILABLE_PG_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006', '3D000', '28000', '28P01']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
]);
// What pg says in words only: a pool or client connect timeout ("timeout exceeded when trying to
// connect", "Connection terminated due to connection timeout", a bare client's "timeout expired"),
// a server gone mid-session, a client reused after its connection failed, and a database closed to
// new connections (55000 `ALLOW_CONNECTIONS false`: the code alone also means unrelated states).
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|^timeout expired$|Connection terminated|connect ECONNREFUSED|encountered a connection error and is not queryable|is not currently accepting connections/i;

const BAD_INPUT_PG_CODES = new Set(['22021', '22P05']);

/**
 * Whether the database (or the network to it) is out of reach, as pg reports it: by code, by
 * message, or in the cause or the attempts (an `AggregateError` from a host with several addresses)
 * of the error given.
 */
export function isUnavailable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 3) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_PG_CODES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((attempt) => isUnavailable(attempt, depth + 1))) return true;
  return cause !== undefined && isUnavailable(cause, depth + 1);
}

/**
 * Subgraph-side `formatError`: coded errors go out as they are (without stack), a database outage
 * becomes UPSTREAM_UNAVAILABLE naming the system, anything else becomes "Internal error".
 */
export function formatSubgraphError(system: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as GraphQLError | undefined)?.originalError ?? error;
    const code = formatted.extensions?.code as string | undefined;
    if (code && CLIENT_SAFE_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // A value PostgreSQL cannot hold (a NUL character, an invalid byte sequence): the caller's input.
    if (BAD_INPUT_PG_CODES.has((original as { code?: string } | undefined)?.code ?? '')) {
      return { message: 'A value holds a character the system cannot store', path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (isUnavailable(original)) {
      logger.warn({ system, err: (original as Error).message }, 'legacy system unavailable');
      return { message: `The ${system} system is unavailable`, path: formatted.path, extensions: { code: 'UPSTREAM_UNAVAILABLE', system } };
    }
    logger.error({ system, err: (original as Error)?.message, stack: (original as Error)?.stack, path: formatted.path }, 'internal error');
    return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
