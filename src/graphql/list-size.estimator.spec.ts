import { buildSchema, getIntrospectionQuery, parse, type GraphQLField } from 'graphql';
import { fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';
import { countedByParentLimit, listSizeEstimator, MAX_ITEMS_EXTENSION, sizedByLimit } from './list-size.estimator.js';

// The shape of the real API: a list object returned by a field with a checked `limit`, items under it.
const schema = buildSchema(`
  type Item { id: ID! title: String! categories: [String!]! related(limit: Int): [Item!]! }
  type Rec { score: Float! item: Item! }
  type RecList { requestId: ID! items: [Rec!]! }
  type Weight { source: String! }
  type Query {
    recommendations(userId: ID!, limit: Int = 10): RecList!
    unchecked(limit: Int = 10): RecList!
    item(id: ID!): Item
    allItems: [Item!]!
    pagedItems(first: Int = 5): [Item!]!
    weights: [Weight!]!
  }
  type Mutation { record(id: ID!): Boolean! }
`);
const fieldOf = (type: string, name: string) =>
  (schema.getType(type) as unknown as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[
    name
  ] as { extensions: Record<string, unknown> };
// As Nest's `complexity` and `@Extensions` options set them.
fieldOf('Query', 'recommendations').extensions = { complexity: sizedByLimit({ min: 1, max: 100, default: 10 }) };
fieldOf('RecList', 'items').extensions = { complexity: countedByParentLimit };
fieldOf('Query', 'weights').extensions = { [MAX_ITEMS_EXTENSION]: 5 };

const estimators = [fieldExtensionsEstimator(), listSizeEstimator(100)];
// The plugin passes a fresh context to every computation.
const cost = (query: string, variables?: Record<string, unknown>) =>
  getComplexity({ schema, query: parse(query), variables, estimators, context: {} });

describe('listSizeEstimator, sizedByLimit and countedByParentLimit', () => {
  it('counts one per field', () => {
    expect(cost('{ __typename }')).toBe(1);
    expect(cost('{ item(id: "1") { id title categories } }')).toBe(4);
  });

  it('counts the items under a limit once per element, and the list’s other fields once', () => {
    // recommendations 1 + requestId 1 + items 1 + 10 × (score 1 + item 1 + id 1 + title 1)
    expect(cost('{ recommendations(userId: "u", limit: 10) { requestId items { score item { id title } } } }')).toBe(
      3 + 10 * 4,
    );
  });

  it('takes the size from the request’s variables', () => {
    const q = 'query Q($n: Int) { recommendations(userId: "u", limit: $n) { items { score } } }';
    expect(cost(q, { n: 5 })).toBe(2 + 5);
    expect(cost(q, { n: 100 })).toBe(2 + 100);
    expect(cost('query Q($n: Int = 3) { pagedItems(first: $n) { id } }')).toBe(1 + 3);
  });

  it('counts a size left out, or null, as its default', () => {
    expect(cost('{ recommendations(userId: "u") { items { score } } }')).toBe(2 + 10);
    expect(cost('{ recommendations(userId: "u", limit: null) { items { score } } }')).toBe(2 + 10);
    expect(cost('query Q($n: Int) { recommendations(userId: "u", limit: $n) { items { score } } }', {})).toBe(2 + 10);
    expect(cost('query Q($n: Int) { pagedItems(first: $n) { id } }', { n: null })).toBe(1 + 5);
    expect(cost('{ pagedItems(first: 2) { id } }')).toBe(1 + 2);
  });

  it('takes a checked limit within its bounds, so the resolver reports one outside them', () => {
    const q = 'query Q($n: Int) { recommendations(userId: "u", limit: $n) { items { score } } }';
    expect(cost(q, { n: 101 })).toBe(2 + 100);
    expect(cost(q, { n: 100_000 })).toBe(2 + 100);
    expect(cost(q, { n: -3 })).toBe(2 + 1);
    // A limit without bounds counts as sent, over the whole selection.
    expect(cost('{ unchecked(limit: 1000) { items { score } } }')).toBe(1 + 1000 * 2);
  });

  it('keeps the lists of several limited fields apart, aliases and shared fragments included', () => {
    const q = `{ a: recommendations(userId: "u", limit: 2) { ...L } b: recommendations(userId: "v", limit: 5) { ...L items { item { id } } } }
      fragment L on RecList { requestId items { score } }`;
    // a: 1 + requestId 1 + items 1 + 2 × score; b: 1 + requestId 1 + 2 × items 1 + 5 × (score + item 1 + id 1)
    expect(cost(q)).toBe(3 + 2 * 1 + (4 + 5 * 3));
  });

  it('without a context, counts the whole selection per element (still an upper bound)', () => {
    const q = parse('{ recommendations(userId: "u", limit: 10) { requestId items { score } } }');
    expect(getComplexity({ schema, query: q, estimators })).toBe(1 + 10 * 3);
  });

  it('counts a list without a size as its maxItems extension, else as the unbounded size', () => {
    expect(cost('{ weights { source } }')).toBe(1 + 5);
    expect(cost('{ allItems { id } }')).toBe(1 + 100);
    // A size argument without a value or default is unbounded too.
    expect(cost('{ item(id: "1") { related { id } } }')).toBe(1 + 1 + 100);
  });

  it('multiplies nested sizes and follows fragments', () => {
    const q = `{ item(id: "1") { ...F } } fragment F on Item { related(limit: 5) { id ... on Item { related(limit: 2) { id } } } }`;
    // item 1 + related 1 + 5 × (id 1 + related 1 + 2 × id 1)
    expect(cost(q)).toBe(2 + 5 * 4);
  });

  it('leaves out what @skip / @include leave out, by their variable', () => {
    const q =
      'query Q($full: Boolean!) { recommendations(userId: "u", limit: 10) { items { score item @include(if: $full) { id title } } } }';
    expect(cost(q, { full: false })).toBe(2 + 10 * 1);
    expect(cost(q, { full: true })).toBe(2 + 10 * 4);
  });

  it('counts introspection as 1 (its size is the schema’s), so GraphiQL’s query passes', () => {
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(1);
    expect(cost(getIntrospectionQuery())).toBe(1);
  });
});
