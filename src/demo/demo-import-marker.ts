// The marker that records the demo import in the embedded store's directory, next to pgdata/,
// so that a second start does not import again and an interrupted import is resumed.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoImportMarker {
  status: 'started' | 'done';
  file: string;
  startedAt: string;
  finishedAt?: string;
  seconds?: number;
  summary?: unknown; // the ImportSummary, for the curious
}

export class DemoImportMarkerFile {
  private readonly path: string | undefined;

  /** `memory://` (an in-memory store) keeps no marker: the database itself is new on every start. */
  constructor(dataDir: string) {
    this.path = dataDir === 'memory://' ? undefined : join(dataDir, 'demo-import.json');
  }

  read(): DemoImportMarker | undefined {
    if (!this.path || !existsSync(this.path)) return undefined;
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as DemoImportMarker;
    } catch {
      return undefined; // unreadable marker: treated as absent, the import is idempotent
    }
  }

  write(marker: DemoImportMarker): void {
    if (!this.path) return;
    mkdirSync(join(this.path, '..'), { recursive: true });
    // Write-then-rename so that a crash never leaves a half-written marker.
    writeFileSync(`${this.path}.tmp`, JSON.stringify(marker, null, 2) + '\n');
    renameSync(`${this.path}.tmp`, this.path);
  }
}
