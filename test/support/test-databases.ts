// A private copy of every database for one test file, made from the run's templates in a
// fraction of a second (CREATE DATABASE … TEMPLATE): tests may write freely, in parallel.
// A database the registry names but the run has no template of (a channel a test registers, e.g.
// test/sixth-channel.e2e.test.ts) is created the way `npm run db:setup` creates one: empty, with
// the tables its channel declares.
import { randomBytes } from 'node:crypto';
import { prepareDatabases, withDatabase } from '../../subgraphs/kit/databases';
import { registry } from '../../subgraphs/channels';
import { developmentDatabaseNames, developmentUrlsOnServer, DevelopmentUrls } from '../../devtools/databases';
import { readTestCluster } from './test-cluster';

export interface TestDatabases {
  /** The kit's databases and the generator's ground truth (`truth`). */
  urls: DevelopmentUrls;
  adminUrl: string;
  drop(): Promise<void>;
}

export async function createTestDatabases(): Promise<TestDatabases> {
  const cluster = readTestCluster();
  const suffix = `_t${randomBytes(4).toString('hex')}`;
  const names = developmentDatabaseNames();
  let withoutTemplate = false;
  await withDatabase('admin', cluster.adminUrl, async (admin) => {
    const templates = new Set(
      (await admin.query<{ datname: string }>('SELECT datname FROM pg_database')).map((row) => row.datname),
    );
    for (const name of names) {
      if (!templates.has(`${name}${cluster.templateSuffix}`)) {
        withoutTemplate = true;
        continue;
      }
      // Names come from the registry's checked names plus a hex suffix: safe to interpolate.
      await admin.query(`CREATE DATABASE ${name}${suffix} TEMPLATE ${name}${cluster.templateSuffix}`);
    }
  });
  const urls = developmentUrlsOnServer(cluster.adminUrl, suffix);
  if (withoutTemplate) await prepareDatabases(registry().databases, urls);
  return {
    urls,
    adminUrl: cluster.adminUrl,
    drop: () =>
      withDatabase('admin', cluster.adminUrl, async (admin) => {
        for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name}${suffix} WITH (FORCE)`);
      }),
  };
}
