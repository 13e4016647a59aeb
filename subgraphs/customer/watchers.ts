// The hub's two background loops, one place for both process layouts (`npm start` runs them in its
// one process; `npm run start:workers` runs them as their own process beside separate subgraphs):
// - identities: legacy records created or changed are linked to a customer within seconds (each
//   system read incrementally by its change stamp; no legacy table altered);
// - the shared history: every channel's touchpoint feeds into the journal (the first pass backfills);
// - consent: every channel's consent decisions staged in the hub (consent/watch.ts), every 30 s;
// - privacy requests: the outbox worker that applies erasures system by system (privacy/privacy.worker.ts).
// Only one set should run per hub: two would do the same work twice (harmless — both are
// idempotent — but wasteful).
import type { DatabaseRole } from '../kit/databases';
import { watchIdentities } from './identity/resolve';
import { watchJournal } from './journal/ingest';
import { watchConsent } from './consent/watch';
import { startPrivacyWorker } from './privacy/privacy.worker';

/** A pass every second: a legacy write shows in the graph within the 5 s the issues ask for. */
export const WATCH_INTERVAL_MS = 1000;

export interface HubWatchers {
  stop(): Promise<void>;
}

export function startWatchers(urls: Record<DatabaseRole, string>, intervalMs = WATCH_INTERVAL_MS): HubWatchers {
  const identities = watchIdentities(urls, { intervalMs });
  const journal = watchJournal(urls, { intervalMs });
  const consent = watchConsent(urls);
  const privacy = startPrivacyWorker(urls);
  return {
    async stop() {
      await Promise.allSettled([journal.stop(), identities.stop(), consent.stop(), privacy.stop()]);
    },
  };
}
