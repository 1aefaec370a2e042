import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, parse, print, printSchema, visit, type ASTNode } from 'graphql';
import { buildSchemaText } from '../../scripts/generate-schema.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix } from '../support/test-services.js';
import { startE2eApp } from './support/e2e-app.js';

// schema.gql is committed so reviews see API changes: it must match the code (`npm run schema`).
describe('schema.gql', () => {
  it('is up to date with the resolvers', async () => {
    const committed = readFileSync(join(process.cwd(), 'schema.gql'), 'utf8');
    expect(await buildSchemaText()).toBe(committed);
  });

  it('lists every resolver the running app serves (the generator cannot miss a module)', async () => {
    const db = await createTestDatabase('schema_live');
    const e2e = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('schema'),
    });
    try {
      const live = printSchema(lexicographicSortSchema(e2e.app.get(GraphQLSchemaHost).schema));
      expect(await buildSchemaText()).toContain(live);
    } finally {
      await e2e.close();
      await db.drop();
    }
  });

  it('keeps the storefront contract names', () => {
    // Signatures without their descriptions, one field per line as graphql-js prints them.
    const schema = print(
      visit(parse(readFileSync(join(process.cwd(), 'schema.gql'), 'utf8')), {
        enter: (node: ASTNode) =>
          'description' in node && node.description ? { ...node, description: undefined } : undefined,
      }),
    );
    for (const line of [
      'recommendations(',
      'similarItems(',
      'item(id: ID!): Item',
      'recordEvent(input: EventInput!): Boolean!',
      'recordEvents(inputs: [EventInput!]!): RecordEventsResult!',
      'limit: Int = 10',
      'placement: Placement = HOME',
      'excludePurchased: Boolean = true',
    ]) {
      expect(schema).toContain(line);
    }
  });
});
