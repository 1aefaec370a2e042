import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { describeDatabase, openDataSource } from './data-source.factory.js';

/** Provides the TypeORM DataSource (PostgreSQL or embedded PGlite) with migrations applied at start. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<DataSource> => {
        const target = { url: config.DATABASE_URL, dataDir: config.TAILOR_DATA_DIR };
        new Logger('Database').log(`Using ${describeDatabase(target)}; running migrations`);
        return openDataSource(target);
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
