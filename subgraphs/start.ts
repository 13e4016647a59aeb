// `npm run start:subgraph -- <name>`: one subgraph as its own process, for running the graph as
// separate services (docker-compose.yml). Needs its database URL and GATEWAY_SIGNING_SECRET.
import 'reflect-metadata';
import { onShutdown } from './kit/shutdown';
import { registry } from './channels';
import { ConfigError, readReadModelSetting, readSigningConfig, readSubgraphListenConfig } from './kit/config';
import { openDatabase } from './kit/database';
import { HUB_ROLE } from './kit/databases';
import { serveSubgraph } from './kit/subgraph';
import { openAccessLog } from './kit/access/access-log';
import { NO_READ_MODELS, readModelReader, selectReadModels } from './kit/read-model';

async function main(): Promise<void> {
  const name = process.argv[2];
  const { definitions, databases } = registry();
  const definition = definitions.find((candidate) => candidate.name === name);
  if (!definition) {
    throw new ConfigError(`usage: npm run start:subgraph -- <${definitions.map((candidate) => candidate.name).join('|')}>`);
  }
  const variable = databases.urlVariables[definition.database];
  const url = process.env[variable];
  if (!url) throw new ConfigError(`${variable} is required to start the ${definition.name} subgraph`);
  // Every subgraph writes who read whose personal data into the hub's access log.
  const hubUrl = process.env[databases.urlVariables[HUB_ROLE]];
  if (!hubUrl) throw new ConfigError(`${databases.urlVariables[HUB_ROLE]} is required to start the ${definition.name} subgraph: it writes the access log there`);
  const db = openDatabase({ name: definition.database, url });
  const accessLog = openAccessLog(hubUrl);
  // READ_MODEL (kit/read-model.ts): this channel's tables whose keys the hub copies, read from there.
  const readModelSpecs = selectReadModels(readReadModelSetting(), registry().indexes).filter((spec) => spec.system === definition.database);
  const readModelDb = readModelSpecs.length > 0 ? openDatabase({ name: 'read_model', url: hubUrl, max: 4 }) : null;
  const readModels = readModelDb ? readModelReader(readModelDb, readModelSpecs) : NO_READ_MODELS;
  const running = await serveSubgraph(definition, db, readSigningConfig(), readSubgraphListenConfig(), accessLog, { readModels });
  onShutdown(async () => {
    await running.stop();
    await accessLog.close();
    await readModelDb?.close();
    await db.close();
  });
}

main().catch((error: unknown) => {
  console.error(`subgraph: ${(error as Error).message}`);
  process.exit(1);
});
