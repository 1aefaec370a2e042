import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Root fields an operation asks for, each alias counted (`a: recommendations … b: recommendations …` is 2),
 * fragments followed, `__typename` free. @skip/@include are not evaluated: the count is an upper bound.
 */
export function countRootFields(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const visiting = new Set<string>();
  const count = (set: SelectionSetNode): number => {
    let n = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) n += s.name.value === '__typename' ? 0 : 1;
      else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet);
      else {
        const fragment = fragments.get(s.name.value);
        // Validation refuses fragment cycles; the guard keeps this safe if it ever runs first.
        if (!fragment || visiting.has(fragment.name.value)) continue;
        visiting.add(fragment.name.value);
        n += count(fragment.selectionSet);
        visiting.delete(fragment.name.value);
      }
    }
    return n;
  };
  return count(operation.selectionSet);
}
