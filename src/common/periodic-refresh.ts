import type { Logger } from '@nestjs/common';

/**
 * Runs `load` at start and then every N seconds (the timer does not keep the process alive); concurrent
 * `refresh()` calls share the load in flight. A failed periodic load is logged and retried on the next tick;
 * the first one (in `start`) throws, so a service does not start without its data.
 */
export class PeriodicRefresh<A extends unknown[] = []> {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;

  constructor(
    private readonly load: (...args: A) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  async start(everySeconds: number, ...args: A): Promise<void> {
    await this.refresh(...args);
    this.timer = setInterval(() => {
      this.refresh(...args).catch((e: unknown) => this.logger.warn(`refresh failed: ${(e as Error).message}`));
    }, everySeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Loads now, or joins the load already running. */
  refresh(...args: A): Promise<void> {
    this.inFlight ??= this.load(...args).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
