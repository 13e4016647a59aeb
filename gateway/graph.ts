// The whole graph in one process: every subgraph on its own loopback port and the gateway in
// front. By default the gateway calls them over real, signed HTTP exactly as it would separate
// processes (the end-to-end tests); with `inProcessCalls` (`npm start`) it hands each request and
// its verified caller to the subgraph directly (gateway/in-process-data-source.ts says why that
// keeps the signature's guarantees), and the HTTP endpoints stay up for readiness and other callers.
import { registry } from '../subgraphs/channels';
import { AccessLogWriter, openAccessLog } from '../subgraphs/kit/access/access-log';
import { ANONYMOUS } from '../subgraphs/kit/access/principal';
import { AuthConfig, GatewayConfig, SigningConfig, SubgraphName } from '../subgraphs/kit/config';
import { Database, openDatabase } from '../subgraphs/kit/database';
import { DatabaseRole } from '../subgraphs/kit/databases';
import { RunningSubgraph, serveSubgraph } from '../subgraphs/kit/subgraph';
import { readCommittedSupergraph } from '../schema/compose';
import { logger } from '../subgraphs/kit/logger';
import { NO_READ_MODELS, readModelReader, selectReadModels } from '../subgraphs/kit/read-model';
import { Authenticator, createAuthenticator } from './auth';
import { developmentSecret } from './dev-tokens';
import { RunningGateway, startGateway } from './server';

export interface GraphOptions {
  databaseUrls: Record<DatabaseRole, string>;
  signing: SigningConfig;
  gateway: GatewayConfig;
  auth: AuthConfig;
  /** The supergraph to serve; default the committed schema/supergraph.graphql (a test composes its own). */
  supergraphSdl?: string;
  /**
   * For `npm run bench:access` only (never from configuration): no token verification, no field
   * policy, no access log — what the graph cost before access control, to measure its overhead.
   */
  withoutAccessControl?: boolean;
  /**
   * Subgraph calls without the loopback HTTP hop (`npm start`): same context, policies, access
   * log, breakers and timeouts. Default false: signed HTTP, as separate processes would be called.
   */
  inProcessCalls?: boolean;
  /**
   * The read models turned on (READ_MODEL, kit/config.ts readReadModelSetting: `store.TICKET` …):
   * the channels find those tables' rows through the hub's copy of their keys (kit/read-model.ts).
   * Default none: every read goes through to the legacy table.
   */
  readModels?: readonly string[];
}

export interface RunningGraph {
  gateway: RunningGateway;
  subgraphs: Map<SubgraphName, RunningSubgraph>;
  databases: Map<SubgraphName, Database>;
  /** The access log's writer, shared by the subgraphs of this process (tests flush it). */
  accessLog: AccessLogWriter;
  /** Stops one subgraph (its port stays reserved for a restart): failure tests use it. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  /** Restarts a stopped subgraph on the same port; the gateway needs no restart. */
  restartSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

export async function startGraph(options: GraphOptions): Promise<RunningGraph> {
  const supergraphSdl = options.supergraphSdl ?? readCommittedSupergraph();
  if (!supergraphSdl) throw new Error('schema/supergraph.graphql is missing: run "npm run compose"');
  const databases = new Map<SubgraphName, Database>();
  const subgraphs = new Map<SubgraphName, RunningSubgraph>();
  const ports = new Map<SubgraphName, number>();
  const definitionOf = (name: SubgraphName) => registry().definitions.find((definition) => definition.name === name)!;
  const accessLog = openAccessLog(options.databaseUrls.customer);
  const readModelSpecs = selectReadModels(options.readModels ?? [], registry().indexes);
  // The hub's copy of the keys, read by the channels that have one on: its own small pool.
  const readModelDb = readModelSpecs.length > 0 ? openDatabase({ name: 'read_model', url: options.databaseUrls.customer, max: 4 }) : null;
  const readModels = readModelDb ? readModelReader(readModelDb, readModelSpecs) : NO_READ_MODELS;
  const unprotected = options.withoutAccessControl === true;
  const auth: Authenticator = unprotected
    ? { authenticate: async () => ANONYMOUS }
    : createAuthenticator(options.auth, options.auth.jwksUrl ? undefined : developmentSecret(options.auth));

  const serve = async (name: SubgraphName, port: number): Promise<void> => {
    const definition = definitionOf(name);
    let db = databases.get(name);
    if (!db) {
      db = openDatabase({ name: definition.database, url: options.databaseUrls[definition.database] });
      databases.set(name, db);
    }
    const running = await serveSubgraph(definition, db, options.signing, { port, host: '127.0.0.1' }, accessLog, { enforce: !unprotected, readModels });
    subgraphs.set(name, running);
    ports.set(name, running.port);
  };

  try {
    for (const definition of registry().definitions) await serve(definition.name, 0);
    const subgraphUrls = Object.fromEntries([...subgraphs].map(([name, running]) => [name, running.url])) as Record<SubgraphName, string>;
    const inProcess = options.inProcessCalls
      ? Object.fromEntries([...subgraphs.keys()].map((name) => [name, () => subgraphs.get(name)]))
      : undefined;
    const gateway = await startGateway({ supergraphSdl, subgraphUrls, signing: options.signing, config: options.gateway, auth, inProcess });
    return {
      gateway,
      subgraphs,
      databases,
      accessLog,
      async stopSubgraph(name) {
        await subgraphs.get(name)?.stop();
        subgraphs.delete(name);
      },
      async restartSubgraph(name) {
        if (!subgraphs.has(name)) await serve(name, ports.get(name) ?? 0);
      },
      async stop() {
        await gateway.stop();
        logger.info('gateway stopped');
        await Promise.all([...subgraphs.values()].map((running) => running.stop()));
        logger.info('subgraphs stopped');
        await accessLog.close();
        await readModelDb?.close();
        await Promise.all([...databases.values()].map((db) => db.close()));
        logger.info('database pools closed');
      },
    };
  } catch (error) {
    await Promise.all([...subgraphs.values()].map((running) => running.stop().catch(() => undefined)));
    await Promise.all([...databases.values()].map((db) => db.close().catch(() => undefined)));
    await accessLog.close().catch(() => undefined);
    await readModelDb?.close().catch(() => undefined);
    throw error;
  }
}
