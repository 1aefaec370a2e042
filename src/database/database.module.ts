import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { describeDatabase, type DatabaseTimeouts } from './data-source.factory.js';
import { openDataSourceWithRetry } from './database-startup.js';

export function databaseTimeouts(config: AppConfig): DatabaseTimeouts {
  return {
    connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/** Provides the TypeORM DataSource (PostgreSQL or embedded PGlite) with migrations applied at start. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<DataSource> => {
        const target = { url: config.DATABASE_URL, dataDir: config.TAILOR_DATA_DIR };
        const logger = new Logger('Database');
        logger.log(`Using ${describeDatabase(target)}; running migrations`);
        return openDataSourceWithRetry(target, databaseTimeouts(config), {
          waitMs: config.DATABASE_STARTUP_WAIT_SECONDS * 1000,
          intervalMs: 2000,
          log: (line) => logger.warn(line),
        });
      },
    },
  ],
  exports: [DataSource],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
