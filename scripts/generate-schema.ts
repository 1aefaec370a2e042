// Writes schema.gql from the code-first resolvers without a database, Redis or a running server:
// only the GraphQL metadata of the resolver classes is read. `npm run schema`.
// (Booting the app with TAILOR_WRITE_SCHEMA=1 writes the same file, but needs a database.)
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { AccessPolicyResolver } from '../src/auth/access-policy.resolver.js';
import { ItemResolver } from '../src/catalog/item.resolver.js';
import { EventsResolver } from '../src/events/events.resolver.js';
import { RecommendationsResolver } from '../src/recommendations/recommendations.resolver.js';
import { WhatIfResolver } from '../src/what-if/what-if.resolver.js';
import { ModelRegistryResolver } from '../src/model-registry/model-registry.resolver.js';
import {
  ExperimentReportResolver,
  ExperimentsResolver,
  VariantReportResolver,
} from '../src/experiments/experiments.resolver.js';
import { PrivacyResolver } from '../src/privacy/privacy.resolver.js';
import { CustomerValueResolver } from '../src/customers/customer-value.resolver.js';
import { CustomerValueMatrixResolver } from '../src/customers/customer-value-matrix.resolver.js';
import {
  PersonalizationResolver,
  UserProfilePersonalizationResolver,
} from '../src/personalization/personalization.resolver.js';
import { SegmentsResolver } from '../src/segments/segments.resolver.js';
import { PlacementWeightsResolver } from '../src/settings/placement-weights.resolver.js';
import { ContactCapsResolver } from '../src/contact-frequency/contact-caps.resolver.js';
import { AnalyticsResolver } from '../src/analytics/analytics.resolver.js';
import { AudiencesResolver } from '../src/audiences/audiences.resolver.js';

/** Every resolver class of the API. Add new ones here (test/e2e/schema.spec.ts compares the result with the running app's schema). */
export const SCHEMA_RESOLVERS = [
  ItemResolver,
  RecommendationsResolver,
  EventsResolver,
  AccessPolicyResolver,
  WhatIfResolver,
  ModelRegistryResolver,
  SegmentsResolver,
  PrivacyResolver,
  PersonalizationResolver,
  UserProfilePersonalizationResolver,
  CustomerValueResolver,
  CustomerValueMatrixResolver,
  PlacementWeightsResolver,
  ExperimentsResolver,
  ExperimentReportResolver,
  VariantReportResolver,
  ContactCapsResolver,
  AnalyticsResolver,
  AudiencesResolver,
];

/** The API's schema as the resolvers declare it (field extensions such as `maxItems` included). */
export async function buildApiSchema(): Promise<GraphQLSchema> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  try {
    return await app.get(GraphQLSchemaFactory).create(SCHEMA_RESOLVERS);
  } finally {
    await app.close();
  }
}

export async function buildSchemaText(): Promise<string> {
  const schema = await buildApiSchema();
  return `# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY): npm run schema\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = join(process.cwd(), 'schema.gql');
  buildSchemaText()
    .then((text) => {
      writeFileSync(target, text);
      console.log(`wrote ${target}`);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
