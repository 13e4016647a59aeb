// Once per test run: start embedded PostgreSQL, build template databases (legacy schemas, hub
// schema, and a generated data set with its ground truth), and leave their address for workers.
import fs from 'node:fs';
import path from 'node:path';
import { freePort, startEmbeddedPostgres } from '../../subgraphs/kit/embedded-postgres';
import { withDatabase } from '../../subgraphs/kit/databases';
import { developmentDatabaseNames, developmentUrlsOnServer, prepareDevelopmentDatabases } from '../../devtools/databases';
import { generateDataSet } from '../../devtools/data/generate';
import { TEMPLATE_SUFFIX, TEST_PEOPLE, TEST_SEED, TEST_STATE_VARIABLE, testRunDir, TestClusterState } from './test-cluster';

export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  removeRunsOfDeadProcesses();
  const runDir = testRunDir();
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(runDir, 'postgres'), port: await freePort(), ephemeral: true });
  (globalThis as { __testPostgres?: unknown }).__testPostgres = postgres;

  // Start every run from nothing: leftovers of a crashed run would make results depend on history.
  await withDatabase('admin', postgres.adminUrl, async (admin) => {
    const rows = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname <> 'postgres' AND NOT datistemplate",
    );
    for (const { datname } of rows) {
      if (!developmentDatabaseNames().some((name) => datname.startsWith(name))) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${datname.replace(/"/g, '')}" WITH (FORCE)`);
    }
  });
  const urls = developmentUrlsOnServer(postgres.adminUrl, TEMPLATE_SUFFIX);
  await prepareDevelopmentDatabases(urls);
  await generateDataSet({ urls, people: TEST_PEOPLE, seed: TEST_SEED });

  const state: TestClusterState = {
    adminUrl: postgres.adminUrl,
    pid: postgres.pid,
    templateSuffix: TEMPLATE_SUFFIX,
    people: TEST_PEOPLE,
    seed: TEST_SEED,
  };
  const stateFile = path.join(runDir, 'cluster.json');
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  process.env[TEST_STATE_VARIABLE] = stateFile;
}

/** A run killed before its teardown leaves its folder: drop those whose jest process is gone. */
function removeRunsOfDeadProcesses(): void {
  const runs = path.dirname(testRunDir());
  if (!fs.existsSync(runs)) return;
  for (const pid of fs.readdirSync(runs)) {
    try {
      process.kill(Number(pid), 0);
    } catch {
      fs.rmSync(path.join(runs, pid), { recursive: true, force: true });
    }
  }
}
