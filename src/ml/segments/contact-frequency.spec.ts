import { applyContactCap, validateContactCap, type Impression } from './contact-frequency.js';

const HOUR = 3_600_000;
const T = Date.UTC(2011, 11, 9, 12);
const at = (hoursFromNow: number) => T + hoursFromNow * HOUR;
const shown = (itemId: string, ...hours: number[]): Impression[] =>
  hours.map((h) => ({ itemId, shownAt: new Date(at(h)) }));

describe('applyContactCap (max 2 per 24 h)', () => {
  const cap = { maxImpressions: 2, windowHours: 24 };

  it('suppresses items shown max times inside the window, keeps the candidate order', () => {
    const impressions = [
      ...shown('a', -1, -5), // 2 in window → suppressed
      ...shown('b', -30, -2), // one of them outside → allowed
      ...shown('c', 1, -3), // one in the future (ignored) → allowed
      ...shown('d', -1, -2, -10), // 3 in window → suppressed
      ...shown('zzz', -1, -1, -1), // not a candidate
    ];
    const d = applyContactCap(['d', 'e', 'a', 'b', 'c'], impressions, cap, T);
    expect(d.allowed).toEqual(['e', 'b', 'c']);
    expect(d.suppressed).toEqual([
      // sorted [-10, -2, -1]: once -10 and -2 have left, one remains → allowed again at -2 + 24 h
      { itemId: 'd', shownInWindow: 3, allowedAgainAt: new Date(at(22)) },
      // sorted [-5, -1]: allowed again when -5 leaves the window
      { itemId: 'a', shownInWindow: 2, allowedAgainAt: new Date(at(19)) },
    ]);
  });

  it('treats the window as (now − window, now]', () => {
    const edge = [...shown('x', -24, 0)];
    expect(applyContactCap(['x'], edge, cap, new Date(T)).allowed).toEqual(['x']); // -24 h has left
    expect(applyContactCap(['x'], [...edge, ...shown('x', -23.99)], cap, T).suppressed).toHaveLength(1);
  });

  it('an item becomes allowed exactly at allowedAgainAt', () => {
    const imps = shown('a', -1, -5);
    const { suppressed } = applyContactCap(['a'], imps, cap, T);
    const again = suppressed[0].allowedAgainAt.getTime();
    expect(applyContactCap(['a'], imps, cap, again - 1).allowed).toEqual([]);
    expect(applyContactCap(['a'], imps, cap, again).allowed).toEqual(['a']);
  });

  it('decides a duplicate candidate once and accepts epoch-millisecond times', () => {
    const imps: Impression[] = [
      { itemId: 'a', shownAt: at(-1) },
      { itemId: 'a', shownAt: at(-2) },
    ];
    const d = applyContactCap(['a', 'b', 'a', 'b'], imps, cap, T);
    expect(d.allowed).toEqual(['b']);
    expect(d.suppressed.map((s) => s.itemId)).toEqual(['a']);
  });

  it('max 1 suppresses after a single impression', () => {
    const d = applyContactCap(['a'], shown('a', -3), { maxImpressions: 1, windowHours: 6 }, T);
    expect(d.suppressed).toEqual([{ itemId: 'a', shownInWindow: 1, allowedAgainAt: new Date(at(3)) }]);
  });

  it('rejects nonsensical caps', () => {
    expect(() => validateContactCap({ maxImpressions: 0, windowHours: 1 })).toThrow(/maxImpressions/);
    expect(() => validateContactCap({ maxImpressions: 1.5, windowHours: 1 })).toThrow(/maxImpressions/);
    expect(() => applyContactCap([], [], { maxImpressions: 1, windowHours: 0 }, T)).toThrow(/windowHours/);
    expect(() => validateContactCap({ maxImpressions: 1, windowHours: Infinity })).toThrow(/windowHours/);
  });
});
