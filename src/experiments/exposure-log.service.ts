import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { Exposure } from './experiment.types.js';
import { ExperimentsRepository } from './experiments.repository.js';

/** Rows per INSERT; a full buffer is written at once instead of waiting for the timer. */
const BATCH = 500;
/** With the database unreachable the buffer stops growing here (oldest exposures are dropped, and counted). */
const MAX_BUFFERED = 50_000;

/**
 * Exposure logging off the request path: `record` only appends to a buffer; a timer (EXPOSURE_FLUSH_MS)
 * or a full batch writes the buffer with one multi-row INSERT. A failed write keeps the rows for the next
 * attempt (bounded). Reports flush first, so an exposure served by this instance is always counted.
 */
@Injectable()
export class ExposureLogService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ExposureLog');
  private buffer: Exposure[] = [];
  private flushing: Promise<void> | null = null;
  private timer?: NodeJS.Timeout;
  private dropped = 0;

  constructor(
    private readonly repository: ExperimentsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.EXPOSURE_FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(exposure: Exposure): void {
    this.buffer.push(exposure);
    if (this.buffer.length > MAX_BUFFERED) {
      this.dropped += this.buffer.length - MAX_BUFFERED;
      this.buffer.splice(0, this.buffer.length - MAX_BUFFERED);
    }
    if (this.buffer.length >= BATCH) void this.flush();
  }

  /** Writes everything buffered so far; concurrent callers wait for the same write, then for what came after. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    this.flushing = this.write().finally(() => (this.flushing = null));
    await this.flushing;
  }

  private async write(): Promise<void> {
    const rows = this.buffer;
    this.buffer = [];
    try {
      for (let i = 0; i < rows.length; i += BATCH) await this.repository.insertExposures(rows.slice(i, i + BATCH));
    } catch (e) {
      // Keep them for the next tick (the insert is idempotent on request_id, so a partial write is harmless).
      this.buffer = rows.concat(this.buffer).slice(-MAX_BUFFERED);
      this.logger.warn(`writing ${rows.length} exposures failed (${(e as Error).message}); retrying`);
    }
    if (this.dropped > 0) {
      this.logger.warn(`dropped ${this.dropped} exposures while the database was unreachable`);
      this.dropped = 0;
    }
  }
}
