import { buildSchema, parse, validate } from 'graphql';
import { depthLimitRule } from './depth-limit.rule.js';

const schema = buildSchema(`
  type Node { id: ID! child: Node }
  type Query { node: Node }
`);
const errors = (query: string, max: number) =>
  validate(schema, parse(query), [depthLimitRule(max)]).map((e) => e.message);

describe('depthLimitRule', () => {
  it('accepts queries up to the limit and rejects deeper ones', () => {
    expect(errors('{ node { child { id } } }', 3)).toEqual([]);
    expect(errors('{ node { child { child { id } } } }', 3)).toEqual(['Query depth 4 exceeds the limit of 3']);
  });

  it('follows fragments and inline fragments', () => {
    const q = `{ node { ...F } } fragment F on Node { child { ... on Node { child { id } } } }`;
    expect(errors(q, 3)).toEqual(['Query depth 4 exceeds the limit of 3']);
    expect(errors(q, 4)).toEqual([]);
  });
});

describe('depthLimitRule and introspection', () => {
  it('counts an introspection subtree as one level, so GraphiQL and codegen work', () => {
    expect(errors('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }', 3)).toEqual(
      [],
    );
    expect(errors('{ __typename node { child { child { id } } } }', 3)).toEqual([
      'Query depth 4 exceeds the limit of 3',
    ]);
  });
});
