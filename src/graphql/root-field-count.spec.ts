import { getOperationAST, parse } from 'graphql';
import { countRootFields } from './root-field-count.js';

const count = (query: string) => {
  const document = parse(query);
  return countRootFields(document, getOperationAST(document)!);
};

describe('countRootFields', () => {
  it('counts each alias, follows fragments and leaves __typename free', () => {
    expect(count('{ __typename }')).toBe(0);
    expect(count('{ recommendations(userId: "u") { requestId } }')).toBe(1);
    expect(count('{ a: item(id: "1") { id } b: item(id: "2") { id } __typename }')).toBe(2);
    expect(
      count(`query { ...F ... on Query { c: item(id: "3") { id } } }
             fragment F on Query { a: item(id: "1") { id } b: item(id: "2") { id } }`),
    ).toBe(3);
  });
});
