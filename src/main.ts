import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { ConfigError, loadAppConfig } from './config/app-config.js';

export async function createApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ bodyLimit: 1_048_576 }),
    {
      bufferLogs: false,
    },
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
    console.error(e);
    process.exit(1);
  });
}
