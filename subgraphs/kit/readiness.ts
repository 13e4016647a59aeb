// A subgraph's readiness: `GET /ready`, signed by the gateway like any subgraph request (empty
// body, no caller), answers whether the subgraph's database answers a `SELECT 1` within a second.
// The gateway's `/ready` asks every subgraph (gateway/health.ts). No schema change: a GraphQL field
// would need a place in the supergraph and an access decision for something no client may ask.
// The answer names the database by its role (`store`, `customer` …), never its URL or host.
// The access log's writes to the hub are not probed here: reads never wait for them (it buffers and
// retries), and the hub is the customer subgraph's own database, reported by it.
import http from 'node:http';
import type { SigningConfig } from './config';
import type { Database } from './database';
import { sendJson } from './http';
import { logger } from './logger';
import { NonceMemory, verifyRequest } from './signature';

export const READY_PATH = '/ready';
/** Well under the gateway's wait for a subgraph's answer (gateway/health.ts). */
export const DATABASE_PING_TIMEOUT_MS = 1000;

export type DependencyState = 'up' | 'down';

export interface SubgraphReadiness {
  ready: boolean;
  /** Each database the subgraph reads, by role. */
  databases: Record<string, DependencyState>;
}

export async function checkDatabases(databases: Record<string, Database>, timeoutMs = DATABASE_PING_TIMEOUT_MS): Promise<SubgraphReadiness> {
  const states = await Promise.all(
    Object.entries(databases).map(async ([role, db]): Promise<[string, DependencyState]> => {
      try {
        await db.ping(timeoutMs);
        return [role, 'up'];
      } catch (error) {
        logger.warn({ db: role, err: (error as Error).message }, 'database not ready');
        return [role, 'down'];
      }
    }),
  );
  return { ready: states.every(([, state]) => state === 'up'), databases: Object.fromEntries(states) };
}

/** Answers `GET /ready` for the subgraph `audience`: 401 unless signed for it, else 200 or 503. */
export async function answerReadiness(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  options: { audience: string; signing: SigningConfig; nonces: NonceMemory; databases: Record<string, Database> },
): Promise<void> {
  const verdict = verifyRequest(options.signing, options.audience, options.nonces, request.headers, '');
  if (!verdict.ok) {
    logger.warn({ subgraph: options.audience, reason: verdict.reason }, 'refused a readiness probe not signed by the gateway');
    response.setHeader('www-authenticate', 'CustomerGraphSignature');
    sendJson(response, 401, { errors: [{ message: `Unauthorized: ${verdict.reason}`, extensions: { code: 'UNAUTHENTICATED' } }] });
    return;
  }
  const readiness = await checkDatabases(options.databases);
  sendJson(response, readiness.ready ? 200 : 503, readiness);
}
