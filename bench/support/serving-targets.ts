// The serving targets, judged per round of an interleaved run (A B C, A B C): throughput as a ratio to the
// `{ __typename }` floor of the same round, tails against each request type's own median, and the server's
// event-loop delay.
import type { RunServerStats } from './server-metrics.js';
import type { WrkResult } from './wrk.js';

export type RequestKind = 'typename' | 'cached' | 'uncached';

export interface MeasuredRun {
  kind: RequestKind;
  round: number;
  load: WrkResult;
  server: RunServerStats;
}

export interface TargetVerdict {
  target: string;
  goal: string;
  round: number;
  measured: string;
  pass: boolean;
}

/** Minimum req/s as a share of the same round's `{ __typename }`. */
export const MIN_RATIO: Record<Exclude<RequestKind, 'typename'>, number> = { cached: 0.8, uncached: 0.25 };
export const MAX_P99_OVER_P50 = 3;
export const MAX_LOOP_DELAY_MS = 50;

export const reqPerSecond = (r: WrkResult) => (r.seconds > 0 ? r.requests / r.seconds : 0);

export function judgeServing(runs: readonly MeasuredRun[]): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  const rounds = [...new Set(runs.map((r) => r.round))].sort((a, b) => a - b);
  for (const round of rounds) {
    const inRound = runs.filter((r) => r.round === round);
    const floor = inRound.find((r) => r.kind === 'typename');
    for (const kind of ['cached', 'uncached'] as const) {
      const run = inRound.find((r) => r.kind === kind);
      if (!floor || !run) continue;
      const ratio = reqPerSecond(run.load) / reqPerSecond(floor.load);
      verdicts.push({
        target: `${kind} req/s vs { __typename }`,
        goal: `≥ ${MIN_RATIO[kind]}×`,
        round,
        measured: `${ratio.toFixed(2)}×`,
        pass: ratio >= MIN_RATIO[kind],
      });
    }
    for (const run of inRound) {
      const tail = run.load.p99 / run.load.p50;
      verdicts.push({
        target: `${run.kind}: p99 / p50, errors`,
        goal: `≤ ${MAX_P99_OVER_P50}×, no time-outs or errors`,
        round,
        measured: `${tail.toFixed(1)}× (p50 ${run.load.p50.toFixed(1)} ms, p99 ${run.load.p99.toFixed(1)} ms), ${run.load.errors} errors`,
        pass: tail <= MAX_P99_OVER_P50 && run.load.errors === 0,
      });
      verdicts.push({
        target: `${run.kind}: event-loop delay max`,
        goal: `≤ ${MAX_LOOP_DELAY_MS} ms`,
        round,
        measured: `${run.server.loopMax.toFixed(1)} ms`,
        pass: run.server.loopMax <= MAX_LOOP_DELAY_MS,
      });
    }
  }
  return verdicts;
}

/** One row per target: every round's measurement, PASS only when the target holds in each round. */
export function targetRows(verdicts: readonly TargetVerdict[]): string[][] {
  const targets = [...new Set(verdicts.map((v) => v.target))];
  return targets.map((target) => {
    const rounds = verdicts.filter((v) => v.target === target);
    return [
      target,
      rounds[0]!.goal,
      rounds.map((v) => `${rounds.length > 1 ? `round ${v.round}: ` : ''}${v.measured}`).join('; '),
      rounds.every((v) => v.pass) ? 'PASS' : 'FAIL',
    ];
  });
}
