// How the gateway calls a subgraph: it signs the exact body it sends (the subgraph refuses
// anything else), gives up after a timeout (@apollo/gateway has none), and turns a transport
// failure into an error that names the service and nothing else (no URL, host or errno).
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import type { SigningConfig } from '../subgraphs/kit/config';
import { logger } from '../subgraphs/kit/logger';
import { Caller, encodeCaller } from '../subgraphs/kit/access/principal';
import { PRINCIPAL_HEADER, signRequest } from '../subgraphs/kit/signature';

/** What the gateway keeps per client request: the verified caller (gateway/server.ts). */
export interface GatewayContext {
  caller: Caller;
}

/**
 * Signs the exact body and the caller header that `willSendRequest` set (so the signature covers
 * who asks), and times the call out.
 */
export function signingFetcher(signing: SigningConfig, audience: string, timeoutMs: number): Fetcher {
  return async (url, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const given = (init?.headers as Record<string, string> | undefined) ?? {};
    const headers = { ...given, ...signRequest(signing, audience, body, given[PRINCIPAL_HEADER] ?? '') };
    const response = await fetch(url, {
      method: init?.method ?? 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response as unknown as Awaited<ReturnType<Fetcher>>;
  };
}

export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    url: string,
    signing: SigningConfig,
    timeoutMs: number,
  ) {
    // No client header is copied to the subgraph request: identity headers a client sends never pass.
    super({ url, fetcher: signingFetcher(signing, serviceName, timeoutMs) });
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
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      logger.warn({ serviceName: this.serviceName, reason }, 'subgraph call failed');
      // Where in the client's answer this service's fields are missing (an entity fetch's path).
      const path = 'pathInIncomingRequest' in options && options.pathInIncomingRequest ? [...options.pathInIncomingRequest] : undefined;
      throw new GraphQLError(`The ${this.serviceName} service is unavailable`, {
        path,
        extensions: { code: 'UPSTREAM_UNAVAILABLE', serviceName: this.serviceName },
      });
    }
  }
}
