import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { Api, startServer, type RunningServer } from '../support/server.js';
import { phonePhoto } from '../support/images.js';

/**
 * DESIGN.md scenario 3 and the offline visit queue, on the H5 build served by the real server:
 * demo-head opens 关爱走访 and sees 张桂英 (81, 独居老人) overdue in red at the top; with the
 * network cut, logs a visit (身体不适, 电话), sees 已保存，网络恢复后自动提交 and 待同步 1 条; with
 * the network back, the banner goes away and the server holds exactly one new visit. Then her son
 * asks 请网格员上门看看, the head takes it (接单) and answers it with a visit, and the son's page
 * shows 已上门查看 · 安好 without a reload; and 张桂英 herself presses 我很好.
 * Pages are saved as e2e/artifacts/care-*.png.
 */
describeBrowser('H5: care visits (scenario 3) and the offline queue', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let headApi: Api;
  let personId = '';
  let visitsBefore = 0;

  /** What is on screen now: H5 keeps earlier pages in the DOM, hidden. */
  const visible = (text: string): Locator => page.locator(`text="${text}" >> visible=true`).first();
  const visibleContaining = (text: string): Locator => page.locator(`text=${text} >> visible=true`).first();
  /** Pages with pull-to-refresh wrap their content in an element that Playwright's hit test blames; a real tap lands. */
  const press = (locator: Locator) => locator.click({ force: true });

  async function visitCount(): Promise<number> {
    const res = await headApi.call<{ items: unknown[] }>('GET', `/api/v1/persons/${personId}/visits?limit=100`);
    expect(res.status).toBe(200);
    return res.body.items.length;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await phoneContext(browser);
    page = await context.newPage();
    headApi = await new Api(server.baseUrl).as('demo-head');
    const family = await new Api(server.baseUrl).as('demo-family');
    const me = await family.call<{ linkedPersons: { id: string; name: string }[] }>('GET', '/api/v1/me');
    personId = me.body.linkedPersons.find((p) => p.name === '张桂英')!.id;
    visitsBefore = await visitCount();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows 张桂英 overdue in red at the top of the head’s care list', async () => {
    await page.goto(server.baseUrl + '/');
    await page.getByText('西29栋网格长').click();
    await visible('关爱走访').waitFor({ timeout: 15_000 });
    await press(visible('关爱走访'));
    const first = page.locator('.care-card >> visible=true').first();
    await first.waitFor({ timeout: 15_000 });
    expect(await first.locator('.care-card__name').innerText()).toContain('张桂英');
    const due = first.locator('.care-card__due--overdue');
    expect(await due.innerText()).toMatch(/^已超时 \d+ (分钟|小时)$/);
    const color = await due.evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(179, 38, 30)');
    await screenshot(page, 'care-01-list');
  }, 45_000);

  it('keeps a visit logged offline in the queue and sends it once when the network is back', async () => {
    await press(page.locator('.care-card >> visible=true').first());
    await visible('走访计划').waitFor({ timeout: 15_000 });
    await screenshot(page, 'care-02-person');
    await press(visible('记录走访'));
    await visible('走访结果').waitFor({ timeout: 15_000 });

    await context.setOffline(true);
    // wait for each choice to show as chosen: a tap that lands before the page is ready is lost
    await press(page.locator('.outcome--unwell >> visible=true').first());
    await page.locator('.outcome--unwell.outcome--on >> visible=true').waitFor({ timeout: 5_000 });
    await press(page.locator('.chip >> visible=true').filter({ hasText: '电话' }).first());
    await page.locator('.chip--on >> visible=true').filter({ hasText: '电话' }).waitFor({ timeout: 5_000 });
    await press(visible('提交'));
    await visible('已保存，网络恢复后自动提交').waitFor({ timeout: 30_000 });
    await screenshot(page, 'care-03-saved-offline');
    await press(visible('返回'));
    await visible('待同步 1 条').waitFor({ timeout: 15_000 });
    await visibleContaining('电话 · 待同步').waitFor();
    await screenshot(page, 'care-04-queued');
    expect(await visitCount()).toBe(visitsBefore);

    await context.setOffline(false);
    await visible('待同步 1 条').waitFor({ state: 'detached', timeout: 45_000 });
    await screenshot(page, 'care-05-synced');
    expect(await visitCount()).toBe(visitsBefore + 1);
    const latest = await headApi.call<{ items: { outcome: string; method: string }[] }>('GET', `/api/v1/persons/${personId}/visits`);
    expect(latest.body.items[0]).toMatchObject({ outcome: 'unwell', method: 'phone' });
    // Nothing is sent twice: a later sync (app show, another request) finds the queue empty.
    await page.reload();
    await visible('走访计划').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1500);
    expect(await visitCount()).toBe(visitsBefore + 1);
  }, 120_000);

  it('lets the son ask for a check, the head take and answer it, and the son see the answer live', async () => {
    const family = await (await phoneContext(browser)).newPage();
    const onFamily = (text: string): Locator => family.locator(`text="${text}" >> visible=true`).first();
    await family.goto(server.baseUrl + '/');
    await family.getByText('老人的儿子').click();
    await family.locator('.family-card >> visible=true').first().waitFor({ timeout: 15_000 });
    await press(family.locator('.family-card >> visible=true').first());
    await onFamily('请网格员上门看看').waitFor({ timeout: 15_000 });
    await press(onFamily('请网格员上门看看'));
    await press(onFamily('发送'));
    await onFamily('等待网格员接单').waitFor({ timeout: 15_000 });
    await screenshot(family, 'care-06-family-asked');

    await page.goto(server.baseUrl + '/');
    await press(visible('关爱走访'));
    await visible('上门请求 1').waitFor({ timeout: 15_000 });
    await press(visible('上门请求 1'));
    await press(visible('接单'));
    await visible('记录上门结果').waitFor({ timeout: 15_000 });
    await family.locator('.request__status >> visible=true').filter({ hasText: '已接单' }).waitFor({ timeout: 15_000 });
    await press(visible('记录上门结果'));
    await visible('家属请求上门查看').waitFor({ timeout: 15_000 });
    await press(page.locator('.outcome--well >> visible=true').first());
    await page.locator('.outcome--well.outcome--on >> visible=true').waitFor({ timeout: 5_000 });
    await press(visible('提交'));
    await visible('没有等待处理的请求').waitFor({ timeout: 15_000 });

    // The family page polls every 5 s while the request is open or taken.
    const status = family.locator('.request__status >> visible=true');
    await status.filter({ hasText: '已上门查看' }).waitFor({ timeout: 15_000 });
    expect(await family.locator('.request__outcome >> visible=true').innerText()).toBe('安好');
    await screenshot(family, 'care-07-family-answered');
    await family.context().close();
  }, 120_000);

  it('logs a visit with a photo from the phone; the son sees the photo and chooses his all-clear messages', async () => {
    await page.goto(server.baseUrl + '/');
    await press(visible('关爱走访'));
    const card = page.locator('.care-card >> visible=true').filter({ hasText: '张桂英' }).first();
    await card.waitFor({ timeout: 15_000 });
    await press(card);
    await press(visible('记录走访'));
    await visible('走访结果').waitFor({ timeout: 15_000 });
    await press(page.locator('.outcome--well >> visible=true').first());
    await page.locator('.outcome--well.outcome--on >> visible=true').waitFor({ timeout: 5_000 });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), press(visible('拍照或选照片'))]);
    await chooser.setFiles({ name: 'door.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
    await page.locator('.photo-picker__item--done >> visible=true').waitFor({ timeout: 15_000 });
    await screenshot(page, 'care-09-visit-photo');
    await press(visible('提交'));
    await visible('走访计划').waitFor({ timeout: 15_000 });
    const latest = await headApi.call<{ items: { outcome: string; photos: { thumbUrl: string }[] }[] }>('GET', `/api/v1/persons/${personId}/visits`);
    expect(latest.body.items[0]!.photos).toHaveLength(1);

    const family = await (await phoneContext(browser)).newPage();
    await family.goto(server.baseUrl + '/');
    await family.getByText('老人的儿子').click();
    await family.locator('.family-card >> visible=true').first().waitFor({ timeout: 15_000 });
    await press(family.locator('.family-card >> visible=true').first());
    const thumb = family.locator('.visit-photos__img >> visible=true').first();
    await thumb.waitFor({ timeout: 15_000 });
    // the image really loaded (a signed URL the page could fetch)
    await family.waitForFunction(() => [...document.querySelectorAll('.visit-photos__img img')].some((i) => (i as HTMLImageElement).naturalWidth > 0), undefined, { timeout: 15_000 });
    const allClear = family.locator('text="她点「我很好」时通知我" >> visible=true').first();
    await allClear.waitFor({ timeout: 15_000 });
    await screenshot(family, 'care-10-family-photo');
    await press(allClear);
    await family.locator('text="已关闭报平安通知" >> visible=true').first().waitFor({ timeout: 15_000 });
    const son = await new Api(server.baseUrl).as('demo-family');
    expect((await son.call<{ allClear: boolean }>('GET', `/api/v1/persons/${personId}/family-settings`)).body).toEqual({ allClear: false });
    await family.context().close();
  }, 120_000);

  it('shows the volunteer only the neighbour assigned to her', async () => {
    const vol = await (await phoneContext(browser)).newPage();
    await vol.goto(server.baseUrl + '/');
    await vol.getByText('西29栋志愿者').click();
    const entry = vol.locator('text="关爱走访" >> visible=true').first();
    await entry.waitFor({ timeout: 15_000 });
    await entry.click({ force: true });
    await vol.locator('.care-card >> visible=true').first().waitFor({ timeout: 15_000 });
    expect(await vol.locator('.care-card >> visible=true').count()).toBe(1);
    expect(await vol.locator('.care-card >> visible=true').first().innerText()).not.toContain('张桂英');
    await screenshot(vol, 'care-11-volunteer');
    await vol.context().close();
  }, 60_000);

  it('gives 张桂英 one very large 我很好 and thanks her', async () => {
    const elder = await (await phoneContext(browser)).newPage();
    await elder.goto(server.baseUrl + '/');
    await elder.getByText('81岁独居老人').click();
    const button = elder.locator('.check-in__button >> visible=true');
    await button.waitFor({ timeout: 15_000 });
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(100);
    await press(button);
    await elder.locator('text="已告诉网格员，你今天很好" >> visible=true').waitFor({ timeout: 15_000 });
    await screenshot(elder, 'care-08-elder-checked-in');
    await elder.context().close();
  }, 60_000);
});
