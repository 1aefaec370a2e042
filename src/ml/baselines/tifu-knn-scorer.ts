import type { UserHistory } from '../dataset.js';
import type { HoldoutSplit } from '../data/holdout-split.js';
import type { TrainingData } from '../data/training-data.js';
import { evaluate } from '../evaluation/evaluate.js';
import {
  DEFAULT_PROTOCOL,
  parsePrimaryMetric,
  type EvaluationProtocol,
  type EvaluationSetting,
} from '../evaluation/evaluation-protocol.js';
import type { Scorer } from '../scorer.js';
import { sampleHoldout } from './validation-sample.js';

export interface TifuKnnParams {
  /** m: baskets per group (the most recent group holds the remainder when m does not divide the history). */
  groupSize: number;
  /** r_b: decay of a basket's weight per later basket of the same group. */
  withinDecay: number;
  /** r_g: decay of a group's weight per later group. */
  groupDecay: number;
  /** k: nearest training users (by cosine of history vectors) averaged into the neighbour term. */
  neighbours: number;
  /** α: weight of the user's own vector; 1 − α goes to the neighbours' mean. */
  alpha: number;
  /**
   * Leave a scored history's own training vector out of its neighbours (matched by `history.user`), so a user is
   * never their own neighbour: the neighbour term stays collaborative, and scoring a held-out basket with a model
   * fitted on data that contains it cannot read it back.
   */
  excludeSelf: boolean;
}

/** The values Hu et al. report as a good default across their data sets (k = 300, r_b = 0.9, r_g = 0.7, α = 0.7). */
export const DEFAULT_TIFU_KNN_PARAMS: TifuKnnParams = {
  groupSize: 7,
  withinDecay: 0.9,
  groupDecay: 0.7,
  neighbours: 300,
  alpha: 0.7,
  excludeSelf: true,
};

export interface TifuKnnGrid {
  groupSize: readonly number[];
  withinDecay: readonly number[];
  groupDecay: readonly number[];
  neighbours: readonly number[];
  alpha: readonly number[];
}

/** The small grid searched on validation (48 points; vectors are built once per (m, r_b, r_g)). */
export const TIFU_KNN_GRID: TifuKnnGrid = {
  groupSize: [3, 7],
  withinDecay: [0.9, 1],
  groupDecay: [0.6, 0.9],
  neighbours: [100, 300],
  alpha: [0.5, 0.7, 0.9],
};

/** Serialisable state: parameters plus the training users' history vectors (CSR rows). */
export interface TifuKnnState {
  version: 1;
  params: TifuKnnParams;
  numItems: number;
  /** `history.user` of each stored row (for `excludeSelf`). */
  users: Int32Array;
  /** Row r's entries are items[ptr[r]..ptr[r+1]) with values[...]. */
  ptr: Int32Array;
  items: Int32Array;
  values: Float32Array;
}

/** The state with its arrays as plain JSON arrays. */
export type TifuKnnJsonState = Omit<TifuKnnState, 'users' | 'ptr' | 'items' | 'values'> & {
  users: number[];
  ptr: number[];
  items: number[];
  values: number[];
};

export interface TifuKnnTuneOptions {
  /** Supplies the metric (the primary metric's, e.g. ndcg@10) and the sampling seed. */
  protocol?: EvaluationProtocol;
  /** Validation users scored per grid point (default 1500): bounds the search's cost. */
  maxUsers?: number;
}

export interface TifuKnnTuned {
  params: TifuKnnParams;
  /** The protocol metric of the chosen point on the (sampled) validation users, in its setting. */
  validationScore: number;
  /** Fitted on the `data` passed to `tune` with `params`. */
  scorer: TifuKnnScorer;
}

interface SparseVector {
  items: Int32Array;
  values: Float64Array;
}

/**
 * TIFU-KNN (Hu et al., SIGIR 2020, "Modeling Personalized Item Frequency Information for Next-basket
 * Recommendation"). A history of baskets b_1..b_t (binary item vectors, oldest first) is cut into
 * G = ⌈t/m⌉ groups of m consecutive baskets, the most recent group holding the remainder:
 *   v_g = (1/|g|) Σ_{j=1}^{|g|} r_b^{|g|−j} b_{g,j}       (within-group decay, later baskets weigh more)
 *   v_u = (1/G) Σ_{i=1}^{G} r_g^{G−i} v_{g_i}             (group decay, later groups weigh more)
 *   score(u) = α·v_u + (1 − α)·(1/|N_k(u)|) Σ_{u' ∈ N_k(u)} v_{u'}
 * N_k(u): the k training users whose v has the highest cosine with v_u (> 0), found through an
 * item→user inverted index so a query costs Σ_{i ∈ u} |users(i)|, not users × items.
 */
export class TifuKnnScorer implements Scorer {
  readonly name: string;
  readonly params: TifuKnnParams;
  readonly numItems: number;
  private readonly users: Int32Array;
  private readonly ptr: Int32Array;
  private readonly items: Int32Array;
  private readonly values: Float32Array;
  private readonly norms: Float64Array;
  /** Inverted index: item i's rows are postRows[postPtr[i]..postPtr[i+1]) with values postValues[...]. */
  private readonly postPtr: Int32Array;
  private readonly postRows: Int32Array;
  private readonly postValues: Float32Array;
  private readonly rowOfUser = new Map<number, number>();

  private constructor(state: TifuKnnState) {
    this.params = { ...state.params };
    this.numItems = state.numItems;
    this.users = state.users;
    this.ptr = state.ptr;
    this.items = state.items;
    this.values = state.values;
    const p = this.params;
    this.name = `TIFU-KNN(m=${p.groupSize}, rb=${p.withinDecay}, rg=${p.groupDecay}, k=${p.neighbours}, α=${p.alpha})`;
    const rows = this.users.length;
    this.users.forEach((u, r) => {
      if (u >= 0) this.rowOfUser.set(u, r);
    });
    this.norms = new Float64Array(rows);
    const counts = new Int32Array(this.numItems + 1);
    for (let r = 0; r < rows; r++)
      for (let e = this.ptr[r]; e < this.ptr[r + 1]; e++) {
        this.norms[r] += this.values[e] * this.values[e];
        counts[this.items[e] + 1]++;
      }
    for (let r = 0; r < rows; r++) this.norms[r] = Math.sqrt(this.norms[r]);
    for (let i = 0; i < this.numItems; i++) counts[i + 1] += counts[i];
    this.postPtr = counts.slice();
    this.postRows = new Int32Array(this.items.length);
    this.postValues = new Float32Array(this.items.length);
    const next = counts.slice(0, this.numItems);
    for (let r = 0; r < rows; r++)
      for (let e = this.ptr[r]; e < this.ptr[r + 1]; e++) {
        const at = next[this.items[e]]++;
        this.postRows[at] = r;
        this.postValues[at] = this.values[e];
      }
  }

  /** Builds every training user's history vector; the neighbour search then runs at scoring time. */
  static fit(data: { numItems: number; histories: UserHistory[] }, params: Partial<TifuKnnParams> = {}): TifuKnnScorer {
    const p = { ...DEFAULT_TIFU_KNN_PARAMS, ...params };
    if (!(p.groupSize >= 1) || !(p.neighbours >= 1) || !(p.alpha >= 0 && p.alpha <= 1))
      throw new Error(`TIFU-KNN: invalid parameters ${JSON.stringify(p)}`);
    const vectors = data.histories.map((h) => historyVector(h, data.numItems, p));
    const ptr = new Int32Array(vectors.length + 1);
    vectors.forEach((v, r) => (ptr[r + 1] = ptr[r] + v.items.length));
    const items = new Int32Array(ptr[vectors.length]);
    const values = new Float32Array(ptr[vectors.length]);
    vectors.forEach((v, r) => {
      items.set(v.items, ptr[r]);
      values.set(v.values, ptr[r]);
    });
    return new TifuKnnScorer({
      version: 1,
      params: p,
      numItems: data.numItems,
      users: Int32Array.from(data.histories, (h) => h.user),
      ptr,
      items,
      values,
    });
  }

  /** Accepts the typed arrays of `toState()` or plain number arrays (the same state after a JSON round trip). */
  static fromState(state: TifuKnnState | TifuKnnJsonState): TifuKnnScorer {
    if (state.version !== 1) throw new Error(`TIFU-KNN: unsupported state version ${String(state.version)}`);
    return new TifuKnnScorer({
      ...state,
      users: Int32Array.from(state.users),
      ptr: Int32Array.from(state.ptr),
      items: Int32Array.from(state.items),
      values: Float32Array.from(state.values),
    });
  }

  toState(): TifuKnnState {
    return {
      version: 1,
      params: { ...this.params },
      numItems: this.numItems,
      users: this.users,
      ptr: this.ptr,
      items: this.items,
      values: this.values,
    };
  }

  /** The same fitted vectors with other mixing/neighbour parameters (the decays and m are fixed by the fit). */
  withParams(params: Partial<Pick<TifuKnnParams, 'neighbours' | 'alpha' | 'excludeSelf'>>): TifuKnnScorer {
    return new TifuKnnScorer({ ...this.toState(), params: { ...this.params, ...params } });
  }

  scoreUsers(histories: UserHistory[]): Float32Array {
    const { personal, neighbours } = this.scoreParts(histories);
    const a = this.params.alpha;
    for (let e = 0; e < personal.length; e++) personal[e] = a * personal[e] + (1 - a) * neighbours[e];
    return personal;
  }

  /** The two terms before mixing: v_u and the mean of its neighbours' vectors (row-major users × numItems each). */
  scoreParts(histories: UserHistory[]): { personal: Float32Array; neighbours: Float32Array } {
    const n = this.numItems;
    const personal = new Float32Array(histories.length * n);
    const neighbours = new Float32Array(histories.length * n);
    const lists = this.neighbourLists(histories, this.params.neighbours, (r, v) => {
      for (let e = 0; e < v.items.length; e++) personal[r * n + v.items[e]] = v.values[e];
    });
    lists.forEach((list, r) => this.addNeighbourMean(list, list.length, neighbours, r * n));
    return { personal, neighbours };
  }

  /**
   * Each history's k nearest training rows, most similar first; `onVector` receives each history's own vector.
   * Cosine ties go to the lower row, so results are reproducible.
   */
  private neighbourLists(
    histories: UserHistory[],
    k: number,
    onVector: (row: number, v: SparseVector) => void = () => undefined,
  ): Int32Array[] {
    const rows = this.users.length;
    const dots = new Float64Array(rows);
    const touched = new Int32Array(rows);
    const candidates = new Int32Array(rows);
    const sims = new Float64Array(rows);
    const scratch = new Float64Array(rows);
    return histories.map((h, r) => {
      const v = historyVector(h, this.numItems, this.params);
      onVector(r, v);
      let norm = 0;
      for (const x of v.values) norm += x * x;
      if (norm === 0 || rows === 0) return new Int32Array(0);
      let size = 0;
      for (let e = 0; e < v.items.length; e++) {
        const i = v.items[e];
        const x = v.values[e];
        for (let p = this.postPtr[i]; p < this.postPtr[i + 1]; p++) {
          const row = this.postRows[p];
          if (dots[row] === 0) touched[size++] = row;
          dots[row] += x * this.postValues[p];
        }
      }
      const self = this.params.excludeSelf && h.user >= 0 ? (this.rowOfUser.get(h.user) ?? -1) : -1;
      let kept = 0;
      // candidates must come in row order (ties go to the earlier row): sort a short touched list, else scan
      const scan = size > rows >> 3;
      if (!scan) touched.subarray(0, size).sort();
      for (let t = 0, end = scan ? rows : size; t < end; t++) {
        const row = scan ? t : touched[t];
        // cosine = dot / (|v_u|·|v_{u'}|); |v_u| is the same for every candidate, so it does not change the order
        if (row !== self && dots[row] > 0) {
          candidates[kept] = row;
          sims[kept++] = dots[row] / this.norms[row];
        }
        dots[row] = 0;
      }
      return nearest(candidates, sims, kept, k, scratch);
    });
  }

  /** out[offset + i] = mean over the first `k` rows of `list` of their v[i]. */
  private addNeighbourMean(list: Int32Array, k: number, out: Float32Array, offset: number): void {
    const count = Math.min(k, list.length);
    if (count === 0) return;
    for (let c = 0; c < count; c++) {
      const row = list[c];
      for (let e = this.ptr[row]; e < this.ptr[row + 1]; e++) out[offset + this.items[e]] += this.values[e] / count;
    }
  }

  /**
   * Chooses parameters on a validation split only, separately for each setting ('all' ranks the user's own items
   * too, 'new' does not, so the best α and k differ), by the protocol's metric on at most `maxUsers` sampled
   * validation users; then fits the chosen parameters on `data`. History vectors are built once per
   * (m, r_b, r_g) and neighbours once per vector set (for the largest k), so the grid costs a few vector builds
   * plus one ranking pass per point.
   */
  static async tune(
    validation: HoldoutSplit,
    data: TrainingData,
    grid: TifuKnnGrid = TIFU_KNN_GRID,
    options: TifuKnnTuneOptions = {},
  ): Promise<Record<EvaluationSetting, TifuKnnTuned>> {
    const base = options.protocol ?? DEFAULT_PROTOCOL;
    const { metric } = parsePrimaryMetric(base.primaryMetric);
    const settings: EvaluationSetting[] = ['all', 'new'];
    const protocol: EvaluationProtocol = { ...base, settings, metrics: [metric.id] };
    const sample = sampleHoldout(validation, options.maxUsers ?? 1500, base.seed);
    const cases = sample.test.filter((c) => c.history.baskets.length > 0);
    const histories = cases.map((c) => c.history);
    const rowOf = new Map(histories.map((h, r) => [h, r] as const));
    const n = validation.numItems;
    const kMax = Math.max(...grid.neighbours);
    // On 'new' the user's own items are not candidates and v_u is 0 elsewhere, so any α < 1 ranks the same:
    // that setting is evaluated once per (m, r_b, r_g, k), at the first such α.
    const newAlpha = grid.alpha.find((a) => a < 1);
    const best = new Map<EvaluationSetting, { params: TifuKnnParams; score: number }>();
    // buffers reused across grid points: fresh 20-MB arrays per point cost more than the arithmetic
    const personal = new Float32Array(histories.length * n);
    const mean = new Float32Array(histories.length * n);
    let out = new Float32Array(0);
    for (const groupSize of grid.groupSize)
      for (const withinDecay of grid.withinDecay)
        for (const groupDecay of grid.groupDecay) {
          const model = TifuKnnScorer.fit(
            { numItems: n, histories: validation.train },
            { groupSize, withinDecay, groupDecay, neighbours: kMax },
          );
          personal.fill(0);
          const lists = model.neighbourLists(histories, kMax, (r, v) => {
            for (let e = 0; e < v.items.length; e++) personal[r * n + v.items[e]] = v.values[e];
          });
          for (const neighbours of grid.neighbours) {
            mean.fill(0);
            lists.forEach((list, r) => model.addNeighbourMean(list, neighbours, mean, r * n));
            for (const alpha of grid.alpha) {
              const params = { ...model.params, neighbours, alpha };
              const mixed: Scorer = {
                name: 'TIFU-KNN (grid point)',
                scoreUsers: (batch) => {
                  // `evaluate` reads each batch's scores before asking for the next, so one buffer serves all
                  if (out.length !== batch.length * n) out = new Float32Array(batch.length * n);
                  batch.forEach((h, b) => mix(out, b * n, personal, mean, rowOf.get(h)! * n, n, alpha));
                  return out;
                },
              };
              const result = await evaluate(
                mixed,
                { ...sample, test: cases },
                {
                  ...protocol,
                  settings: alpha === newAlpha ? settings : ['all'],
                },
              );
              for (const s of result.settings) {
                if (s.users === 0) continue; // nothing to choose on: the defaults stay
                const score = s.metrics[metric.id];
                // ties keep the earlier grid point (the grid lists the paper's defaults and smoother values first)
                if (score > (best.get(s.setting)?.score ?? -Infinity) + 1e-9) best.set(s.setting, { params, score });
              }
            }
          }
        }
    const fitted = new Map<string, TifuKnnScorer>();
    const tuned = (setting: EvaluationSetting): TifuKnnTuned => {
      const chosen = best.get(setting) ?? { params: DEFAULT_TIFU_KNN_PARAMS, score: Number.NaN };
      const key = JSON.stringify(chosen.params);
      if (!fitted.has(key)) fitted.set(key, TifuKnnScorer.fit(data, chosen.params));
      return { params: chosen.params, validationScore: chosen.score, scorer: fitted.get(key)! };
    };
    return { all: tuned('all'), new: tuned('new') };
  }
}

/** out[at..at+n) = α·personal[from..from+n) + (1 − α)·mean[from..from+n). */
function mix(
  out: Float32Array,
  at: number,
  personal: Float32Array,
  mean: Float32Array,
  from: number,
  n: number,
  alpha: number,
): void {
  const beta = 1 - alpha;
  for (let i = 0; i < n; i++) out[at + i] = alpha * personal[from + i] + beta * mean[from + i];
}

/** v_u of one history (Hu et al., eq. in the class comment), as a sparse vector sorted by item. */
export function historyVector(
  history: UserHistory,
  numItems: number,
  params: Pick<TifuKnnParams, 'groupSize' | 'withinDecay' | 'groupDecay'>,
): SparseVector {
  const baskets = history.baskets;
  const t = baskets.length;
  const acc = new Float64Array(numItems);
  // stamp[i] = the last basket that counted i: a basket is a binary vector, an item listed twice counts once
  const stamp = new Int32Array(numItems).fill(-1);
  const touched: number[] = [];
  const m = Math.max(1, Math.floor(params.groupSize));
  const groups = Math.ceil(t / m);
  for (let g = 0; g < groups; g++) {
    const start = g * m;
    const size = Math.min(m, t - start);
    const groupWeight = Math.pow(params.groupDecay, groups - 1 - g) / groups;
    for (let j = 0; j < size; j++) {
      const w = (groupWeight * Math.pow(params.withinDecay, size - 1 - j)) / size;
      for (const i of baskets[start + j].items) {
        if (!(i >= 0 && i < numItems) || stamp[i] === start + j) continue;
        if (stamp[i] < 0) touched.push(i);
        stamp[i] = start + j;
        acc[i] += w;
      }
    }
  }
  // zero weights (r_b or r_g = 0) are dropped so that the inverted index holds only real overlaps
  const items = Int32Array.from(touched.filter((i) => acc[i] > 0)).sort();
  return { items, values: Float64Array.from(items, (i) => acc[i]) };
}

/**
 * The `k` candidates of highest similarity, best first, ties to the earlier candidate (candidates come in row
 * order). The k-th largest value is found by selection (O(n)), so only the k winners are sorted.
 */
function nearest(
  candidates: Int32Array,
  sims: Float64Array,
  count: number,
  k: number,
  scratch: Float64Array,
): Int32Array {
  if (count === 0) return new Int32Array(0);
  const take = Math.min(k, count);
  const work = scratch.subarray(0, count);
  work.set(sims.subarray(0, count));
  const threshold = kthLargest(work, take);
  let above = 0;
  for (let c = 0; c < count; c++) if (sims[c] > threshold) above++;
  let ties = take - above;
  const picked: number[] = [];
  for (let c = 0; c < count && picked.length < take; c++)
    if (sims[c] > threshold || (sims[c] === threshold && ties-- > 0)) picked.push(c);
  picked.sort((a, b) => sims[b] - sims[a] || a - b);
  return Int32Array.from(picked, (c) => candidates[c]);
}

/** The k-th largest value of `a` (1-based), reordering `a` in place (Hoare's quickselect, median-of-three pivot). */
function kthLargest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const pivot = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const x = a[i];
        a[i++] = a[j];
        a[j--] = x;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target];
  }
  return a[target];
}
