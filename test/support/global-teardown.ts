import fs from 'node:fs';
import type { EmbeddedPostgres } from '../../subgraphs/kit/embedded-postgres';
import { testRunDir } from './test-cluster';

export default async function globalTeardown(): Promise<void> {
  const postgres = (globalThis as { __testPostgres?: EmbeddedPostgres }).__testPostgres;
  await postgres?.stop();
  // The test cluster is rebuilt every run: leave nothing behind (it may live in /var/tmp).
  if (postgres) {
    for (const leftover of [postgres.dataDir, `${postgres.dataDir}.password`, `${postgres.dataDir}.log`]) {
      fs.rmSync(leftover, { recursive: true, force: true });
    }
  }
  fs.rmSync(testRunDir(), { recursive: true, force: true });
}
