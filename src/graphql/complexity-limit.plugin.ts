import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import {
  getVariableValues,
  GraphQLError,
  Kind,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** Distinct cost-relevant variable values remembered per operation (a list limit is 1..100, flags two-valued). */
const MAX_REMEMBERED_VALUES = 256;

interface OperationCosts {
  schema: GraphQLSchema;
  /** Variables that can change the cost: Int ones (sizes) and Boolean ones (@skip / @include). */
  relevant: readonly string[];
  byValues: Map<string, number>;
}

/**
 * Rejects operations whose estimated cost exceeds `maxComplexity`, computed by graphql-query-complexity
 * from the request's own variable values once the operation is resolved (a validation rule cannot see
 * variables). Fields may declare their cost with Nest's `complexity` option; the others are costed by
 * `estimator`. Apollo reuses the parsed document of a repeated query text, so a cost is computed once
 * per operation and set of values of its Int and Boolean variables — the only ones a size argument or a
 * @skip/@include condition can take — and a user id or filter sent as a variable costs no recomputation.
 */
export function complexityLimitPlugin(maxComplexity: number, estimator: ComplexityEstimator): ApolloServerPlugin {
  const costs = new WeakMap<OperationDefinitionNode, OperationCosts>();

  const costOf = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ): number | undefined => {
    let known = costs.get(operation);
    if (!known || known.schema !== schema) {
      known = { schema, relevant: costRelevantVariables(operation), byValues: new Map() };
      costs.set(operation, known);
    }
    const key = known.relevant.map((name) => JSON.stringify(variables[name]) ?? '-').join(',');
    const cached = known.byValues.get(key);
    if (cached !== undefined) return cached;
    // Variables that do not coerce are refused by the executor (BAD_USER_INPUT) before any resolver runs.
    if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return undefined;
    let cost: number;
    try {
      cost = operationComplexity(schema, document, operation.name?.value, variables, estimator);
    } catch (e) {
      // The library refuses documents of more than 10,000 fields outright.
      throw rejection(e instanceof Error ? e.message : String(e), operation);
    }
    if (known.byValues.size < MAX_REMEMBERED_VALUES) known.byValues.set(key, cost);
    return cost;
  };

  const listener: GraphQLRequestListener<object> = {
    async didResolveOperation({ schema, document, operation, request }) {
      if (!operation) return; // no such operation: Apollo reports it
      const cost = costOf(schema, document, operation, request.variables ?? {});
      if (cost !== undefined && cost > maxComplexity) {
        throw rejection(
          `Query complexity ${cost} exceeds the limit of ${maxComplexity} (each field counts 1, times the list sizes above it; lower the limits or select fewer fields)`,
          operation,
        );
      }
    },
  };
  return { requestDidStart: async () => listener };
}

/**
 * The cost the plugin compares with the limit: fields' own `complexity` first, then `estimator`, for the given
 * variable values (they must coerce). Throws what graphql-query-complexity throws.
 */
export function operationComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  estimator: ComplexityEstimator,
): number {
  // A fresh context per computation: estimators keep their scratch state in it (list-size.estimator.ts).
  const context = {};
  return getComplexity({
    schema,
    query: document,
    operationName,
    variables,
    estimators: [fieldExtensionsEstimator(), estimator],
    context,
  });
}

/** Names of the operation's variables of type Int or Boolean (nullable or not). */
function costRelevantVariables(operation: OperationDefinitionNode): string[] {
  const relevant: string[] = [];
  for (const v of operation.variableDefinitions ?? []) {
    const type = v.type.kind === Kind.NON_NULL_TYPE ? v.type.type : v.type;
    // A list cannot be a size or a condition; built-in scalar names cannot be redefined.
    if (type.kind === Kind.NAMED_TYPE && (type.name.value === 'Int' || type.name.value === 'Boolean')) {
      relevant.push(v.variable.name.value);
    }
  }
  return relevant;
}

/** A refusal as graphql-js validation errors look to clients: HTTP 400, GRAPHQL_VALIDATION_FAILED. */
function rejection(message: string, operation: OperationDefinitionNode): GraphQLError {
  return new GraphQLError(message, {
    nodes: [operation],
    extensions: { code: ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } },
  });
}
