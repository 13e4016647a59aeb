// `npm start`: the one-command development start. Databases from provideDevelopmentDatabases
// (embedded PostgreSQL in .data/ unless every *_DATABASE_URL is set), a generated data set on the
// first start into empty embedded legacy databases (with its ground truth), then the whole graph in
// one process (gateway/single-process.ts): identities resolved, the five subgraphs, the gateway
// with its explorer at http://localhost:4000. Against external databases nothing is generated:
// `npm run db:setup -- --legacy --generate N` does that. With GRAPH_PROCESSES > 1 (default: one per
// core) this script is also what each cluster worker runs: a worker only serves the graph.
import 'reflect-metadata';
import cluster from 'node:cluster';
import cliProgress from 'cli-progress';
import { readDataSetConfig } from '../subgraphs/kit/config';
import { logger } from '../subgraphs/kit/logger';
import { runGraphWorker, runSingleProcessGraph } from '../gateway/single-process';
import { generateDataSet } from './data/generate';
import { prepareGroundTruth } from './data/ground-truth';
import { DevelopmentDatabases, legacyIsEmpty, provideDevelopmentDatabases } from './databases';

async function generateFirstData(databases: DevelopmentDatabases): Promise<void> {
  const { people, seed } = readDataSetConfig();
  console.log(`First start: generating a data set of ${people} people (seed ${seed}) into the embedded legacy databases…`);
  const bar = new cliProgress.SingleBar({ format: ' {bar} {percentage}% | {label}', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(1, 0, { label: '' });
  try {
    const report = await generateDataSet({
      urls: databases.urls,
      people,
      seed,
      onProgress: (done, total, label) => {
        bar.setTotal(total);
        bar.update(done, { label });
      },
    });
    bar.stop();
    console.log(`Generated ${report.totalRows} rows in ${report.seconds.toFixed(1)} s (${Math.round(report.rowsPerSecond)} rows/s).`);
  } catch (error) {
    bar.stop();
    throw error;
  }
}

async function main(): Promise<void> {
  if (cluster.isWorker) return runGraphWorker();
  const databases = await provideDevelopmentDatabases();
  try {
    if (databases.embedded && (await legacyIsEmpty(databases.urls.store))) {
      await prepareGroundTruth(databases.urls.truth, { create: true });
      await generateFirstData(databases);
    }
  } catch (error) {
    await databases.stop();
    throw error;
  }
  await runSingleProcessGraph(databases);
}

main().catch((error: unknown) => {
  logger.fatal({ err: (error as Error).message }, 'start failed');
  console.error(`npm start failed: ${(error as Error).message}`);
  process.exit(1);
});
