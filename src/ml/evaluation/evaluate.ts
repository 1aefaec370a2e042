import type { HeldOutCase, HoldoutSplit } from '../data/holdout-split.js';
import { historyItems } from '../data/user-histories.js';
import type { Scorer } from '../scorer.js';
import {
  DEFAULT_PROTOCOL,
  parseMetric,
  parsePrimaryMetric,
  type EvaluationProtocol,
  type EvaluationSetting,
} from './evaluation-protocol.js';
import { MetricAccumulator } from './metric-accumulator.js';
import { topK } from './top-k.js';

export interface SettingResult {
  setting: EvaluationSetting;
  /** Test users counted: held-out basket has ≥1 target in this setting and the training history is non-empty. */
  users: number;
  /**
   * The protocol's metrics by id; in the 'all' setting also `<metric>:repeat` and `<metric>:explore` (coverage
   * excepted), see `splitTargets`.
   */
  metrics: Record<string, number>;
  /** Users averaged in the repeat and explore parts ('all' setting only). */
  partUsers?: { repeat: number; explore: number };
}

/** The two parts of the 'all' setting's metrics (Li et al. 2023, "A Next Basket Recommendation Reality Check"). */
export const TARGET_PARTS = ['repeat', 'explore'] as const;
export type TargetPart = (typeof TARGET_PARTS)[number];

export interface EvaluationResult {
  scorer: string;
  protocol: EvaluationProtocol;
  settings: SettingResult[];
  seconds: number;
}

export interface EvaluateOptions {
  /** Users scored per scoreUsers call (default 256). */
  batchSize?: number;
}

/** A test case's targets per setting (null when the user does not count in that setting). */
export function caseTargets(c: HeldOutCase, setting: EvaluationSetting, seen: ReadonlySet<number>): Set<number> | null {
  if (c.history.baskets.length === 0) return null;
  const t = new Set<number>();
  for (const i of c.target.items) if (setting === 'all' || !seen.has(i)) t.add(i);
  return t.size > 0 ? t : null;
}

/**
 * Repeat / explore split of one user's targets (Li et al. 2023): m:repeat(u) = m(L_u, T_u ∩ H_u) and
 * m:explore(u) = m(L_u, T_u \ H_u), where L_u is the same full ranked list as for m(u) and H_u the user's earlier
 * items; each part is averaged over the users whose part is non-empty.
 */
export function splitTargets(targets: ReadonlySet<number>, seen: ReadonlySet<number>): Record<TargetPart, Set<number>> {
  const repeat = new Set<number>();
  const explore = new Set<number>();
  for (const i of targets) (seen.has(i) ? repeat : explore).add(i);
  return { repeat, explore };
}

/**
 * Full-ranking evaluation of one Scorer on a split's held-out baskets: every catalog item is a
 * candidate (minus the user's own items in the 'new' setting); top-k is selected per row without
 * sorting the catalog. Ties are broken by a permutation seeded from the protocol, never by item index
 * (first-seen order correlates with popularity and would flatter scorers with many ties, such as
 * repeat frequency). One scoring pass serves all settings.
 */
export async function evaluate(
  scorer: Scorer,
  split: HoldoutSplit,
  protocol: EvaluationProtocol = DEFAULT_PROTOCOL,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const started = performance.now();
  const specs = protocol.metrics.map(parseMetric);
  const n = split.numItems;
  const accs = new Map(protocol.settings.map((s) => [s, new MetricAccumulator(specs, n)] as const));
  // coverage is a property of the lists, not of the targets: it has no repeat/explore part
  const partSpecs = specs.filter((s) => s.name !== 'coverage');
  const parts = {
    repeat: new MetricAccumulator(partSpecs, n),
    explore: new MetricAccumulator(partSpecs, n),
  };
  const k = Math.max(...specs.map((s) => s.k));
  const batchSize = options.batchSize ?? 256;
  const tieRank = seededPermutation(n, protocol.seed);
  const cases = split.test.filter((c) => c.history.baskets.length > 0);
  for (let start = 0; start < cases.length; start += batchSize) {
    const batch = cases.slice(start, start + batchSize);
    const scores = await scorer.scoreUsers(batch.map((c) => c.history));
    if (scores.length !== batch.length * n) {
      throw new Error(`${scorer.name}.scoreUsers returned ${scores.length} scores, expected ${batch.length} × ${n}`);
    }
    batch.forEach((c, row) => {
      const seen = historyItems(c.history);
      for (const [setting, acc] of accs) {
        const targets = caseTargets(c, setting, seen);
        if (!targets) continue;
        const ranked = topK(scores, k, {
          offset: row * n,
          length: n,
          exclude: setting === 'new' ? seen : undefined,
          tieRank,
        });
        acc.add(ranked, targets);
        if (setting === 'all') {
          const split = splitTargets(targets, seen);
          for (const part of TARGET_PARTS) if (split[part].size > 0) parts[part].add(ranked, split[part]);
        }
      }
    });
  }
  return {
    scorer: scorer.name,
    protocol,
    settings: [...accs].map(([setting, acc]) => {
      if (setting !== 'all') return { setting, users: acc.users, metrics: acc.result() };
      const metrics = acc.result();
      for (const part of TARGET_PARTS)
        for (const [id, value] of Object.entries(parts[part].result())) metrics[`${id}:${part}`] = value;
      return {
        setting,
        users: acc.users,
        metrics,
        partUsers: { repeat: parts.repeat.users, explore: parts.explore.users },
      };
    }),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The protocol's primary metric read from a result (NaN when the setting was not evaluated). */
export function primaryMetricValue(result: EvaluationResult): number {
  const { metric, setting } = parsePrimaryMetric(result.protocol.primaryMetric);
  return result.settings.find((s) => s.setting === setting)?.metrics[metric.id] ?? Number.NaN;
}

/** A seeded random permutation of 0..n-1 (Park–Miller LCG + Fisher–Yates): reproducible tie ranks. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  let s = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 16807) % 2147483647;
    const j = s % (i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
