import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { lexicographicSortSchema } from 'graphql';
import { join } from 'node:path';
import { formatGraphqlError } from './common/errors/format-graphql-error.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG, ConfigModule } from './config/config.module.js';
import { AdminUiModule } from './admin-ui/admin-ui.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AuthService } from './auth/auth.service.js';
import { graphqlAuthContext } from './auth/graphql-auth.context.js';
import { rootFieldWeightPlugin } from './auth/rate-limit/root-field-weight.plugin.js';
import { CacheModule } from './cache/cache.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoDataModule } from './demo/demo-data.module.js';
import { EventsModule } from './events/events.module.js';
import { complexityLimitPlugin } from './graphql/complexity-limit.plugin.js';
import { depthLimitRule } from './graphql/depth-limit.rule.js';
import { DomainErrorFilter } from './graphql/domain-error.filter.js';
import { GraphqlExecutionModule } from './graphql/graphql-execution.module.js';
import { JitExecutionGateway } from './graphql/jit-execution.gateway.js';
import { listSizeEstimator } from './graphql/list-size.estimator.js';
import { serviceUnavailablePlugin } from './graphql/service-unavailable.plugin.js';
import { stringifyResult } from './graphql/stringify-result.js';
import { HealthModule } from './health/health.module.js';
import { graphqlMetricsPlugin } from './metrics/graphql-metrics.plugin.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MetricsService } from './metrics/metrics.service.js';
import { LIST_LIMIT } from './recommendations/dto/recommendations.args.js';
import { RecommendationsModule } from './recommendations/recommendations.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { PersonalizationModule } from './personalization/personalization.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { AudiencesModule } from './audiences/audiences.module.js';
import { SegmentsModule } from './segments/segments.module.js';
import { WhatIfModule } from './what-if/what-if.module.js';
import { ModelRegistryModule } from './model-registry/model-registry.module.js';

/**
 * With GRAPHQL_EXECUTOR=jit, Apollo executes through graphql-jit (src/graphql/jit-execution.gateway.ts).
 * Apollo takes another executor only as a "gateway", which Nest's ApolloDriverConfig leaves out of its
 * type but passes on to `new ApolloServer`; the gateway serves the schema Nest builds, sorted here as
 * Nest sorts its own copy (sortSchema), so both print the same SDL.
 */
function jitExecution(config: AppConfig, gateway: JitExecutionGateway): Partial<ApolloDriverConfig> {
  if (config.GRAPHQL_EXECUTOR !== 'jit') return {};
  return {
    transformSchema: (schema) => gateway.serve(lexicographicSortSchema(schema)),
    ...({ gateway } as Partial<ApolloDriverConfig>),
  };
}

@Module({
  imports: [
    ConfigModule,
    MetricsModule,
    DatabaseModule,
    DemoDataModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [AuthModule, MetricsModule, GraphqlExecutionModule],
      inject: [APP_CONFIG, AuthService, MetricsService, JitExecutionGateway],
      useFactory: (
        config: AppConfig,
        auth: AuthService,
        metrics: MetricsService,
        jit: JitExecutionGateway,
      ): ApolloDriverConfig => ({
        ...jitExecution(config, jit),
        autoSchemaFile: process.env.TAILOR_WRITE_SCHEMA === '1' ? join(process.cwd(), 'schema.gql') : true,
        sortSchema: true,
        graphiql: true,
        formatError: formatGraphqlError,
        // Same text as Apollo's default, faster on graphql-js's null-prototype result objects.
        stringifyResult,
        includeStacktraceInErrorResponses: false,
        // With keys, "Did you mean …" suggestions would show the schema to callers that cannot introspect it.
        hideSchemaDetailsFromClientErrors: auth.mode === 'keys',
        // Nest would reset every executed response to HTTP 200; a database outage must stay 503 with
        // Retry-After (serviceUnavailablePlugin). No other execution error of ours carries an HTTP status.
        preserveHttpStatusForExecutionErrors: false,
        validationRules: [depthLimitRule(config.GRAPHQL_MAX_DEPTH)],
        // Admits each request once (key or token, rate limit) before parsing; see docs/auth.md.
        context: graphqlAuthContext(auth),
        // We set no cache hints; the plugin would still wrap every field resolver (measurable at 50 connections).
        // Latency histogram per root field and placement (/metrics).
        // Complexity from the request's variable values (once the operation is resolved); a list without a
        // size counts as the longest a recommendation list can be.
        plugins: [
          ApolloServerPluginCacheControlDisabled(),
          graphqlMetricsPlugin(metrics),
          complexityLimitPlugin(config.GRAPHQL_MAX_COMPLEXITY, listSizeEstimator(LIST_LIMIT.max)),
          serviceUnavailablePlugin(),
          rootFieldWeightPlugin(auth),
        ],
      }),
    }),
    HealthModule,
    AuthModule,
    CacheModule,
    CatalogModule,
    RecommendationsModule,
    EventsModule,
    AdminUiModule,
    AnalyticsModule,
    SegmentsModule,
    PrivacyModule,
    PersonalizationModule,
    CustomersModule,
    AudiencesModule,
    WhatIfModule,
    ModelRegistryModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
})
export class AppModule {}
