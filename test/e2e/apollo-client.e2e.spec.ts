// What a storefront team's client meets: the running service driven by @apollo/client itself (HttpLink,
// variables for every argument, __typename added to every selection, the normalised InMemoryCache), with
// storefront and admin keys, against real PostgreSQL (an Online Retail slice, a small trained model) and
// Redis. Every storefront operation, and the admin operations the dashboard sends.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { ApolloClient, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { getIntrospectionQuery } from 'graphql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAndTrainCollaborativeModel } from '../support/small-model.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../support/test-services.js';
import { startE2eApp, type E2eApp } from './support/e2e-app.js';

const STOREFRONT_KEY = 'storefront-key-apollo-client-0123';
const ADMIN_KEY = 'admin-key-apollo-client-0123456789';

// The README's "for you" query, with the limit as a variable as every client library sends it.
const HOME = gql`
  query Home($userId: ID!, $limit: Int, $placement: Placement, $filter: RecommendationFilter) {
    recommendations(userId: $userId, limit: $limit, placement: $placement, filter: $filter) {
      requestId
      modelVersion
      cached
      variant
      items {
        score
        source
        reason
        anchorItem {
          id
          title
        }
        item {
          id
          title
          price
          categories
        }
      }
    }
  }
`;
const SIMILAR = gql`
  query Similar($itemId: ID!, $limit: Int) {
    similarItems(itemId: $itemId, limit: $limit) {
      requestId
      items {
        source
        reason
        item {
          id
          title
        }
      }
    }
  }
`;
const CART = gql`
  query Cart($itemIds: [ID!]!, $userId: ID, $limit: Int) {
    complementaryItems(itemIds: $itemIds, userId: $userId, limit: $limit) {
      requestId
      items {
        source
        reason
        anchorItem {
          id
        }
        item {
          id
          title
        }
      }
    }
  }
`;
const RECORD = gql`
  mutation Record($input: EventInput!) {
    recordEvent(input: $input)
  }
`;

describe('the service through @apollo/client (variables, __typename, normalised cache)', () => {
  let db: TestDatabase;
  let modelsDir: string;
  let modelVersion: string;
  let api: E2eApp;
  let user: string;
  let bought: string[];
  let storefront: ApolloClient;
  let admin: ApolloClient;

  const client = (key: string) =>
    new ApolloClient({
      link: new HttpLink({ uri: `${api.url}/graphql`, headers: { authorization: `Bearer ${key}` } }),
      cache: new InMemoryCache(),
    });

  beforeAll(async () => {
    db = await createTestDatabase('e2e_apollo_client');
    modelsDir = mkdtempSync(join(tmpdir(), 'tailor-apollo-client-'));
    const trained = await importAndTrainCollaborativeModel(db.dataSource, modelsDir);
    modelVersion = trained.version;
    // A customer with several baskets, so every placement has something of theirs to work from.
    const [row] = await db.dataSource.query(
      `SELECT u.external_id AS u FROM events e JOIN users u ON u.id = e.user_id WHERE e.type = 'purchase'
        GROUP BY u.external_id HAVING count(DISTINCT e.basket_id) >= 3 ORDER BY count(*) DESC, u.external_id LIMIT 1`,
    );
    user = row.u;
    bought = (
      await db.dataSource.query(
        `SELECT DISTINCT i.external_id AS i FROM events e JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id
          WHERE u.external_id = $1 AND e.type = 'purchase'`,
        [user],
      )
    ).map((r: { i: string }) => r.i);
    api = await startE2eApp({
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: testKeyPrefix('e2e-apollo-client'),
      MODELS_DIR: modelsDir,
      AUTH_MODE: undefined,
      STOREFRONT_API_KEYS: STOREFRONT_KEY,
      ADMIN_API_KEYS: ADMIN_KEY,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    storefront = client(STOREFRONT_KEY);
    admin = client(ADMIN_KEY);
  });
  afterAll(async () => {
    storefront?.stop();
    admin?.stop();
    await api?.close();
    await db?.drop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const home = (variables: Record<string, unknown>) =>
    storefront.query<any>({ query: HOME, variables: { userId: user, ...variables }, fetchPolicy: 'network-only' });

  describe('storefront operations (storefront key)', () => {
    it('answers the README query with a variable limit of 5, and normalises its items in the cache', async () => {
      const { data } = await home({ limit: 5 });
      const list = data.recommendations;
      expect(list.__typename).toBe('RecommendationList');
      expect(list.modelVersion).toBe(modelVersion);
      expect(list.items).toHaveLength(5);
      for (const r of list.items) {
        expect(r.__typename).toBe('Recommendation');
        expect(r.item.__typename).toBe('Item');
        expect(bought).not.toContain(r.item.id);
      }
      // Items are stored once, by id, whichever list or anchor they came in.
      const cached = storefront.cache.extract() as Record<string, any>;
      const first = list.items[0].item;
      expect(cached[`Item:${first.id}`]).toMatchObject({ __typename: 'Item', id: first.id, title: first.title });
      expect(
        storefront.cache.readFragment<any>({
          id: storefront.cache.identify(first),
          fragment: gql`
            fragment T on Item {
              title
            }
          `,
        })?.title,
      ).toBe(first.title);
    });

    it('costs the variable limit by its value: the documented 1 + 6 + 14 × limit refuses 71 and admits 70', async () => {
      // As Apollo Client sends it: 6 fields on the list (4, __typename, items), 14 per item.
      const refused = await home({ limit: 71 }).catch((e: unknown) => e);
      expect(CombinedGraphQLErrors.is(refused)).toBe(true);
      const error = (refused as CombinedGraphQLErrors).errors[0];
      expect(error.message).toMatch(/^Query complexity 1001 exceeds the limit of 1000/);
      expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await home({ limit: 70 })).data.recommendations.items).toHaveLength(70);
      // Left out, the limit is its default (10), not the API's maximum.
      expect((await home({})).data.recommendations.items).toHaveLength(10);
    });

    it.each(['HOME', 'PRODUCT', 'CART', 'BUY_AGAIN'])('serves placement %s with variables', async (placement) => {
      const { data } = await home({ limit: 8, placement });
      const items = data.recommendations.items;
      expect(items).toHaveLength(8);
      expect(new Set(items.map((r: any) => r.item.id)).size).toBe(8);
      if (placement === 'BUY_AGAIN') expect(bought).toContain(items[0].item.id);
      else for (const r of items) expect(bought).not.toContain(r.item.id);
    });

    it('applies a filter sent as a variable', async () => {
      const excluded = (await home({ limit: 3 })).data.recommendations.items.map((r: any) => r.item.id);
      const { data } = await home({ limit: 6, filter: { excludeItemIds: excluded, maxPrice: 5 } });
      for (const r of data.recommendations.items) {
        expect(excluded).not.toContain(r.item.id);
        expect(r.item.price).toBeLessThanOrEqual(5);
      }
    });

    it('similarItems and complementaryItems take every argument as a variable', async () => {
      const similar = await storefront.query<any>({ query: SIMILAR, variables: { itemId: bought[0], limit: 6 } });
      expect(similar.data.similarItems.items).toHaveLength(6);
      expect(similar.data.similarItems.items.map((r: any) => r.item.id)).not.toContain(bought[0]);
      const basket = bought.slice(0, 2);
      const cart = await storefront.query<any>({ query: CART, variables: { itemIds: basket, userId: user, limit: 4 } });
      expect(cart.data.complementaryItems.__typename).toBe('RecommendationList');
      expect(cart.data.complementaryItems.items).toHaveLength(4);
      for (const r of cart.data.complementaryItems.items) expect(basket).not.toContain(r.item.id);
    });

    it('records an event with its input as a variable, idempotently', async () => {
      const list = (await home({ limit: 3 })).data.recommendations;
      const input = {
        eventId: `apollo-${Date.now()}`,
        userId: user,
        itemId: list.items[0].item.id,
        type: 'CLICK',
        requestId: list.requestId,
      };
      expect((await storefront.mutate<any>({ mutation: RECORD, variables: { input } })).data.recordEvent).toBe(true);
      expect((await storefront.mutate<any>({ mutation: RECORD, variables: { input } })).data.recordEvent).toBe(false);
    });
  });

  describe('the admin operations the dashboard sends (admin key)', () => {
    const run = async (query: string, variables: Record<string, unknown> = {}) =>
      (await admin.query<any>({ query: gql(query), variables, fetchPolicy: 'network-only' })).data;
    const change = async (mutation: string, variables: Record<string, unknown> = {}) =>
      (await admin.mutate<any>({ mutation: gql(mutation), variables })).data;

    it('introspects the schema and reads the access policy', async () => {
      const schema = await run(getIntrospectionQuery());
      expect(schema.__schema.types.map((t: any) => t.name)).toContain('RecommendationList');
      const { accessPolicy } = await run(
        `query Policy { accessPolicy { mode maxComplexity operations { kind name role } } }`,
      );
      expect(accessPolicy.mode).toBe('keys');
      expect(accessPolicy.operations).toContainEqual({
        __typename: 'OperationAccess',
        kind: 'Query',
        name: 'recommendations',
        role: 'storefront',
      });
    });

    it('reads the weights, previews a list with other weights and replays them in the what-if', async () => {
      const weightsOf = `query Weights($placement: Placement!) {
        placementWeights(placement: $placement) { placement origin version weights { source weight } } }`;
      const { placementWeights } = await run(weightsOf, { placement: 'HOME' });
      expect(placementWeights.weights.length).toBeGreaterThan(0);
      const proposed = placementWeights.weights.map((w: any, i: number) => ({
        source: w.source,
        weight: i === 0 ? w.weight * 2 + 0.5 : w.weight,
      }));
      const preview = await run(
        `query Preview($userId: ID!, $limit: Int, $placement: Placement, $weights: [PlacementSourceWeightInput!]) {
          recommendations(userId: $userId, limit: $limit, placement: $placement, weights: $weights) {
            coldStart modelVersion cached items { score source item { id title } } } }`,
        { userId: user, limit: 10, placement: 'HOME', weights: proposed },
      );
      expect(preview.recommendations).toMatchObject({ cached: false, modelVersion });
      expect(preview.recommendations.items).toHaveLength(10);
      const whatIf = await run(
        `query WhatIf($placement: Placement!, $weights: [PlacementSourceWeightInput!]!) {
          evaluateWeights(placement: $placement, weights: $weights) {
            modelVersion users proposed { ndcgAt10 recallAt10 } current { ndcgAt10 recallAt10 }
            proposedWeights { source weight } } }`,
        { placement: 'HOME', weights: proposed },
      );
      expect(whatIf.evaluateWeights.modelVersion).toBe(modelVersion);
      expect(whatIf.evaluateWeights.users).toBeGreaterThan(0);
      expect(whatIf.evaluateWeights.proposedWeights.map((w: any) => w.weight)).toEqual(
        proposed.map((w: { weight: number }) => w.weight),
      );
    });

    it('sets, lists and resets weights, and caps contacts', async () => {
      const set = await change(
        `mutation Set($placement: Placement!, $weights: [PlacementSourceWeightInput!]!, $comment: String) {
          setPlacementWeights(placement: $placement, weights: $weights, comment: $comment) { origin version } }`,
        { placement: 'CART', weights: [{ source: 'co-purchase', weight: 2 }], comment: 'from Apollo Client' },
      );
      expect(set.setPlacementWeights).toMatchObject({ origin: 'operator', version: 1 });
      const history = await run(
        `query History($placement: Placement!, $limit: Int!) {
          placementWeightsHistory(placement: $placement, limit: $limit) { version comment weights { source weight } } }`,
        { placement: 'CART', limit: 5 },
      );
      expect(history.placementWeightsHistory[0]).toMatchObject({ version: 1, comment: 'from Apollo Client' });
      const reset = await change(
        `mutation Reset($placement: Placement!) { resetPlacementWeights(placement: $placement) { origin version } }`,
        { placement: 'CART' },
      );
      expect(reset.resetPlacementWeights.origin).not.toBe('operator');
      const cap = await change(
        `mutation Cap($placement: Placement!, $max: Int!, $hours: Float!) {
          setContactCap(placement: $placement, maxImpressions: $max, windowHours: $hours) { placement maxImpressions windowHours origin } }`,
        { placement: 'HOME', max: 3, hours: 24 },
      );
      expect(cap.setContactCap).toMatchObject({ maxImpressions: 3, windowHours: 24, origin: 'operator' });
      const caps = await run(`query Caps { contactCaps { placement maxImpressions } }`);
      expect(caps.contactCaps).toContainEqual({ __typename: 'ContactCap', placement: 'HOME', maxImpressions: 3 });
      const removed = await change(
        `mutation Uncap($placement: Placement!) { removeContactCap(placement: $placement) { maxImpressions } }`,
        { placement: 'HOME' },
      );
      expect(removed.removeContactCap.maxImpressions).toBeNull();
    });

    it('reads a customer’s profile and the segment sizes', async () => {
      const { userProfile } = await run(
        `query Profile($id: ID!) { userProfile(userId: $id) { userId segment lifecycle purchaseCount
          rfm { r f m code } nextPurchaseWindow { from to } } }`,
        { id: user },
      );
      expect(userProfile).toMatchObject({ userId: user });
      expect(userProfile.purchaseCount).toBeGreaterThan(0);
      const { segmentSizes } = await run(
        `query Sizes { segmentSizes { total segments { segment users } lifecycle { stage users } } }`,
      );
      expect(segmentSizes.total).toBeGreaterThan(0);
    });

    it('creates, starts, reports on and stops an experiment; lists experiments and model versions', async () => {
      const created = await change(
        `mutation Create($input: CreateExperimentInput!) { createExperiment(input: $input) { id status variants { name control } } }`,
        {
          input: {
            name: 'apollo client',
            placement: 'PRODUCT',
            variants: [
              { name: 'control', trafficShare: 0.5, control: true },
              { name: 'content-heavy', trafficShare: 0.5, weights: { content: 2, 'co-purchase': 1 } },
            ],
          },
        },
      );
      const id = created.createExperiment.id;
      expect(created.createExperiment.status).toBe('DRAFT');
      const idOnly = { id };
      expect(
        (await change(`mutation Start($id: ID!) { startExperiment(id: $id) { status } }`, idOnly)).startExperiment
          .status,
      ).toBe('RUNNING');
      const report = await run(
        `query Report($id: ID!) { experiment(id: $id) { id name status
          report { verdict reason variants { name users ctr conversionRate conversionInterval { low high } } } } }`,
        idOnly,
      );
      expect(report.experiment.report.variants.map((v: any) => v.name)).toEqual(['control', 'content-heavy']);
      expect(
        (await change(`mutation Stop($id: ID!) { stopExperiment(id: $id) { status } }`, idOnly)).stopExperiment.status,
      ).toBe('STOPPED');
      const list = await run(`query Experiments($limit: Int) { experiments(limit: $limit) { id name status } }`, {
        limit: 20,
      });
      expect(list.experiments[0]).toMatchObject({ id, status: 'STOPPED' });
      // The experiment is normalised by id: the list and the report share one cache entry.
      expect((admin.cache.extract() as Record<string, any>)[`Experiment:${id}`]).toMatchObject({ status: 'STOPPED' });

      const versions = await run(
        `query Models($limit: Int!) { modelVersions(limit: $limit) { id status primaryMetric } }`,
        {
          limit: 20,
        },
      );
      expect(versions.modelVersions[0]).toMatchObject({ id: modelVersion, status: 'active' });
      const activated = await change(
        `mutation Activate($id: String!) { activateModelVersion(id: $id) { id status } }`,
        {
          id: modelVersion,
        },
      );
      expect(activated.activateModelVersion).toMatchObject({ id: modelVersion, status: 'active' });
    });
  });
});
