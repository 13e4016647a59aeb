// What the gateway refuses once a document is parsed, before any subgraph is called: every answer a
// 400 with a client code (the GraphQL over HTTP spec), never a 500 or "the service is unavailable".
// - Aliases and fields are counted with `__typename` included (graphql-armor's alias rule left it
//   out: a thousand `__typename` aliases were accepted), and a string literal holding NUL is refused.
// - A subscription (the graph serves none) and an operation name the document does not define.
// - Variables and literals of the custom scalars are checked as the subgraphs will parse them:
//   @apollo/gateway passes custom scalars through, so an invalid instant used to reach the hub and
//   come back as "the customer service is unavailable".
import type { ApolloServerPlugin } from '@apollo/server';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  ASTVisitor,
  DocumentNode,
  getVariableValues,
  GraphQLError,
  GraphQLSchema,
  OperationDefinitionNode,
  ValidationContext,
  ValuesOfCorrectTypeRule,
  validate,
} from 'graphql';
import { DateTimeISOResolver } from 'graphql-scalars';

/** Limits on the selections of one document: every alias and every field, `__typename` included. */
export function selectionLimitsRule(limits: { maxAliases: number; maxFields: number }) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let fields = 0;
    let reported = false;
    return {
      Field(node) {
        if (node.alias) aliases += 1;
        fields += 1;
        if (reported) return;
        if (aliases > limits.maxAliases) {
          reported = true;
          context.reportError(new GraphQLError(`The query has more than ${limits.maxAliases} aliases (__typename included)`, { nodes: [node] }));
        } else if (fields > limits.maxFields) {
          reported = true;
          context.reportError(new GraphQLError(`The query asks for more than ${limits.maxFields} fields (__typename included)`, { nodes: [node] }));
        }
      },
      StringValue(node) {
        if (node.value.includes('\u0000')) context.reportError(new GraphQLError('NUL characters (\\u0000) are not accepted in a string', { nodes: [node] }));
      },
    };
  };
}

/** The custom scalars with the parsing the subgraphs give them (type-graphql's Date is graphql-scalars' DateTimeISO). */
const PARSED_SCALARS = { DateTimeISO: DateTimeISOResolver };

const checkingSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();
function checkingSchemaFor(schema: GraphQLSchema): GraphQLSchema {
  let checking = checkingSchemas.get(schema);
  if (!checking) {
    checking = mapSchema(schema, {
      [MapperKind.SCALAR_TYPE]: (type) => PARSED_SCALARS[type.name as keyof typeof PARSED_SCALARS] ?? type,
    });
    checkingSchemas.set(schema, checking);
  }
  return checking;
}

/**
 * The first literal of a document that does not fit its type, or null: it depends on the document
 * only, so it is checked once per parsed document (Apollo Server hands the same DocumentNode for
 * the same query text, from its document cache), not once per request. Variables are per request.
 */
const literalChecks = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, string | null>>();
function badLiteralOf(checking: GraphQLSchema, document: DocumentNode): string | null {
  let checked = literalChecks.get(checking);
  if (!checked) {
    checked = new WeakMap();
    literalChecks.set(checking, checked);
  }
  let verdict = checked.get(document);
  if (verdict === undefined) {
    verdict = validate(checking, document, [ValuesOfCorrectTypeRule])[0]?.message ?? null;
    checked.set(document, verdict);
  }
  return verdict;
}

function badRequest(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

export function operationGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operation }) {
          if (!operation) {
            throw badRequest(
              request.operationName ? `The document has no operation named "${request.operationName}"` : 'The document has several operations: name the one to run (operationName)',
              'OPERATION_RESOLUTION_FAILURE',
            );
          }
          if (operation.operation === 'subscription') throw badRequest('The graph serves no subscriptions: use a query', 'GRAPHQL_VALIDATION_FAILED');
          const checking = checkingSchemaFor(schema);
          const badLiteral = badLiteralOf(checking, document);
          if (badLiteral !== null) throw badRequest(badLiteral, 'BAD_USER_INPUT');
          const variables = getVariableValues(checking, (operation as OperationDefinitionNode).variableDefinitions ?? [], request.variables ?? {});
          if (variables.errors?.length) throw badRequest(variables.errors[0].message, 'BAD_USER_INPUT');
        },
      };
    },
  };
}
