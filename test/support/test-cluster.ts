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

export const TEST_STATE_FILE = projectPath('.data', 'test-cluster.json');
export const TEST_DATA_DIR = projectPath('.data', 'test-postgres');
export const TEMPLATE_SUFFIX = '_tpl';
/** The generated data set every test file starts from: small enough to copy in a blink. */
export const TEST_PEOPLE = 400;
export const TEST_SEED = 20261123;

export function readTestCluster(): TestClusterState {
  if (!fs.existsSync(TEST_STATE_FILE)) {
    throw new Error(`No test cluster: ${TEST_STATE_FILE} is missing (run the tests with "npm test", which starts it).`);
  }
  return JSON.parse(fs.readFileSync(TEST_STATE_FILE, 'utf8')) as TestClusterState;
}
