// A private copy of every database for one test file, made from the run's templates in a
// fraction of a second (CREATE DATABASE … TEMPLATE): tests may write freely, in parallel.
import { randomBytes } from 'node:crypto';
import { ALL_ROLES, DATABASE_NAMES, DatabaseRole, urlsOnServer, withDatabase } from '../../subgraphs/kit/databases';
import { readTestCluster } from './test-cluster';

export interface TestDatabases {
  urls: Record<DatabaseRole, string>;
  adminUrl: string;
  drop(): Promise<void>;
}

export async function createTestDatabases(): Promise<TestDatabases> {
  const cluster = readTestCluster();
  const suffix = `_t${randomBytes(4).toString('hex')}`;
  await withDatabase('admin', cluster.adminUrl, async (admin) => {
    for (const role of ALL_ROLES) {
      // Names come from our constant list plus a hex suffix: safe to interpolate.
      await admin.query(`CREATE DATABASE ${DATABASE_NAMES[role]}${suffix} TEMPLATE ${DATABASE_NAMES[role]}${cluster.templateSuffix}`);
    }
  });
  return {
    urls: urlsOnServer(cluster.adminUrl, suffix),
    adminUrl: cluster.adminUrl,
    drop: () =>
      withDatabase('admin', cluster.adminUrl, async (admin) => {
        for (const role of ALL_ROLES) await admin.query(`DROP DATABASE IF EXISTS ${DATABASE_NAMES[role]}${suffix} WITH (FORCE)`);
      }),
  };
}
