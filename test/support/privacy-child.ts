// The privacy outbox worker in a process of its own, for test/privacy-erasure.e2e.test.ts to kill
// with SIGKILL in the middle of an erasure. Run compiled (node <build>/test/support/privacy-child.js)
// with PRIVACY_URLS (JSON: the test's database URLs by role), PRIVACY_LEASE_MS,
// PRIVACY_SLEEP_SECONDS and PRIVACY_AFTER (systems, comma separated).
//
// The real handlers (the registry's erasers and the hub's), each slowed by a sleep in the hub:
// - a system listed in PRIVACY_AFTER erases, then sleeps: killed after its legacy commit, before the
//   hub recorded the step done (the re-run must find nothing left to do);
// - any other system sleeps, then erases: killed before any effect.
import { openDatabase } from '../../subgraphs/kit/database';
import { runOutbox, StepHandler } from '../../subgraphs/customer/outbox/outbox';
import { privacyHandlers, privacyScrub, ERASURE_KIND } from '../../subgraphs/customer/privacy/erasure';
import { registry } from '../../subgraphs/channels';
import { HUB_ROLE } from '../../subgraphs/kit/databases';

async function main(): Promise<void> {
  const urls = JSON.parse(process.env.PRIVACY_URLS ?? 'null') as Record<string, string> | null;
  if (!urls) throw new Error('PRIVACY_URLS is required');
  const sleepSeconds = Number(process.env.PRIVACY_SLEEP_SECONDS ?? 30);
  const after = new Set((process.env.PRIVACY_AFTER ?? '').split(',').filter(Boolean));
  const hubDb = openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE] });
  const databases = Object.fromEntries(
    [HUB_ROLE, ...registry().legacySystems].map((role) => [role, role === HUB_ROLE ? hubDb : openDatabase({ name: role, url: urls[role] })]),
  );
  const sleep = () => hubDb.query('SELECT pg_sleep($1)', [sleepSeconds]);
  const real = privacyHandlers();
  const slowed: Record<string, StepHandler> = {};
  for (const [system, handler] of Object.entries(real[ERASURE_KIND])) {
    slowed[system] = after.has(system)
      ? async (context) => {
          const receipt = await handler(context);
          await sleep();
          return receipt;
        }
      : async (context) => {
          await sleep();
          return handler(context);
        };
  }
  runOutbox({
    hubDb,
    databases,
    handlers: { [ERASURE_KIND]: slowed },
    scrub: privacyScrub,
    leaseMs: Number(process.env.PRIVACY_LEASE_MS ?? 1500),
    intervalMs: 100,
  });
  process.stdout.write('privacy worker started\n');
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
