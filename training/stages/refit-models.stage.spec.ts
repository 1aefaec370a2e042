import type { FittedBlend } from '../../src/ml/blend/fit-blend.js';
import { BlendScorer } from '../../src/ml/blend/blend-scorer.js';
import type { TrainedModel } from '../../src/ml/artifact/model-artifact.js';
import type { LoopResult } from '../../src/ml/models/shared/softmax-trainer.js';
import type { Scorer } from '../../src/ml/scorer.js';
import { refitPlan, servedBlendScorer } from './refit-models.stage.js';

const firstFit = (bestEpoch: number | null) => ({
  training: bestEpoch === null ? null : ({ bestEpoch } as LoopResult),
});

describe('refitPlan', () => {
  it("'full' starts from scratch for the epochs early stopping chose, with no validation carve-out", () => {
    const plan = refitPlan('full', { dim: 32, maxEpochs: 30 }, firstFit(7));
    expect(plan).toEqual({
      hyperParams: { dim: 32, maxEpochs: 7, validationFraction: 0 },
      warm: false,
      how: 'from scratch, 7 epochs',
    });
  });

  it("'full' trains at least one epoch when the first fit reported none", () => {
    expect(refitPlan('full', {}, firstFit(null)).hyperParams.maxEpochs).toBe(1);
    expect(refitPlan('full', {}, firstFit(0)).hyperParams.maxEpochs).toBe(1);
  });

  it('a number continues from the first weights for that many epochs', () => {
    const plan = refitPlan(3, { maxEpochs: 30 }, firstFit(7));
    expect(plan).toMatchObject({
      hyperParams: { maxEpochs: 3, validationFraction: 0 },
      warm: true,
      how: '3 more epochs',
    });
  });
});

describe('servedBlendScorer', () => {
  const scorer = (name: string): Scorer => ({ name, scoreUsers: async () => new Float32Array(1) });
  it('puts the refitted models in place of their first fit and keeps the other sources and all weights', () => {
    const popularity = scorer('Pop');
    const first = scorer('first collaborative');
    const blend = {
      scorer: new BlendScorer([
        { name: 'Popularity', weight: 0.5, normalisation: 'zscore', scorer: popularity },
        { name: 'collaborative', weight: 2, normalisation: 'zscore', scorer: first },
      ]),
    } as FittedBlend;
    const refitted = scorer('refitted collaborative') as unknown as TrainedModel;
    const served = servedBlendScorer(blend, { collaborative: refitted });
    expect(served.components.map((c) => [c.name, c.weight, c.scorer])).toEqual([
      ['Popularity', 0.5, popularity],
      ['collaborative', 2, refitted],
    ]);
  });
});
