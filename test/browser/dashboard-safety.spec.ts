// The dashboard's safety and layout in headless Chromium against a production-mode server: catalog text is
// rendered as text (an item titled with markup), the admin key lives in sessionStorage only, every request
// the page makes goes to its own origin, and at 1,400 px and at a narrow width nothing overflows the page,
// overlaps, or sits under another element where a click would not reach it.
import type { Page } from 'playwright-core';
import {
  ADMIN_KEY,
  describeBrowser,
  startDashboardFixture,
  XSS_ID,
  XSS_TITLE,
  type Fixture,
} from './support/dashboard-fixture.js';

describeBrowser('product dashboard safety and layout (e2e, headless Chromium)', () => {
  let f: Fixture;
  let page: Page;

  beforeAll(async () => {
    f = await startDashboardFixture('browser_dashboard_safety');
    page = f.page;
    await page.goto(`${f.api.url}/admin`);
    await page.fill('#admin-key', ADMIN_KEY);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('[data-testid=view-overview]');
  });
  afterAll(async () => f?.close());

  const open = async (hash: string, ready: string) => {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await page.waitForSelector(ready);
    await page.waitForFunction(() => !document.querySelector('main .loading'));
  };

  it('renders an item titled with markup as text wherever it appears', async () => {
    const assertText = async () => {
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    };
    await open('#items', '[data-testid=item-search]');
    await page.fill('[data-testid=item-search]', XSS_ID);
    await page.press('[data-testid=item-search]', 'Enter');
    await page.waitForSelector('[data-testid=items-table] tbody tr');
    expect(await page.textContent('[data-testid=items-table] td[data-col=title]')).toBe(XSS_TITLE);
    await assertText();
    await page.click('[data-testid=items-table] tbody tr');
    await page.waitForSelector('[data-testid=item-title]');
    expect(await page.textContent('[data-testid=item-title]')).toBe(XSS_TITLE);
    await assertText();
    await open(`#customers/${f.xssBuyer}`, '[data-testid=timeline] > li');
    const timeline = await page.textContent('[data-testid=timeline]');
    expect(timeline).toContain(XSS_TITLE);
    await assertText();
    // The page would have fetched /admin/x had the tag been parsed.
    expect(f.requests.some((u) => /\/x$/.test(u))).toBe(false);
  });

  it('keeps the admin key in sessionStorage only, never in a URL, cookie or localStorage; forgetting clears it', async () => {
    const storage = await page.evaluate(() => ({
      session: sessionStorage.getItem('tailor.adminKey'),
      local: localStorage.length,
      cookie: document.cookie,
    }));
    expect(storage).toEqual({ session: ADMIN_KEY, local: 0, cookie: '' });
    expect(f.requests.some((u) => u.includes(ADMIN_KEY))).toBe(false);
    await page.click('#logout');
    await page.waitForSelector('#admin-key');
    expect(await page.evaluate(() => sessionStorage.getItem('tailor.adminKey'))).toBeNull();
    await page.fill('#admin-key', ADMIN_KEY);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('main');
  });

  it('makes no third-party request: everything comes from the service itself', async () => {
    for (const [hash, ready] of VIEWS) await open(hash, ready);
    const origin = new URL(f.api.url).origin;
    const foreign = f.requests.filter(
      (u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'),
    );
    expect(f.requests.length).toBeGreaterThan(10);
    expect(foreign).toEqual([]);
  });

  it('the layout check itself finds a covered button, an overlap and a page wider than the window', async () => {
    const probe = await f.context.newPage();
    await probe.setViewportSize({ width: 500, height: 400 });
    await probe.setContent(`<main>
      <div class="panel" style="position:absolute;top:10px;left:10px;width:300px;height:100px"><button>Report</button></div>
      <div class="panel" style="position:absolute;top:20px;left:20px;width:300px;height:100px;background:#fff">chart</div>
      <div style="width:900px">wide</div></main>`);
    const problems = await probe.evaluate(layoutProblems);
    await probe.close();
    expect(problems).toEqual([
      'page is 908px wide in a 500px window',
      'div "Report" overlaps div "chart"',
      'button "Report" is covered by div "chart"',
    ]);
  });

  for (const width of [1400, 640]) {
    it(`at ${width} px: no view overflows the page, overlaps panels or hides a control`, async () => {
      await page.setViewportSize({ width, height: 900 });
      for (const [hash, ready] of VIEWS) {
        await open(hash, ready);
        const problems = await page.evaluate(layoutProblems);
        expect({ view: hash, problems }).toEqual({ view: hash, problems: [] });
      }
      expect(f.pageErrors).toEqual([]);
    });
  }

  const VIEWS: [string, string][] = [
    ['#overview', '[data-testid=placements-table] tbody tr'],
    ['#customers', '[data-testid=customers-table] tbody tr'],
    ['#customers/CUSTOMER', '[data-testid=whatif-table] tbody tr'],
    ['#items/ITEM', '[data-testid=similar-table] tbody tr'],
    ['#experiments', '[data-testid=experiments-table] tbody tr'],
    ['#experiments/EXPERIMENT', '[data-testid=experiment-report] svg'],
    ['#models', '[data-testid=evaluation-table] tbody tr'],
    ['#segments', '[data-testid=caps-table] tbody tr'],
  ];
  beforeAll(() => {
    for (const v of VIEWS) {
      v[0] = v[0]
        .replace('CUSTOMER', f.slice.customers[0]!)
        .replace('ITEM', [...f.slice.items.keys()][0]!)
        .replace('EXPERIMENT', f.experimentId);
    }
  });
});

/**
 * Runs in the page. Reports: a page wider than the window; panels (and KPI cards) that overlap; and controls
 * (buttons, links, inputs, clickable rows) that, scrolled into view, are not the element at their own centre.
 */
function layoutProblems(): string[] {
  const out: string[] = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1)
    out.push(`page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`);
  const name = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
  const boxes = [...document.querySelectorAll('main .panel, main .kpi, main .chart-box')].filter(
    (el) => (el as HTMLElement).offsetParent !== null,
  );
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.contains(b) || b.contains(a)) continue;
      const r = a.getBoundingClientRect();
      const s = b.getBoundingClientRect();
      const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (w > 1 && h > 1) out.push(`${name(a)} overlaps ${name(b)}`);
    }
  }
  const controls = [
    ...document.querySelectorAll(
      'main button, main a[href], main input, main select, main tr.clickable, header.top a, header.top button',
    ),
  ];
  for (const el of controls.slice(0, 400)) {
    const e = el as HTMLElement;
    if (e.offsetParent === null || e.closest('dialog')) continue;
    e.scrollIntoView({ block: 'center', inline: 'center' });
    const r = e.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (
      !hit ||
      !(hit === e || e.contains(hit) || hit.contains(e) || (e.tagName === 'INPUT' && hit.closest('label')?.contains(e)))
    ) {
      out.push(`${name(e)} is covered by ${hit ? name(hit) : 'nothing (off screen)'}`);
    }
  }
  window.scrollTo(0, 0);
  return out;
}
