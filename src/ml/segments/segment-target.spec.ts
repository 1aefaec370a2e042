import { isSegmentTarget, matchSegmentTarget, SEGMENT_TARGETS } from './segment-target.js';

describe('segment targets', () => {
  it('lists every RFM segment and lifecycle stage once', () => {
    expect(SEGMENT_TARGETS).toEqual(expect.arrayContaining(['champions', 'hibernating', 'new', 'active', 'lapsed']));
    expect(SEGMENT_TARGETS.filter((t) => t === 'at-risk')).toHaveLength(1);
    expect(isSegmentTarget('champions')).toBe(true);
    expect(isSegmentTarget('Champions')).toBe(false);
    expect(isSegmentTarget('vip')).toBe(false);
  });

  it('prefers the RFM segment, then the lifecycle stage, and only targets that have a setting', () => {
    const has = (set: string[]) => (t: string) => set.includes(t);
    const member = { segment: 'champions', lifecycle: 'active' };
    expect(matchSegmentTarget(member, has(['champions', 'active']))).toBe('champions');
    expect(matchSegmentTarget(member, has(['active']))).toBe('active');
    expect(matchSegmentTarget(member, has(['lapsed']))).toBeNull();
    expect(matchSegmentTarget({ segment: null, lifecycle: 'new' }, has(['new']))).toBe('new');
    expect(matchSegmentTarget(null, has(['champions']))).toBeNull();
  });
});
