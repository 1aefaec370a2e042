import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchemaText } from '../../scripts/generate-schema.js';

// schema.gql is committed so reviews see API changes: it must match the code (`npm run schema`).
describe('schema.gql', () => {
  it('is up to date with the resolvers', async () => {
    const committed = readFileSync(join(process.cwd(), 'schema.gql'), 'utf8');
    expect(await buildSchemaText()).toBe(committed);
  });

  it('keeps the storefront contract names', () => {
    const schema = readFileSync(join(process.cwd(), 'schema.gql'), 'utf8');
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
