// /health answers 200 only when every subgraph answers a signed `{ __typename }` in time, so a
// load balancer takes the gateway out when any part of the graph is gone. No URL is disclosed.
import type { SigningConfig, SubgraphName } from '../subgraphs/kit/config';
import { signRequest } from '../subgraphs/kit/signature';

const HEALTH_TIMEOUT_MS = 2000;
const PROBE = JSON.stringify({ query: '{ __typename }' });

export interface HealthReport {
  ok: boolean;
  subgraphs: Partial<Record<SubgraphName, 'up' | 'down'>>;
}

export async function checkSubgraphs(urls: Record<SubgraphName, string>, signing: SigningConfig): Promise<HealthReport> {
  const entries = await Promise.all(
    (Object.entries(urls) as [SubgraphName, string][]).map(async ([name, url]) => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signRequest(signing, name, PROBE) },
          body: PROBE,
          signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
        });
        const body = (await response.json()) as { data?: { __typename?: string } };
        return [name, response.ok && body.data?.__typename === 'Query' ? 'up' : 'down'] as const;
      } catch {
        return [name, 'down'] as const;
      }
    }),
  );
  const subgraphs = Object.fromEntries(entries) as HealthReport['subgraphs'];
  return { ok: entries.every(([, state]) => state === 'up'), subgraphs };
}
