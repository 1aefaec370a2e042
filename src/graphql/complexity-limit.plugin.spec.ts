import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import { buildSchema, getIntrospectionQuery, type GraphQLFormattedError } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { complexityLimitPlugin } from './complexity-limit.plugin.js';
import { listSizeEstimator } from './list-size.estimator.js';

// One list query shaped like `recommendations`: `limit` multiplies its whole selection.
const schema = buildSchema(`
  type Item { id: ID! title: String! }
  type Query { recs(userId: ID!, limit: Int = 10): [Item!]! }
`);
let resolved = 0;
schema.getQueryType()!.getFields().recs.resolve = (_root, args: { limit: number | null }) => {
  resolved++;
  return Array.from({ length: args.limit ?? 10 }, (_, i) => ({ id: String(i), title: `item ${i}` }));
};

const MAX = 100;
const RECS = 'query Recs($u: ID!, $n: Int) { recs(userId: $u, limit: $n) { id title } }';

interface Result {
  status: number | undefined;
  errors?: GraphQLFormattedError[];
  data?: { recs: unknown[] } | null;
}

describe('complexityLimitPlugin (inside a real ApolloServer)', () => {
  let server: ApolloServer;
  let estimated = 0;
  const counting: ComplexityEstimator = (args) => {
    estimated++;
    return listSizeEstimator(100)(args);
  };

  beforeAll(async () => {
    server = new ApolloServer({ schema, plugins: [complexityLimitPlugin(MAX, counting)] });
    await server.start();
  });
  afterAll(() => server.stop());

  const run = async (query: string, variables?: Record<string, unknown>): Promise<Result> => {
    const res: GraphQLResponse = await server.executeOperation({ query, variables });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return { status: res.http.status, ...(res.body.singleResult as Omit<Result, 'status'>) };
  };

  it('costs a variable limit by its value: 5 passes, 50 (1 + 50 × 2 = 101) is refused before any resolver', async () => {
    const ok = await run(RECS, { u: 'a', n: 5 });
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.recs).toHaveLength(5);

    const before = resolved;
    const refused = await run(RECS, { u: 'a', n: 50 });
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0].message).toMatch(/^Query complexity 101 exceeds the limit of 100 /);
    expect(refused.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(resolved).toBe(before);

    expect((await run(RECS, { u: 'a', n: 49 })).errors).toBeUndefined();
  });

  it('costs a limit left out or null as the schema default', async () => {
    expect((await run(RECS, { u: 'a' })).data?.recs).toHaveLength(10);
    expect((await run(RECS, { u: 'a', n: null })).errors).toBeUndefined();
    const literal = await run('{ recs(userId: "a", limit: 60) { id title } }');
    expect(literal.errors?.[0].message).toMatch(/^Query complexity 121 exceeds/);
  });

  it('computes a cost once per operation and size, whatever the other variables hold', async () => {
    await run(RECS, { u: 'first', n: 7 });
    const after = estimated;
    for (const u of ['second', 'third', 'fourth']) expect((await run(RECS, { u, n: 7 })).errors).toBeUndefined();
    expect(estimated).toBe(after);
    await run(RECS, { u: 'first', n: 8 });
    expect(estimated).toBeGreaterThan(after);
  });

  it('follows @skip by its variable', async () => {
    const q = 'query Q($n: Int, $lean: Boolean!) { recs(userId: "a", limit: $n) { id title @skip(if: $lean) } }';
    expect((await run(q, { n: 60, lean: true })).errors).toBeUndefined();
    expect((await run(q, { n: 60, lean: false })).errors?.[0].message).toMatch(/^Query complexity 121 exceeds/);
  });

  it('leaves variables that do not coerce to the executor (BAD_USER_INPUT, HTTP 400)', async () => {
    const res = await run(RECS, { u: 'a', n: 'many' });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets the standard introspection query through', async () => {
    expect((await run(getIntrospectionQuery())).errors).toBeUndefined();
  });
});
