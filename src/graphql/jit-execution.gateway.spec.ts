import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import { GraphQLError, GraphQLSchema, buildSchema, type GraphQLFormattedError } from 'graphql';
import { JitExecutionGateway } from './jit-execution.gateway.js';

class ShopError extends Error {}

const SDL = `
  enum Source { POPULAR, CONTENT }
  type Item { id: ID!, title: String, price: Float, tags: [String!] }
  type Rec { score: Float!, source: Source!, item: Item!, anchor: Item }
  type List { requestId: ID!, items: [Rec!]!, note: String }
  type Query {
    recs(userId: ID!, limit: Int = 3): List!
    failing: Int
    shopFailure: List
  }
`;

function schemaWithResolvers(calls: { recs: number }): GraphQLSchema {
  const schema = buildSchema(SDL);
  const fields = schema.getQueryType()!.getFields();
  const items = [
    { id: '85123A', title: 'WHITE HANGING HEART T-LIGHT HOLDER', price: 2.55, tags: ['heart', 'light'] },
    { id: '71053', title: 'WHITE METAL LANTERN', price: 3.39, tags: [] },
    { id: '84406B', title: null, price: null, tags: ['coat'] },
  ];
  fields.recs.resolve = (_root, args: { userId: string; limit: number }) => {
    calls.recs++;
    return Promise.resolve({
      requestId: `r-${args.userId}`,
      note: null,
      items: items.slice(0, args.limit).map((item, i) => ({
        score: 1 - i / 10,
        source: i % 2 ? 'CONTENT' : 'POPULAR',
        item,
        anchor: i === 1 ? items[0] : null,
      })),
    });
  };
  fields.failing.resolve = () => {
    throw new Error('boom');
  };
  fields.shopFailure.resolve = () => Promise.reject(new ShopError('unknown user'));
  return schema;
}

interface Served {
  server: ApolloServer;
  formatted: { error: unknown }[];
  calls: { recs: number };
  gateway?: JitExecutionGateway;
}

async function serve(jit: boolean): Promise<Served> {
  const calls = { recs: 0 };
  const schema = schemaWithResolvers(calls);
  const formatted: { error: unknown }[] = [];
  const formatError = (f: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    formatted.push({ error });
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    return original instanceof ShopError ? { ...f, extensions: { code: 'NOT_FOUND' } } : f;
  };
  if (!jit) {
    const server = new ApolloServer({ schema, formatError });
    await server.start();
    return { server, formatted, calls };
  }
  const gateway = new JitExecutionGateway();
  gateway.serve(schema);
  const server = new ApolloServer({ gateway, formatError });
  await server.start();
  return { server, formatted, calls, gateway };
}

function body(res: GraphQLResponse): unknown {
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return JSON.parse(JSON.stringify(res.body.singleResult));
}

describe('JitExecutionGateway (Apollo Server executing through graphql-jit)', () => {
  let js: Served;
  let jit: Served;
  beforeAll(async () => {
    [js, jit] = await Promise.all([serve(false), serve(true)]);
  });
  afterAll(async () => {
    await Promise.all([js.server.stop(), jit.server.stop()]);
  });

  const run = (s: Served, query: string, variables?: Record<string, unknown>, operationName?: string) =>
    s.server.executeOperation({ query, variables, operationName });

  it.each([
    [
      'lists, nested objects, enums and nulls',
      'query($u: ID!) { recs(userId: $u) { requestId note items { score source item { id title price tags } anchor { id } } } }',
      { u: '17850' },
    ],
    [
      'aliases, fragments and __typename',
      '{ a: recs(userId: "1", limit: 1) { ...F } b: recs(userId: "2") { __typename items { item { __typename id } } } } fragment F on List { requestId items { source } }',
      undefined,
    ],
    ['an error in a nullable field (partial data)', '{ failing recs(userId: "3", limit: 2) { requestId } }', undefined],
    ['a default argument', '{ recs(userId: "4") { items { item { id } } } }', undefined],
  ])('answers exactly as graphql-js: %s', async (_what, query, variables) => {
    const [a, b] = await Promise.all([run(js, query, variables), run(jit, query, variables)]);
    expect(body(b)).toEqual(body(a));
    expect(b.http.status).toBe(a.http.status);
  });

  it('hands formatError the thrown error, so domain errors keep their code', async () => {
    jit.formatted.length = 0;
    const res = body(await run(jit, '{ shopFailure { requestId } }')) as {
      errors: GraphQLFormattedError[];
      data: unknown;
    };
    expect(res.data).toEqual({ shopFailure: null });
    expect(res.errors).toEqual([
      {
        message: 'unknown user',
        path: ['shopFailure'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'NOT_FOUND' },
      },
    ]);
    expect(jit.formatted).toHaveLength(1);
    expect((jit.formatted[0].error as GraphQLError).originalError).toBeInstanceOf(ShopError);
  });

  it('reports variables that do not coerce as graphql-js does (BAD_USER_INPUT, HTTP 400) without running a resolver', async () => {
    const query = 'query($u: ID!, $n: Int) { recs(userId: $u, limit: $n) { requestId } }';
    const before = jit.calls.recs;
    const [a, b] = await Promise.all([run(js, query, { u: '1', n: 'many' }), run(jit, query, { u: '1', n: 'many' })]);
    expect(body(b)).toEqual(body(a));
    expect(b.http.status).toBe(400);
    expect((body(b) as { errors: GraphQLFormattedError[] }).errors[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(jit.calls.recs).toBe(before);
    const missing = await run(jit, query, {});
    expect((body(missing) as { errors: GraphQLFormattedError[] }).errors[0].message).toMatch(/\$u/);
    expect(jit.calls.recs).toBe(before);
  });

  it('compiles a repeated query text once and each named operation of a document separately', async () => {
    const fresh = await serve(true);
    try {
      const query = 'query($u: ID!) { recs(userId: $u, limit: 1) { requestId } }';
      for (const u of ['a', 'b', 'c']) {
        expect(body(await run(fresh, query, { u }))).toEqual({ data: { recs: { requestId: `r-${u}` } } });
      }
      expect(fresh.gateway!.compiledOperations).toBe(1);
      const two = 'query One { recs(userId: "1") { requestId } } query Two { recs(userId: "2") { note } }';
      expect(body(await run(fresh, two, undefined, 'Two'))).toEqual({ data: { recs: { note: null } } });
      expect(body(await run(fresh, two, undefined, 'One'))).toEqual({ data: { recs: { requestId: 'r-1' } } });
      expect(body(await run(fresh, two, undefined, 'Two'))).toEqual({ data: { recs: { note: null } } });
      expect(fresh.gateway!.compiledOperations).toBe(3);
    } finally {
      await fresh.server.stop();
    }
  });

  it('refuses to start without a schema', async () => {
    const server = new ApolloServer({ gateway: new JitExecutionGateway() });
    await expect(server.start()).rejects.toThrow(/no schema to serve/);
  });
});
