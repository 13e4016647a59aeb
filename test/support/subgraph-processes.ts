// Subgraphs as separate processes, as `npm run start:subgraph -- <name>` runs them in production:
// `node dist/subgraphs/start.js <name>` children on fixed loopback ports (so that a killed one can
// be started again where the gateway expects it). When a subgraph source is newer than its compiled
// file, what a subgraph runs is compiled first into dist/ as `npm run build` would (only that part:
// a third of the whole build's time).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { SigningConfig, SubgraphName } from '../../subgraphs/kit/config';
import { DatabaseRole, HUB_ROLE } from '../../subgraphs/kit/databases';
import { registry } from '../../subgraphs/channels';
import { freePort } from '../../subgraphs/kit/embedded-postgres';

export { freePort };

const ROOT = path.resolve(__dirname, '..', '..');
const START = path.join(ROOT, 'dist', 'subgraphs', 'start.js');
/** What a subgraph process runs: its own sources, the kit, and the shared schema language. */
const SOURCES = ['subgraphs', 'schema'];

function sourcesOf(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourcesOf(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/**
 * Compiles subgraphs/start.ts and its imports (test/support/tsconfig.subgraphs.json) into dist/
 * unless dist/subgraphs/start.js exists and no compiled subgraph or schema file is older than its source.
 */
export function ensureBuilt(): void {
  const stale =
    !fs.existsSync(START) ||
    SOURCES.flatMap((folder) => sourcesOf(path.join(ROOT, folder))).some((source) => {
      const compiled = path.join(ROOT, 'dist', path.relative(ROOT, source)).replace(/\.ts$/, '.js');
      // A source never compiled is not run by a subgraph, or is imported by a file changed since (stale).
      return fs.existsSync(compiled) && fs.statSync(compiled).mtimeMs < fs.statSync(source).mtimeMs;
    });
  if (!stale) return;
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(__dirname, 'tsconfig.subgraphs.json')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`compiling the subgraphs failed:\n${tsc.stdout}${tsc.stderr}`);
}


function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface SubgraphProcessOptions {
  name: SubgraphName;
  database: DatabaseRole;
  databaseUrls: Record<DatabaseRole, string>;
  signing: SigningConfig;
  port: number;
}

/** One subgraph process: started, killed and started again on the same port. */
export class SubgraphProcess {
  private child: ChildProcess | undefined;
  /** The child's last output (warnings and errors), shown when it fails to start. */
  private output = '';

  constructor(private readonly options: SubgraphProcessOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.options.port}/graphql`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once its port accepts connections (it listens last). */
  async start(): Promise<void> {
    const { name, database, databaseUrls, signing, port } = this.options;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      [registry().databases.urlVariables[database]]: databaseUrls[database],
      [registry().databases.urlVariables[HUB_ROLE]]: databaseUrls[HUB_ROLE],
      GATEWAY_SIGNING_SECRET: signing.secret,
      SIGNATURE_MAX_AGE_SECONDS: String(signing.maxAgeSeconds),
      SUBGRAPH_PORT: String(port),
      SUBGRAPH_HOST: '127.0.0.1',
    };
    const child = spawn(process.execPath, [START, name], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    for (let waited = 0; ; waited += 50) {
      if (!this.running) throw new Error(`the ${name} subgraph exited (${child.exitCode ?? child.signalCode}):\n${this.output}`);
      if (await accepts(port)) return;
      if (waited > 30_000) throw new Error(`the ${name} subgraph did not listen within 30 s:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ends the process: SIGKILL (a crash, nothing cleaned up) or SIGTERM (a clean stop, then SIGKILL after 5 s). */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
