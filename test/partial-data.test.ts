// Partial data by design, in the schema: losing one channel system never nulls a customer. A
// non-null field resolved by a channel subgraph would carry that subgraph's failure up to
// `Customer` itself (GraphQL nulls the nearest nullable parent), so every field a channel
// contributes to `Customer` must be nullable. Read from the committed supergraph.
import { EnumValueNode, FieldDefinitionNode, Kind, ObjectTypeDefinitionNode, parse } from 'graphql';
import { readCommittedSupergraph } from '../schema/compose';

/** The subgraphs that resolve a field (`@join__field(graph: …)` that is not `external`). */
function resolvedBy(field: FieldDefinitionNode): string[] {
  return (field.directives ?? [])
    .filter((directive) => directive.name.value === 'join__field')
    .filter((directive) => !directive.arguments?.some((argument) => argument.name.value === 'external' && argument.value.kind === Kind.BOOLEAN && argument.value.value))
    .flatMap((directive) => directive.arguments?.filter((argument) => argument.name.value === 'graph').map((argument) => (argument.value as EnumValueNode).value) ?? []);
}

it('makes nullable every Customer field a channel subgraph resolves', () => {
  const document = parse(readCommittedSupergraph()!);
  const customer = document.definitions.find(
    (definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === 'Customer',
  )!;
  const fromChannels = customer.fields!.filter((field) => {
    const graphs = resolvedBy(field);
    return graphs.length > 0 && !graphs.includes('CUSTOMER');
  });
  // Every channel contributes (so the check has something to check).
  expect(new Set(fromChannels.flatMap(resolvedBy))).toEqual(new Set(['STORE', 'ECOMMERCE', 'CALLCENTRE', 'MARKETING']));
  expect(fromChannels.map((field) => field.name.value)).toEqual(expect.arrayContaining(['activeLoyaltyAccount', 'receipts', 'orders', 'openTickets', 'calls', 'marketingConsents']));
  const nonNull = fromChannels.filter((field) => field.type.kind === Kind.NON_NULL_TYPE).map((field) => `Customer.${field.name.value}`);
  expect(nonNull).toEqual([]);
});
