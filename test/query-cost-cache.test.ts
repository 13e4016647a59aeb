// The query cost is computed once per document and values of the variables it depends on
// (gateway/query-cost.ts `costVariablesOf`): the cache must never give one request another's cost.
import { buildSchema, parse } from 'graphql';
import { costVariablesOf, queryCost } from '../gateway/query-cost';

const schema = buildSchema(`
  type Query { customer(id: ID!): Customer, interactionCounts(groupBy: [String!]): [Int!] }
  type Customer { id: ID!, name: String, history(first: Int): Page }
  type Page { nodes: [Entry!]! }
  type Entry { id: ID!, summary: String }
`);

it('names the variables of `first` and of directives, and refuses to cache interactionCounts', () => {
  expect(costVariablesOf(parse('query ($id: ID!) { customer(id: $id) { id } }'))).toEqual([]);
  expect(costVariablesOf(parse('query ($id: ID!, $n: Int) { customer(id: $id) { ...F } } fragment F on Customer { history(first: $n) { nodes { id } } }'))).toEqual(['n']);
  expect(costVariablesOf(parse('query ($id: ID!, $s: Boolean!) { customer(id: $id) { name @skip(if: $s) } }'))).toEqual(['s']);
  expect(costVariablesOf(parse('{ interactionCounts(groupBy: ["CHANNEL"]) }'))).toBeNull();
});

it('gives each value of `first` and of @skip its own cost, and one cost to any customer id', () => {
  const document = parse('query Q($id: ID!, $n: Int, $s: Boolean! = false) { customer(id: $id) { id name @skip(if: $s) history(first: $n) { nodes { id summary } } } }');
  const cost = (variables: Record<string, unknown>) => queryCost(schema, document, variables, 'Q');
  const ten = cost({ id: 'a', n: 10 });
  expect(cost({ id: 'b', n: 10 })).toBe(ten);
  expect(cost({ id: 'a', n: 50 })).toBeGreaterThan(ten);
  expect(cost({ id: 'a', n: 10, s: true })).toBeLessThan(ten);
  // Absent (the page's default) and null are told apart from each other and from a number.
  expect(cost({ id: 'a' })).toBe(cost({ id: 'a', n: null }));
  expect(cost({ id: 'a', n: 1 })).toBeLessThan(cost({ id: 'a' }));
});
