import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { queryDatabase } from '../../server/src/test-support/test-db.js';
import { describeBrowser, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * The dashboard (issue 8) on the H5 build served by the real server: 江南街道's staff open the
 * numbers of their street from the home page, see both communities worst first, drill down into
 * 兴学社区 and see its figures and its micro-grid, and go back up by the breadcrumb.
 * Pages: e2e/artifacts/dashboard-*.png.
 */
describeBrowser('H5: the street dashboard, drilled down to a community', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  /** What is on screen now: H5 keeps earlier pages in the DOM, hidden. */
  const visible = (text: string): Locator => page.locator(`text="${text}" >> visible=true`).first();
  const visibleContaining = (text: string): Locator => page.locator(`text=${text} >> visible=true`).first();
  /** Pages with pull-to-refresh wrap their content in an element that Playwright's hit test blames; a real tap lands. */
  const press = (locator: Locator) => locator.click({ force: true });
  const texts = async (selector: string): Promise<string[]> =>
    (await page.locator(`${selector} >> visible=true`).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  /** The big number above a label in the section titled `section`. */
  async function figure(section: string, label: string): Promise<string> {
    const box = page.locator('.dash-section >> visible=true').filter({ has: page.locator('.dash-section__title', { hasText: section }) });
    const fig = box.locator('.figure').filter({ has: page.locator('.figure__label', { hasText: label }) });
    return (await fig.locator('.figure__value').innerText()).replace(/\s+/g, '');
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // the seed's elder is on a twice-a-day plan: make her overdue now, so 兴学社区 has something to flag
    await queryDatabase(
      server.database.url,
      `update care_plan set next_due_at = now() - interval '3 hours' where person_id = (select id from person where name = '张桂英')`,
    );
    page = await (await phoneContext(browser)).newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('江南街道 staff open 数据看板 from their grid card on the home page', async () => {
    await page.goto(server.baseUrl + '/');
    await page.getByText('江南街道工作人员', { exact: true }).click();
    await visibleContaining('你好').waitFor({ timeout: 15_000 });
    await visible('数据看板').waitFor({ timeout: 15_000 });
    await screenshot(page, 'dashboard-01-home');
    await press(visible('数据看板'));
    await visibleContaining('数据更新于').waitFor({ timeout: 15_000 });
  }, 60_000);

  it('sees the street\'s numbers and both communities, the one with an overdue elder first', async () => {
    expect(await visible('江南街道').count()).toBe(1);
    expect(await visibleContaining('数据更新于').innerText()).toMatch(/数据更新于 \d\d:\d\d/);
    expect(await figure('关爱走访', '超时未走访')).toBe('1人');
    expect(await page.locator('.figure__value--danger >> visible=true').count()).toBeGreaterThan(0);
    expect(Number((await figure('住户入格', '住户')).replace('户', ''))).toBeGreaterThanOrEqual(24);
    expect(await texts('.dash-alert__line')).toEqual(['1 人超时未走访']);
    expect(await texts('.dash-alert__worst-text')).toEqual(['最该先看：兴学社区（1 人超时未走访）']);
    await screenshot(page, 'dashboard-02-street');

    const names = await texts('.child-row__title');
    expect(names).toEqual(['兴学社区', '金钱寺社区']);
    const chips = await texts('.child-row__chips');
    expect(chips[0]).toContain('超时未走访 1 人');
    expect(chips[1]).toContain('走访都按时');
    await page.locator('.child-row >> visible=true').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-03-street-children');
  }, 60_000);

  it('goes from the red number to the care list, where the overdue elder is, and back', async () => {
    await press(visible('看看谁超时了'));
    await visible('张桂英').waitFor({ timeout: 15_000 });
    await screenshot(page, 'dashboard-04-street-overdue-list');
    await page.goBack();
    await visibleContaining('数据更新于').waitFor({ timeout: 15_000 });
    expect(await texts('.dash-head__title')).toEqual(['江南街道']);
  }, 60_000);

  it('drills down into 兴学社区: its figures, its micro-grid, and the way back up', async () => {
    await press(page.locator('.child-row >> visible=true').filter({ hasText: '兴学社区' }));
    await visible('第三平安小区西29栋').waitFor({ timeout: 15_000 });
    expect(await texts('.crumbs')).toEqual(['江南街道 › 兴学社区']);
    expect(await texts('.dash-head__title')).toEqual(['兴学社区']);
    expect(await figure('关爱走访', '超时未走访')).toBe('1人');
    expect(await figure('住户入格', '住户')).toMatch(/^\d+户$/);
    expect(await texts('.child-row__title')).toEqual(['第三平安小区西29栋']);
    await screenshot(page, 'dashboard-05-community');
    await page.locator('.child-row >> visible=true').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-06-community-children');

    // one more level: the micro-grid, the bottom of this branch
    await press(page.locator('.child-row >> visible=true').first());
    await visibleContaining('没有下级网格').waitFor({ timeout: 15_000 });
    expect(await texts('.crumbs')).toEqual(['江南街道 › 兴学社区 › 第三平安小区西29栋']);
    await screenshot(page, 'dashboard-07-micro-grid');

    // the breadcrumb goes straight back up to the street
    await press(page.locator('.crumbs__link >> visible=true', { hasText: '江南街道' }));
    await page.locator('.dash-head__title >> visible=true', { hasText: '江南街道' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.crumbs >> visible=true').count()).toBe(0);
  }, 60_000);

  it('still lays out in elder mode (big text), nothing wider than the phone', async () => {
    // the flag 我的 sets, as Taro keeps it in H5 storage; a reload reads it
    await page.evaluate(() => localStorage.setItem('linli.elderMode', JSON.stringify({ data: true })));
    await page.reload();
    await visibleContaining('数据更新于').waitFor({ timeout: 15_000 });
    expect(await page.locator('.theme--elder >> visible=true').count()).toBeGreaterThan(0);
    const fits = async () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);
    await screenshot(page, 'dashboard-08-street-elder');
    await page.locator('.dash-section >> visible=true').nth(3).scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-09-street-elder-reports');
    await press(page.locator('.child-row >> visible=true').filter({ hasText: '兴学社区' }));
    await visible('第三平安小区西29栋').waitFor({ timeout: 15_000 });
    expect(await fits()).toBe(true);
    await screenshot(page, 'dashboard-10-community-elder');
  }, 60_000);
  it('fits district-size numbers (tens of thousands) on the phone in elder mode', async () => {
    // the demo tree is small: scale the real answer up to the article's district
    await page.route('**/api/v1/grids/*/stats', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      const big = (n: Record<string, unknown>) => {
        for (const [k, v] of Object.entries(n)) if (typeof v === 'number' && Number.isInteger(v)) n[k] = v * 11_807 + 3;
        n.coverage = 0.731;
        n.noticeReadRate = 0.386;
        n.reportsOpen = { submitted: 412, accepted: 95, inProgress: 1_288 };
      };
      big(body.totals);
      for (const c of body.children) big(c.numbers);
      await route.fulfill({ response, json: body });
    });
    await page.reload();
    await visibleContaining('数据更新于').waitFor({ timeout: 15_000 });
    expect(await figure('住户入格', '住户')).toMatch(/^\d+(\.\d)?万户$/);
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('.figure__value, .dash-alert, .child-row')]
        .filter((el) => (el as HTMLElement).offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent),
    );
    expect(overflowing).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'dashboard-11-district-size-elder');
    await page.locator('.dash-section >> visible=true').nth(3).scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-12-district-size-elder-reports');
    await page.unroute('**/api/v1/grids/*/stats');
  }, 60_000);

  it('says so plainly when the node is outside the user\'s area (a link from elsewhere)', async () => {
    const [{ id }] = await queryDatabase<{ id: string }>(server.database.url, `select id from grid_node where name = '西十村'`);
    await page.goto(`${server.baseUrl}/#/packages/admin/dashboard/index?id=${id}`);
    await visible('看不到这里的数据').waitFor({ timeout: 15_000 });
    expect(await visible('回到首页').count()).toBe(1);
    await screenshot(page, 'dashboard-13-out-of-scope');
    await press(visible('回到首页'));
    await visibleContaining('你好').waitFor({ timeout: 15_000 });
  }, 60_000);
});
