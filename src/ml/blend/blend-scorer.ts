import type { UserHistory } from '../dataset.js';
import type { Scorer } from '../scorer.js';
import { blendScores, type BlendSource } from './blend-scores.js';

export interface BlendComponent extends BlendSource {
  scorer: Scorer;
}

/** A weighted blend of Scorers, itself a Scorer: per-user normalised scores, weighted sum (blendScores). */
export class BlendScorer implements Scorer {
  readonly name: string;

  constructor(
    readonly components: BlendComponent[],
    name?: string,
  ) {
    this.name =
      name ??
      `Blend(${components
        .filter((c) => c.weight !== 0)
        .map((c) => `${c.name}×${+c.weight.toFixed(3)}`)
        .join(' + ')})`;
  }

  async scoreUsers(histories: UserHistory[]): Promise<Float32Array> {
    const active = this.components.filter((c) => c.weight !== 0);
    if (active.length === 0) throw new Error(`${this.name} has no source with a non-zero weight`);
    const matrices = await Promise.all(active.map((c) => c.scorer.scoreUsers(histories)));
    const rows = histories.length;
    const n = rows ? matrices[0].length / rows : 0;
    const out = new Float32Array(rows * n);
    for (let r = 0; r < rows; r++) {
      blendScores(
        matrices.map((m) => m.subarray(r * n, r * n + n)),
        active,
        out.subarray(r * n, r * n + n),
      );
    }
    return out;
  }
}
