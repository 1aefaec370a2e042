// Everything the dashboard's browser specs need: the real app in production mode (NODE_ENV=production:
// introspection off) on real PostgreSQL and Redis with the real Online Retail slice, a tiny trained model,
// segments, a running experiment with storefront traffic and events sent back, an item whose title is
// markup, and Debian's Chromium recording every request the page makes.
// Response bodies are untyped JSON navigated freely: `any` is deliberate here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadRetailSlice, seedRetailSlice, type RetailSlice } from '../../support/retail-slice.js';
import { createTestDatabase, REDIS_TEST_URL, testKeyPrefix, type TestDatabase } from '../../support/test-services.js';
import { startE2eApp, type E2eApp } from '../../e2e/support/e2e-app.js';
import { loadTrainConfig } from '../../../training/train-config.js';
import { runTrainJob } from '../../../training/train-job.js';
import { silentTrainProgress } from '../../../training/train-progress.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(
    `dashboard browser spec SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}
/** CI must have Chromium (.ci/run installs it): with CI=true a missing browser fails the spec. */
export const describeBrowser = HAVE_CHROMIUM || IN_CI ? describe : describe.skip;

export const ADMIN_KEY = 'adm_dashboard_test_key_0123456789';
export const STOREFRONT_KEY = 'sf_dashboard_test_key_0123456789';
export const XSS_ID = 'XSS-1';
export const XSS_TITLE = '<img src=x onerror="window.__xss=1"> LANTERN';
/** Where the specs write their screenshots (docs/dashboard/*.png are copies of these). */
export const SCREENSHOT_DIR = process.env.DASHBOARD_SCREENSHOTS ?? join(tmpdir(), 'tailor-dashboard');

export interface Fixture {
  db: TestDatabase;
  api: E2eApp;
  slice: RetailSlice;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Uncaught errors in the page (a render that throws leaves a view half drawn). */
  pageErrors: string[];
  modelVersion: string;
  experimentId: string;
  /** The customer whose purchases include the markup-titled item. */
  xssBuyer: string;
  admin(query: string, variables?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

export async function startDashboardFixture(name: string, viewport = { width: 1400, height: 1000 }): Promise<Fixture> {
  if (!HAVE_CHROMIUM)
    throw new Error(`CI=true but Chromium is missing at ${CHROMIUM}: .ci/run must install Debian's chromium`);
  const db = await createTestDatabase(name);
  const slice = await seedRetailSlice(db.dataSource, loadRetailSlice());
  // An item titled with markup, bought by a customer: it shows up in search, item and customer views.
  const xssBuyer = slice.customers[2]!;
  await db.dataSource.query(`INSERT INTO items (external_id, title, price) VALUES ($1, $2, 1.5)`, [XSS_ID, XSS_TITLE]);
  await db.dataSource.query(
    `INSERT INTO events (event_key, user_id, item_id, type, quantity, price, basket_id, occurred_at)
     SELECT 'xss-1', u.id, i.id, 'purchase', 2, 1.5, 'XSS-ORDER', '2011-12-08T10:00:00Z'
       FROM users u, items i WHERE u.external_id = $1 AND i.external_id = $2`,
    [xssBuyer, XSS_ID],
  );
  const modelsDir = mkdtempSync(join(tmpdir(), `tailor-${name}-models-`));
  const small = { maxEpochs: 1, patience: 1, timeBudgetSeconds: null };
  const trained = await runTrainJob(
    db.dataSource,
    loadTrainConfig(undefined, {
      modelsDir,
      collaborative: small,
      content: small,
      sequence: { ...small, dim: 8 },
      baselines: ['popularity'],
    }),
    silentTrainProgress,
  );
  const api = await startE2eApp({
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    REDIS_URL: REDIS_TEST_URL,
    REDIS_KEY_PREFIX: testKeyPrefix(name),
    AUTH_MODE: 'keys',
    ADMIN_API_KEYS: ADMIN_KEY,
    STOREFRONT_API_KEYS: STOREFRONT_KEY,
    MODELS_DIR: modelsDir,
  });
  const { SegmentsService } = await import('../../../src/segments/segments.service.js');
  await api.app.get(SegmentsService).recomputeAll();
  const admin = async (query: string, variables?: Record<string, unknown>) => {
    const res = await api.gql(query, variables, { authorization: `Bearer ${ADMIN_KEY}` });
    if (res.errors) throw new Error(`admin call failed: ${res.errors[0]!.message}`);
    return res.data;
  };
  const experimentId = await storefrontTraffic(api, admin, slice);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No sandbox as root; no background connections (the network is closed).
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    db,
    api,
    slice,
    browser,
    context,
    page,
    requests,
    pageErrors,
    modelVersion: trained.version,
    experimentId,
    xssBuyer,
    admin,
    async close() {
      await browser.close();
      await api.close();
      await db.drop();
      rmSync(modelsDir, { recursive: true, force: true });
    },
  };
}

/**
 * A running HOME experiment, lists served to 12 customers through the storefront key (counted per day and
 * logged as exposures), and clicks, carts and purchases sent back with their requestId.
 */
async function storefrontTraffic(
  api: E2eApp,
  admin: (q: string, v?: Record<string, unknown>) => Promise<any>,
  slice: RetailSlice,
): Promise<string> {
  const created = await admin(`mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`, {
    input: {
      name: 'Popular first on the home page',
      placement: 'HOME',
      variants: [
        { name: 'control', trafficShare: 0.5, control: true },
        { name: 'popular-first', trafficShare: 0.5, weights: { popular: 1 } },
      ],
    },
  });
  const id = created.createExperiment.id as string;
  await admin(`mutation($id: ID!) { startExperiment(id: $id) { status } }`, { id });
  const shop = { authorization: `Bearer ${STOREFRONT_KEY}` };
  const events: Record<string, unknown>[] = [];
  for (const [n, user] of slice.customers.slice(0, 12).entries()) {
    const res = await api.gql(
      `query($u: ID!) { recommendations(userId: $u, limit: 10) { requestId items { item { id price } } } }`,
      { u: user },
      shop,
    );
    const list = res.data!.recommendations;
    const e = (type: string, item: { id: string; price: number | null }) => ({
      eventId: randomUUID(),
      userId: user,
      itemId: item.id,
      type,
      requestId: list.requestId,
      quantity: 1,
      price: item.price ?? 1,
    });
    const first = list.items[0].item;
    if (n % 2 === 0) events.push(e('CLICK', first));
    if (n % 3 === 0) events.push(e('ADD_TO_CART', first));
    if (n % 4 === 0) events.push(e('PURCHASE', first));
    // A second, cached list for the same customer (a cache hit).
    await api.gql(`query($u: ID!) { recommendations(userId: $u, limit: 10) { requestId } }`, { u: user }, shop);
  }
  const recorded = await api.gql(
    `mutation($e: [EventInput!]!) { recordEvents(inputs: $e) { accepted } }`,
    { e: events },
    shop,
  );
  if (recorded.errors) throw new Error(recorded.errors[0]!.message);
  // The report flushes the buffered exposures.
  await admin(`query($id: ID!) { experiment(id: $id) { report { verdict } } }`, { id });
  return id;
}
