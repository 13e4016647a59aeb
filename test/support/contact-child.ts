// The outbox worker applying contact details updates in a process of its own, for
// test/contact-update.e2e.test.ts to kill with SIGKILL mid-request (as test/support/privacy-child.ts
// does for erasures). Run compiled with CONTACT_URLS (JSON: database URLs by role),
// CONTACT_LEASE_MS, CONTACT_SLEEP_SECONDS and CONTACT_AFTER (systems, comma separated): a listed
// system writes, then sleeps (killed after its legacy commit, before the hub recorded the step);
// any other sleeps first (killed before any effect).
import { openDatabase } from '../../subgraphs/kit/database';
import { runOutbox, StepHandler } from '../../subgraphs/customer/outbox/outbox';
import { CONTACT_UPDATE_KIND, contactHandlers, contactScrub } from '../../subgraphs/customer/contact/contact';
import { registry } from '../../subgraphs/channels';
import { HUB_ROLE } from '../../subgraphs/kit/databases';

async function main(): Promise<void> {
  const urls = JSON.parse(process.env.CONTACT_URLS ?? 'null') as Record<string, string> | null;
  if (!urls) throw new Error('CONTACT_URLS is required');
  const sleepSeconds = Number(process.env.CONTACT_SLEEP_SECONDS ?? 30);
  const after = new Set((process.env.CONTACT_AFTER ?? '').split(',').filter(Boolean));
  const hubDb = openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE] });
  const databases = Object.fromEntries(
    [HUB_ROLE, ...registry().legacySystems].map((role) => [role, role === HUB_ROLE ? hubDb : openDatabase({ name: role, url: urls[role] })]),
  );
  const sleep = () => hubDb.query('SELECT pg_sleep($1)', [sleepSeconds]);
  const slowed: Record<string, StepHandler> = {};
  for (const [system, handler] of Object.entries(contactHandlers()[CONTACT_UPDATE_KIND])) {
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
    handlers: { [CONTACT_UPDATE_KIND]: slowed },
    scrub: contactScrub,
    leaseMs: Number(process.env.CONTACT_LEASE_MS ?? 1500),
    intervalMs: 100,
  });
  process.stdout.write('contact worker started\n');
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
