// The pieces of the pinned-server bench that decide its verdicts: wrk's summary line, the server's /metrics
// sample and the per-round targets.
import { Registry, collectDefaultMetrics } from 'prom-client';
import { parseMetrics, runStats } from '../../bench/support/server-metrics.js';
import { judgeServing, targetRows, type MeasuredRun } from '../../bench/support/serving-targets.js';
import { parseWrkOutput, wrkScript } from '../../bench/support/wrk.js';

const load = (requests: number, p50: number, p99: number, errors = 0) => ({
  requests,
  seconds: 10,
  errors,
  timeouts: 0,
  p50,
  p99,
  p999: p99 * 2,
  max: p99 * 3,
});
const quiet = { loopP50: 10, loopP99: 12, loopMax: 20, gcCount: 3, gcMs: 4 };

describe('serving bench', () => {
  it("reads wrk's summary line in ms and refuses output without one", () => {
    const out =
      'Running 3s test\nWRK_JSON {"requests":1200,"us":3000000,"errors":2,"timeouts":1,"p50":1500,"p99":9000,"p999":20000,"max":31000}\n';
    expect(parseWrkOutput(out)).toEqual({
      requests: 1200,
      seconds: 3,
      errors: 2,
      timeouts: 1,
      p50: 1.5,
      p99: 9,
      p999: 20,
      max: 31,
    });
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1\n')).toThrow(/no summary/);
  });

  it('writes a script that rotates the bodies and quotes them for Lua', () => {
    const script = wrkScript({ headers: { 'x-api-key': 'k"1' }, bodies: ['{"a":"x"}', '{"a":"y"}'] });
    expect(script).toContain('wrk.headers["x-api-key"] = "k\\"1"');
    expect(script).toContain('local bodies = { "{\\"a\\":\\"x\\"}", "{\\"a\\":\\"y\\"}" }');
    expect(script).toContain('latency:percentile(99.9)');
  });

  it("reads prom-client's loop delay and GC metrics and takes the run's GC as a difference", async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const first = parseMetrics(await registry.metrics());
    expect(first.loopMax).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(first.loopP99)).toBe(false);
    const text = [
      'nodejs_eventloop_lag_p50_seconds 0.0101',
      'nodejs_eventloop_lag_p99_seconds 0.02',
      'nodejs_eventloop_lag_max_seconds 0.075',
      'nodejs_gc_duration_seconds_sum{kind="minor"} 0.5',
      'nodejs_gc_duration_seconds_sum{kind="major"} 0.25',
      'nodejs_gc_duration_seconds_count{kind="minor"} 40',
      'nodejs_gc_duration_seconds_count{kind="major"} 2',
    ].join('\n');
    const after = parseMetrics(text);
    expect(after.loopMax).toBeCloseTo(65); // beyond the 10 ms sampling interval
    expect(after.loopP50).toBeCloseTo(0.1);
    expect(runStats({ ...after, gcCount: 30, gcSeconds: 0.5 }, after)).toEqual({
      loopP50: after.loopP50,
      loopP99: after.loopP99,
      loopMax: after.loopMax,
      gcCount: 12,
      gcMs: 250,
    });
  });

  it('judges each round against its own { __typename } and each run against its own median', () => {
    const runs: MeasuredRun[] = [
      { kind: 'typename', round: 1, load: load(40_000, 10, 20), server: quiet },
      { kind: 'cached', round: 1, load: load(34_000, 12, 30), server: quiet },
      { kind: 'uncached', round: 1, load: load(9_000, 50, 400, 3), server: { ...quiet, loopMax: 120 } },
      { kind: 'typename', round: 2, load: load(20_000, 10, 20), server: quiet },
      { kind: 'cached', round: 2, load: load(15_000, 12, 30), server: quiet },
      { kind: 'uncached', round: 2, load: load(6_000, 50, 140), server: quiet },
    ];
    const verdicts = judgeServing(runs);
    expect(verdicts.filter((v) => !v.pass).map((v) => `${v.round} ${v.target}`)).toEqual([
      '1 uncached req/s vs { __typename }',
      '1 uncached: p99 / p50, errors',
      '1 uncached: event-loop delay max',
      '2 cached req/s vs { __typename }',
    ]);
    // One row per target: it passes only when it holds in every round.
    const rows = targetRows(verdicts);
    expect(rows.find((r) => r[0] === 'cached req/s vs { __typename }')).toEqual([
      'cached req/s vs { __typename }',
      '≥ 0.8×',
      'round 1: 0.85×; round 2: 0.75×',
      'FAIL',
    ]);
    expect(rows.find((r) => r[0] === 'typename: event-loop delay max')?.[3]).toBe('PASS');
  });
});
