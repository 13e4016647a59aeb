// Where the test run's PostgreSQL cluster is and how to reach it. global-setup writes this state
// once; every test worker reads it (jest workers do not share memory with global-setup).
import fs from 'node:fs';
import { projectPath } from '../../subgraphs/kit/databases';

export interface TestClusterState {
  adminUrl: string;
  pid: number;
  /** Suffix of the template databases every test file copies (`store_legacy_tpl` …). */
  templateSuffix: string;
  people: number;
  seed: number;
}

/**
 * Each `npm test` run has its own cluster and state file (keyed by the jest process id), so two runs
 * on one machine (two engineers, an editor's runner) never stop or wipe each other's cluster.
 * global-setup publishes the state file's path in the environment, which jest workers inherit.
 */
export const TEST_STATE_VARIABLE = 'CUSTOMER_GRAPH_TEST_CLUSTER';
export function testRunDir(pid = process.pid): string {
  return projectPath('.data', 'test-runs', String(pid));
}
export const TEMPLATE_SUFFIX = '_tpl';
/** The generated data set every test file starts from: small enough to copy in a blink. */
export const TEST_PEOPLE = 400;
export const TEST_SEED = 20261123;

export function readTestCluster(): TestClusterState {
  const file = process.env[TEST_STATE_VARIABLE];
  if (!file || !fs.existsSync(file)) {
    throw new Error(`No test cluster (${TEST_STATE_VARIABLE} unset or stale): run the tests with "npm test", which starts it.`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as TestClusterState;
}
