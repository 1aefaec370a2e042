// Progress of a long CLI task: a bar on a terminal, plain periodic lines otherwise (logs, CI).
import cliProgress from 'cli-progress';
import type { ImportProgress } from '../importer/import-summary.js';

export interface ProgressReporter {
  update(p: ImportProgress): void;
  stop(): void;
}

const num = (n: number) => n.toLocaleString('en-US');

export function createProgressReporter(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  everyMs = 5_000,
): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {rows} rows | {eta_formatted} left`,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p) => {
        if (!started) {
          bar.start(p.totalBytes || 1, 0, { rows: '0' });
          started = true;
        }
        bar.update(p.bytesRead, { rows: num(p.rowsRead) });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let last = Date.now();
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      const pct = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 0;
      stream.write(`${label}: ${pct}% (${num(p.rowsRead)} rows read)\n`);
    },
    stop: () => undefined,
  };
}
