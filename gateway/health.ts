// Liveness and readiness, kept apart so that each answers its own question:
// - `GET /health` (liveness): the gateway process answers. 200 whatever the subgraphs do: an
//   orchestrator that restarts a gateway because a legacy database is down would gain nothing.
// - `GET /ready` (readiness): every subgraph answers its signed `GET /ready` in time AND every
//   database it reads answers (subgraphs/kit/readiness.ts); 503 otherwise, naming each dependency
//   and its state, so a load balancer takes the gateway out and an operator sees which part is gone.
// Neither discloses a URL or a host: subgraphs and databases are named by role.
import type { SigningConfig, SubgraphName } from '../subgraphs/kit/config';
import type { DependencyState, SubgraphReadiness } from '../subgraphs/kit/readiness';
import { signRequest } from '../subgraphs/kit/signature';
import type { BreakerState, CircuitBreaker } from './breaker';

/** Longer than a subgraph's own database probe (kit/readiness.ts DATABASE_PING_TIMEOUT_MS). */
const READY_TIMEOUT_MS = 2000;

export interface LivenessReport {
  ok: true;
}

export function liveness(): LivenessReport {
  return { ok: true };
}

export interface SubgraphReadinessReport {
  /** The subgraph process: `down` when it does not answer its readiness probe in time. */
  service: DependencyState;
  /** Each database it reads, by role; absent when the subgraph itself did not answer. */
  databases?: Record<string, DependencyState>;
  /** The gateway's circuit breaker for it (gateway/breaker.ts): `open` while calls are refused. */
  breaker?: BreakerState;
}

export interface ReadinessReport {
  ok: boolean;
  subgraphs: Partial<Record<SubgraphName, SubgraphReadinessReport>>;
}

/** Where a subgraph answers readiness: `ready` beside its GraphQL path (`…/graphql` → `…/ready`). */
export function readinessUrl(graphqlUrl: string): string {
  return new URL('ready', graphqlUrl).toString();
}

async function probe(name: SubgraphName, url: string, signing: SigningConfig): Promise<SubgraphReadinessReport> {
  try {
    const response = await fetch(readinessUrl(url), {
      method: 'GET',
      headers: signRequest(signing, name, ''),
      signal: AbortSignal.timeout(READY_TIMEOUT_MS),
    });
    const body = (await response.json()) as Partial<SubgraphReadiness>;
    const databases = body.databases && typeof body.databases === 'object' ? body.databases : undefined;
    // 200 and 503 are the subgraph's answer; anything else (401: another secret) means it cannot serve us.
    if ((response.status !== 200 && response.status !== 503) || !databases) return { service: 'down' };
    return { service: 'up', databases };
  } catch {
    return { service: 'down' };
  }
}

export async function checkReadiness(
  urls: Record<SubgraphName, string>,
  signing: SigningConfig,
  breakers: Partial<Record<SubgraphName, CircuitBreaker>> = {},
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    (Object.entries(urls) as [SubgraphName, string][]).map(async ([name, url]) => {
      const report = await probe(name, url, signing);
      const breaker = breakers[name]?.state;
      return [name, breaker ? { ...report, breaker } : report] as const;
    }),
  );
  const ready = ([, report]: readonly [SubgraphName, SubgraphReadinessReport]): boolean =>
    report.service === 'up' && Object.values(report.databases ?? {}).every((state) => state === 'up');
  return { ok: entries.every(ready), subgraphs: Object.fromEntries(entries) };
}
