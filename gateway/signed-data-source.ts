// How the gateway calls a subgraph: it signs the exact body it sends (the subgraph refuses
// anything else), gives up after a timeout (@apollo/gateway has none), goes through the
// subgraph's circuit breaker (gateway/breaker.ts: refused at once while the subgraph or its
// legacy system is down), and turns a transport failure or a refusal into an error that names the
// service and nothing else (no URL, host or errno).
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import type { SigningConfig } from '../subgraphs/kit/config';
import { logger } from '../subgraphs/kit/logger';
import { Caller, encodeCaller } from '../subgraphs/kit/access/principal';
import { PRINCIPAL_HEADER, signRequest } from '../subgraphs/kit/signature';
import { BreakerOpenError, CircuitBreaker } from './breaker';

/** What the gateway keeps per client request: the verified caller (gateway/server.ts). */
export interface GatewayContext {
  caller: Caller;
}

/**
 * Whether the breaker counts a subgraph's answer as a failure: a server error, or an answer whose
 * every error says the subgraph's own legacy system is out of reach (its database refuses or is
 * gone; calling again soon would only wait for the same refusal). Refusals (FORBIDDEN…) and
 * client mistakes are answers, not failures.
 */
export function isFailedAnswer(status: number, text: string): boolean {
  if (status >= 500) return true;
  try {
    return isFailedResult(status, JSON.parse(text));
  } catch {
    return false;
  }
}

/** `isFailedAnswer` on an answer already read (the in-process path: no text to parse). */
export function isFailedResult(status: number, result: unknown): boolean {
  if (status >= 500) return true;
  const errors = (result as { errors?: { extensions?: { code?: unknown } }[] } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((error) => error?.extensions?.code === 'UPSTREAM_UNAVAILABLE');
}

/**
 * Signs the exact body and the caller header that `willSendRequest` set (so the signature covers
 * who asks), and times the call out. With a breaker, the call goes through it (BreakerOpenError
 * when refused) and the answer is read whole, to be judged, before it is handed on.
 */
export function signingFetcher(signing: SigningConfig, audience: string, timeoutMs: number, breaker?: CircuitBreaker): Fetcher {
  return async (url, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const given = (init?.headers as Record<string, string> | undefined) ?? {};
    const headers = { ...given, ...signRequest(signing, audience, body, given[PRINCIPAL_HEADER] ?? '') };
    const call = () =>
      fetch(url, {
        method: init?.method ?? 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    if (!breaker) return (await call()) as unknown as Awaited<ReturnType<Fetcher>>;
    const answer = await breaker.run(
      async () => {
        const response = await call();
        return { response, text: await response.text() };
      },
      ({ response, text }) => isFailedAnswer(response.status, text),
    );
    const { status, statusText, headers: answerHeaders } = answer.response;
    return new Response(answer.text, { status, statusText, headers: answerHeaders }) as unknown as Awaited<ReturnType<Fetcher>>;
  };
}

/**
 * What a failed subgraph call becomes in the client's answer, whichever way it was made (signed
 * HTTP or in process): logged without personal data, and an UPSTREAM_UNAVAILABLE error at the path
 * where this service's fields are missing (an entity fetch's path), the rest of the answer kept.
 */
export function unavailable(serviceName: string, error: unknown, options: GraphQLDataSourceProcessOptions<GatewayContext>): GraphQLError {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // A refusal by the open breaker is expected while the subgraph is down: its opening was logged.
  if (error instanceof BreakerOpenError) logger.debug({ serviceName }, 'subgraph call refused: circuit open');
  else logger.warn({ serviceName, reason }, 'subgraph call failed');
  const path = 'pathInIncomingRequest' in options && options.pathInIncomingRequest ? [...options.pathInIncomingRequest] : undefined;
  return new GraphQLError(`The ${serviceName} service is unavailable`, {
    path,
    extensions: { code: 'UPSTREAM_UNAVAILABLE', serviceName },
  });
}

export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    url: string,
    signing: SigningConfig,
    timeoutMs: number,
    breaker?: CircuitBreaker,
  ) {
    // No client header is copied to the subgraph request: identity headers a client sends never pass.
    super({ url, fetcher: signingFetcher(signing, serviceName, timeoutMs, breaker) });
  }

  /** Only the gateway's verified caller goes to the subgraph; nothing the client sent as a header. */
  override willSendRequest(options: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    const caller = options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? options.context.caller : undefined;
    options.request.http?.headers.set(PRINCIPAL_HEADER, caller ? encodeCaller(caller) : '');
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options);
    } catch (error) {
      throw unavailable(this.serviceName, error, options);
    }
  }
}
