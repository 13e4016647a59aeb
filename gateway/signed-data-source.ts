// How the gateway calls a subgraph: it signs the exact body it sends (the subgraph refuses
// anything else) and gives up after a timeout, which @apollo/gateway does not do by itself.
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { SigningConfig } from '../subgraphs/kit/config';
import { signRequest } from '../subgraphs/kit/signature';

export function signingFetcher(signing: SigningConfig, timeoutMs: number, principal: () => string = () => ''): Fetcher {
  return async (url, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const headers = { ...(init?.headers as Record<string, string> | undefined), ...signRequest(signing, body, principal()) };
    const response = await fetch(url, {
      method: init?.method ?? 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response as unknown as Awaited<ReturnType<Fetcher>>;
  };
}

export function signedDataSource(url: string, signing: SigningConfig, timeoutMs: number): RemoteGraphQLDataSource {
  // No client header is copied to the subgraph request: identity headers a client sends never pass.
  return new RemoteGraphQLDataSource({ url, fetcher: signingFetcher(signing, timeoutMs) });
}
