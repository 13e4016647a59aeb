// Frontend developers and analysts learn the graph in the explorer: every type, field and
// argument of the API schema says what it is.
import { composeServices } from '@apollo/composition';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isSpecifiedScalarType, parse } from 'graphql';
import { registry } from '../subgraphs/channels';
import { subgraphSdl } from '../subgraphs/kit/subgraph';
import { placeholderUrl } from './compose';

it('describes every type, field and argument clients can see', async () => {
  const services = await Promise.all(
    registry().definitions.map(async (definition) => ({ name: definition.name, url: placeholderUrl(definition.name), typeDefs: parse(await subgraphSdl(definition)) })),
  );
  const result = composeServices(services);
  expect(result.errors).toBeUndefined();
  const api = result.schema!.toAPISchema().toGraphQLJSSchema();
  const missing: string[] = [];
  for (const type of Object.values(api.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    // type-graphql cannot describe the root types; their fields are described.
    if (!type.description?.trim() && type.name !== 'Query' && type.name !== 'Mutation') missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (type.name === 'Query' && field.name.startsWith('_')) continue;
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
    }
  }
  expect(missing).toEqual([]);
});
