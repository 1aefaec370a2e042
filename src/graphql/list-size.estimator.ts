import { getNullableType, isListType, type GraphQLField } from 'graphql';
import type { ComplexityEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';

/** Arguments whose value is the length of the list a field returns (`limit: 20`, `first: 5`). */
export const SIZE_ARGUMENTS: readonly string[] = ['limit', 'first'];

/**
 * A list field that is small by construction (a placement's handful of weights) declares its bound with
 * `@Extensions({ maxItems: n })`, so it is not counted as an unbounded list.
 */
export const MAX_ITEMS_EXTENSION = 'maxItems';

type EstimatorArgs = Pick<ComplexityEstimatorArgs, 'args' | 'childComplexity' | 'context'>;

/**
 * Cost of one element of the parent-sized lists under the field being estimated, per computation (keyed by
 * getComplexity's `context`, a fresh object each time). The library estimates a field after everything
 * under it and before its next sibling, so the lists a field's estimator finds here are its own.
 */
const pendingElements = new WeakMap<object, number>();

/**
 * The `complexity` of a list whose length is the `limit` of the field that returns its parent
 * (`recommendations(limit: 20) { requestId items { … } }`): it counts one element and reports that element's
 * cost to the field above, whose `sizedByLimit` counts it `limit` times — and the parent's other fields once.
 */
export const countedByParentLimit = ({ childComplexity, context }: EstimatorArgs): number => {
  if (context) pendingElements.set(context, (pendingElements.get(context) ?? 0) + childComplexity);
  return 1 + childComplexity;
};

/**
 * The `complexity` of a field whose `limit` the resolver checks against `bounds` and whose list below it
 * (`countedByParentLimit`) has that many elements: 1, plus its selection, plus the list's elements
 * `limit − 1` times more. The limit is taken within the bounds: a value outside them costs as the nearest
 * bound, so the resolver answers it (BAD_USER_INPUT naming the bounds, before any work) rather than the
 * complexity limit. Without a `context` the whole selection counts `limit` times (still an upper bound).
 */
export const sizedByLimit =
  (bounds: { readonly min: number; readonly max: number; readonly default: number }) =>
  ({ args, childComplexity, context }: EstimatorArgs): number => {
    const requested = typeof args.limit === 'number' ? args.limit : bounds.default;
    const limit = Math.min(Math.max(requested, bounds.min), bounds.max);
    if (!context) return 1 + limit * childComplexity;
    const elements = pendingElements.get(context) ?? 0;
    pendingElements.delete(context);
    return 1 + childComplexity + (limit - 1) * elements;
  };

/**
 * graphql-query-complexity estimator: every field costs 1 plus what is under it, and a field with a size
 * argument counts what is under it once per element. The size is the argument's value in this request —
 * a literal or a variable, read by the library — and its schema default when it is left out or null (the
 * value the resolver then uses). A list without a size counts its `maxItems` extension, else
 * `unboundedListSize` (the API's longest list, so the estimate stays an upper bound). Introspection
 * (`__schema`, `__type`) costs 1: its size is the schema's, not the data's.
 */
export function listSizeEstimator(unboundedListSize: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    if (field.name === '__schema' || field.name === '__type') return 1;
    const size = sizeArgument(field, args, unboundedListSize) ?? listBound(field, unboundedListSize);
    return 1 + (size ?? 1) * childComplexity;
  };
}

function sizeArgument(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  unboundedListSize: number,
): number | undefined {
  for (const name of SIZE_ARGUMENTS) {
    const def = field.args.find((a) => a.name === name);
    if (!def) continue;
    const value = args[name] ?? def.defaultValue;
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : unboundedListSize;
  }
  return undefined;
}

function listBound(field: GraphQLField<unknown, unknown>, unboundedListSize: number): number | undefined {
  if (!isListType(getNullableType(field.type))) return undefined;
  const n = field.extensions?.[MAX_ITEMS_EXTENSION];
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : unboundedListSize;
}
