import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Injection token of the demo file path (`string | undefined`); tests provide a small slice. */
export const DEMO_DATA_FILE = Symbol('DEMO_DATA_FILE');

/**
 * The Online Retail copy shipped with the project (data/demo/, see its README for the licence),
 * found upwards from this module so that it works from src/ (tests) and dist/src/ (npm start).
 * Undefined when the project was installed without it.
 */
export function findDemoDataFile(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'data', 'demo', 'online_retail.csv.gz');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
