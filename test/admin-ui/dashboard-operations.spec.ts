// The dashboard ships the GraphQL operations it sends (src/admin-ui/web/api.js) instead of reading the schema
// at run time: each must be valid against the API's schema and within the server's depth and complexity limits,
// or the page breaks in production (where introspection is off).
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { buildApiSchema } from '../../scripts/generate-schema.js';
import { operationComplexity } from '../../src/graphql/complexity-limit.plugin.js';
import { depthLimitRule } from '../../src/graphql/depth-limit.rule.js';
import { listSizeEstimator } from '../../src/graphql/list-size.estimator.js';
import { LIST_LIMIT } from '../../src/recommendations/dto/recommendations.args.js';
import { loadAppConfig } from '../../src/config/app-config.js';
// @ts-expect-error -- plain ES module of the browser bundle, without types
import { OPS } from '../../src/admin-ui/web/api.js';

/** A value of a GraphQL input type: required fields filled, one element per list, an enum's first value. */
function placeholder(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return placeholder(type.ofType);
  if (isListType(type)) return [placeholder(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return Object.fromEntries(fields.map((f) => [f.name, placeholder(f.type)]));
  }
  return type.name === 'Int' || type.name === 'Float' ? 1 : type.name === 'Boolean' ? true : 'x';
}

/** A value for each required variable (the page's sizes are literals, so any id, text or flag costs the same). */
function placeholders(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, v.type as never) as GraphQLInputType | undefined;
    if (type && isNonNullType(type)) values[v.variable.name.value] = placeholder(type);
  }
  return values;
}

describe('the dashboard’s GraphQL operations', () => {
  it('are valid against the schema and within the default depth and complexity limits', async () => {
    const schema = await buildApiSchema();
    const config = loadAppConfig({});
    const rules = [...specifiedRules, depthLimitRule(config.GRAPHQL_MAX_DEPTH)];
    const operations = Object.entries(OPS as Record<string, string>);
    expect(operations.length).toBeGreaterThan(25);
    const problems = operations.flatMap(([name, text]) => {
      const document = parse(text);
      const errors = validate(schema, document, rules).map((e) => `${name}: ${e.message}`);
      if (errors.length) return errors;
      const operation = document.definitions[0] as OperationDefinitionNode;
      const cost = operationComplexity(
        schema,
        document,
        operation.name?.value,
        placeholders(schema, operation),
        listSizeEstimator(LIST_LIMIT.max),
      );
      return cost > config.GRAPHQL_MAX_COMPLEXITY ? [`${name}: complexity ${cost}`] : [];
    });
    expect(problems).toEqual([]);
  });
});
