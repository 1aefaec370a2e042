import type { FormattedExecutionResult } from 'graphql';

/**
 * Apollo's response serialiser (`stringifyResult`), producing the same text as its default
 * (`JSON.stringify(value) + '\n'`). graphql-js builds result objects with `Object.create(null)`,
 * which V8 keeps in dictionary mode, and JSON.stringify takes a slow path on those: copying them into
 * ordinary objects first makes a recommendations response cheaper to serialise, and serialising is the
 * second largest cost of a cache hit after execution itself.
 */
export function stringifyResult(value: FormattedExecutionResult): string {
  return JSON.stringify(ordinary(value)) + '\n';
}

function ordinary(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = ordinary(value[i]);
    return out;
  }
  // Objects with a prototype (scalar values, errors' extensions, plain objects) serialise as they are.
  if (Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  // for…in on a null-prototype object sees exactly the own enumerable string keys, as JSON.stringify does.
  for (const key in value) out[key] = ordinary((value as Record<string, unknown>)[key]);
  return out;
}
