// The contract between the channel subgraphs' touchpoint feeds and the hub's journal (issue 5).
// A feed belongs to its channel subgraph (only it knows its legacy tables); the hub's journal
// runner calls it with that channel's database and stores what it returns.
import type { Database } from './database';
import type { LegacySystem } from './databases';

export interface Touchpoint {
  sourceSystem: LegacySystem;
  /** receipt, return, points, order, cart, search, review, call, ticket_event, callback, message_sent … */
  sourceKind: string;
  /** Unique within (system, kind): the legacy row's key, suffixed when one row yields several. */
  sourceKey: string;
  occurredAt: Date;
  /**
   * schema/common.ts Channel, Reason, TouchpointRole values, and a record type the channel declares
   * (`recordTypes` of its definition): checked names — the journal refuses a batch naming any other
   * (subgraphs/customer/journal/ingest.ts), so a typo fails the feed's first read, not a client.
   */
  channel: string;
  reason: string;
  role: string;
  placeKind: 'STORE' | 'QUEUE' | 'CAMPAIGN' | 'WEB' | null;
  placeCode: string | null;
  /** Short and free of personal data: never notes, bodies, names, e-mails or phone numbers. */
  summary: string;
  amountMinor: number | null;
  currency: string | null;
  /** The entity its owning subgraph resolves (`Receipt`, `Order`, `Call` …) and its key. */
  recordType: string;
  recordKey: string;
  /** The identity record it belongs to, as identity_link names it (store card, web account id,
   * call-centre contact id, marketing contact uuid); null for an anonymous receipt or an
   * unidentified call. */
  identity: { system: LegacySystem; localKey: string } | null;
}

/** A feed's own resumable position (a growing key, or a change date and a key): JSON-serialisable. */
export type FeedPosition = Record<string, string | number | null>;

export interface TouchpointFeed {
  /** Unique name, `<system>.<what>`, e.g. `store.receipts`. */
  name: string;
  system: LegacySystem;
  /**
   * Up to `limit` touchpoints after `since` (null: from the beginning), in feed order, and the
   * position to resume from. One or two statements per call, whatever `limit` (no N+1). A feed on
   * a change date re-reads a short overlap window so late commits are not missed; the journal's
   * unique key makes that harmless. A feed on a growing key never moves its position past a row
   * while a transaction that could still commit a lower key is running in its database
   * (kit/feed-settling.ts): it gives the rows before that one only, keeps its position there and
   * says `waiting`; it gives no entry twice.
   */
  read(db: Database, since: FeedPosition | null, limit: number): Promise<FeedRead>;
}

/** Names a touchpoint by its source: what the journal keeps unique. */
export interface TouchpointKey {
  sourceSystem: Touchpoint['sourceSystem'];
  sourceKind: string;
  sourceKey: string;
}

export interface FeedRead {
  touchpoints: Touchpoint[];
  /**
   * Touchpoints given earlier that turned out not to have happened (an "abandoned" cart later
   * ordered): the journal removes them if it has them. Optional; a key unknown to the journal is
   * nothing to remove.
   */
  withdrawn?: TouchpointKey[];
  next: FeedPosition | null;
  /**
   * True when the position is held: the batch reached a row that a transaction still running in
   * the feed's database may yet precede with a lower key (kit/feed-settling.ts), so neither it nor
   * the rows after it were given. The feed is caught up for now; a later read moves on once that
   * transaction has ended. Absent or false otherwise (growing-key feeds only).
   */
  waiting?: boolean;
}
