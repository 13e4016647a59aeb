import fs from 'node:fs';
import type { EmbeddedPostgres } from '../../subgraphs/kit/embedded-postgres';
import { TEST_STATE_FILE } from './test-cluster';

export default async function globalTeardown(): Promise<void> {
  const postgres = (globalThis as { __testPostgres?: EmbeddedPostgres }).__testPostgres;
  await postgres?.stop();
  fs.rmSync(TEST_STATE_FILE, { force: true });
}
