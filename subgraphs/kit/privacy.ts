// What a channel does for a customer's rights (issue 11), declared in its definition and called by
// the hub with that channel's database and the customer's record keys (as identity_link names them):
// - eraseRecords: anonymise the records the way the system's own application would (personal
//   fields blanked, what accounting law keeps — receipt and order totals and dates — kept, detached
//   from the person). Run by the hub's outbox: it must be idempotent (a step re-runs after a crash
//   between its commit and its receipt) and use one transaction of its database.
// - exportRecords: everything the system holds about those records, as JSON, for the customer's
//   export (one section per system).
// Both return JSON; an erasure's receipt never holds personal data (tables, rows touched, what was kept).
import type { Database } from './database';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type RecordEraser = (db: Database, localKeys: readonly string[]) => Promise<{ [key: string]: Json }>;

export type RecordExporter = (db: Database, localKeys: readonly string[]) => Promise<{ [key: string]: Json }>;
