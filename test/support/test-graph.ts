// The whole graph over real HTTP on a test file's own database copies: subgraphs on loopback
// ports, the gateway in front, signed calls between them, exactly as `npm start` runs it.
import { randomBytes } from 'node:crypto';
import { RunningGraph, startGraph } from '../../gateway/graph';
import { readGatewayConfig, SigningConfig } from '../../subgraphs/kit/config';
import { createTestDatabases, TestDatabases } from './test-databases';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestGraph {
  graph: RunningGraph;
  databases: TestDatabases;
  signing: SigningConfig;
  query<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export async function startTestGraph(): Promise<TestGraph> {
  const databases = await createTestDatabases();
  const signing: SigningConfig = { secret: randomBytes(32).toString('base64url'), maxAgeSeconds: 30 };
  const graph = await startGraph({
    databaseUrls: databases.urls,
    signing,
    gateway: { ...readGatewayConfig({}), port: 0, subgraphTimeoutMs: 3000 },
  });
  return {
    graph,
    databases,
    signing,
    async query(query, variables) {
      const response = await fetch(graph.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async stop() {
      await graph.stop();
      await databases.drop();
    },
  };
}
