import { Logger } from '@nestjs/common';
import { CommandDeadline } from '../cache/command-deadline.js';
import type { ComponentHealth } from '../health/health.service.js';
import { createFailFastClient, type RedisClient } from './fail-fast-client.js';

export interface GuardedRedisOptions {
  url: string;
  /** Per-command timeout; a slower answer counts as a failure. */
  commandTimeoutMs: number;
  /** How long to skip Redis after a failure before trying again (circuit breaker). */
  circuitOpenMs?: number;
  /** Names the user in log lines ("Redis impressions error: …"). */
  name: string;
}

/**
 * A Redis connection for optional features: `run` executes a command when Redis is usable and answers
 * `fallback` otherwise (not connected, circuit open after a failure, or the command failing), logging at most
 * one line per 10 s. Callers decide what "Redis is away" means for them; nothing here throws.
 */
export class GuardedRedis {
  private readonly logger: Logger;
  readonly client: RedisClient;
  private readonly circuitOpenMs: number;
  private readonly deadline: CommandDeadline;
  private openUntil = 0;
  private lastError: string | undefined;
  private lastLoggedAt = 0;
  private closed = false;

  constructor(
    private readonly options: GuardedRedisOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.logger = new Logger(`Redis:${options.name}`);
    this.circuitOpenMs = options.circuitOpenMs ?? 2000;
    this.deadline = new CommandDeadline(options.commandTimeoutMs);
    this.client = createFailFastClient(options.url, options.commandTimeoutMs);
    this.client.on('error', (e: Error) => this.noteError(e));
    this.client.on('ready', () => {
      if (this.lastError) this.logger.log('connection (re)established');
      this.lastError = undefined;
      this.openUntil = 0;
    });
  }

  /** Starts connecting without waiting: the service must start (and answer) while Redis is down. */
  start(): void {
    this.client.connect().catch((e: unknown) => this.noteError(e as Error));
  }

  usable(): boolean {
    return this.client.isReady && this.now() >= this.openUntil;
  }

  async run<T, F>(command: (client: RedisClient) => Promise<T>, fallback: F): Promise<T | F> {
    if (!this.usable()) return fallback;
    try {
      return await this.deadline.run(command(this.client));
    } catch (e) {
      this.openUntil = this.now() + this.circuitOpenMs;
      this.noteError(e as Error);
      return fallback;
    }
  }

  async health(): Promise<ComponentHealth> {
    if (!this.client.isReady) {
      return { status: 'degraded', detail: `redis unavailable (${this.lastError ?? 'connecting'})` };
    }
    if (this.now() < this.openUntil) return { status: 'degraded', detail: `redis circuit open: ${this.lastError}` };
    return { status: 'ok', detail: 'redis' };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // close() waits for pending replies: the deadline keeps a hung Redis from holding shutdown.
    if (this.client.isReady) await this.deadline.run(this.client.close()).catch(() => this.client.destroy());
    else if (this.client.isOpen) this.client.destroy();
  }

  private noteError(e: Error): void {
    this.lastError = e?.message || String(e);
    if (this.now() - this.lastLoggedAt > 10_000) {
      this.lastLoggedAt = this.now();
      this.logger.warn(`error: ${this.lastError}`);
    }
  }
}
