// The dashboard's customer value view in headless Chromium against a production-mode server with the real Online
// Retail slice and a trained model (its customer-value stage included): the segment × value × risk matrix agrees
// with the API, a cell lists its customers, and the audience builder shows the audience query's members with
// score and reason and downloads them as CSV.
// Response bodies are untyped JSON navigated freely: `any` is deliberate here.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ADMIN_KEY,
  describeBrowser,
  SCREENSHOT_DIR,
  startDashboardFixture,
  type Fixture,
} from './support/dashboard-fixture.js';

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.-]/g, ''));

describeBrowser('dashboard: customer value (e2e)', () => {
  let f: Fixture;
  let page: Page;

  beforeAll(async () => {
    f = await startDashboardFixture('browser_customer_value');
    page = f.page;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.goto(`${f.api.url}/admin`);
    await page.fill('#admin-key', ADMIN_KEY);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#main[data-ready=true]');
  }, 600_000);
  afterAll(async () => f?.close());

  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };

  it('shows the segment × value × risk counts of the API, and a clicked cell lists its customers', async () => {
    const cells: { segment: string; valueTier: string; atRisk: boolean; users: number }[] = (
      await f.admin(`{ customerValueMatrix { segment valueTier atRisk users } }`)
    ).customerValueMatrix;
    const total = cells.reduce((s, c) => s + c.users, 0);
    expect(total).toBeGreaterThan(0);
    await page.evaluate(() => (window.location.hash = '#value'));
    await page.waitForSelector('[data-testid=value-matrix] tbody tr');
    expect(num(await page.textContent('[data-testid=value-total]'))).toBe(total);
    const id = (c: (typeof cells)[number]) => `cell-${c.segment}-${c.valueTier}-${c.atRisk ? 'risk' : 'safe'}`;
    for (const c of cells) expect(num(await page.textContent(`[data-testid=${id(c)}]`))).toBe(c.users);
    // Every RFM segment with customers is a row; the cells without customers show 0, not a button.
    expect(await page.locator('[data-testid=value-matrix] tbody tr').count()).toBe(
      new Set(cells.map((c) => c.segment)).size,
    );
    expect(await page.locator('[data-testid=value-matrix] tbody button').count()).toBe(cells.length);

    const biggest = cells.reduce((a, b) => (b.users > a.users ? b : a));
    await page.click(`[data-testid=${id(biggest)}]`);
    const expected = (
      await f.admin(
        `query($s: String!, $t: String!, $r: Boolean!) { customerValueCell(segment: $s, valueTier: $t, atRisk: $r, limit: 100) { total members { userId } } }`,
        { s: biggest.segment, t: biggest.valueTier, r: biggest.atRisk },
      )
    ).customerValueCell;
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=cell-table] tbody tr').length === n,
      expected.members.length,
    );
    expect(num(await page.textContent('[data-testid=cell-count]'))).toBe(biggest.users);
    expect(await page.locator('[data-testid=cell-table] td[data-col=userId]').allTextContents()).toEqual(
      expected.members.map((m: any) => m.userId),
    );
    await shot('customer-value');
    // A customer opens their profile.
    const first = expected.members[0].userId;
    await page.click('[data-testid=cell-table] tbody tr');
    await page.waitForSelector('[data-testid=view-customer] [data-testid=profile]');
    expect(await page.evaluate(() => window.location.hash)).toBe(`#customers/${first}`);
  });

  it('builds an audience for an item: the API’s members with score and reason, downloadable as CSV', async () => {
    // The slice's most bought item: the model knows it and customers have reasons to buy it again or not.
    const counts = new Map<string, number>();
    for (const p of f.slice.purchases) counts.set(p.stockCode, (counts.get(p.stockCode) ?? 0) + 1);
    const item = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const expected = (
      await f.admin(`query($i: AudienceInput!) { audience(input: $i) { members { userId score itemId reason } } }`, {
        i: { itemIds: [item], horizonDays: 30, size: 5 },
      })
    ).audience;
    expect(expected.members.length).toBeGreaterThan(0);

    await page.evaluate(() => (window.location.hash = '#value'));
    await page.waitForSelector('[data-testid=audience-form]');
    await page.fill('[data-testid=audience-items]', item);
    await page.fill('[data-testid=audience-horizon]', '30');
    await page.fill('[data-testid=audience-size]', '5');
    await page.click('[data-testid=audience-submit]');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=audience-table] tbody tr').length === n,
      expected.members.length,
    );
    expect(await page.locator('[data-testid=audience-table] td[data-col=userId]').allTextContents()).toEqual(
      expected.members.map((m: any) => m.userId),
    );
    expect(await page.locator('[data-testid=audience-table] td[data-col=reason]').allTextContents()).toEqual(
      expected.members.map((m: any) => m.reason),
    );
    expect(await page.textContent('[data-testid=audience-summary]')).toMatch(
      new RegExp(
        `^${expected.members.length} customers of \\d+ scored \\(model v[\\w-]+, 30 days\\); left out: \\d+ recent buyers, \\d+ opted out, \\d+ at a contact cap\\.$`,
      ),
    );
    // The form keeps what was typed.
    expect(await page.inputValue('[data-testid=audience-size]')).toBe('5');
    await shot('customer-value-audience');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=audience-csv]')]);
    expect(download.suggestedFilename()).toBe(`audience-${item}-30d.csv`);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('"customer","score","item","reason"');
    expect(csv.slice(1).map((line) => JSON.parse(`[${line.split('","')[0]}"]`)[0])).toEqual(
      expected.members.map((m: any) => m.userId),
    );
    expect(csv[1]).toContain(`"${expected.members[0].itemId}"`);
    expect(Number(JSON.parse(`[${csv[1]!.split(',')[1]}]`)[0])).toBeCloseTo(expected.members[0].score, 10);
  });

  it('says what is wrong with a request the API refuses, and the page keeps working', async () => {
    await page.fill('[data-testid=audience-items]', '');
    await page.fill('[data-testid=audience-category]', '');
    await page.click('[data-testid=audience-submit]');
    await page.waitForFunction(() =>
      /exactly one of itemIds or category/.test(
        document.querySelector('[data-testid=audience-builder]')?.textContent ?? '',
      ),
    );
    expect(await page.locator('[data-testid=audience-table]').count()).toBe(0);
    expect(f.pageErrors).toEqual([]);
  });
});
