import { DecodedTextMemo } from './decoded-text-memo.js';

describe('DecodedTextMemo', () => {
  it('decodes a text once per stamp and returns the same value after that', () => {
    const memo = new DecodedTextMemo<number[]>();
    let calls = 0;
    const decode = (t: string) => (calls++, JSON.parse(t) as number[]);
    const a = memo.get('[1,2]', decode, 'catalog-1');
    expect(memo.get('[1,2]', decode, 'catalog-1')).toBe(a);
    expect(memo.get(`[1,${2}]`, decode, 'catalog-1')).toBe(a); // an equal text that is another string
    expect(calls).toBe(1);
    const b = memo.get('[1,2]', decode, 'catalog-2'); // the stamp changed: decoded again
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
    expect(calls).toBe(2);
    expect(memo.size).toBe(1);
  });

  it('keeps at most maxEntries texts, dropping the oldest', () => {
    const memo = new DecodedTextMemo<string>(2);
    const seen: string[] = [];
    const decode = (t: string) => (seen.push(t), t.toUpperCase());
    for (const t of ['a', 'b', 'c', 'b', 'a']) memo.get(t, decode);
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
    expect(memo.size).toBe(2);
  });
});
