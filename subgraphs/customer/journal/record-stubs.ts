// The records the shared history points at, as the hub declares them: one entity stub per record
// type a channel declares (`recordTypes` of its definition) — its type name, description and key
// field copied from the channel's own entity class, marked `@key(resolvable: false)`: the owning
// subgraph resolves it. The hub writes none of them by hand and names no channel: a channel
// registered tomorrow brings its record types with it.
//
// The stubs are built on first use (after the registry is loaded, subgraphs/channels.ts), with
// type-graphql's own decorators.
import { Directive, Field, getMetadataStorage, ObjectType } from 'type-graphql';
import type { SubgraphPolicy } from '../../kit/access/policy';
import { registry, RegisteredRecordType } from '../../channels';

export interface RecordStub {
  declaration: RegisteredRecordType;
  entity: Function;
  /** The stub of one record, by its journal key. */
  of(key: string): object;
}

let stubs: Map<string, RecordStub> | null = null;

/** Every declared record type's stub, by the name touchpoints give it (`recordType`). */
export function recordStubs(): ReadonlyMap<string, RecordStub> {
  stubs ??= new Map(registry().recordTypes.map((declaration) => [declaration.recordType, stubOf(declaration)]));
  return stubs;
}

function stubOf(declaration: RegisteredRecordType): RecordStub {
  const storage = getMetadataStorage();
  const owner = storage.objectTypes.find((type) => type.target === declaration.entity)!;
  const key = storage.fields.find((field) => field.target === declaration.entity && field.name === declaration.key);
  if (!key) throw new Error(`record type ${declaration.typeName}: ${declaration.key} is not one of its fields`);
  const typeName = declaration.typeName;
  // A class named like the type, so that the union resolves it by name and messages read well.
  const entity = { [typeName]: class {} }[typeName];
  // Composition keeps one description per type: the owner's, word for word.
  ObjectType(typeName, { description: owner.description })(entity);
  Directive(`@key(fields: "${declaration.key}", resolvable: false)`)(entity);
  Field(key.getType as () => Function, { description: key.description })(entity.prototype, declaration.key);
  return {
    declaration,
    entity,
    of: (value) => Object.assign(new (entity as new () => object)(), { [declaration.key]: value }),
  };
}

/** The hub's policy of the stubs: each key has the data class its channel declares. */
export function recordStubPolicy(): SubgraphPolicy {
  return Object.fromEntries(
    [...recordStubs().values()].map((stub) => [stub.declaration.typeName, { [stub.declaration.key]: stub.declaration.keyClass }]),
  );
}
