// The item-to-item table is sparsified from a dense EASE fit. The EASE baseline on the same training data with the
// same λ is that very fit, and a dense fit is the costliest step of the baselines: the fitter keeps the EASE behind
// the table it fitted last, so the evaluation can reuse it instead of fitting it again.
import type { EaseScorer } from '../../src/ml/baselines/ease-scorer.js';
import type { TrainingData } from '../../src/ml/data/training-data.js';
import type { UserHistory } from '../../src/ml/dataset.js';
import { ItemItemModel, type ItemItemParams } from '../../src/ml/models/item-item-model.js';

export class ItemItemFitter {
  // Only the latest: a dense EASE takes ~12·N² bytes, so older fits are let go.
  private latest: { histories: readonly UserHistory[]; ease: EaseScorer } | null = null;

  constructor(readonly params: Partial<ItemItemParams>) {}

  async fit(data: TrainingData): Promise<ItemItemModel> {
    const { model, ease } = await ItemItemModel.fit(data, this.params);
    this.latest = { histories: data.histories, ease };
    return model;
  }

  /** The dense EASE behind the latest table when that table was fitted on exactly these histories. */
  easeFittedOn(histories: readonly UserHistory[]): EaseScorer | undefined {
    return this.latest?.histories === histories ? this.latest.ease : undefined;
  }
}
