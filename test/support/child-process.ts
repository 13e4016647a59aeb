// A worker of the tests' own, in a process of its own that a test can kill with SIGKILL: the
// script compiled as `npm run build` would (only it and its imports), into a private folder inside
// the project so that node_modules resolves and the kit finds the project's SQL files
// (kit/databases.ts projectPath, besideSource).
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../subgraphs/kit/databases';

export interface KillableChild {
  /** Starts the compiled script with `env` (PATH, NODE_ENV=test and LOG_LEVEL=warn added). */
  start(env: NodeJS.ProcessEnv): void;
  /** What the running child wrote, stdout and stderr. */
  output(): string;
  /** The running child's pid; throws when none runs. */
  pid(): number;
  /** Throws with its output when the child exited on its own (a test waiting on it would hang). */
  checkAlive(): void;
  /** SIGKILL, and the signal the child reports having died of. */
  kill(): Promise<NodeJS.Signals | null>;
  /** Kills a child still running and removes the build. */
  remove(): void;
}

/** Compiles `source` (a path under test/support/) once; each `start` runs it anew. */
export function compileChild(source: string): KillableChild {
  const root = projectPath();
  const build = projectPath('.data', `${path.basename(source, '.ts')}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(build, { recursive: true });
  const tsconfig = path.join(build, 'tsconfig.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({ extends: path.join(root, 'tsconfig.json'), compilerOptions: { outDir: build, rootDir: root, sourceMap: false }, files: [source], include: [] }),
  );
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig], { cwd: root, stdio: 'pipe' });
  const script = path.join(build, path.relative(root, source).replace(/\.ts$/, '.js'));
  let child: ChildProcess | undefined;
  let output = '';
  const running = (): ChildProcess => {
    if (!child) throw new Error(`${path.basename(source)} is not running`);
    return child;
  };
  return {
    start(env) {
      output = '';
      child = spawn(process.execPath, [script], { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    },
    output: () => output,
    pid: () => running().pid!,
    checkAlive() {
      if (running().exitCode !== null) throw new Error(`the child exited: ${output}`);
    },
    kill() {
      const current = running();
      const exited = new Promise<NodeJS.Signals | null>((resolve) => current.once('exit', (_code, signal) => resolve(signal)));
      current.kill('SIGKILL');
      return exited;
    },
    remove() {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fs.rmSync(build, { recursive: true, force: true });
    },
  };
}
