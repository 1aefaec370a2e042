import type { DataSource } from 'typeorm';
import { recomputeSegments } from './recompute-segments.stage.js';

describe('recomputeSegments', () => {
  const thresholds = { SEGMENT_NEW_DAYS: 30, SEGMENT_ACTIVE_DAYS: 90, SEGMENT_LAPSED_DAYS: 365 };
  it('reports a failure and returns null instead of failing the job (the model is registered by then)', async () => {
    const unreachable = {
      query: () => Promise.reject(new Error('connection terminated')),
      transaction: () => Promise.reject(new Error('connection terminated')),
    } as unknown as DataSource;
    const lines: string[] = [];
    await expect(recomputeSegments(unreachable, thresholds, (m) => lines.push(m))).resolves.toBeNull();
    expect(lines).toEqual([expect.stringMatching(/^segments not recomputed: .*connection terminated/)]);
  });
});
