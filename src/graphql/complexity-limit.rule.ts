import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type GraphQLField,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface ComplexityOptions {
  /** Arguments whose value bounds the size of the list at or below the field (`limit: 20`). */
  sizeArguments?: readonly string[];
  /** List size assumed when the size is a variable (unknown at validation) or there is no size argument. */
  assumedListSize?: number;
}

const DEFAULTS = { sizeArguments: ['limit', 'first'], assumedListSize: 100 };

/**
 * Estimated cost of an operation: every field costs 1, and the fields under a list are counted once
 * per element. The list size comes from a `limit`-style argument on the list field or on the nearest
 * object field above it (`recommendations(limit: 20) { items { ... } }` multiplies what is under
 * `items` by 20); an argument left out counts as its default value when the schema gives one (the value
 * the resolver then uses), a variable or an argument without a default as `assumedListSize` (the API's
 * maximum `limit`, so the estimate is a bound). Introspection fields count 1 and are not descended: their
 * size is the schema's, not the data's. Fragments are followed.
 */
export function estimateComplexity(
  context: ValidationContext,
  operationSelection: SelectionSetNode,
  rootType: GraphQLNamedType,
  options: ComplexityOptions = {},
): number {
  const sizeArguments = new Set(options.sizeArguments ?? DEFAULTS.sizeArguments);
  const assumed = options.assumedListSize ?? DEFAULTS.assumedListSize;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of context.getDocument().definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const schema = context.getSchema();

  const sizeArgument = (field: FieldNode, def: GraphQLField<unknown, unknown>): number | undefined => {
    for (const arg of field.arguments ?? []) {
      if (!sizeArguments.has(arg.name.value)) continue;
      if (arg.value.kind === Kind.INT) return Math.max(0, Number(arg.value.value));
      return assumed; // a variable: any value the API accepts
    }
    for (const arg of def.args) {
      const value = arg.defaultValue;
      if (sizeArguments.has(arg.name) && typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value);
    }
    return undefined;
  };

  const costOf = (
    set: SelectionSetNode,
    parent: GraphQLNamedType,
    pendingSize: number | undefined,
    seen: ReadonlySet<string>,
  ): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? parent) : parent;
        total += costOf(sel.selectionSet, type, pendingSize, seen);
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (!frag || seen.has(frag.name.value)) continue; // unknown or cyclic: other rules report it
        const type = schema.getType(frag.typeCondition.name.value) ?? parent;
        total += costOf(frag.selectionSet, type, pendingSize, new Set([...seen, frag.name.value]));
      } else {
        total += 1;
        if (!sel.selectionSet || sel.name.value.startsWith('__')) continue;
        const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[sel.name.value] : undefined;
        if (!def) continue; // unknown field: FieldsOnCorrectType reports it
        const type: GraphQLOutputType = def.type;
        const size = sizeArgument(sel, def) ?? pendingSize ?? maxItemsOf(def.extensions);
        const child = getNamedType(type);
        if (isListType(getNullableType(type))) {
          total += (size ?? assumed) * costOf(sel.selectionSet, child, undefined, seen);
        } else {
          total += costOf(sel.selectionSet, child, size, seen);
        }
      }
    }
    return total;
  };
  return costOf(operationSelection, rootType, undefined, new Set());
}

/**
 * A list field that is small by construction (a placement's handful of weights) declares its bound
 * with `@Extensions({ maxItems: n })`, so it is not counted as `assumedListSize`.
 */
export const MAX_ITEMS_EXTENSION = 'maxItems';

function maxItemsOf(extensions: Readonly<Record<string, unknown>> | null | undefined): number | undefined {
  const n = extensions?.[MAX_ITEMS_EXTENSION];
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Rejects operations whose estimated cost (see estimateComplexity) exceeds `maxComplexity`. */
export function complexityLimitRule(maxComplexity: number, options: ComplexityOptions = {}) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const root = context.getSchema().getRootType(node.operation);
      if (!root) return;
      const cost = estimateComplexity(context, node.selectionSet, root, options);
      if (cost > maxComplexity) {
        context.reportError(
          new GraphQLError(
            `Query complexity ${cost} exceeds the limit of ${maxComplexity} (each field counts 1, times the list sizes above it; lower the limits or select fewer fields)`,
            { nodes: [node] },
          ),
        );
      }
    },
  });
}
