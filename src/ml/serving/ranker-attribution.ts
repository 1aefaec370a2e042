// Which source an item the learned ranker placed owes its place to, for the explanation: the shopper's own items
// are repeats; anything else goes to the source that rated it highest against its own catalog-wide mean (z-score),
// since the network has no single contribution per source to read off.
import { rowMoments } from '../ranking/candidate-features.js';
import type { ScoreSourceName, SourceRows } from '../ranking/score-sources.js';

/** Explanation sources of the ranker's score sources (the reasons explanations.ts knows). */
const REASON_SOURCE: Record<ScoreSourceName, string> = {
  'item-item': 'item-item',
  'item-item-latest': 'item-item',
  collaborative: 'collaborative',
  content: 'content',
  sequence: 'sequence',
  repeat: 'repeat',
  popularity: 'popularity',
};

export class RankerAttribution {
  private readonly moments = new Map<ScoreSourceName, { mean: number; std: number }>();

  constructor(
    private readonly rows: SourceRows,
    private readonly own: ReadonlySet<number>,
    private readonly numItems: number,
  ) {}

  /** The explanation source of item `index`. */
  sourceOf(index: number): string {
    if (this.own.has(index)) return 'repeat';
    let best: ScoreSourceName = 'popularity';
    let bestZ = -Infinity;
    for (const [name, row] of Object.entries(this.rows) as [ScoreSourceName, ArrayLike<number>][]) {
      if (name === 'repeat' || index >= row.length) continue;
      let m = this.moments.get(name);
      if (!m) this.moments.set(name, (m = rowMoments(row, this.numItems)));
      const z = (row[index] - m.mean) / m.std;
      if (z > bestZ) {
        bestZ = z;
        best = name;
      }
    }
    return REASON_SOURCE[best];
  }
}
