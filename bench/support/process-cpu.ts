// CPU time another process has used (user + system, all its threads), read from Linux's /proc: the load
// generator shares the machine's cores with the server, so a server's CPU per request is a steadier
// measure of its own cost than its throughput is.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Microseconds of CPU `pid` has used so far; undefined where /proc cannot tell (not Linux, process gone). */
export function processCpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1e6) / clockTicks() : undefined;
}

/** CPU per request between two readings of `processCpuMicros`; undefined where either is unknown or none answered. */
export function cpuMicrosPerRequest(
  before: number | undefined,
  after: number | undefined,
  requests: number,
): number | undefined {
  return before !== undefined && after !== undefined && requests > 0 ? (after - before) / requests : undefined;
}

/**
 * Waits until a process idles (under `busyShare` of one core for two seconds running): a freshly started server
 * prepares its what-if replay in the background, and a load run during that measures both. Gives up after
 * `timeoutMs` and says so.
 */
export async function waitForIdleProcess(
  pid: number | undefined,
  log: (m: string) => void,
  { busyShare = 0.1, timeoutMs = 120_000 } = {},
): Promise<void> {
  let last = processCpuMicros(pid);
  if (last === undefined) return;
  const deadline = Date.now() + timeoutMs;
  let idle = 0;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = processCpuMicros(pid);
    if (now === undefined) return;
    idle = now - last < busyShare * 1e6 ? idle + 1 : 0;
    last = now;
    if (idle >= 2) return;
  }
  log(`process ${pid} did not idle within ${timeoutMs / 1000} s; measuring anyway`);
}
