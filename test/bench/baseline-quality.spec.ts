// Model-quality test on a small real slice of Online Retail (first 1,500 customers in file order):
// every model must beat popularity, and the validation-fitted blend must beat each of its parts.
// All numbers are computed in this run; nothing is copied from elsewhere.
import { runBaselineQuality, type BaselineQualityReport } from '../../bench/ml/baseline-quality.js';

describe('baseline quality on a real Online Retail slice', () => {
  let report: BaselineQualityReport;
  const ndcg = (scorer: string, setting: 'all' | 'new') => {
    const r = report.results.find((x) => x.scorer.startsWith(scorer))!;
    return r.settings.find((s) => s.setting === setting)!.metrics['ndcg@10'];
  };

  beforeAll(async () => {
    report = await runBaselineQuality({ maxUsers: 1500 });
  }, 600_000);

  it('repeat-purchase, item-kNN and EASE each beat popularity on NDCG@10 (all items)', () => {
    const pop = ndcg('Pop', 'all');
    expect(ndcg('RepeatPurchase', 'all')).toBeGreaterThan(pop);
    expect(ndcg('ItemKNN', 'all')).toBeGreaterThan(pop);
    expect(ndcg('EASE', 'all')).toBeGreaterThan(pop);
  });

  it('item-kNN and EASE beat popularity on new items', () => {
    expect(ndcg('ItemKNN', 'new')).toBeGreaterThan(ndcg('Pop', 'new'));
    expect(ndcg('EASE', 'new')).toBeGreaterThan(ndcg('Pop', 'new'));
  });

  it('TIFU-KNN (tuned on validation) beats P-TopFreq on all items and popularity on new items', () => {
    expect(ndcg('TIFU-KNN', 'all')).toBeGreaterThan(ndcg('P-TopFreq', 'all'));
    expect(ndcg('TIFU-KNN', 'new')).toBeGreaterThan(ndcg('Pop', 'new'));
    expect(ndcg('GP-TopFreq', 'new')).toBeGreaterThan(ndcg('P-TopFreq', 'new'));
  });

  it('the repeat-purchase model beats raw repeat frequency', () => {
    expect(ndcg('RepeatPurchase', 'all')).toBeGreaterThan(ndcg('P-TopFreq', 'all'));
  });

  it('the fitted blend of baselines + repeat beats each of its parts on all items', () => {
    const blend = ndcg('Blend', 'all');
    for (const part of ['Pop', 'RepeatPurchase', 'ItemKNN', 'EASE']) expect(blend).toBeGreaterThan(ndcg(part, 'all'));
  });
});
