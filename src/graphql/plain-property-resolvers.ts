import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/** The name NestJS gives the resolver it puts on every code-first field that has no resolver of its own. */
const NEST_PROPERTY_RESOLVER = 'rootFieldResolver';

/**
 * Removes NestJS's plain property resolvers from the schema's object fields, so the executor reads those
 * properties itself. Nest's code-first schema gives every field a resolver (`root[property]`, or the
 * field's `defaultValue` when undefined); graphql-jit compiles a field without a resolver into an inline
 * property read, but calls one with a resolver through its generic path (arguments, resolve info, a check
 * for promises), which on a recommendations list is a large share of a cache hit's CPU.
 *
 * Only a resolver that behaves exactly like the default one is removed: it must return the property named
 * like the field and `undefined` when that property is absent (a field whose property is named otherwise,
 * or which has a defaultValue, keeps its resolver). Nest's field middleware wraps the resolver in a
 * function of another name, so such fields keep theirs too. Returns how many resolvers were removed.
 * A property read inline must hold its value, not a promise of it: an object whose field is computed
 * asynchronously gets a @ResolveField (which keeps its resolver), as every one in this schema does.
 */
export function removePlainPropertyResolvers(schema: GraphQLSchema): number {
  let removed = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve?.name === NEST_PROPERTY_RESOLVER && readsOwnProperty(field.resolve, field.name)) {
        field.resolve = undefined;
        removed++;
      }
    }
  }
  return removed;
}

function readsOwnProperty(resolve: GraphQLFieldResolver<unknown, unknown>, name: string): boolean {
  const probe = Symbol(name);
  const call = (root: object) => (resolve as (root: object) => unknown)(root);
  return call({ [name]: probe }) === probe && call({}) === undefined;
}
