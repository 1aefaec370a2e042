import { DEFAULT_PROTOCOL } from '../src/ml/evaluation/evaluation-protocol.js';
import type { EvaluationResult } from '../src/ml/evaluation/evaluate.js';
import { LINEAR_BLEND_NAME } from '../src/ml/ranking/blend-recipe-sources.js';
import { baselineKinds, SERVED_SCORER_NAME, withRankerRows, type SuiteRow } from './evaluation-suite.js';

const result = (scorer: string, all: number, fresh: number, seconds = 1): EvaluationResult => ({
  scorer,
  protocol: DEFAULT_PROTOCOL,
  settings: [
    { setting: 'all', users: 10, metrics: { 'ndcg@10': all } },
    { setting: 'new', users: 8, metrics: { 'ndcg@10': fresh } },
  ],
  seconds,
});

describe('withRankerRows', () => {
  const rows: SuiteRow[] = [
    { kind: 'served', result: result(SERVED_SCORER_NAME, 0.3, 0.1) },
    { kind: 'model', result: result('collaborative', 0.2, 0.09) },
    { kind: 'baseline', result: result('Pop', 0.1, 0.05) },
  ];

  it('serves each setting from its kept head and lists the linear blend and the heads as models', () => {
    const out = withRankerRows(rows, [{ head: 'all', result: result('Ranker (all)', 0.35, 0.02) }]);
    expect(out.map((r) => [r.kind, r.result.scorer])).toEqual([
      ['served', SERVED_SCORER_NAME],
      ['model', LINEAR_BLEND_NAME],
      ['model', 'Ranker (all)'],
      ['model', 'collaborative'],
      ['baseline', 'Pop'],
    ]);
    // 'all' from the ranker head, 'new' (no head kept) from the linear blend
    expect(out[0].result.settings.map((s) => s.metrics['ndcg@10'])).toEqual([0.35, 0.1]);
    expect(out[1].result.settings).toEqual(rows[0].result.settings);
  });

  it('leaves its input as it was', () => {
    const before = JSON.stringify(rows);
    withRankerRows(rows, [{ head: 'new', result: result('Ranker (new)', 0.1, 0.2) }]);
    expect(JSON.stringify(rows)).toBe(before);
  });
});

describe('baselineKinds', () => {
  it('resolves aliases, keeps the order and drops duplicates', () => {
    expect(baselineKinds(['popularity', 'repeat-frequency', 'p-top-freq', 'ease'])).toEqual([
      'popularity',
      'p-top-freq',
      'ease',
    ]);
  });
});
