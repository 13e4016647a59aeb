// The hub's two background loops, one place for both process layouts (`npm start` runs them in its
// one process; `npm run start:workers` runs them as their own process beside separate subgraphs):
// - identities: legacy records created or changed are linked to a customer within seconds (each
//   system read incrementally by its change stamp; no legacy table altered);
// - the shared history: every channel's touchpoint feeds into the journal (the first pass backfills);
// - consent: every channel's consent decisions staged in the hub (consent/watch.ts), probed every 30 s;
// - preferences: every channel's preferences staged in the hub (preferences/watch.ts), the same way;
// - privacy requests: the outbox worker that applies erasures system by system (privacy/privacy.worker.ts).
// Idle means idle (issue 14, kit/poller.ts): identities and journal probe each legacy server's WAL
// position every second (identities every 500 ms: issue 12) and run a full pass only when it moved (or their work is unfinished, or
// every 30 s at most when idle); consent probes its sources' write counters; the outbox worker backs
// off by itself (50 ms doubling to 1 s, one indexed claim per sleep). README, "Idle cost".
// Systems named by CHANGE_STREAM are not polled while their change stream runs (kit/change-stream.ts:
// logical decoding as a signal; identities, journal and read models are woken by it and probe them
// in memory); polled again while it is down. README, "Change streams".
// Only one set should run per hub: two would do the same work twice (harmless — both are
// idempotent — but wasteful).
import type { DatabaseRole, LegacySystem } from '../kit/databases';
import { ChangeStreams, startChangeStreams } from '../kit/change-stream';
import { type ResolutionReport, watchIdentities } from './identity/resolve';
import { watchJournal } from './journal/ingest';
import { watchConsent } from './consent/watch';
import { watchPreferences } from './preferences/watch';
import { startPrivacyWorker } from './privacy/privacy.worker';
import { watchReadModels } from './read-model/watch';

/** A probe every second: a legacy write shows in the graph within the 5 s the issues ask for. */
export const WATCH_INTERVAL_MS = 1000;

export interface WatcherOptions {
  /** Longest wait between two full passes when nothing was written (identities, journal): 30 s. */
  maxIdleMs?: number;
  /** false: a full pass every interval, no probe and no backoff (the behaviour before issue 14; the idle bench compares). */
  probe?: boolean;
  /** READ_MODEL's tables (kit/read-model.ts): their read models kept fresh; none by default. */
  readModels?: readonly string[];
  /** CHANGE_STREAM's systems (kit/config.ts readChangeStreamSetting): their changes stream in instead of being polled; none by default. */
  changeStream?: readonly LegacySystem[];
  /** Called after each identity pass (the identity bench times its stages). */
  onIdentityPass?(report: ResolutionReport): void;
}

export interface HubWatchers {
  stop(): Promise<void>;
  /** Runs every loop's pass now (an in-process writer that knows something changed). */
  wake(): void;
}

export function startWatchers(urls: Record<DatabaseRole, string>, intervalMs = WATCH_INTERVAL_MS, options: WatcherOptions = {}): HubWatchers {
  const streamed = options.probe === false ? [] : (options.changeStream ?? []);
  const streams: ChangeStreams | null = streamed.length > 0 ? startChangeStreams(urls, streamed) : null;
  const identities = watchIdentities(urls, { intervalMs, ...options, streams, onPass: options.onIdentityPass });
  const journal = watchJournal(urls, { intervalMs, ...options, streams });
  const consent = watchConsent(urls, { probe: options.probe });
  const preferences = watchPreferences(urls, { probe: options.probe });
  const privacy = startPrivacyWorker(urls);
  const readModels = watchReadModels(urls, options.readModels ?? [], { intervalMs, maxIdleMs: options.maxIdleMs, probe: options.probe, streams });
  return {
    wake() {
      readModels?.wake();
      identities.wake();
      journal.wake();
      consent.wake();
      preferences.wake();
      privacy.wake();
    },
    async stop() {
      await Promise.allSettled([journal.stop(), identities.stop(), consent.stop(), preferences.stop(), privacy.stop(), readModels?.stop()]);
      await streams?.stop();
    },
  };
}
