import {
  buildSchema,
  getIntrospectionQuery,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  TypeInfo,
  validate,
  ValidationContext,
} from 'graphql';
import { complexityLimitRule, estimateComplexity } from './complexity-limit.rule.js';
import { depthLimitRule } from './depth-limit.rule.js';

// The shape of the real API: a list object with `limit` on the parent field, items under it.
const schema = buildSchema(`
  type Item { id: ID! title: String! categories: [String!]! related(limit: Int): [Item!]! }
  type Rec { score: Float! item: Item! }
  type RecList { requestId: ID! items: [Rec!]! }
  type Query {
    recommendations(userId: ID!, limit: Int): RecList!
    item(id: ID!): Item
    allItems: [Item!]!
    pagedItems(first: Int = 5): [Item!]!
  }
  type Mutation { record(id: ID!): Boolean! }
`);

const cost = (query: string) => {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition')!;
  if (op.kind !== 'OperationDefinition') throw new Error('no operation');
  const ctx = new ValidationContext(schema, doc, new TypeInfo(schema), () => undefined);
  return estimateComplexity(ctx, op.selectionSet, schema.getRootType(op.operation)!);
};
const errors = (query: string, max: number) =>
  validate(schema, parse(query), [complexityLimitRule(max)]).map((e) => e.message);

describe('estimateComplexity', () => {
  it('counts one per field', () => {
    expect(cost('{ __typename }')).toBe(1);
    expect(cost('{ item(id: "1") { id title categories } }')).toBe(4);
  });

  it('multiplies what is under a list by the limit given on the field above it', () => {
    // recommendations 1 + requestId 1 + items 1 + 10 × (score 1 + item 1 + id 1 + title 1)
    expect(cost('{ recommendations(userId: "u", limit: 10) { requestId items { score item { id title } } } }')).toBe(
      43,
    );
  });

  it('uses a list field’s declared maxItems extension when no limit applies', () => {
    const bounded = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          weights: {
            type: new GraphQLList(new GraphQLObjectType({ name: 'W', fields: { source: { type: GraphQLString } } })),
            extensions: { maxItems: 5 },
          },
        },
      }),
    });
    const doc = parse('{ weights { source } }');
    const op = doc.definitions[0];
    if (op.kind !== 'OperationDefinition') throw new Error('no operation');
    const ctx = new ValidationContext(bounded, doc, new TypeInfo(bounded), () => undefined);
    expect(estimateComplexity(ctx, op.selectionSet, bounded.getQueryType()!)).toBe(1 + 5);
  });

  it('assumes the maximum list size for a variable limit and for lists without a limit', () => {
    expect(cost('query Q($n: Int) { recommendations(userId: "u", limit: $n) { items { score } } }')).toBe(2 + 100);
    expect(cost('{ allItems { id } }')).toBe(1 + 100);
  });

  it('counts an omitted size argument as its schema default', () => {
    expect(cost('{ pagedItems { id } }')).toBe(1 + 5);
    expect(cost('{ pagedItems(first: 2) { id } }')).toBe(1 + 2);
    expect(cost('query Q($n: Int) { pagedItems(first: $n) { id } }')).toBe(1 + 100);
  });

  it('multiplies nested lists and follows fragments', () => {
    const q = `{ item(id: "1") { ...F } } fragment F on Item { related(limit: 5) { id ... on Item { related(limit: 2) { id } } } }`;
    // item 1 + related 1 + 5 × (id 1 + related 1 + 2 × id 1)
    expect(cost(q)).toBe(2 + 5 * 4);
  });

  it('does not descend into introspection', () => {
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(1);
  });
});

describe('complexityLimitRule', () => {
  it('accepts operations up to the limit and rejects costlier ones with a message naming both numbers', () => {
    const q = '{ recommendations(userId: "u", limit: 10) { requestId items { score item { id title } } } }';
    expect(errors(q, 43)).toEqual([]);
    expect(errors(q, 42)).toEqual([expect.stringMatching(/^Query complexity 43 exceeds the limit of 42/)]);
  });

  it('checks each operation of a document', () => {
    const doc = 'query A { item(id: "1") { id } } mutation B { record(id: "1") }';
    expect(errors(doc, 2)).toEqual([]);
    expect(errors(doc, 1)).toHaveLength(1);
  });

  it('lets the standard introspection query (GraphiQL, codegen) through both limits at their defaults', () => {
    expect(validate(schema, parse(getIntrospectionQuery()), [complexityLimitRule(1000)])).toEqual([]);
    expect(validate(schema, parse(getIntrospectionQuery()), [depthLimitRule(8)]).map((e) => e.message)).toEqual([]);
  });
});
