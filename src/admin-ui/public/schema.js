// What the server's schema offers, read once at page load. Panels ask it which operations and
// arguments exist and build their selections from the real types, so a panel whose operation has not
// shipped yet is disabled with a note, and one whose type grew a field picks it up without a change.

import { gql } from './gql.js';

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECT = `query DashboardSchema { __schema {
  queryType { name } mutationType { name }
  types { kind name
    fields { name args { name defaultValue type { ${TYPE_REF} } } type { ${TYPE_REF} } }
    inputFields { name defaultValue type { ${TYPE_REF} } }
    enumValues { name }
  }
} }`;

/** The named type under NON_NULL / LIST wrappers, and whether a list was on the way. */
export function unwrap(ref) {
  let list = false;
  let required = false;
  let first = true;
  while (ref.ofType) {
    if (ref.kind === 'LIST') list = true;
    if (ref.kind === 'NON_NULL' && first) required = true;
    first = false;
    ref = ref.ofType;
  }
  return { name: ref.name, kind: ref.kind, list, required };
}

export class Schema {
  constructor(raw, source) {
    this.source = source; // 'introspection' | 'access-policy'
    this.types = new Map((raw?.types ?? []).map((t) => [t.name, t]));
    this.queryType = raw?.queryType?.name ?? 'Query';
    this.mutationType = raw?.mutationType?.name ?? 'Mutation';
    this.knownOperations = null; // only names (when introspection is off)
  }

  static async load() {
    try {
      const data = await gql(INTROSPECT);
      return new Schema(data.__schema, 'introspection');
    } catch (e) {
      // Introspection is off in production (Apollo's default): fall back to the admin-only list of
      // operation names. Panels then run with their default selections.
      if (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN') throw e;
      const data = await gql('{ accessPolicy { operations { kind name } } }');
      const s = new Schema(null, 'access-policy');
      s.knownOperations = new Set(data.accessPolicy.operations.map((o) => `${o.kind}.${o.name}`));
      return s;
    }
  }

  get introspected() {
    return this.source === 'introspection';
  }

  field(typeName, fieldName) {
    return this.types.get(typeName)?.fields?.find((f) => f.name === fieldName) ?? null;
  }

  /** The first of `names` that is a root field of `kind` ('Query' | 'Mutation'), or null. */
  operation(kind, ...names) {
    for (const name of names) {
      if (this.knownOperations) {
        if (this.knownOperations.has(`${kind}.${name}`)) return { name, args: [], type: null };
        continue;
      }
      const f = this.field(kind === 'Query' ? this.queryType : this.mutationType, name);
      if (f) return f;
    }
    return null;
  }

  arg(field, ...names) {
    return field?.args?.find((a) => names.includes(a.name)) ?? null;
  }

  enumValues(typeName) {
    return (this.types.get(typeName)?.enumValues ?? []).map((v) => v.name);
  }

  typeOf(ref) {
    return this.types.get(unwrap(ref).name) ?? null;
  }

  /** GraphQL type string of a reference, e.g. `[WeightInput!]!`, for variable declarations. */
  typeString(ref) {
    if (ref.kind === 'NON_NULL') return `${this.typeString(ref.ofType)}!`;
    if (ref.kind === 'LIST') return `[${this.typeString(ref.ofType)}]`;
    return ref.name;
  }

  /**
   * A selection set for an output type: every scalar and enum field, then object fields down to `depth`
   * levels (skipping fields that need arguments) while the estimated cost stays within `budget`. The
   * server counts each field once per list element and assumes 100 elements for an unsized list
   * (src/graphql/complexity-limit.rule.ts), so nested lists are what gets dropped first.
   */
  selection(ref, depth = 3, budget = 600) {
    return this.#select(ref, depth, budget).text;
  }

  #select(ref, depth, budget) {
    const type = this.typeOf(ref);
    if (!type || (type.kind !== 'OBJECT' && type.kind !== 'INTERFACE')) return { text: '', cost: 0 };
    const fields = (type.fields ?? []).filter(
      (f) => !f.name.startsWith('__') && !f.args.some((a) => unwrap(a.type).required && a.defaultValue == null),
    );
    const parts = [];
    let cost = 0;
    for (const f of fields) {
      const inner = unwrap(f.type);
      if (inner.kind === 'SCALAR' || inner.kind === 'ENUM') {
        parts.push(f.name);
        cost += 1;
      }
    }
    if (depth > 1) {
      for (const f of fields) {
        const inner = unwrap(f.type);
        if (inner.kind !== 'OBJECT' && inner.kind !== 'INTERFACE') continue;
        const times = inner.list ? listSize(f) : 1;
        const left = Math.floor((budget - cost - 1) / times);
        if (left < 1) continue;
        const sub = this.#select(f.type, depth - 1, left);
        if (!sub.text) continue;
        parts.push(`${f.name} ${sub.text}`);
        cost += 1 + times * sub.cost;
      }
    }
    return { text: parts.length ? `{ ${parts.join(' ')} }` : '', cost };
  }
}

/**
 * How many entries a list field returns when the query gives no size: the default of its `first`/`limit`
 * argument (as the server's complexity estimate counts it), else an assumed 100.
 */
function listSize(field) {
  const size = field.args.find((a) => a.name === 'first' || a.name === 'limit');
  const n = Number(size?.defaultValue);
  return Number.isInteger(n) && n > 0 ? n : 100;
}
