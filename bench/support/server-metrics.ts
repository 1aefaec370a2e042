// The server's own view of a load run, from its Prometheus /metrics: event-loop delay (prom-client's
// monitorEventLoopDelay histogram, which it resets on every scrape, so a scrape right before a run starts the
// window) and GC pauses (its PerformanceObserver 'gc' histogram, cumulative: the run's share is a difference).

export interface MetricsSample {
  /** Event-loop delay since the previous scrape, ms beyond the sampling interval. */
  loopP50: number;
  loopP99: number;
  loopMax: number;
  /** Cumulative GC pauses over all kinds. */
  gcCount: number;
  gcSeconds: number;
}

export interface RunServerStats {
  loopP50: number;
  loopP99: number;
  loopMax: number;
  gcCount: number;
  /** Total GC pause time during the run, ms. */
  gcMs: number;
}

/**
 * prom-client samples the loop every 10 ms (its default eventLoopMonitoringPrecision, which MetricsService keeps)
 * and the histogram records each whole interval: an idle loop reads 10 ms. The delay is what lies beyond it.
 */
export const LOOP_SAMPLING_MS = 10;

/** The value of every sample of `name` (any labels), summed; NaN when absent. */
function metricValue(text: string, name: string): number {
  let sum = NaN;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const value = Number(rest.slice(rest.lastIndexOf(' ') + 1));
    sum = Number.isNaN(sum) ? value : sum + value;
  }
  return sum;
}

export function parseMetrics(text: string): MetricsSample {
  const delay = (name: string) => Math.max(0, metricValue(text, name) * 1000 - LOOP_SAMPLING_MS);
  return {
    loopP50: delay('nodejs_eventloop_lag_p50_seconds'),
    loopP99: delay('nodejs_eventloop_lag_p99_seconds'),
    loopMax: delay('nodejs_eventloop_lag_max_seconds'),
    gcCount: metricValue(text, 'nodejs_gc_duration_seconds_count'),
    gcSeconds: metricValue(text, 'nodejs_gc_duration_seconds_sum'),
  };
}

/** The run between two scrapes: the loop delay as of the second, GC as the difference. */
export function runStats(before: MetricsSample, after: MetricsSample): RunServerStats {
  return {
    loopP50: after.loopP50,
    loopP99: after.loopP99,
    loopMax: after.loopMax,
    gcCount: (after.gcCount || 0) - (before.gcCount || 0),
    gcMs: ((after.gcSeconds || 0) - (before.gcSeconds || 0)) * 1000,
  };
}

export async function scrapeMetrics(url: string, headers: Record<string, string> = {}): Promise<MetricsSample> {
  const res = await fetch(`${url}/metrics`, { headers });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return parseMetrics(await res.text());
}
