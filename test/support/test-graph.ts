// The whole graph over real HTTP on a test file's own database copies: subgraphs on loopback
// ports, the gateway in front, signed calls between them, exactly as `npm start` runs it.
// Queries carry a development token: a privacy officer's (who may read everything) unless a test
// says who asks, so that tests about data are not tests about access (test/access.e2e.test.ts is).
import { randomBytes, randomUUID } from 'node:crypto';
import { createAuthenticator } from '../../gateway/auth';
import { RunningGraph, startGraph } from '../../gateway/graph';
import { RunningGateway, startGateway } from '../../gateway/server';
import { readCommittedSupergraph } from '../../schema/compose';
import { signDevelopmentToken, DevTokenRequest } from '../../gateway/dev-tokens';
import { Caller, encodeCaller, Principal } from '../../subgraphs/kit/access/principal';
import { AuthConfig, DEFAULT_AUDIENCE, DEVELOPMENT_ISSUER, readGatewayConfig, SigningConfig, SubgraphName } from '../../subgraphs/kit/config';
import { signRequest } from '../../subgraphs/kit/signature';
import { createTestDatabases, TestDatabases } from './test-databases';
import { Database, openDatabase } from '../../subgraphs/kit/database';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Who sends a test query: a token request, a raw token (null: none, anonymous), and a purpose. */
export interface AsWhom {
  as?: DevTokenRequest | null;
  token?: string | null;
  purpose?: string;
  headers?: Record<string, string>;
}

export const PRIVACY_OFFICER: DevTokenRequest = { role: 'privacy_officer', subject: 'test-officer' };

/** The principal a privacy officer's token yields, for tests that call a subgraph directly. */
export const OFFICER_PRINCIPAL: Principal = { subject: 'test-officer', role: 'privacy_officer', scopes: [] };

/** Signature headers for a direct call to the subgraph `audience` on behalf of `principal` (a privacy officer by default). */
export function signAs(signing: SigningConfig, audience: string, body: string, principal: Principal = OFFICER_PRINCIPAL): Record<string, string> {
  const caller: Caller = { principal, requestId: randomUUID(), purpose: null };
  return signRequest(signing, audience, body, encodeCaller(caller));
}

export interface TestGraph {
  graph: RunningGraph;
  databases: TestDatabases;
  signing: SigningConfig;
  auth: AuthConfig;
  /** A development token for this graph. */
  token(request: DevTokenRequest): Promise<string>;
  query<T = any>(query: string, variables?: Record<string, unknown>, who?: AsWhom): Promise<GraphQLResponse<T>>;
  /**
   * Another gateway in front of the same subgraphs, configured from `env` as `readGatewayConfig`
   * reads it (e.g. `{ NODE_ENV: 'production' }` or `{ MAX_QUERY_COST: '100' }`), with this graph's
   * tokens; stopped with the graph.
   */
  startGateway(env: Record<string, string>): Promise<RunningGateway>;
  /** A connection pool on one of this graph's databases (`customer`, `store` …), opened once, closed with the graph. */
  database(role: string): Database;
  stop(): Promise<void>;
}

export function testAuthConfig(): AuthConfig {
  return { devSecret: randomBytes(32).toString('base64url'), issuer: DEVELOPMENT_ISSUER, audience: DEFAULT_AUDIENCE, clockToleranceSeconds: 5 };
}

/** `supergraphSdl`: a supergraph composed by the test (a channel it registers); default the committed one. */
export async function startTestGraph(options: { supergraphSdl?: string } = {}): Promise<TestGraph> {
  const databases = await createTestDatabases();
  const signing: SigningConfig = { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 };
  const auth = testAuthConfig();
  const graph = await startGraph({
    ...options,
    databaseUrls: databases.urls,
    signing,
    auth,
    // Generous: CI machines are shared and noisy; a merge under load took more than 3 s (seen twice).
    gateway: { ...readGatewayConfig({}), port: 0, subgraphTimeoutMs: 10_000 },
  });
  const token = (request: DevTokenRequest): Promise<string> => signDevelopmentToken(auth.devSecret!, auth, request);
  const others: RunningGateway[] = [];
  const pools = new Map<string, Database>();
  return {
    graph,
    databases,
    signing,
    auth,
    token,
    async query(query, variables, who = {}) {
      const bearer = who.token !== undefined ? who.token : who.as === null ? null : await token(who.as ?? PRIVACY_OFFICER);
      const response = await fetch(graph.gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(who.purpose ? { 'x-purpose': who.purpose } : {}),
          ...who.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async startGateway(env) {
      const subgraphUrls = Object.fromEntries([...graph.subgraphs].map(([name, running]) => [name, running.url])) as Record<SubgraphName, string>;
      const gateway = await startGateway({
        supergraphSdl: readCommittedSupergraph()!,
        subgraphUrls,
        signing,
        config: { ...readGatewayConfig(env), port: 0, host: '127.0.0.1', subgraphTimeoutMs: 10_000 },
        auth: createAuthenticator(auth),
      });
      others.push(gateway);
      return gateway;
    },
    database(role) {
      let db = pools.get(role);
      if (!db) {
        const url = (databases.urls as Record<string, string>)[role];
        if (!url) throw new Error(`no database "${role}" in this test graph`);
        db = openDatabase({ name: `test-${role}`, url, max: 2 });
        pools.set(role, db);
      }
      return db;
    },
    async stop() {
      await Promise.all([...pools.values()].map((db) => db.close()));
      await Promise.all(others.map((gateway) => gateway.stop()));
      await graph.stop();
      await databases.drop();
    },
  };
}
