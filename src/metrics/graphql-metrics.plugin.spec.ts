import { buildSchema, getOperationAST, parse } from 'graphql';
import { labelsOf } from './graphql-metrics.plugin.js';

const schema = buildSchema(`
  enum Placement { HOME CART }
  type Query { recommendations(userId: ID!, placement: Placement = HOME): Int, item(id: ID!): Int }
`);
const op = (q: string) => getOperationAST(parse(q))!;

describe('labelsOf', () => {
  it('labels by root field and placement: literal, schema default, none for fields without one', () => {
    expect(labelsOf(op('{ recommendations(userId: "1", placement: CART) }'), schema, {})).toEqual([
      'recommendations',
      'CART',
    ]);
    expect(labelsOf(op('{ recommendations(userId: "1") }'), schema, {})).toEqual(['recommendations', 'HOME']);
    expect(labelsOf(op('{ item(id: "1") }'), schema, {})).toEqual(['item', 'none']);
    expect(labelsOf(op('{ item(id: "1") recommendations(userId: "1") }'), schema, {})).toEqual(['multiple', 'none']);
  });

  it('reads a placement variable per request although the operation is analysed once', () => {
    const q = op('query Q($p: Placement) { recommendations(userId: "1", placement: $p) }');
    expect(labelsOf(q, schema, { p: 'CART' })).toEqual(['recommendations', 'CART']);
    expect(labelsOf(q, schema, { p: 'HOME' })).toEqual(['recommendations', 'HOME']);
    expect(labelsOf(q, schema, {})).toEqual(['recommendations', 'HOME']); // omitted: the schema default
    expect(labelsOf(q, schema, { p: 'not a label' })).toEqual(['recommendations', 'none']);
  });
});
