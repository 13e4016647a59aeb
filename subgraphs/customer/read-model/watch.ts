// The hub keeps the read models a deployment turned on (READ_MODEL, kit/read-model.ts) fresh: one
// loop beside the journal's, woken by the same change probe (kit/change-probe.ts: a legacy write
// shows within a second), each pass copying every model's new rows by growing key and
// reconciling one chunk of it with its legacy table. The hub names no channel: the models are the
// channels' declarations (the registry's indexes) that READ_MODEL selects.
import { registry } from '../../channels';
import { changeProbe } from '../../kit/change-probe';
import type { ChangeStreams } from '../../kit/change-stream';
import { Database, openDatabase } from '../../kit/database';
import { DatabaseRole, HUB_ROLE } from '../../kit/databases';
import { logger } from '../../kit/logger';
import { Poller, startPolling } from '../../kit/poller';
import { refreshReadModel, RefreshReport, ReadModelSpec, selectReadModels } from '../../kit/read-model';

export const READ_MODEL_INTERVAL_MS = 1000;
/** Longest wait between two passes when nothing was written: a reconcile chunk at least this often. */
export const READ_MODEL_MAX_IDLE_MS = 30_000;

/** One pass over every model: returns whether any copied or fixed rows (or waits on a transaction). */
export async function refreshReadModels(hub: Database, legacy: Readonly<Record<string, Database>>, specs: readonly ReadModelSpec[]): Promise<RefreshReport[]> {
  const reports: RefreshReport[] = [];
  for (const spec of specs) reports.push(await refreshReadModel(hub, legacy[spec.system], spec));
  return reports;
}

export function watchReadModels(
  urls: Record<DatabaseRole, string>,
  names: readonly string[],
  options: { intervalMs?: number; maxIdleMs?: number; probe?: boolean; streams?: ChangeStreams | null; onPass?(reports: RefreshReport[]): void } = {},
): Poller | null {
  const specs = selectReadModels(names, registry().indexes);
  if (specs.length === 0) return null;
  const systems = [...new Set(specs.map((spec) => spec.system))];
  const hub = openDatabase({ name: HUB_ROLE, url: urls[HUB_ROLE], max: 1 });
  const legacy = Object.fromEntries(systems.map((system) => [system, openDatabase({ name: system, url: urls[system], max: 1 })]));
  const pass = async (): Promise<boolean> => {
    const reports = await refreshReadModels(hub, legacy, specs);
    for (const report of reports) {
      if (report.copied > 0 || report.reconciled > 0) logger.info(report, 'read model refreshed');
      // The stated staleness of rows that change owner: one line per completed cycle over the table.
      if (report.cycleDone) logger.info({ model: report.model, settled: report.settled, reconciled: report.reconciled }, 'read model reconcile cycle done');
    }
    options.onPass?.(reports);
    // A reconcile cycle under way is not "work": it advances one chunk per pass, at the pace of the
    // passes (every probe that moved, at least every maxIdleMs), so an idle graph stays idle.
    return reports.some((report) => report.copied > 0 || report.waiting);
  };
  const intervalMs = options.intervalMs ?? READ_MODEL_INTERVAL_MS;
  const probing = options.probe ?? true;
  const streams = probing ? options.streams : null;
  let unsubscribe = (): void => undefined;
  const poller = startPolling(
    'read-model',
    pass,
    {
      intervalMs,
      maxIntervalMs: probing ? Math.max(intervalMs, options.maxIdleMs ?? READ_MODEL_MAX_IDLE_MS) : intervalMs,
      probe: probing ? changeProbe(Object.values(legacy), hub, streams) : undefined,
    },
    async () => {
      unsubscribe();
      await Promise.allSettled([hub.close(), ...Object.values(legacy).map((db) => db.close())]);
    },
  );
  // A streamed change of one of its systems wakes it (any streamed system, in fact: a spare pass at most once per interval).
  if (streams) unsubscribe = streams.subscribe(() => poller.wake(), intervalMs);
  return poller;
}
