import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { ConfigError, loadAppConfig } from './config/app-config.js';
import { DatabaseStartupError } from './database/database-startup.js';

export async function createApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ bodyLimit: 1_048_576 }),
    // A failed start (e.g. DatabaseStartupError) reaches the caller instead of process.abort().
    { bufferLogs: false, abortOnError: false },
  );
  app.enableShutdownHooks();
  return app;
}

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const app = await createApp();
  await app.listen(config.PORT, config.HOST);
  new Logger('Tailor').log(
    `GraphQL on http://localhost:${config.PORT}/graphql (IDE in the browser), health on /health`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bootstrap().catch((e: unknown) => {
    // An unreachable database is an operating condition with its own message, not a bug: no stack.
    console.error(e instanceof DatabaseStartupError ? `Start-up failed: ${e.message}` : e);
    process.exit(1);
  });
}
