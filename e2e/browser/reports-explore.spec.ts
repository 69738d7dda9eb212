import { afterAll, beforeAll, it } from '@jest/globals';
import type { Browser, Page, Route } from 'playwright-core';
import { describeBrowser, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { makeJpeg } from '../support/images.js';
import { startServer, type RunningServer } from '../support/server.js';

const H = 3600_000;
const iso = (offset: number) => new Date(Date.now() + offset).toISOString();
const photo = (id: string) => ({ id, url: `/api/v1/uploads/${id}?variant=full`, thumbUrl: `/api/v1/uploads/${id}?variant=thumb`, width: 640, height: 480 });
const grid = { id: 'g1', name: '西十村第一微网格', kind: 'micro_grid' };
const summary = (id: string, status: string, dueOffset: number, extra: object = {}) => ({
  id, category: 'rubbish', description: '村口池塘里有人倒了好几袋生活垃圾，已经有味道了，请尽快处理', status, grid, handlerNode: grid,
  reporter: { displayName: '徐美华', anonymous: false, isMe: false }, thumbnail: photo('p1'), photoCount: 2,
  createdAt: iso(-5 * H), updatedAt: iso(-1 * H), dueAt: iso(dueOffset), overdue: dueOffset < 0, expectedResolveAt: iso(2 * 24 * H), escalationLevel: 0, ...extra,
});
const detail = (allowed: string[], status = 'resolved') => ({
  ...summary('r1', status, 3 * H),
  location: { text: '村口池塘东边', latitude: 29.1, longitude: 119.6 },
  photos: [photo('p1'), photo('p2')],
  publicReply: status === 'resolved' ? { text: '已安排保洁员清理池塘垃圾，并在池塘边立了禁止倾倒的牌子。', at: iso(-1 * H), photos: [photo('p3')] } : null,
  timeline: [
    { id: 'e1', action: 'submit', at: iso(-5 * H), actor: { displayName: '徐美华', role: 'reporter' }, fromStatus: null, toStatus: 'submitted', note: null, responsibleParty: null, photos: [], public: true, node: null },
    { id: 'e2', action: 'auto_escalate', at: iso(-4 * H), actor: { displayName: '系统', role: 'system' }, fromStatus: 'submitted', toStatus: 'submitted', note: '超过受理期限', responsibleParty: null, photos: [], public: true, node: { id: 'v', name: '西十村', kind: 'village' } },
    { id: 'e3', action: 'accept', at: iso(-3 * H), actor: { displayName: '黄国平', role: 'handler' }, fromStatus: 'submitted', toStatus: 'accepted', note: null, responsibleParty: null, photos: [], public: true, node: null },
    { id: 'e4', action: 'comment', at: iso(-2 * H), actor: { displayName: '黄国平', role: 'handler' }, fromStatus: 'accepted', toStatus: 'accepted', note: '下午安排人去', responsibleParty: null, photos: [], public: false, node: null },
    ...(status === 'resolved' ? [{ id: 'e5', action: 'resolve', at: iso(-1 * H), actor: { displayName: '黄国平', role: 'handler' }, fromStatus: 'accepted', toStatus: 'resolved', note: '已安排保洁员清理池塘垃圾，并在池塘边立了禁止倾倒的牌子。', responsibleParty: null, photos: [photo('p3')], public: true, node: null }] : []),
  ],
  allowedActions: allowed,
  reopenUntil: iso(7 * 24 * H),
});

describeBrowser('explore', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let jpeg: Buffer;
  let allowed: string[] = ['confirm', 'reopen', 'comment'];
  let status = 'resolved';
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await phoneContext(browser)).newPage();
    jpeg = await makeJpeg();
    await page.route('**/api/v1/uploads**', async (route: Route) => {
      if (route.request().method() === 'POST') {
        await new Promise((r) => setTimeout(r, 600));
        return route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ ...photo('p9'), checkStatus: 'pass' }) });
      }
      return route.fulfill({ status: 200, contentType: 'image/jpeg', body: jpeg });
    });
    await page.route('**/api/v1/reports**', async (route: Route) => {
      const url = new URL(route.request().url());
      if (url.pathname.endsWith('/reports')) {
        const view = url.searchParams.get('view');
        const items = view === 'handling'
          ? [summary('a', 'submitted', -2 * H, { overdue: true }), summary('b', 'accepted', 3 * H, { category: 'facility', description: '三楼楼道灯坏了', thumbnail: null, photoCount: 0 }), summary('c', 'in_progress', 4 * 24 * H, { reporter: { displayName: '', anonymous: true, isMe: false } })]
          : view === 'mine' ? [summary('r1', 'resolved', 0, { dueAt: null, reporter: { displayName: '徐美华', anonymous: true, isMe: true } })] : [];
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items, nextCursor: view === 'handling' ? 'x' : null }) });
      }
      if (url.pathname.endsWith('/actions')) {
        return route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'REPORT_TRANSITION_INVALID', message: '这条上报当前的状态下不能进行这个操作，请刷新后再看' } }) });
      }
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(detail(allowed, status)) });
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const v = (t: string) => page.locator(`text="${t}" >> visible=true`).first();
  it('looks', async () => {
    await page.goto(server.baseUrl + '/');
    await page.getByText('demo-village-head', { exact: true }).click();
    await page.locator('.taro-tabbar__tabbar >> text="上报"').waitFor({ timeout: 15000 });
    await page.locator('.taro-tabbar__tabbar >> text="上报"').click();
    await page.waitForTimeout(1500);
    await screenshot(page, 'x-queue');
    await page.mouse.move(200, 400); await page.mouse.wheel(0, 600); await page.waitForTimeout(400);
    await screenshot(page, 'x-queue-2');
    await v('我的上报').click({ force: true });
    await page.waitForTimeout(800);
    await screenshot(page, 'x-mine');
    await page.locator('.report-card >> visible=true').first().click({ force: true });
    await v('处理经过').waitFor({ timeout: 15000 });
    await page.waitForTimeout(800);
    await screenshot(page, 'x-detail-top');
    await page.mouse.move(200, 400); await page.mouse.wheel(0, 700); await page.waitForTimeout(400);
    await screenshot(page, 'x-detail-mid');
    await page.mouse.wheel(0, 5000); await page.waitForTimeout(400);
    await screenshot(page, 'x-detail-bottom');
    allowed = ['accept', 'escalate', 'reject', 'comment'];
    status = 'submitted';
    await page.reload();
    await v('处理经过').waitFor({ timeout: 15000 });
    await page.waitForTimeout(800);
    await screenshot(page, 'x-detail-handler');
    await v('不予受理').click({ force: true });
    await page.waitForTimeout(500);
    await screenshot(page, 'x-detail-reject-form');
    await v('受理').click({ force: true });
    await page.waitForTimeout(500);
    await screenshot(page, 'x-detail-accept-confirm');
    await page.locator('.taro-modal__foot >> text="受理"').click().catch(() => page.locator('text="受理" >> visible=true').last().click());
    await page.waitForTimeout(800);
    await screenshot(page, 'x-detail-409');
    allowed = ['start', 'resolve', 'escalate', 'comment'];
    status = 'accepted';
    await page.locator('text="刷新" >> visible=true').last().click();
    await page.waitForTimeout(1000);
    await v('已解决').click({ force: true });
    await page.waitForTimeout(500);
    const chooser = page.waitForEvent('filechooser');
    await v('拍照或选照片').click({ force: true });
    await (await chooser).setFiles({ name: 'pond.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.waitForTimeout(200);
    await screenshot(page, 'x-detail-resolve-uploading');
    await page.waitForTimeout(1500);
    await screenshot(page, 'x-detail-resolve-form');
  }, 90_000);
});
