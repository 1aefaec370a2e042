import { isSegmentTarget, matchSegmentTarget, SEGMENT_TARGETS } from './segment-target.js';

describe('segment targets', () => {
  it('lists every RFM segment, lifecycle stage and value segment once', () => {
    expect(SEGMENT_TARGETS).toEqual(
      expect.arrayContaining([
        'champions',
        'hibernating',
        'new',
        'active',
        'lapsed',
        'high-value',
        'high-value-at-risk',
      ]),
    );
    expect(SEGMENT_TARGETS.filter((t) => t === 'at-risk')).toHaveLength(1);
    expect(isSegmentTarget('champions')).toBe(true);
    expect(isSegmentTarget('Champions')).toBe(false);
    expect(isSegmentTarget('vip')).toBe(false);
  });

  it('prefers the value segment, then the RFM segment, then the lifecycle stage, and only targets with a setting', () => {
    const has = (set: string[]) => (t: string) => set.includes(t);
    const valued = { segment: 'champions', lifecycle: 'active', valueSegment: 'high-value' };
    expect(matchSegmentTarget(valued, has(['champions', 'active', 'high-value']))).toBe('high-value');
    expect(matchSegmentTarget(valued, has(['champions', 'high-value-at-risk']))).toBe('champions');
    const member = { segment: 'champions', lifecycle: 'active', valueSegment: null };
    expect(matchSegmentTarget(member, has(['champions', 'active']))).toBe('champions');
    expect(matchSegmentTarget(member, has(['active']))).toBe('active');
    expect(matchSegmentTarget(member, has(['lapsed']))).toBeNull();
    expect(matchSegmentTarget({ segment: null, lifecycle: 'new', valueSegment: null }, has(['new']))).toBe('new');
    expect(matchSegmentTarget(null, has(['champions']))).toBeNull();
  });
});
