// The registry as the rest of the graph reads it (issue 10): subgraphs/index.ts is the one list of
// definitions; everything a channel declares is derived here — the legacy systems and their
// databases, the subgraphs' names and environment variables, the identity extractors, the
// touchpoint feeds, the history's record types, the additions to the common vocabulary. The hub,
// the kit's callers, composition, the journal and configuration loop over these; none names a channel.
//
// Everything is computed on first use, not at load: the hub's own modules read it (its record
// stubs, its identifier kinds) and are themselves loaded by the registry, so reading it at load
// time would see the list half built. The contract is checked once, with the definition's name in
// every error, before anything uses it.
import 'reflect-metadata';
import { getMetadataStorage } from 'type-graphql';
import { Channel, extendEnum, IdentifierKind, LegacySystem as LegacySystemEnum } from '../schema/common';
import { DatabaseLayout, DatabaseRole, databaseUrlVariable, HUB_ROLE, LegacySystem } from './kit/databases';
import type { Extractor } from './kit/identity-records';
import type { ConsentExtractor } from './kit/consent';
import type { PreferenceReader } from './kit/preferences';
import type { ContactChannelDeclaration } from './kit/contact-channel';
import { checkIndexDeclaration, IndexDeclaration } from './kit/index-contract';
import fs from 'node:fs';
import type { RecordTypeDeclaration, SubgraphDefinition } from './kit/subgraph';
import type { TouchpointFeed } from './kit/touchpoints';
import { subgraphDefinitions } from './index';

/** What the registry declares, derived once and checked. */
export interface Registry {
  definitions: readonly SubgraphDefinition<any>[];
  /** Subgraph names, the hub first. */
  subgraphNames: readonly string[];
  /** `<NAME>_SUBGRAPH_URL` of each subgraph (the separate-process layout). */
  subgraphUrlVariables: Readonly<Record<string, string>>;
  legacySystems: readonly LegacySystem[];
  databases: DatabaseLayout;
  /** Each legacy system's identity extractor, from the channel whose database it is. */
  extractors: Readonly<Record<LegacySystem, Extractor>>;
  touchpointFeeds: readonly TouchpointFeed[];
  /** The consent decisions each system records, from the channels that declare them. */
  consentSources: readonly { system: LegacySystem; extract: ConsentExtractor }[];
  /** The preferences each system holds, from the channels that declare them (kit/preferences.ts). */
  preferenceSources: readonly { system: LegacySystem; read: PreferenceReader }[];
  /** Every entity type a history entry may name, with the subgraph that resolves it. */
  recordTypes: readonly RegisteredRecordType[];
  /** The indexes each system's channel relies on (kit/index-contract.ts; `npm run db:check`). */
  indexes: Readonly<Record<LegacySystem, readonly IndexDeclaration[]>>;
  /** How each `Channel` value serves a customer for a task, from the channel that declares it (kit/contact-channel.ts). */
  contactChannels: Readonly<Record<string, ContactChannelDeclaration>>;
}

let derived: Registry | null = null;

/** The registry, derived and checked on first use. */
export function registry(): Registry {
  derived ??= deriveRegistry(subgraphDefinitions());
  return derived;
}

/** The `<NAME>_SUBGRAPH_URL` variable of a subgraph, by convention. */
export function subgraphUrlVariable(name: string): string {
  return `${name.toUpperCase()}_SUBGRAPH_URL`;
}

/** The channel whose records a client names with this `IdentifierKind` value (LOYALTY_CARD …), if any. */
export function channelOfRecordKind(kind: string): SubgraphDefinition<any> | undefined {
  return registry().definitions.find((definition) => definition.recordKey?.identifierKind === kind);
}

/** The `LegacySystem` enum value of a system name (`store` → `STORE`), and back. */
export function systemValue(system: LegacySystem): string {
  return system.toUpperCase();
}
export function systemOfValue(value: string): LegacySystem {
  return value.toLowerCase();
}

/** A record type as the registry knows it: its journal name, its entity's GraphQL name, its owner. */
export interface RegisteredRecordType extends RecordTypeDeclaration {
  recordType: string;
  typeName: string;
  subgraph: string;
}

/** The GraphQL name type-graphql gives a class (its @ObjectType name, or the class name). */
export function graphqlTypeName(entity: Function): string {
  const type = getMetadataStorage().objectTypes.find((candidate) => candidate.target === entity);
  if (!type) throw new Error(`${entity.name} is not a type-graphql @ObjectType`);
  return type.name;
}

const NAME = /^[a-z][a-z0-9_]{1,30}$/;

export function deriveRegistry(definitions: readonly SubgraphDefinition<any>[]): Registry {
  const fail = (definition: SubgraphDefinition<any>, problem: string): never => {
    throw new Error(`subgraph "${definition.name}": ${problem} (subgraphs/index.ts registers it)`);
  };
  const names = new Set<string>();
  for (const definition of definitions) {
    if (!NAME.test(definition.name)) fail(definition, 'its name must be lower case letters, digits and _ (it names a database and variables)');
    if (names.has(definition.name)) fail(definition, 'registered twice');
    names.add(definition.name);
  }
  const hub = definitions.filter((definition) => definition.database === HUB_ROLE);
  if (hub.length !== 1 || hub[0].legacy) throw new Error(`exactly one subgraph, the hub, reads the "${HUB_ROLE}" database; found ${hub.length}`);

  const channels = definitions.filter((definition) => definition.legacy);
  const legacySystems: LegacySystem[] = [];
  const extractors: Record<LegacySystem, Extractor> = {};
  const touchpointFeeds: TouchpointFeed[] = [];
  const recordTypes: RegisteredRecordType[] = [];
  for (const definition of definitions) {
    if (definition.database !== HUB_ROLE && !definition.legacy) fail(definition, 'a channel declares `legacy` (its system\'s description and tables)');
  }
  for (const definition of channels) {
    const system = definition.database;
    if (system !== definition.name) fail(definition, `a channel's database is its own legacy system, named like it ("${definition.name}"), not "${system}"`);
    legacySystems.push(system);
    if (!definition.identityRecords) fail(definition, 'declares no identityRecords: the hub could never link its records to a customer');
    extractors[system] = definition.identityRecords!;
    for (const feed of definition.touchpointFeeds ?? []) {
      if (feed.system !== system) fail(definition, `its feed ${feed.name} reads system "${feed.system}", not its own`);
      if (!feed.name.startsWith(`${system}.`)) fail(definition, `its feed ${feed.name} must be named "${system}.<what>"`);
    }
    touchpointFeeds.push(...(definition.touchpointFeeds ?? []));
    for (const record of definition.recordTypes ?? []) {
      const typeName = graphqlTypeName(record.entity);
      const recordType = record.recordType ?? typeName;
      if (recordTypes.some((known) => known.recordType === recordType)) fail(definition, `record type ${recordType} is declared twice`);
      if (!definition.references?.[typeName]) {
        fail(definition, `record type ${typeName} has no reference resolver: the history could not resolve it`);
      }
      recordTypes.push({ ...record, recordType, typeName, subgraph: definition.name });
    }
  }
  const kinds = channels.flatMap((definition) => (definition.recordKey ? [definition.recordKey.identifierKind] : []));
  const kindTwice = kinds.find((kind, index) => kinds.indexOf(kind) !== index || kind === 'EMAIL' || kind === 'PHONE');
  if (kindTwice) throw new Error(`identifier kind ${kindTwice} is declared by two channels (or is a shared identifier's)`);
  const contactChannels: Record<string, ContactChannelDeclaration> = {};
  for (const definition of channels) {
    for (const [value, declaration] of Object.entries(definition.contactChannels ?? {})) {
      if (contactChannels[value]) fail(definition, `channel ${value} is described (contactChannels) by two channels`);
      contactChannels[value] = declaration;
    }
  }
  const feedNames = touchpointFeeds.map((feed) => feed.name);
  const twice = feedNames.find((name, index) => feedNames.indexOf(name) !== index);
  if (twice) throw new Error(`touchpoint feed ${twice} is registered twice`);

  extendVocabulary(channels);

  const roles: DatabaseRole[] = [HUB_ROLE, ...legacySystems];
  const databaseNames: Record<DatabaseRole, string> = { [HUB_ROLE]: 'customer_hub' };
  const ddlFiles: Record<LegacySystem, string> = {};
  const indexes: Record<LegacySystem, readonly IndexDeclaration[]> = {};
  for (const definition of channels) {
    databaseNames[definition.database] = definition.legacy!.databaseName ?? `${definition.database}_legacy`;
    ddlFiles[definition.database] = definition.legacy!.ddlFile;
    indexes[definition.database] = checkedIndexes(definition, fail);
  }
  const subgraphNames = [hub[0].name, ...definitions.filter((definition) => definition !== hub[0]).map((definition) => definition.name)];
  return {
    definitions,
    subgraphNames,
    subgraphUrlVariables: Object.fromEntries(subgraphNames.map((name) => [name, subgraphUrlVariable(name)])),
    legacySystems,
    databases: {
      roles,
      legacySystems,
      databaseNames,
      urlVariables: Object.fromEntries(roles.map((role) => [role, databaseUrlVariable(role)])),
      ddlFiles,
      indexes,
    },
    extractors,
    touchpointFeeds,
    consentSources: channels.flatMap((definition) =>
      definition.consentDecisions ? [{ system: definition.database, extract: definition.consentDecisions }] : [],
    ),
    preferenceSources: channels.flatMap((definition) => (definition.preferences ? [{ system: definition.database, read: definition.preferences }] : [])),
    recordTypes,
    indexes,
    contactChannels,
  };
}

/**
 * A channel's index declarations, checked: each well formed (kit/index-contract.ts), named once,
 * on a table its legacy.sql creates (a typo would otherwise only show as a missing index).
 */
function checkedIndexes(
  definition: SubgraphDefinition<any>,
  fail: (definition: SubgraphDefinition<any>, problem: string) => never,
): readonly IndexDeclaration[] {
  const declarations = definition.indexes ?? [];
  if (declarations.length === 0) return declarations;
  const ddl = fs.readFileSync(definition.legacy!.ddlFile, 'utf8');
  const tables = new Set([...ddl.matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?("[^"]+"|\w+)/gi)].map((match) => match[1].replace(/"/g, '')));
  const names = new Set<string>();
  for (const declaration of declarations) {
    try {
      checkIndexDeclaration(declaration);
    } catch (error) {
      fail(definition, (error as Error).message);
    }
    if (names.has(declaration.name)) fail(definition, `index ${declaration.name} is declared twice`);
    names.add(declaration.name);
    if (!tables.has(declaration.table)) fail(definition, `index ${declaration.name} is on ${declaration.table}, a table its legacy.sql does not create`);
  }
  return declarations;
}

/**
 * The common enums grow with the registry: each channel's system in `LegacySystem`, the `Channel`
 * values it declares, its record key's `IdentifierKind`. Values already there keep their description.
 */
function extendVocabulary(channels: readonly SubgraphDefinition<any>[]): void {
  for (const definition of channels) {
    extendEnum(LegacySystemEnum, 'LegacySystem', systemValue(definition.database), definition.legacy!.description);
    for (const [value, description] of Object.entries(definition.channels ?? {})) extendEnum(Channel, 'Channel', value, description);
    const recordKey = definition.recordKey;
    if (recordKey) extendEnum(IdentifierKind, 'IdentifierKind', recordKey.identifierKind, recordKey.description);
  }
}

