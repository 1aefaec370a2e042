import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { join } from 'node:path';
import { formatGraphqlError } from './common/errors/format-graphql-error.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      autoSchemaFile: process.env.TAILOR_WRITE_SCHEMA === '1' ? join(process.cwd(), 'schema.gql') : true,
      sortSchema: true,
      graphiql: true,
      formatError: formatGraphqlError,
      includeStacktraceInErrorResponses: false,
    }),
    HealthModule,
  ],
})
export class AppModule {}
