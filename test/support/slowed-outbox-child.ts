// The hub's outbox worker for one kind of request (OUTBOX_KIND: erasure, contact_update or preference_update) in a
// process of its own, for test/privacy-erasure.e2e.test.ts and test/contact-update.e2e.test.ts to
// kill with SIGKILL in the middle of a request. Started by test/support/child-process.ts with
// OUTBOX_URLS (JSON: the test's database URLs by role), OUTBOX_LEASE_MS, OUTBOX_SLEEP_SECONDS and
// OUTBOX_AFTER (systems, comma separated).
//
// The real handlers, each slowed by a sleep in the hub:
// - a system listed in OUTBOX_AFTER applies its step, then sleeps: killed after its legacy commit,
//   before the hub recorded the step done (the re-run must find nothing left to do);
// - any other system sleeps, then applies its step: killed before any effect.
import { openDatabase } from '../../subgraphs/kit/database';
import { OutboxHandlers, OutboxWorkerOptions, runOutbox, StepHandler } from '../../subgraphs/customer/outbox/outbox';
import { ERASURE_KIND, privacyHandlers, privacyScrub } from '../../subgraphs/customer/privacy/erasure';
import { CONTACT_UPDATE_KIND, contactHandlers, contactScrub } from '../../subgraphs/customer/contact/contact';
import { PREFERENCE_UPDATE_KIND, preferenceHandlers, preferenceScrub } from '../../subgraphs/customer/preferences/preferences';
import { registry } from '../../subgraphs/channels';
import { HUB_ROLE } from '../../subgraphs/kit/databases';

const KINDS: Record<string, () => { handlers: OutboxHandlers; scrub: OutboxWorkerOptions['scrub'] }> = {
  [ERASURE_KIND]: () => ({ handlers: privacyHandlers(), scrub: privacyScrub }),
  [CONTACT_UPDATE_KIND]: () => ({ handlers: contactHandlers(), scrub: contactScrub }),
  [PREFERENCE_UPDATE_KIND]: () => ({ handlers: preferenceHandlers(), scrub: preferenceScrub }),
};

async function main(): Promise<void> {
  const kind = process.env.OUTBOX_KIND ?? '';
  if (!KINDS[kind]) throw new Error(`OUTBOX_KIND must be one of ${Object.keys(KINDS).join(', ')}`);
  const urls = JSON.parse(process.env.OUTBOX_URLS ?? 'null') as Record<string, string> | null;
  if (!urls) throw new Error('OUTBOX_URLS is required');
  const sleepSeconds = Number(process.env.OUTBOX_SLEEP_SECONDS ?? 30);
  const after = new Set((process.env.OUTBOX_AFTER ?? '').split(',').filter(Boolean));
  const hubDb = openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE] });
  const databases = Object.fromEntries(
    [HUB_ROLE, ...registry().legacySystems].map((role) => [role, role === HUB_ROLE ? hubDb : openDatabase({ name: role, url: urls[role] })]),
  );
  const sleep = () => hubDb.query('SELECT pg_sleep($1)', [sleepSeconds]);
  const { handlers, scrub } = KINDS[kind]();
  const slowed: Record<string, StepHandler> = {};
  for (const [system, handler] of Object.entries(handlers[kind])) {
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
  runOutbox({ hubDb, databases, handlers: { [kind]: slowed }, scrub, leaseMs: Number(process.env.OUTBOX_LEASE_MS ?? 1500), intervalMs: 100 });
  process.stdout.write(`${kind} worker started\n`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
