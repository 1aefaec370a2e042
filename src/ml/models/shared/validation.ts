// Early-stopping validation carved from TRAINING histories only: a seeded sample of users with ≥2 baskets loses its
// last basket, which becomes the validation target. The test split of the evaluation is never seen.
import type { Basket, UserHistory } from '../../dataset.js';
import { SeededRandom } from './seeded-random.js';

export interface ValidationCase {
  history: UserHistory;
  target: Basket;
}

export interface CarvedValidation {
  /** Training histories with the validation baskets removed. */
  train: UserHistory[];
  cases: ValidationCase[];
}

/**
 * @param fraction share of eligible users to hold out (default 0.1)
 * @param maxUsers cap on validation users (default 1000), so that evaluation stays cheap on big data
 */
export function carveValidation(histories: UserHistory[], seed: number, fraction = 0.1, maxUsers = 1000): CarvedValidation {
  const eligible = histories.map((h, i) => (h.baskets.length >= 2 ? i : -1)).filter((i) => i >= 0);
  const count = Math.min(maxUsers, Math.floor(eligible.length * fraction));
  const chosen = new Set(new SeededRandom(seed).shuffle(eligible).slice(0, count));
  const train: UserHistory[] = [];
  const cases: ValidationCase[] = [];
  histories.forEach((h, i) => {
    if (!chosen.has(i)) {
      train.push(h);
      return;
    }
    const history = { user: h.user, baskets: h.baskets.slice(0, -1) };
    train.push(history);
    cases.push({ history, target: h.baskets[h.baskets.length - 1] });
  });
  return { train, cases };
}

/** NDCG@k = Σ_{i<k, r_i∈T} 1/log2(i+2) / Σ_{i<min(|T|,k)} 1/log2(i+2), ranking one score row. */
function ndcgOfRow(scores: Float32Array, offset: number, n: number, targets: Set<number>, k: number, exclude?: Set<number>): number {
  if (targets.size === 0) return 0;
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) {
    if (exclude?.has(i)) continue;
    const s = scores[offset + i];
    if (!(s > -Infinity)) continue;
    if (idx.length === k && s <= val[k - 1]) continue;
    let pos = idx.length < k ? idx.length : k - 1;
    if (idx.length < k) {
      idx.push(i);
      val.push(s);
    }
    while (pos > 0 && s > val[pos - 1]) {
      idx[pos] = idx[pos - 1];
      val[pos] = val[pos - 1];
      pos--;
    }
    idx[pos] = i;
    val[pos] = s;
  }
  let dcg = 0;
  idx.forEach((item, r) => {
    if (targets.has(item)) dcg += 1 / Math.log2(r + 2);
  });
  let idcg = 0;
  for (let r = 0; r < Math.min(k, targets.size); r++) idcg += 1 / Math.log2(r + 2);
  return dcg / idcg;
}

export interface ValidationScore {
  all: number;
  /** Already-bought items removed from targets and candidates; users with no new target item skipped. */
  newItems: number;
  /** The early-stopping criterion: mean of the two. */
  combined: number;
}

/** Mean NDCG@k over the cases, for both the all-items and the new-items setting. */
export async function validationNdcg(
  cases: ValidationCase[],
  numItems: number,
  score: (histories: UserHistory[]) => Promise<Float32Array> | Float32Array,
  k = 10,
): Promise<ValidationScore> {
  if (cases.length === 0) return { all: 0, newItems: 0, combined: 0 };
  const scores = await score(cases.map((c) => c.history));
  let all = 0;
  let fresh = 0;
  let freshCount = 0;
  cases.forEach((c, u) => {
    const bought = new Set<number>();
    for (const b of c.history.baskets) for (const i of b.items) bought.add(i);
    const targets = new Set(c.target.items);
    all += ndcgOfRow(scores, u * numItems, numItems, targets, k);
    const newTargets = new Set([...targets].filter((i) => !bought.has(i)));
    if (newTargets.size > 0) {
      fresh += ndcgOfRow(scores, u * numItems, numItems, newTargets, k, bought);
      freshCount++;
    }
  });
  const a = all / cases.length;
  const n = freshCount ? fresh / freshCount : 0;
  return { all: a, newItems: n, combined: (a + n) / 2 };
}
