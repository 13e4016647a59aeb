// What the hub reads from the channels, derived from the registry (subgraphs/index.ts): each
// channel's definition declares its identity extractor and its touchpoint feeds, and the hub loops
// over these lists without naming a channel. Imported only by the hub's runners (identity/resolve.ts,
// journal/ingest.ts) and tests — never by a definition's own modules, which index.ts loads (no cycle).
// Loading the registry loads every channel's type-graphql classes, which need the metadata polyfill.
import 'reflect-metadata';
import { LEGACY_SYSTEMS, LegacySystem } from './kit/databases';
import type { Extractor } from './kit/identity-records';
import type { TouchpointFeed } from './kit/touchpoints';
import { SUBGRAPHS } from './index';

/** Every channel's touchpoint feeds, in registry order: the hub's journal runner loops over it. */
export const TOUCHPOINT_FEEDS: readonly TouchpointFeed[] = SUBGRAPHS.flatMap((definition) => definition.touchpointFeeds ?? []);

/** Each legacy system's identity extractor, from the channel whose database it is. */
export const EXTRACTORS: Record<LegacySystem, Extractor> = extractorsBySystem();

function extractorsBySystem(): Record<LegacySystem, Extractor> {
  const extractors: Partial<Record<LegacySystem, Extractor>> = {};
  for (const definition of SUBGRAPHS) {
    if (!definition.identityRecords) continue;
    const system = definition.database;
    if (!(LEGACY_SYSTEMS as readonly string[]).includes(system)) throw new Error(`${definition.name}: identityRecords on a database that is not a legacy system (${system})`);
    if (extractors[system as LegacySystem]) throw new Error(`${definition.name}: a second identity extractor for ${system}`);
    extractors[system as LegacySystem] = definition.identityRecords;
  }
  const missing = LEGACY_SYSTEMS.filter((system) => !extractors[system]);
  if (missing.length > 0) throw new Error(`no channel declares identityRecords for ${missing.join(', ')}`);
  return extractors as Record<LegacySystem, Extractor>;
}
