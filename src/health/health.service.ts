import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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

@Injectable()
export class HealthService {
  private readonly contributors: HealthContributor[] = [];

  constructor(private readonly dataSource: DataSource) {}

  register(contributor: HealthContributor): void {
    this.contributors.push(contributor);
  }

  async report(): Promise<HealthReport> {
    const components: Record<string, ComponentHealth> = { database: await this.database() };
    for (const c of this.contributors) {
      try {
        components[c.healthName] = await c.health();
      } catch (e) {
        components[c.healthName] = { status: 'down', detail: (e as Error).message };
      }
    }
    const statuses = Object.values(components).map((c) => c.status);
    // Only the database is essential: the service answers without cache or model.
    const status: ComponentStatus =
      components.database.status === 'down' ? 'down' : statuses.every((s) => s === 'ok') ? 'ok' : 'degraded';
    return { status, components };
  }

  private async database(): Promise<ComponentHealth> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok' };
    } catch (e) {
      return { status: 'down', detail: (e as Error).message };
    }
  }
}
