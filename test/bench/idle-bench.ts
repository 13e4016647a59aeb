// `npm run bench:idle [-- --seconds 60 --settle 30 --mode both|before|after|stream[,…]]`: what the hub's
// background loops cost while nothing changes (issue 14, "idle means idle"). On the development data
// set (`npm run generate -- --people N`; databases from provideDatabases: the *_DATABASE_URL
// variables, or embedded PostgreSQL in EMBEDDED_POSTGRES_DIR / .data/postgres), it starts the
// watchers as `npm start` and `npm run start:workers` do (startWatchers), lets their first passes
// finish (--settle seconds), then for --seconds measures:
// - this process's CPU (process.cpuUsage: the watchers' JavaScript, pg's parsing);
// - PostgreSQL's CPU: utime + stime of the postmaster and its children from /proc/<pid>/stat,
//   before and after (embedded server only: an external server is not ours to read);
// - transactions per second over every database of the server (pg_stat_database xact_commit +
//   xact_rollback; the watchers send one statement per transaction, but for the link step).
// Each as % of one core. `before`: a full pass every second, no probe, no backoff (the watchers as
// they were before issue 14, run through their `probe: false` option); `after`: probes and backoff;
// `stream`: as `after`, with CHANGE_STREAM's systems streamed (kit/change-stream.ts) instead of
// probed (set CHANGE_STREAM: the embedded server then runs with wal_level = logical and has the slots;
// the walsenders count in PostgreSQL's CPU, being the postmaster's children).
// The hub is the only database written (the watchers' own state); the legacy databases are read.
// Identity resolution and the journal backfill run first when the hub has no links.
import 'reflect-metadata';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '../../subgraphs/channels';
import { openDatabase } from '../../subgraphs/kit/database';
import { projectPath } from '../../subgraphs/kit/databases';
import { provideDatabases } from '../../subgraphs/kit/provide-databases';
import { readChangeStreamSetting } from '../../subgraphs/kit/config';
import { startWatchers } from '../../subgraphs/customer/watchers';
import { readyDataSet } from './data-set';

type Mode = 'before' | 'after' | 'stream';
const MODES: readonly Mode[] = ['before', 'after', 'stream'];

function argsOf(args: string[]): { seconds: number; settle: number; modes: Mode[] } {
  const out = { seconds: 60, settle: 30, modes: ['before', 'after'] as Mode[] };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1] ?? ''];
    if ((flag === '--seconds' || flag === '--settle') && /^\d+$/.test(value)) out[flag === '--seconds' ? 'seconds' : 'settle'] = Number(value);
    else if (flag === '--mode' && value === 'both') out.modes = ['before', 'after'];
    else if (flag === '--mode' && value.split(',').every((mode) => MODES.includes(mode as Mode))) out.modes = value.split(',') as Mode[];
    else throw new Error('understood: --seconds N --settle N --mode both|before|after|stream[,…]');
  }
  return out;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of the postmaster and its children, or null when not readable. */
function postgresCpuSeconds(postmasterPid: number | null): number | null {
  if (postmasterPid === null) return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      // Fields after the command name (which may hold spaces) in parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      if (pid === postmasterPid || ppid === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // a process that ended meanwhile
    }
  }
  return ticks / TICKS_PER_SECOND;
}

function postmasterPidOf(embedded: boolean): number | null {
  if (!embedded) return null;
  const dir = process.env.EMBEDDED_POSTGRES_DIR ?? projectPath('.data', 'postgres');
  try {
    return Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
}

const pct = (cpuSeconds: number, seconds: number): string => `${((100 * cpuSeconds) / seconds).toFixed(2)} %`;

async function main(): Promise<void> {
  const { seconds, settle, modes } = argsOf(process.argv.slice(2));
  const streamed = readChangeStreamSetting(registry().legacySystems);
  if (modes.includes('stream') && streamed.length === 0) throw new Error('--mode stream needs CHANGE_STREAM (e.g. CHANGE_STREAM=store,ecommerce,callcentre,marketing)');
  const databases = await provideDatabases(registry().databases);
  const { urls } = databases;
  const hub = openDatabase({ name: 'customer', url: urls.customer, max: 1 });
  try {
    const size = await readyDataSet(hub, urls, { journal: true });
    console.log(`data set: ${size.customers} customers, ${size.links} identity links, ${size.touchpoints} journal entries`);
    const postmaster = postmasterPidOf(databases.embedded);
    const transactions = async (): Promise<number> =>
      (await hub.query<{ n: string }>('SELECT sum(xact_commit + xact_rollback)::text AS n FROM pg_stat_database'))[0].n as unknown as number;

    for (const mode of modes) {
      const watchers = startWatchers(urls, undefined, { probe: mode !== 'before', changeStream: mode === 'stream' ? streamed : [] });
      try {
        await new Promise((resolve) => setTimeout(resolve, settle * 1000));
        const cpu0 = process.cpuUsage();
        const pg0 = postgresCpuSeconds(postmaster);
        const tx0 = Number(await transactions());
        const started = process.hrtime.bigint();
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        // PostgreSQL publishes a session's counters when it goes idle (up to ~1 s late): read them after a pause.
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        const cpu = process.cpuUsage(cpu0);
        const pg1 = postgresCpuSeconds(postmaster);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const tx1 = Number(await transactions());
        const workerSeconds = (cpu.user + cpu.system) / 1e6;
        const line = [
          `${mode.padEnd(6)} (${
            mode === 'before'
              ? 'full pass every second'
              : mode === 'after'
                ? 'probe every second, full pass on change, ≤ 30 s idle'
                : `${streamed.join(', ')} streamed, others probed; full pass on change, ≤ 30 s idle`
          }):`,
          `workers ${pct(workerSeconds, elapsed)} of a core,`,
          `PostgreSQL ${pg0 === null || pg1 === null ? 'n/a (not the embedded server)' : `${pct(pg1 - pg0, elapsed)} of a core`},`,
          `${((tx1 - tx0 - 1) / elapsed).toFixed(1)} transactions/s`,
          `(${elapsed.toFixed(0)} s)`,
        ];
        console.log(line.join(' '));
      } finally {
        await watchers.stop();
      }
    }
  } finally {
    await hub.close();
    await databases.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
