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

  it('keeps at most maxChars of texts, dropping the oldest', () => {
    const memo = new DecodedTextMemo<number>(100, 10);
    let calls = 0;
    const decode = (t: string) => (calls++, t.length);
    memo.get('aaaa', decode); // 4
    memo.get('bbbbb', decode); // 9
    memo.get('cc', decode); // 11 > 10: aaaa goes
    expect(memo.characters).toBe(7);
    expect(memo.size).toBe(2);
    memo.get('bbbbb', decode);
    memo.get('cc', decode);
    expect(calls).toBe(3);
    memo.get('aaaa', decode); // decoded anew; bbbbb (now the oldest) goes
    expect(calls).toBe(4);
    expect(memo.characters).toBe(6);
    memo.get('x'.repeat(11), decode); // alone over the budget: returned, not kept
    expect(memo.size).toBe(0);
    expect(memo.characters).toBe(0);
  });
});
