import { activeVersionOf, decideActivation } from './activation-policy.js';
import type { ModelVersionRecord } from './model-version.repository.js';

describe('decideActivation', () => {
  const active = { id: 'v1', metric: 'ndcg@10:all', value: 0.25 };
  it('if-better activates only a strict improvement', () => {
    expect(decideActivation('if-better', 'ndcg@10:all', 0.26, active).activate).toBe(true);
    expect(decideActivation('if-better', 'ndcg@10:all', 0.25, active).activate).toBe(false);
    expect(decideActivation('if-better', 'ndcg@10:all', 0.2, active)).toMatchObject({
      activate: false,
      reason: expect.stringMatching(/does not beat active v1/),
    });
  });
  it('if-better activates when nothing serves or the metrics differ', () => {
    expect(decideActivation('if-better', 'ndcg@10:all', 0.1, null).activate).toBe(true);
    expect(decideActivation('if-better', 'ndcg@10:new', 0.1, active).activate).toBe(true);
  });
  it('always and never ignore the metric', () => {
    expect(decideActivation('always', 'ndcg@10:all', 0, active).activate).toBe(true);
    expect(decideActivation('never', 'ndcg@10:all', 1, null).activate).toBe(false);
  });
});

describe('activeVersionOf', () => {
  const record = (metrics: Record<string, unknown>, primaryMetric: number | null): ModelVersionRecord => ({
    id: 'v7',
    status: 'active',
    artifactPath: '/models/v7',
    manifest: {},
    metrics,
    primaryMetric,
    createdAt: new Date(0),
    activatedAt: new Date(0),
  });
  it('compares with the metric the serving version was measured on', () => {
    expect(activeVersionOf(record({ primaryMetric: 'ndcg@10:all' }, 0.3))).toEqual({
      id: 'v7',
      metric: 'ndcg@10:all',
      value: 0.3,
    });
  });
  it('has no metric for a version registered without one, and nothing when nothing serves', () => {
    expect(activeVersionOf(record({}, null))).toEqual({ id: 'v7', metric: null, value: null });
    expect(activeVersionOf(null)).toBeNull();
  });
});
