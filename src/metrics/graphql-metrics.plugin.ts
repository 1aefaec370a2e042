import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { NO_PLACEMENT, type MetricsService } from './metrics.service.js';

/** Label values for requests that never reached execution. */
const INVALID = 'invalid';
const MULTIPLE = 'multiple';

/**
 * Apollo plugin: one latency observation per GraphQL request, labelled by its root field
 * (`recommendations`, `similarItems`, `__typename`, ...; `multiple` for several, `invalid` for one
 * that failed to parse or validate) and by the `placement` argument of that field (its schema
 * default when omitted, `none` for fields without one). Labels come from the validated operation,
 * so their values are bounded by the schema — a client cannot create new series.
 */
export function graphqlMetricsPlugin(metrics: MetricsService): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const start = performance.now();
      let operation = INVALID;
      let placement = NO_PLACEMENT;
      return {
        async didResolveOperation(ctx) {
          if (ctx.operation) [operation, placement] = labelsOf(ctx.operation, ctx.schema, ctx.request.variables);
        },
        async willSendResponse(ctx: GraphQLRequestContext<object>) {
          const body = ctx.response.body;
          const failed = body?.kind === 'single' && (body.singleResult.errors?.length ?? 0) > 0;
          metrics.observeRequest(operation, placement, failed ? 'error' : 'ok', (performance.now() - start) / 1000);
        },
      };
    },
  };
}

const PLACEMENT_VALUE = /^[A-Z][A-Z0-9_]{0,31}$/;

interface OperationLabels {
  schema: GraphQLSchema;
  /** The labels, when they do not depend on variables. */
  fixed?: [string, string];
  /** Otherwise: the root field, the variable holding its placement, and the schema default. */
  name?: string;
  variable?: string;
  fallback?: unknown;
}

// Apollo reuses the parsed document of a repeated query text, so the analysis is done once per
// operation; only a placement passed as a variable is read per request.
const analysed = new WeakMap<OperationDefinitionNode, OperationLabels>();

export function labelsOf(
  op: OperationDefinitionNode,
  schema: GraphQLSchema,
  variables: Record<string, unknown> | undefined,
): [string, string] {
  let a = analysed.get(op);
  if (!a || a.schema !== schema) {
    a = analyse(op, schema);
    analysed.set(op, a);
  }
  if (a.fixed) return a.fixed;
  return [a.name!, placementLabel(variables?.[a.variable!] ?? a.fallback)];
}

function analyse(op: OperationDefinitionNode, schema: GraphQLSchema): OperationLabels {
  const fields = op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  if (fields.length !== op.selectionSet.selections.length) return { schema, fixed: [MULTIPLE, NO_PLACEMENT] }; // fragments at the root
  if (fields.length !== 1) return { schema, fixed: [fields.length === 0 ? INVALID : MULTIPLE, NO_PLACEMENT] };
  const field = fields[0];
  const name = field.name.value;
  const root = op.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const def = root?.getFields()[name]?.args.find((a) => a.name === 'placement');
  if (!def) return { schema, fixed: [name, NO_PLACEMENT] };
  const arg = field.arguments?.find((a) => a.name.value === 'placement');
  if (arg?.value.kind === Kind.VARIABLE)
    return { schema, name, variable: arg.value.name.value, fallback: def.defaultValue };
  const value = arg?.value.kind === Kind.ENUM ? arg.value.value : undefined;
  return { schema, fixed: [name, placementLabel(value ?? def.defaultValue)] };
}

// Enum values only (validation has run); the pattern is a second guard against unbounded labels.
function placementLabel(placement: unknown): string {
  return typeof placement === 'string' && PLACEMENT_VALUE.test(placement) ? placement : NO_PLACEMENT;
}
