// Legacy changes streamed in by logical decoding, as a SIGNAL (issue 14 item 3): where a legacy
// database allows it (wal_level = logical, a slot and a publication its DBAs created, the REPLICATION
// attribute for the graph's role) and CHANGE_STREAM names its system (kit/config.ts), the hub's
// watchers stop polling it. The stream is not a second data path: nothing of a row is decoded or
// kept. Each committed transaction that touched a published table moves the system's value in
// memory, which the change probe (kit/change-probe.ts) reports instead of sending its statement, and
// wakes the subscribed pollers (kit/poller.ts); the feeds and identity passes then read the rows as
// they always do, from their stored positions.
//
// - One replication connection per streamed system, `START_REPLICATION SLOT customer_graph_<system>
//   LOGICAL … (proto_version '1', publication_names 'customer_graph')` through the npm client
//   pg-logical-replication, with the `pgoutput` plugin that ships with PostgreSQL: with protocol 1
//   a transaction arrives at its commit, so its rows are visible to the pass it wakes (and a write in
//   flight is the feeds' own affair: kit/feed-settling.ts), and PostgreSQL 15+ sends nothing for
//   transactions that touched no published table.
// - Acknowledged at once: each commit's end position as it arrives, and the position of the
//   server's keep-alives (every 10 s at most). The stream carries nothing the graph keeps, and after
//   a restart every watcher runs a full pass from its stored positions anyway, so a signal lost with
//   an unacknowledged message would lose nothing; acknowledging at once keeps what the slot retains
//   on the legacy server (the risk to its owners' disk) as small as it can be.
// - Never creates anything: a missing slot or publication, a slot invalidated (max_slot_wal_keep_size
//   passed while the hub was down), a killed connection, a slot busy with another consumer, a silent
//   network: the stream is down, logged once (then every retry at debug), the probe's statement is used
//   again for that system (polling, as without CHANGE_STREAM) and the pollers are woken once (a write
//   may have come while the stream was dying); the stream is retried with a backoff (1 s doubling to
//   60 s). When it is back the probe's value changes once more, so one pass runs.
// What the DBAs create, and how `npm run db:check` reports it: README, "Change streams".
import { LogicalReplicationService } from 'pg-logical-replication';
import { logger } from './logger';

/** The publication each streamed legacy database holds (publications are per database). */
export const CHANGE_PUBLICATION = 'customer_graph';

/** The logical replication slot of a system (slots are per server: the system's name tells them apart where several share one). */
export function changeSlotName(system: string): string {
  if (!/^[a-z][a-z0-9_]{1,30}$/.test(system)) throw new Error(`not a legacy system name: ${system}`);
  return `customer_graph_${system}`;
}

/** The statements the DBAs of a legacy database run so that the graph may stream its changes (db:check prints them). */
export function changeStreamStatements(system: string, tables: readonly string[]): { publication: string; slot: string } {
  const list = tables.map((table) => `"${table.replace(/"/g, '""')}"`).join(', ');
  return {
    publication: `CREATE PUBLICATION ${CHANGE_PUBLICATION} FOR TABLE ${list};`,
    slot: `SELECT pg_create_logical_replication_slot('${changeSlotName(system)}', 'pgoutput');`,
  };
}

/** What a pgoutput message says that the signal needs: its kind, and a commit's end position. */
interface Message {
  tag: string;
  /** A commit's end position (`X/Y`), acknowledged at once. */
  endLsn?: string;
}

function lsnText(high: number, low: number): string {
  return `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;
}

/**
 * pgoutput, read as far as a signal needs (the message kind; a commit's end position), so that no
 * row format is ever parsed: `B` begin, `R` relation, `I`/`U`/`D` row changes, `C` commit …
 */
class SignalPlugin {
  constructor(readonly options: { publication: string }) {}

  get name(): string {
    return 'pgoutput';
  }

  parse(buffer: Buffer): Message {
    const tag = String.fromCharCode(buffer[0]);
    // Commit: tag, flags (1 byte), commit LSN (8), end LSN (8), timestamp (8).
    if (tag === 'C' && buffer.length >= 18) return { tag, endLsn: lsnText(buffer.readUInt32BE(10), buffer.readUInt32BE(14)) };
    return { tag };
  }

  start(client: { query(text: string): Promise<unknown> }, slotName: string, lastLsn: string): Promise<unknown> {
    // Both names are checked constants (changeSlotName, CHANGE_PUBLICATION), never input.
    return client.query(`START_REPLICATION SLOT "${slotName}" LOGICAL ${lastLsn} (proto_version '1', publication_names '${this.options.publication}')`);
  }
}

export type ChangeStreamState = 'connecting' | 'streaming' | 'down';

export interface ChangeStreams {
  /** The systems streamed (CHANGE_STREAM). */
  readonly systems: readonly string[];
  /**
   * The probe's value for a system while its stream runs (it moves with every committed change and
   * every reconnection); null when the system is not streamed or its stream is down (probe it).
   */
  value(system: string): string | null;
  state(system: string): ChangeStreamState | null;
  /**
   * Calls `listener` on changes (and when a stream goes down or comes back): at once for the first,
   * then at most once per `gapMs` (a burst of commits gives one call at the start and one at the
   * end), so that a steady flow of writes paces the passes as polling would. Returns the unsubscriber.
   */
  subscribe(listener: () => void, gapMs: number): () => void;
  stop(): Promise<void>;
}

export interface ChangeStreamOptions {
  /** First wait before reconnecting a stream that went down (doubling to maxRetryMs). */
  retryMs?: number;
  maxRetryMs?: number;
  /** With nothing received for this long, the stream is taken as dead (the server is asked to answer every 10 s). */
  silenceMs?: number;
}

const STATUS_INTERVAL_S = 10;

/** A listener called at once, then at most once per gap (a trailing call for what came meanwhile). */
function throttled(listener: () => void, gapMs: number): { call(): void; cancel(): void } {
  let last = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => {
    timer = undefined;
    last = Date.now();
    listener();
  };
  return {
    call() {
      if (timer) return;
      const wait = last + gapMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** What the DBAs are told when a stream cannot start, by SQLSTATE. */
function advice(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === '42704') return 'the slot or publication does not exist: "npm run db:check" prints the statements for its DBAs';
  if (code === '55006') return 'the slot is used by another consumer (another hub process?)';
  if (code === '55000') return 'the slot cannot be used (invalidated: it kept more WAL than max_slot_wal_keep_size allows?): its DBAs drop and recreate it';
  if (code === '42501') return "the graph's role lacks the REPLICATION attribute";
  return 'retrying';
}

/**
 * Starts one change stream per system (`urls[system]` is its legacy database). Never throws for a
 * stream that cannot start: that system is polled until it can.
 */
export function startChangeStreams(
  urls: Readonly<Record<string, string>>,
  systems: readonly string[],
  options: ChangeStreamOptions = {},
): ChangeStreams {
  const retryMs = options.retryMs ?? 1000;
  const maxRetryMs = Math.max(retryMs, options.maxRetryMs ?? 60_000);
  const silenceMs = options.silenceMs ?? 3 * STATUS_INTERVAL_S * 1000;
  const listeners = new Set<{ call(): void; cancel(): void }>();
  const notify = (): void => {
    for (const listener of listeners) listener.call();
  };
  let stopped = false;
  const wakeStop = new Set<() => void>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        wakeStop.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeStop.add(done);
    });

  interface Stream {
    state: ChangeStreamState;
    /** Reconnections and changes: the probe value. */
    epoch: number;
    changes: number;
    service: LogicalReplicationService | null;
  }
  const streams = new Map<string, Stream>(systems.map((system) => [system, { state: 'connecting', epoch: 0, changes: 0, service: null }]));

  const runOne = async (system: string, stream: Stream): Promise<void> => {
    const slot = changeSlotName(system);
    let failures = 0;
    while (!stopped) {
      const service = new LogicalReplicationService(
        { connectionString: urls[system], application_name: `customer-graph:stream:${system}`, keepAlive: true },
        { acknowledge: { auto: false, timeoutSeconds: STATUS_INTERVAL_S } },
      );
      stream.service = service;
      let lastHeard = Date.now();
      let failure: unknown = null;
      service.on('error', (error: Error) => {
        failure ??= error;
      });
      service.on('start', () => {
        stream.state = 'streaming';
        stream.epoch += 1;
        lastHeard = Date.now();
        if (failures > 0) logger.info({ system, slot }, 'change stream back: polling of this system stops');
        else logger.info({ system, slot }, 'change stream running: this system is no longer polled');
        failures = 0;
        notify();
      });
      service.on('data', (lsn: string, message: Message) => {
        lastHeard = Date.now();
        if (message.tag !== 'C') return;
        stream.changes += 1;
        notify();
        void service.acknowledge(message.endLsn ?? lsn);
      });
      service.on('heartbeat', (lsn: string, _timestamp: number, shouldRespond: boolean) => {
        lastHeard = Date.now();
        if (shouldRespond) void service.acknowledge(lsn);
      });
      // A silent network never errors: the server is asked to answer now and then, and a stream that
      // heard nothing for `silenceMs` is ended (and retried).
      const watchdog = setInterval(() => {
        if (stream.state !== 'streaming') return;
        if (Date.now() - lastHeard > silenceMs) {
          failure ??= new Error(`nothing heard for ${Math.round(silenceMs / 1000)} s`);
          void service.stop();
        } else void service.acknowledge(service.lastLsn(), true);
      }, Math.min(STATUS_INTERVAL_S * 1000, silenceMs / 3));
      try {
        await service.subscribe(new SignalPlugin({ publication: CHANGE_PUBLICATION }), slot);
      } catch (error) {
        failure ??= error;
      } finally {
        clearInterval(watchdog);
      }
      const wasStreaming = stream.state === 'streaming';
      stream.state = 'down';
      stream.service = null;
      await service.destroy().catch(() => undefined);
      if (stopped) break;
      // The probe's statement is used again for this system: one pass now (a change may have come
      // while the stream was dying), then polling until the stream is back.
      if (wasStreaming) notify();
      const message = failure ? (failure as Error).message : 'the server ended the stream';
      const wait = Math.min(retryMs * 2 ** failures, maxRetryMs);
      if (failures === 0) logger.warn({ system, slot, err: message, advice: advice(failure), retryMs: wait }, 'change stream down: polling this system until it is back');
      else logger.debug({ system, slot, err: message, retryMs: wait }, 'change stream still down');
      failures += 1;
      await sleep(wait);
    }
  };

  const runs = [...streams].map(([system, stream]) => runOne(system, stream));
  return {
    systems: [...systems],
    value(system) {
      const stream = streams.get(system);
      return stream && stream.state === 'streaming' ? `stream:${stream.epoch}:${stream.changes}` : null;
    },
    state(system) {
      return streams.get(system)?.state ?? null;
    },
    subscribe(listener, gapMs) {
      const entry = throttled(listener, gapMs);
      listeners.add(entry);
      return () => {
        entry.cancel();
        listeners.delete(entry);
      };
    },
    async stop() {
      stopped = true;
      for (const done of [...wakeStop]) done();
      await Promise.all([...streams.values()].map((stream) => stream.service?.stop().catch(() => undefined)));
      await Promise.all(runs);
      for (const listener of listeners) listener.cancel();
      listeners.clear();
    },
  };
}
