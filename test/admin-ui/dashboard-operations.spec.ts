// The dashboard ships the GraphQL operations it sends (src/admin-ui/web/api.js) instead of reading the schema
// at run time: each must be valid against the API's schema and within the server's depth and complexity limits,
// or the page breaks in production (where introspection is off).
import { parse, specifiedRules, validate } from 'graphql';
import { buildApiSchema } from '../../scripts/generate-schema.js';
import { complexityLimitRule } from '../../src/graphql/complexity-limit.rule.js';
import { depthLimitRule } from '../../src/graphql/depth-limit.rule.js';
import { loadAppConfig } from '../../src/config/app-config.js';
// @ts-expect-error -- plain ES module of the browser bundle, without types
import { OPS } from '../../src/admin-ui/web/api.js';

describe('the dashboard’s GraphQL operations', () => {
  it('are valid against the schema and within the default depth and complexity limits', async () => {
    const schema = await buildApiSchema();
    const config = loadAppConfig({});
    const rules = [
      ...specifiedRules,
      depthLimitRule(config.GRAPHQL_MAX_DEPTH),
      complexityLimitRule(config.GRAPHQL_MAX_COMPLEXITY),
    ];
    const operations = Object.entries(OPS as Record<string, string>);
    expect(operations.length).toBeGreaterThan(25);
    const problems = operations.flatMap(([name, text]) =>
      validate(schema, parse(text), rules).map((e) => `${name}: ${e.message}`),
    );
    expect(problems).toEqual([]);
  });
});
