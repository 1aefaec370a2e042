// The product dashboard (/admin) in a real headless Chromium against a production-mode server (introspection
// off) with real Online Retail data: every view is opened, clicked through and checked against the API or
// the slice's own rows; screenshots of each view go to SCREENSHOT_DIR.
// Response bodies are untyped JSON navigated freely: `any` is deliberate here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ADMIN_KEY,
  describeBrowser,
  SCREENSHOT_DIR,
  startDashboardFixture,
  STOREFRONT_KEY,
  type Fixture,
} from './support/dashboard-fixture.js';
import { waitFor } from '../support/wait-for.js';

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.-]/g, ''));

describeBrowser('product dashboard in headless Chromium, production mode (e2e)', () => {
  let f: Fixture;
  let page: Page;

  beforeAll(async () => {
    f = await startDashboardFixture('browser_dashboard');
    page = f.page;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => f?.close());

  const shot = async (name: string) => {
    // From the top: the sticky header would otherwise be drawn where the page happens to be scrolled.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };
  const open = async (hash: string, testId: string) => {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await page.waitForSelector(`[data-testid=${testId}]`);
  };
  const connect = async (key: string) => {
    await page.goto(`${f.api.url}/admin`);
    await page.fill('#admin-key', key);
    await page.click('#login-form button[type=submit]');
  };

  it('runs without introspection: the server refuses it, the page never asks', async () => {
    const res = await f.api.gql(`{ __schema { queryType { name } } }`, {}, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    const page0 = await fetch(`${f.api.url}/admin`);
    expect(page0.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page0.text()).toContain('/admin/assets/app.js');
    expect((await fetch(`${f.api.url}/admin/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${f.api.url}/admin/assets/..%2Fadmin-ui.controller.ts`)).status).toBe(404);
  });

  it('refuses a wrong key and a storefront key with a message, and stays on the login form', async () => {
    await connect('wrong_key_wrong_key_wrong');
    await page.waitForSelector('#login-status.error');
    expect(await page.textContent('#login-status')).toMatch(/Invalid API key/);
    expect(await page.isVisible('#main')).toBe(false);
    await connect(STOREFRONT_KEY);
    await page.waitForFunction(() =>
      /not an admin key/.test(document.querySelector('#login-status')?.textContent ?? ''),
    );
    expect(await page.isVisible('#main')).toBe(false);
    await shot('login');
  });

  it('overview: served lists, cache hits and CTR per placement today; a chosen range shows the orders', async () => {
    await connect(ADMIN_KEY);
    await page.waitForSelector('[data-testid=view-overview] [data-testid=kpis]');
    // 12 customers, each served twice through the storefront key: 24 lists, 12 from the cache.
    expect(num(await page.textContent('[data-testid=kpi-requests] .kpi-value'))).toBe(24);
    expect(await page.textContent('[data-testid=kpi-hit-ratio] .kpi-value')).toBe('50.0 %');
    await page.waitForSelector('[data-testid=chart-requests] canvas');
    await page.waitForSelector('[data-testid=chart-ctr] canvas');
    const home = await page.$$eval('[data-testid=placements-table] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(home[0]![0]).toBe('Home page');
    expect(num(home[0]![1]!)).toBe(24);
    expect(num(home[0]![3]!)).toBe(24); // every list is in the experiment
    expect(num(home[0]![5]!)).toBe(6); // clicks
    await shot('overview');

    // The data's own months: type a range and show it (a click, not a reload).
    await page.fill('[data-testid=range] input[name=from]', '2011-11-01');
    await page.fill('[data-testid=range] input[name=to]', '2011-12-09');
    await page.click('[data-testid=range] button[type=submit]');
    await page.waitForFunction(() =>
      /1 Nov 2011/.test(document.querySelector('[data-testid=range-label]')?.textContent ?? ''),
    );
    const orders = new Set(f.slice.purchases.map((p) => p.invoice)).size + 1; // + the markup item's order
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=kpi-orders] .kpi-value')?.textContent === n.toLocaleString('en-GB'),
      orders,
    );
    expect(await page.locator('[data-testid=top-items] tbody tr').count()).toBe(10);
    await page.waitForSelector('[data-testid=chart-revenue] canvas');
    await shot('overview-range');
    // A best seller opens the item view.
    const firstTitle = await page.textContent('[data-testid=top-items] tbody tr td[data-col=item] a');
    await page.click('[data-testid=top-items] tbody tr td[data-col=item] a');
    // The title shows the id until the item has loaded; its facts appear with the title.
    await page.waitForSelector('[data-testid=view-item] [data-testid=item-facts]');
    expect(await page.textContent('[data-testid=item-title]')).toBe(firstTitle);
  });

  it('customers: search, open one; profile, timeline, lists with reasons; sliders re-rank and what-if moves', async () => {
    const user = f.slice.customers[0]!;
    await open('#customers', 'view-customers');
    await page.waitForSelector('[data-testid=customers-table] tbody tr');
    await page.fill('[data-testid=customer-search]', user.slice(0, 3));
    await page.press('[data-testid=customer-search]', 'Enter');
    // The search result replaces the biggest spenders: every id starts with the prefix, the customer among them.
    await page.waitForFunction(
      ([u, prefix]) => {
        const ids = [...document.querySelectorAll('[data-testid=customers-table] td[data-col=id]')].map(
          (td) => td.textContent ?? '',
        );
        return ids.includes(u!) && ids.every((id) => id.startsWith(prefix!));
      },
      [user, user.slice(0, 3)],
    );
    const ids = await page.locator('[data-testid=customers-table] td[data-col=id]').allTextContents();
    expect(ids.every((id) => id.startsWith(user.slice(0, 3)))).toBe(true);
    await page.click(`[data-testid=customers-table] tr:has(td[data-col=id]:text-is("${user}"))`);
    await page.waitForSelector('[data-testid=view-customer] [data-testid=profile]');

    const profile = (
      await f.admin(`query($u: ID!) { userProfile(userId: $u) { segment lifecycle rfm { frequency } } }`, { u: user })
    ).userProfile;
    expect(await page.textContent('[data-testid=profile-orders] .kpi-value')).toBe(String(profile.rfm.frequency));
    expect(await page.textContent('[data-testid=profile-next]')).toMatch(
      /between \d{1,2} \w{3,4} \d{4} and \d{1,2} \w{3,4} \d{4}|not enough orders/,
    );
    // The slice's orders, and the purchase sent back from a list in the fixture (no order id: one per instant).
    const lines = (
      await f.admin(`query($u: ID!) { customerPurchases(userId: $u, limit: 100) { orderId occurredAt } }`, { u: user })
    ).customerPurchases;
    const orders = new Set(lines.map((l: any) => l.orderId ?? l.occurredAt)).size;
    expect(orders).toBe(new Set(f.slice.purchases.filter((p) => p.customerId === user).map((p) => p.invoice)).size + 1);
    await page.waitForSelector('[data-testid=timeline] > li');
    expect(await page.locator('[data-testid=timeline] > li:not(.meta)').count()).toBe(orders);

    await page.waitForSelector('[data-testid=recs-table] tbody tr');
    const titles = await page.locator('[data-testid=recs-table] td[data-col=title] a').allTextContents();
    const direct = (
      await f.admin(`query($u: ID!) { recommendations(userId: $u, limit: 10) { items { item { title } reason } } }`, {
        u: user,
      })
    ).recommendations.items;
    expect(titles).toEqual(direct.map((i: any) => i.item.title));
    const reasons = await page.locator('[data-testid=recs-table] td[data-col=reason]').allTextContents();
    expect(reasons).toEqual(direct.map((i: any) => i.reason ?? '–'));

    // What-if at rest: every change is 0. Turn the top item's source off: the list re-ranks, the metrics move.
    await page.waitForSelector('[data-testid=whatif-table] tbody tr');
    expect(await page.locator('[data-testid=whatif-table] td[data-col=delta]').allTextContents()).toEqual([
      '0',
      '0',
      '0',
      '0',
      '0',
    ]);
    const source = await page.getAttribute('[data-testid=recs-table] tbody tr td[data-col=source] .tag', 'data-source');
    await page.locator(`[data-testid=sliders] input[data-source="${source}"]`).fill('0');
    await page.waitForFunction(
      (t) => document.querySelector('[data-testid=recs-table] tbody tr td[data-col=title] a')?.textContent !== t,
      titles[0],
    );
    await page.waitForSelector('[data-testid=recs-table] th:text-is("Move")');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=whatif-table] td[data-col=delta]')].some(
        (td) => td.textContent !== '0',
      ),
    );
    expect(await page.textContent('[data-testid=list-meta]')).toMatch(/Preview with the proposed weights/);
    await shot('customer');

    // Buy again lists things the customer bought.
    await page.click('[data-testid=placement-tabs] button[data-value=BUY_AGAIN]');
    await page.waitForSelector(
      '[data-playground][data-placement=BUY_AGAIN], [data-testid=playground][data-placement=BUY_AGAIN] [data-testid=recs-table] tbody tr',
    );
    const again = await page.locator('[data-testid=recs-table] td[data-col=title] .id').allTextContents();
    const bought = f.slice.boughtBy.get(user)!;
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((id) => bought.has(id))).toBe(true);
  });

  it('items: search by title words, open one; sales match the slice, similar items and lists it appeared in', async () => {
    const shownItem =
      (await f.admin(`query($id: ID!) { experiment(id: $id) { id } }`, { id: f.experimentId })) &&
      (
        await f.api.gql(
          `query($u: ID!) { recommendations(userId: $u, limit: 1) { items { item { id title } } } }`,
          { u: f.slice.customers[0] },
          { authorization: `Bearer ${ADMIN_KEY}`, 'x-tailor-cache': 'bypass' },
        )
      ).data!.recommendations.items[0].item;
    await open('#items', 'view-items');
    const words = shownItem.title.split(' ').slice(0, 2).join(' ').toLowerCase();
    await page.fill('[data-testid=item-search]', words);
    await page.press('[data-testid=item-search]', 'Enter');
    await page.waitForSelector('[data-testid=items-table] tbody tr');
    await page.click(`[data-testid=items-table] tr:has(td[data-col=id]:text-is("${shownItem.id}"))`);
    await page.waitForSelector('[data-testid=item-units]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=item-units] .kpi-value')?.textContent !== '–',
    );
    const lines = f.slice.purchases.filter((p) => p.stockCode === shownItem.id);
    expect(num(await page.textContent('[data-testid=item-units] .kpi-value'))).toBe(
      lines.reduce((a, p) => a + p.quantity, 0),
    );
    expect(num(await page.textContent('[data-testid=item-customers] .kpi-value'))).toBe(
      new Set(lines.map((p) => p.customerId)).size,
    );
    await page.waitForSelector('[data-testid=chart-item-sales] canvas');
    await page.waitForSelector('[data-testid=similar-table] tbody tr');
    await page.waitForSelector('[data-testid=appearances-table] tbody tr');
    expect(await page.textContent('[data-testid=appearances-table] td[data-col=placement]')).toBe('Home page');
    await shot('item');
  });

  it('experiments: the running one reports with interval charts; a new one is created, started, stopped and shipped', async () => {
    await open(`#experiments/${f.experimentId}`, 'experiment-report');
    expect(await page.locator('[data-testid=report-table] tbody tr').count()).toBe(2);
    for (const chart of ['chart-ctr', 'chart-conversion', 'chart-revenue']) {
      expect(await page.locator(`[data-testid=experiment-report] [data-testid=${chart}] rect.bar`).count()).toBe(2);
    }
    expect(await page.locator('[data-testid=experiment-report] .whisker').count()).toBeGreaterThan(0);
    const users = await page.locator('[data-testid=report-table] td[data-col=users]').allTextContents();
    expect(users.map(num).reduce((a, b) => a + b, 0)).toBe(12);
    await shot('experiment-report');

    await open('#experiments', 'experiments-table');
    await page.click('[data-testid=new-experiment]');
    await page.fill('[data-testid=exp-name]', 'Trending on product pages');
    await page.selectOption('[data-testid=exp-placement]', 'PRODUCT');
    await page.fill('[data-testid=variant-weights-1]', 'content=1');
    await shot('experiment-new');
    await page.click('[data-testid=create-submit]');
    await page.waitForSelector('[data-testid=view-experiment] [data-testid=start]');
    expect(await page.textContent('[data-testid=experiment-facts]')).toMatch(/Draft/);
    const confirm = async (button: string, status: string) => {
      await page.click(`[data-testid=${button}]`);
      await page.click('[data-testid=confirm-dialog] [data-testid=confirm]');
      await page.waitForFunction(
        (s) => (document.querySelector('[data-testid=experiment-facts]')?.textContent ?? '').includes(s),
        status,
      );
    };
    await confirm('start', 'Running');
    await confirm('stop', 'Stopped');
    await confirm('ship-treatment', 'Shipped');
    const id = page.url().split('#experiments/')[1]!;
    const stored = (await f.admin(`query($id: ID!) { experiment(id: $id) { status shippedVariant } }`, { id }))
      .experiment;
    expect(stored).toEqual({ status: 'SHIPPED', shippedVariant: 'treatment' });
    const weights = (await f.admin(`{ placementWeights(placement: PRODUCT) { weights { source weight } } }`))
      .placementWeights.weights;
    expect(weights.find((w: any) => w.source === 'content')?.weight).toBe(1);
  });

  it('models: evaluation beside the baselines, the report, and activation after a confirmation', async () => {
    await open('#models', 'models-table');
    await page.waitForSelector('[data-testid=evaluation-table] tbody tr');
    const kinds = await page.locator('[data-testid=evaluation-table] td[data-col=kind]').allTextContents();
    expect(kinds).toContain('Served blend');
    expect(kinds).toContain('Baseline');
    await page.click('[data-testid=open-report]');
    await page.waitForSelector('[data-testid=model-report]');
    expect(await page.getAttribute('[data-testid=model-report]', 'src')).toMatch(/^blob:/);
    await shot('models');
    // Retire the only version through the API, then activate it again from the page (cancel first).
    await f.db.dataSource.query(`UPDATE model_versions SET status = 'retired' WHERE id = $1`, [f.modelVersion]);
    await page.evaluate(() => (window.location.hash = '#overview'));
    await open('#models', 'models-table');
    await page.click(`[data-testid="activate-${f.modelVersion}"]`);
    await page.click('[data-testid=confirm-dialog] button:text-is("Cancel")');
    expect((await f.admin(`{ modelVersions { id status } }`)).modelVersions[0].status).toBe('retired');
    await page.click(`[data-testid="activate-${f.modelVersion}"]`);
    await page.click('[data-testid=confirm-dialog] [data-testid=confirm]');
    await page.waitForSelector('[data-testid=notice]');
    expect((await f.admin(`{ modelVersions { id status } }`)).modelVersions[0].status).toBe('active');
  });

  const segmentWithHeldOutCustomers = async (): Promise<string> => {
    const sizes = (await f.admin(`{ segmentSizes { segments { segment users } } }`)).segmentSizes.segments as {
      segment: string;
      users: number;
    }[];
    const weights = (await f.admin(`{ placementWeights(placement: HOME) { weights { source weight } } }`))
      .placementWeights.weights;
    for (const { segment } of sizes.filter((s) => s.users > 0).sort((a, b) => b.users - a.users)) {
      const replayed = await f.api.gql(
        `query($w: [PlacementSourceWeightInput!]!, $s: String) { evaluateWeights(placement: HOME, weights: $w, segment: $s) { users } }`,
        { w: weights, s: segment },
        { authorization: `Bearer ${ADMIN_KEY}` },
      );
      if ((replayed.data?.evaluateWeights?.users ?? 0) > 0) return segment;
    }
    throw new Error(`no segment has held-out customers: ${JSON.stringify(sizes)}`);
  };

  it('segments and caps: sizes add up, a segment gets weights of its own, a cap is set', async () => {
    await open('#segments', 'chart-lifecycle');
    const total = num(await page.textContent('[data-testid=segments-total]'));
    expect(total).toBe(f.slice.customers.length);
    const values = await page.locator('[data-testid=chart-lifecycle] text.value').allTextContents();
    expect(values.map((v) => num(v.split(' ')[0]!)).reduce((a, b) => a + b, 0)).toBe(total);
    // The biggest segment with held-out customers to replay (dormant segments have no next order to replay).
    const segment = await segmentWithHeldOutCustomers();
    await page.selectOption('[data-testid=sw-segment]', segment);
    await page.waitForSelector('[data-testid=sw-sliders] input');
    await page.waitForSelector('[data-testid=segment-weights] [data-testid=whatif-meta]');
    // Swap the heaviest and the lightest source: the fitted weights differ per training run, a swap always
    // changes the lists.
    const sources = await page.$$eval('[data-testid=sw-sliders] input', (els) =>
      els.map((e) => [(e as HTMLInputElement).dataset.source!, Number((e as HTMLInputElement).value)] as const),
    );
    const byWeight = [...sources].sort((a, b) => b[1] - a[1]);
    const [heaviest, lightest] = [byWeight[0]!, byWeight[byWeight.length - 1]!];
    await page.locator(`[data-testid=sw-sliders] input[data-source="${heaviest[0]}"]`).fill(String(lightest[1]));
    await page.locator(`[data-testid=sw-sliders] input[data-source="${lightest[0]}"]`).fill(String(heaviest[1]));
    await page
      .waitForFunction(() =>
        [
          ...document.querySelectorAll('[data-testid=segment-weights] [data-testid=whatif-table] td[data-col=delta]'),
        ].some((td) => td.textContent !== '0'),
      )
      .catch(async (e: unknown) => {
        // The panel's text (weights, what-if rows, any error) says why when this fails on a CI machine.
        throw new Error(
          `${String(e)}\n${JSON.stringify(sources)}\n${await page.textContent('[data-testid=segment-weights]')}`,
        );
      });
    // The what-if beside the sliders replays that segment's held-out customers only.
    expect(await page.textContent('[data-testid=segment-weights] [data-testid=whatif-meta]')).toMatch(
      /held-out customers in /,
    );
    await page.click('[data-testid=sw-save]');
    await page.click('[data-testid=confirm-dialog] [data-testid=confirm]');
    await page.waitForSelector('[data-testid=segment-weights] :is([data-testid=notice], [data-testid=error])');
    expect(await page.locator('[data-testid=segment-weights] [data-testid=error]').allTextContents()).toEqual([]);
    // Instances pick settings up within SETTINGS_POLL_SECONDS; then the list of segments with weights shows it.
    await waitFor('the segment weights to be in force', async () => {
      const stored = (await f.admin(`{ segmentWeights(placement: HOME) { segment } }`)).segmentWeights;
      return stored.length === 1 && stored[0].segment === segment;
    });
    await open('#overview', 'view-overview');
    await open('#segments', 'sw-table');
    expect(await page.textContent('[data-testid=sw-table] td[data-col=segment]')).not.toBe('');

    await page.click('[data-testid=cap-edit-HOME]');
    await page.fill('[data-testid=cap-max]', '4');
    await page.fill('[data-testid=cap-hours]', '48');
    await page.click('[data-testid=cap-save]');
    await page.waitForFunction(() =>
      /at most 4 × per 48 h/.test(document.querySelector('[data-testid=caps-table]')?.textContent ?? ''),
    );
    const cap = (await f.admin(`{ contactCaps { placement maxImpressions windowHours } }`)).contactCaps.find(
      (c: any) => c.placement === 'HOME',
    );
    expect(cap).toEqual({ placement: 'HOME', maxImpressions: 4, windowHours: 48 });
    await shot('segments');
  });

  it('every view shows data, not a placeholder, in production mode', async () => {
    const views: [string, string][] = [
      ['#overview', '[data-testid=placements-table] tbody tr'],
      [`#customers/${f.slice.customers[0]}`, '[data-testid=recs-table] tbody tr'],
      [`#items/${[...f.slice.items.keys()][0]}`, '[data-testid=item-facts]'],
      ['#experiments', '[data-testid=experiments-table] tbody tr'],
      ['#models', '[data-testid=evaluation-table] tbody tr'],
      ['#segments', '[data-testid=caps-table] tbody tr'],
    ];
    for (const [hash, data] of views) {
      await page.evaluate((h) => (window.location.hash = h), hash);
      await page.waitForSelector(data);
      await page.waitForFunction(() => !document.querySelector('main .loading'));
      expect(await page.locator('main [data-testid=error]').count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toMatch(/introspection|not on this server/i);
    }
    expect(f.pageErrors).toEqual([]);
  });
});
