import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

export type ComponentStatus = 'ok' | 'degraded' | 'down';

export interface ComponentHealth {
  status: ComponentStatus;
  detail?: string;
}

/** Something that can report its own health (the cache, the model loader...). */
export interface HealthContributor {
  readonly healthName: string;
  health(): Promise<ComponentHealth> | ComponentHealth;
}

export interface HealthReport {
  status: ComponentStatus;
  components: Record<string, ComponentHealth>;
}

/** What /health tells a caller without an admin credential: statuses, no details. */
export interface PublicHealthReport {
  status: ComponentStatus;
  components: Record<string, { status: ComponentStatus }>;
}

export function publicHealth(report: HealthReport): PublicHealthReport {
  const components = Object.fromEntries(Object.entries(report.components).map(([k, c]) => [k, { status: c.status }]));
  return { status: report.status, components };
}

class CheckTimeout extends Error {}

/** Resolves to `check`'s outcome, or rejects with CheckTimeout once `ms` have passed. */
function within<T>(check: () => Promise<T> | T, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve().then(check), timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class HealthService {
  private readonly contributors: HealthContributor[] = [];

  private readonly deadlineMs: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.deadlineMs = config.HEALTH_TIMEOUT_MS;
  }

  register(contributor: HealthContributor): void {
    this.contributors.push(contributor);
  }

  /** Every check runs at once and each is cut off at HEALTH_TIMEOUT_MS, so a hung dependency reads as down. */
  async report(): Promise<HealthReport> {
    const checks: [string, () => Promise<ComponentHealth> | ComponentHealth][] = [
      ['database', () => this.database()],
      ...this.contributors.map((c): [string, () => Promise<ComponentHealth> | ComponentHealth] => [
        c.healthName,
        () => c.health(),
      ]),
    ];
    const results = await Promise.all(
      checks.map(([, check]) =>
        within(check, this.deadlineMs).catch((e: unknown): ComponentHealth => ({
          status: 'down',
          detail: (e as Error).message,
        })),
      ),
    );
    const components = Object.fromEntries(checks.map(([name], i) => [name, results[i]]));
    const statuses = Object.values(components).map((c) => c.status);
    // Only the database is essential: the service answers without cache or model.
    const status: ComponentStatus =
      components.database.status === 'down' ? 'down' : statuses.every((s) => s === 'ok') ? 'ok' : 'degraded';
    return { status, components };
  }

  private async database(): Promise<ComponentHealth> {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok' };
  }
}
