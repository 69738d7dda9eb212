import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { queryDatabase } from '../../server/src/test-support/test-db.js';
import { describeBrowser, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * DESIGN.md scenario 4 on the H5 build served by the real server: 江南街道's staff publish a
 * garbage-sorting notice through the publish form; the landlord's tenant in 金钱寺社区 finds it in
 * the 通知 tab without anyone forwarding it, and opens it; the landlord opens the receipts of their
 * rental house and sees which of their tenants have not read it. Pages: e2e/artifacts/notices-*.png.
 */
describeBrowser('H5: a street notice reaches the tenants (scenario 4)', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  const TITLE = '垃圾分类新规12月1日起执行';

  /** What is on screen now: H5 keeps earlier pages in the DOM, hidden. */
  const visible = (page: Page, text: string): Locator => page.locator(`text="${text}" >> visible=true`).first();
  const visibleContaining = (page: Page, text: string): Locator => page.locator(`text=${text} >> visible=true`).first();
  /** Pages with pull-to-refresh wrap their content in an element that Playwright's hit test blames; a real tap lands. */
  const press = (locator: Locator) => locator.click({ force: true });
  const tab = (page: Page, name: string) => page.locator('.weui-tabbar__label', { hasText: name }).first();

  async function loginAs(who: string): Promise<Page> {
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(server.baseUrl + '/');
    await page.getByText(who, { exact: true }).click();
    await visibleContaining(page, '你好').waitFor({ timeout: 15_000 });
    return page;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // two more tenants of the landlord's first house, in rooms of their own (the test's data, not the seed's)
    await queryDatabase(
      server.database.url,
      `with house as (select id from grid_node where name = '金钱寺路12号出租房'),
            t(openid, name, room) as (values ('e2e-tenant-a', '钱多多', '901'), ('e2e-tenant-b', '孙晓峰', '902')),
            u as (insert into app_user (openid, display_name) select openid, name from t returning id, openid),
            h as (insert into household (node_id, room, room_key, occupancy) select house.id, t.room, t.room, 'rented' from t, house returning id, room)
       insert into membership (user_id, node_id, role, status, household_id)
       select u.id, house.id, 'tenant', 'active', h.id from t join u on u.openid = t.openid join h on h.room = t.room, house`,
    );
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('江南街道 staff publish a garbage-sorting notice through the form', async () => {
    const page = (admin = await loginAs('江南街道工作人员'));
    await press(tab(page, '通知'));
    await visible(page, '发布通知').waitFor({ timeout: 15_000 });
    await screenshot(page, 'notices-01-admin-feed');
    await press(visible(page, '发布通知'));
    await visible(page, '类别').waitFor({ timeout: 15_000 });
    await press(visible(page, '垃圾分类'));
    await page.locator('.publish input >> visible=true').first().fill(TITLE);
    await page.locator('.publish textarea >> visible=true').first().fill('12月1日起，厨余垃圾请在每天早上7点到9点投放到小区东门的分类亭。\n其他时间请不要把垃圾放在楼道里。');
    await press(visible(page, '需要住户确认'));
    await screenshot(page, 'notices-02-publish-form');
    await press(page.locator('.publish__actions >> text=发布'));
    await page.locator('.taro-modal__foot >> visible=true').waitFor({ timeout: 10_000 });
    await screenshot(page, 'notices-03-publish-confirm');
    await press(page.locator('.taro-modal__foot >> text=发布'));
    await visible(page, '查看阅读情况').waitFor({ timeout: 15_000 });
    expect(await visibleContaining(page, '厨余垃圾请在每天早上7点').count()).toBe(1);
    await screenshot(page, 'notices-04-published');
  }, 60_000);

  it('the landlord\'s tenant finds it in the 通知 tab without anyone forwarding it, and confirms it', async () => {
    const page = await loginAs('租客');
    await press(tab(page, '通知'));
    const card = page.locator('.notice-card >> visible=true').first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain(TITLE);
    expect(await card.locator('.notice-card__dot').count()).toBe(1);
    expect(await card.innerText()).toContain('需确认');
    await screenshot(page, 'notices-05-tenant-feed');
    await press(card);
    await visible(page, '我已知晓，确认').waitFor({ timeout: 15_000 });
    expect(await visibleContaining(page, '江南街道').count()).toBeGreaterThan(0);
    await screenshot(page, 'notices-06-tenant-notice');
    await press(visible(page, '我已知晓，确认'));
    await visible(page, '你已确认').waitFor({ timeout: 15_000 });
    await screenshot(page, 'notices-07-tenant-confirmed');
  }, 60_000);

  it('the landlord opens the receipts of their rental house and sees which tenants have not read it', async () => {
    const page = await loginAs('房东（3套出租房）');
    await press(tab(page, '通知'));
    const card = page.locator('.notice-card >> visible=true').first();
    await card.waitFor({ timeout: 15_000 });
    await screenshot(page, 'notices-08-landlord-feed');
    await press(card);
    await visible(page, '金钱寺路12号出租房：谁还没读').waitFor({ timeout: 15_000 });
    await screenshot(page, 'notices-09-landlord-notice');
    await press(visible(page, '金钱寺路12号出租房：谁还没读'));
    await visible(page, '还没读的住户').waitFor({ timeout: 15_000 });
    // the fan-out runs in the background: wait until it reached the house
    for (let i = 0; i < 50 && (await page.locator('.unread >> visible=true').count()) < 2; i++) {
      await page.waitForTimeout(300);
      await page.reload();
      await visible(page, '还没读的住户').waitFor({ timeout: 15_000 });
    }
    const unread = await page.locator('.unread__who >> visible=true').allInnerTexts();
    expect(unread.map((u) => u.trim()).sort()).toEqual(['901室 钱*多', '902室 孙*峰']);
    expect(unread.join()).not.toContain('赵');
    expect(await page.locator('.totals__number >> visible=true').allInnerTexts()).toEqual(['1', '1', '2', '3']);
    await screenshot(page, 'notices-10-landlord-receipts');
    await press(visibleContaining(page, '提醒还没确认的住户'));
    await page.locator('.taro-modal__foot >> visible=true').waitFor({ timeout: 10_000 });
    await press(page.locator('.taro-modal__foot >> text=提醒'));
    await visibleContaining(page, '后可以再提醒').waitFor({ timeout: 15_000 });
    await screenshot(page, 'notices-11-landlord-reminded');
  }, 90_000);

  it('the street sees progress per community, the tenant who confirmed counted under 金钱寺社区', async () => {
    const page = admin;
    await press(visible(page, '查看阅读情况'));
    await visible(page, '各网格确认进度').waitFor({ timeout: 15_000 });
    const rows = await page.locator('.child__line >> visible=true').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([expect.stringMatching(/^兴学社区 0\/\d+ 户$/), expect.stringMatching(/^金钱寺社区 1\/\d+ 户$/)]);
    await screenshot(page, 'notices-12-street-receipts');
  }, 60_000);
});
