// The learned ranker on Online Retail reshaped three ways (bench/ml/reshaped-quality.ts): occasional shoppers,
// a rating log's shape, a catalog without attributes. PASS when the served pipeline is at least the best
// baseline of the same split (each tuned on its validation split) on both protocols.
import type { BenchContext, BenchSection } from './support/bench-context.js';
import type { BenchResult } from './support/report.js';
import type { BenchFigure } from './support/figures.js';

async function run(ctx: BenchContext): Promise<BenchResult> {
  const { loadOnlineRetailDataset } = await import('../src/ml/data/online-retail-dataset.js');
  const { buildUserHistories } = await import('../src/ml/data/user-histories.js');
  const { firstBaskets, onePerBasket, withoutAttributes } = await import('../src/ml/data/reshape-histories.js');
  const { runReshapedCase } = await import('./ml/reshaped-quality.js');
  const { initTf } = await import('../src/ml/tf/tf-backend.js');
  const { registerTrainingKernels } = await import('../src/ml/tf/kernels/training-kernels.js');
  await initTf({ log: ctx.log });
  registerTrainingKernels();
  const { dataset } = await loadOnlineRetailDataset({ path: ctx.dataFile });
  const histories = buildUserHistories(dataset);
  const cases = [
    { name: 'first 3 baskets per shopper', histories: firstBaskets(histories, 3), items: dataset.items },
    { name: 'one item per basket (leave-one-out)', histories: onePerBasket(histories), items: dataset.items },
    { name: 'no titles or prices', histories, items: withoutAttributes(dataset.items) },
  ];
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  const figures: BenchFigure[] = [];
  for (const c of cases) {
    ctx.log(`reshaped: ${c.name}`);
    const r = await runReshapedCase(c, ctx.log);
    for (const setting of ['all', 'new'] as const) {
      const value = (e: (typeof r)['served']) =>
        e.settings.find((s) => s.setting === setting)?.metrics['ndcg@10'] ?? Number.NaN;
      const best = r.baselines.reduce((a, b) => (value(b) > value(a) ? b : a));
      const served = value(r.served);
      rows.push([
        c.name,
        setting,
        served.toFixed(4),
        value(r.linear).toFixed(4),
        `${best.scorer} ${value(best).toFixed(4)}`,
        `${((served / value(best) - 1) * 100).toFixed(1)} %`,
        served >= value(best) ? 'PASS' : 'FAIL',
      ]);
      figures.push({
        measure: `reshaped Online Retail, ${c.name}: served NDCG@10 on ${setting} items vs the best tuned baseline`,
        result: `${served.toFixed(4)} vs ${best.scorer} ${value(best).toFixed(4)} (${((served / value(best) - 1) * 100).toFixed(1)} %)`,
        target: '≥ the best baseline',
        verdict: served >= value(best) ? 'PASS' : 'FAIL',
      });
    }
    notes.push(
      `${c.name}: ${r.testUsers} test users, ${r.seconds.toFixed(0)} s; ranker heads: ` +
        r.verdicts.map((v) => `${v.head} ${v.kept ? 'kept' : 'dropped'} (${v.reason})`).join('; '),
    );
  }
  return {
    tables: [
      {
        title: 'NDCG@10 on the held-out last basket, served pipeline vs the best baseline of the same split',
        columns: ['case', 'setting', 'served', 'linear blend', 'best baseline', 'gap', 'target'],
        rows,
      },
    ],
    notes,
    figures,
  };
}

export const reshapedQualitySection: BenchSection = {
  name: 'reshaped',
  title: 'Ranker on reshaped Online Retail (occasional shoppers, rating-log shape, no attributes)',
  run,
};
