import { buildSchema, execute, parse, type FormattedExecutionResult } from 'graphql';
import { stringifyResult } from './stringify-result.js';

describe('stringifyResult', () => {
  it("writes exactly Apollo's default text for a graphql-js result (null-prototype objects, lists, nulls, scalars)", async () => {
    const schema = buildSchema(`
      scalar JSON
      type Item { id: ID!, title: String, price: Float, tags: [String], attributes: JSON }
      type Query { items: [Item], first: Item, missing: Item, fails: Int }
    `);
    const items = [
      {
        id: '1',
        title: 'WHITE "HANGING" HEART\n',
        price: 2.55,
        tags: ['a', null],
        attributes: { b: 1, a: [1, { c: null }] },
      },
      { id: '2', title: null, price: null, tags: [], attributes: new Date(0) },
    ];
    const rootValue = {
      items,
      first: items[0],
      missing: null,
      fails: () => {
        throw new Error('boom');
      },
    };
    const result = await execute({
      schema,
      rootValue,
      document: parse('{ items { id title price tags attributes } first { __typename id } missing { id } fails }'),
    });
    expect(Object.getPrototypeOf(result.data)).toBeNull(); // what makes the default slow
    const formatted: FormattedExecutionResult = {
      errors: result.errors?.map((e) => e.toJSON()),
      data: result.data,
      extensions: undefined,
    };
    expect(stringifyResult(formatted)).toBe(JSON.stringify(formatted) + '\n');
    expect(JSON.parse(stringifyResult(formatted)).data.items[1].attributes).toBe('1970-01-01T00:00:00.000Z');
  });
});
