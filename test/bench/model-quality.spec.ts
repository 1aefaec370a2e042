// Model-quality test on a small real slice of Online Retail (the first 400 customers in file order, last basket of
// each held out, full-catalog ranking): each TF.js model must beat the popularity baseline fitted in the same run.
// Epochs are fixed and small (no early stopping, no time budget) so the run is fast and deterministic for its seeds;
// all numbers are computed here, none copied from elsewhere.
import { runModelQuality, type ModelQualityReport } from '../../bench/ml/model-quality.js';

describe('model quality on a real Online Retail slice', () => {
  let report: ModelQualityReport;
  const ndcg = (scorer: string, setting: 'all' | 'new') => {
    const row = report.rows.find((r) => r.scorer === scorer);
    if (!row) throw new Error(`no result for ${scorer}`);
    return setting === 'all' ? row.ndcgAll : row.ndcgNew;
  };
  const fixed = { validationFraction: 0, timeBudgetSeconds: null };

  beforeAll(async () => {
    report = await runModelQuality({
      maxUsers: 400,
      seed: 7,
      collaborative: { ...fixed, maxEpochs: 14 },
      content: { ...fixed, maxEpochs: 3 },
      sequence: { ...fixed, maxEpochs: 10, dim: 32 },
    });
  }, 600_000);

  it('evaluates every model on the same held-out users', () => {
    expect(report.data.testUsers).toBeGreaterThan(200);
    expect(report.rows.map((r) => r.scorer)).toEqual(['Pop', 'collaborative', 'content', 'sequence']);
    for (const r of report.rows)
      expect(r.result.settings.find((s) => s.setting === 'all')!.users).toBe(report.data.testUsers);
  });

  it.each(['collaborative', 'content', 'sequence'])('%s beats popularity on NDCG@10 over all items', (model) => {
    expect(ndcg(model, 'all')).toBeGreaterThan(ndcg('Pop', 'all'));
  });

  // On so small a slice only the content model beats popularity on new items reliably (across seeds); the history
  // models need more users to learn what people buy next besides their own items.
  it('content beats popularity on NDCG@10 over new items', () => {
    expect(ndcg('content', 'new')).toBeGreaterThan(ndcg('Pop', 'new'));
  });
});
