// wrk (Debian's C load generator) pinned to its own cores: the server's figures are then its own, not shared with a
// JavaScript load generator on the same cores. A Lua script rotates the request body over users and prints the
// latency percentiles wrk keeps (exact, from its HdrHistogram) as one JSON line.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkRequest {
  headers: Record<string, string>;
  /** One body per request, used in turn (a list of one for a fixed request). */
  bodies: string[];
}

export interface WrkResult {
  requests: number;
  seconds: number;
  /** Socket errors, time-outs and non-2xx answers together. */
  errors: number;
  timeouts: number;
  /** Latency percentiles in ms. */
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export interface WrkOptions {
  connections: number;
  seconds: number;
  /** `taskset -c` list for wrk (e.g. "1"); unpinned when undefined. */
  cpus?: string;
  /** A request slower than this counts as a time-out (wrk's default is 2 s). */
  timeoutSeconds?: number;
}

/** True when `wrk` is on the PATH. */
export async function haveWrk(): Promise<boolean> {
  try {
    await run('wrk', ['--version']);
    return true;
  } catch (e) {
    // wrk --version prints its banner and exits with 1.
    return /^wrk /m.test(String((e as { stdout?: string }).stdout ?? ''));
  }
}

const luaString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** The Lua script for one run: POST, the headers, bodies in turn, and a JSON summary line at the end. */
export function wrkScript(request: WrkRequest): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`)
    .join('\n');
  return `wrk.method = "POST"
${headers}
local bodies = { ${request.bodies.map(luaString).join(', ')} }
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"us":%d,"errors":%d,"timeouts":%d,"p50":%d,"p99":%d,"p999":%d,"max":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
`;
}

/** Parses the summary line of `wrkScript`; throws with wrk's output when it is missing. */
export function parseWrkOutput(stdout: string): WrkResult {
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout.slice(-2000)}`);
  const j = JSON.parse(line.slice('WRK_JSON '.length)) as Record<string, number>;
  const ms = (us: number) => us / 1000;
  return {
    requests: j.requests!,
    seconds: j.us! / 1e6,
    errors: j.errors!,
    timeouts: j.timeouts!,
    p50: ms(j.p50!),
    p99: ms(j.p99!),
    p999: ms(j.p999!),
    max: ms(j.max!),
  };
}

export async function runWrk(url: string, request: WrkRequest, options: WrkOptions): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tailor-wrk-'));
  try {
    const script = join(dir, 'request.lua');
    writeFileSync(script, wrkScript(request));
    const args = [
      '-t1',
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      `--timeout`,
      `${options.timeoutSeconds ?? 2}s`,
      '-s',
      script,
      url,
    ];
    const [cmd, argv] = options.cpus === undefined ? ['wrk', args] : ['taskset', ['-c', options.cpus, 'wrk', ...args]];
    const { stdout } = await run(cmd, argv, { maxBuffer: 1 << 20 });
    return parseWrkOutput(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
