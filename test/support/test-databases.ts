// A private copy of every database for one test file, made from the run's templates in a
// fraction of a second (CREATE DATABASE … TEMPLATE): tests may write freely, in parallel.
import { randomBytes } from 'node:crypto';
import { withDatabase } from '../../subgraphs/kit/databases';
import { DEVELOPMENT_DATABASE_NAMES, developmentUrlsOnServer, DevelopmentUrls } from '../../devtools/databases';
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
  await withDatabase('admin', cluster.adminUrl, async (admin) => {
    for (const name of DEVELOPMENT_DATABASE_NAMES) {
      // Names come from our constant list plus a hex suffix: safe to interpolate.
      await admin.query(`CREATE DATABASE ${name}${suffix} TEMPLATE ${name}${cluster.templateSuffix}`);
    }
  });
  return {
    urls: developmentUrlsOnServer(cluster.adminUrl, suffix),
    adminUrl: cluster.adminUrl,
    drop: () =>
      withDatabase('admin', cluster.adminUrl, async (admin) => {
        for (const name of DEVELOPMENT_DATABASE_NAMES) await admin.query(`DROP DATABASE IF EXISTS ${name}${suffix} WITH (FORCE)`);
      }),
  };
}
