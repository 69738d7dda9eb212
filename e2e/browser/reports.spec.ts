import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { makeJpeg } from '../support/images.js';
import { Api, startServer, type RunningServer } from '../support/server.js';

/**
 * DESIGN.md scenarios 5 and 6 on the H5 build served by the real server (随手拍):
 *  5. demo-villager reports rubbish in the pond with a photo; demo-village-head finds it in
 *     待我处理 with the time left, accepts it and resolves it with a public reply and a photo;
 *     demo-villager-2 (in elder mode) sees the reply in 本网格 and on the report's page.
 *  6. demo-tenant reports a broken stair light; demo-landlord escalates it; demo-jqs-admin
 *     accepts and resolves it; the tenant sees the answer and confirms it.
 * Every page visited is saved as e2e/artifacts/reports-*.png.
 */
describeBrowser('H5: issue reports (scenarios 5 and 6)', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let pondPhoto: Buffer;
  let cleanedPhoto: Buffer;
  let shot = 0;

  const POND = '村口池塘里有人倒了好几袋生活垃圾，已经有味道了';
  const POND_REPLY = '已安排保洁员清理了池塘垃圾，并在池塘边立了禁止倾倒的牌子';
  const LIGHT = '3号楼3楼楼道灯坏了，晚上上下楼看不见';
  const LIGHT_REPLY = '社区已安排电工更换了3楼楼道灯，现在亮了';

  /** A phone of its own for each person (their own storage, their own login). */
  async function phoneOf(openid: string, options: { elder?: boolean } = {}): Promise<Page> {
    const context = await phoneContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.baseUrl + '/');
    await page.getByText(openid, { exact: true }).click();
    await page.locator('.taro-tabbar__tabbar >> text="上报"').waitFor({ timeout: 15_000 });
    if (options.elder) {
      await page.getByText('我的', { exact: true }).last().click();
      await page.getByText('长辈模式（大字体）').click();
      await page.getByText('已开启长辈模式').waitFor();
    }
    await page.locator('.taro-tabbar__tabbar >> text="上报"').click();
    await visible(page, '我要上报').waitFor({ timeout: 15_000 });
    return page;
  }

  /** What is on screen now: H5 keeps earlier pages in the DOM, hidden. */
  const visible = (page: Page, text: string): Locator => page.locator(`text="${text}" >> visible=true`).first();
  /** Pages with pull-to-refresh wrap their content in an element that Playwright's hit test blames; a real tap lands. */
  const press = (locator: Locator) => locator.click({ force: true });
  const snap = (page: Page, name: string) => screenshot(page, `reports-${String(++shot).padStart(2, '0')}-${name}`);

  /** Taps the confirm button of the dialog on screen. */
  async function confirmDialog(page: Page, text: string): Promise<void> {
    // The dialog element is reused: wait for this one's words.
    const button = page.locator('.taro-model__confirm >> visible=true').filter({ hasText: text });
    await button.waitFor({ timeout: 10_000 });
    await button.click();
    await button.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  async function addPhoto(page: Page, photo: Buffer, name: string): Promise<void> {
    const before = await page.locator('.photo-up__tile--done >> visible=true').count();
    const add = visible(page, '添加照片');
    await add.scrollIntoViewIfNeeded();
    const chooser = page.waitForEvent('filechooser');
    await press(add);
    await (await chooser).setFiles({ name, mimeType: 'image/jpeg', buffer: photo });
    await page.locator('.photo-up__tile--done >> visible=true').nth(before).waitFor({ timeout: 30_000 });
  }

  /** Opens the report with this text from the list on screen. */
  async function openCard(page: Page, text: string): Promise<void> {
    const card = page.locator('.report-card >> visible=true').filter({ hasText: text }).first();
    await card.waitFor({ timeout: 15_000 });
    await press(card);
    await visible(page, '处理经过').waitFor({ timeout: 15_000 });
  }

  async function statusIs(page: Page, label: string): Promise<void> {
    await page.locator('.report-banner .report-status >> visible=true').filter({ hasText: label }).waitFor({ timeout: 15_000 });
  }

  /** An action with a form: tap the button, fill the note, submit, confirm. */
  async function actWithNote(page: Page, button: string, note: string, confirm: string, photo?: Buffer): Promise<void> {
    await press(visible(page, button));
    const form = page.locator('.action-form >> visible=true');
    await form.waitFor({ timeout: 10_000 });
    await page.waitForTimeout(400); // the page scrolls the form into view
    await form.locator('.taro-textarea').fill(note);
    if (photo) await addPhoto(page, photo, 'after.jpg');
    await snap(page, `form-${button}`);
    await press(form.locator('.action-form__submit'));
    await confirmDialog(page, confirm);
    await form.waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    pondPhoto = await makeJpeg(800, 600, [60, 110, 80]);
    cleanedPhoto = await makeJpeg(800, 600, [90, 150, 110]);
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('scenario 5: a villager reports rubbish in the pond with a photo', async () => {
    const page = await phoneOf('demo-villager');
    await snap(page, 'villager-tab');
    await press(visible(page, '我要上报'));
    await visible(page, '问题类别').waitFor({ timeout: 15_000 });
    await snap(page, 'villager-new-empty');

    await addPhoto(page, pondPhoto, 'pond.jpg');
    await press(visible(page, '垃圾'));
    // Too short first: the schema's Chinese message stands under the field.
    await page.locator('.r-textarea .taro-textarea >> visible=true').fill('垃圾');
    await press(visible(page, '提交上报'));
    await visible(page, '请至少写 5 个字，说清楚是什么问题').waitFor({ timeout: 5_000 });
    // Words the content check refuses: the server's message stands under the description.
    await page.locator('.r-textarea .taro-textarea >> visible=true').fill(`${POND}，晚上还有人在这里赌博`);
    await press(visible(page, '提交上报'));
    const refused = page.locator('.field--error >> visible=true').filter({ hasText: '内容含有不适宜发布的信息' });
    await refused.waitFor({ timeout: 15_000 });
    expect(await refused.innerText()).toContain('问题描述');
    await snap(page, 'villager-new-refused');
    await page.locator('.r-textarea .taro-textarea >> visible=true').fill(POND);
    await page.locator('.text-input >> visible=true').first().locator('input').fill('西十村村口池塘东边');
    // The phone's location, when the person allows it.
    await page.context().grantPermissions(['geolocation'], { origin: server.baseUrl });
    await page.context().setGeolocation({ latitude: 29.06, longitude: 119.63 });
    await press(visible(page, '使用手机定位'));
    await visible(page, '✓ 已记录手机定位').waitFor({ timeout: 15_000 });
    await snap(page, 'villager-new-filled');

    // The draft survives a reload (a phone that lost its signal, an app killed in the background).
    await page.reload();
    await visible(page, '已恢复上次没有提交的内容').waitFor({ timeout: 15_000 });
    expect(await page.locator('.r-textarea .taro-textarea >> visible=true').inputValue()).toBe(POND);
    expect(await page.locator('.photo-up__tile--done >> visible=true').count()).toBe(1);

    // No signal when sending: it says so, and keeps everything for the next try.
    await page.context().setOffline(true);
    await press(visible(page, '提交上报'));
    await page.locator('.notice >> visible=true').filter({ hasText: '填写的内容已经保存，网络好了再点提交' }).waitFor({ timeout: 30_000 });
    await snap(page, 'villager-new-offline');
    await page.context().setOffline(false);
    await press(visible(page, '提交上报'));
    await visible(page, '已提交').waitFor({ timeout: 15_000 });
    await statusIs(page, '待受理');
    await visible(page, POND).waitFor();
    await page.locator('.report__row >> visible=true').filter({ hasText: '西十村村口池塘东边（有手机定位）' }).waitFor();
    expect(await page.locator('.report__problem .photo-grid__img >> visible=true').count()).toBe(1);
    await snap(page, 'villager-submitted');

    // It is in 我的上报, and the draft is gone.
    await page.goto(server.baseUrl + '/#/pages/reports/index');
    await page.locator('.report-card >> visible=true').filter({ hasText: POND }).waitFor({ timeout: 15_000 });
    expect(await page.locator('text="有一条上报还没有提交" >> visible=true').count()).toBe(0);
    await snap(page, 'villager-mine');
  }, 120_000);

  it('scenario 5: the village head finds it in 待我处理 with the time left, accepts and resolves it with a public reply', async () => {
    const page = await phoneOf('demo-village-head');
    const card = page.locator('.report-card >> visible=true').filter({ hasText: POND }).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('.report-card__due-text').innerText()).toMatch(/^(还剩|已超时) \d+ (分钟|小时|天)$/);
    await snap(page, 'head-queue');

    await openCard(page, POND);
    await statusIs(page, '待受理');
    await visible(page, '受理').waitFor();
    await snap(page, 'head-report');

    // Meanwhile another village committee member (the same head on another phone) accepts it:
    // the page's 受理 now meets a 409, says the server's words, and refreshes to what it is.
    const reportId = await page.evaluate(() => /[?&]id=([^&]+)/.exec(location.hash)?.[1] ?? '');
    const other = await new Api(server.baseUrl).as('demo-village-head');
    expect((await other.call('POST', `/api/v1/reports/${reportId}/actions`, { action: 'accept' })).status).toBe(200);
    await press(visible(page, '受理'));
    await confirmDialog(page, '受理');
    await page.locator('.taro-modal__text >> visible=true').filter({ hasText: '这条上报当前的状态下不能进行这个操作' }).waitFor({ timeout: 15_000 });
    await snap(page, 'head-conflict');
    await confirmDialog(page, '刷新');
    await statusIs(page, '已受理');
    if (await page.locator('text="开始处理" >> visible=true').count()) {
      await press(visible(page, '开始处理'));
      await statusIs(page, '处理中');
    }
    await snap(page, 'head-accepted');

    await actWithNote(page, '已解决', POND_REPLY, '确认解决', cleanedPhoto);
    await statusIs(page, '已解决');
    await page.locator('.reply__text >> visible=true').filter({ hasText: POND_REPLY }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.reply .photo-grid__img >> visible=true').count()).toBe(1);
    await snap(page, 'head-resolved');
  }, 120_000);

  it('scenario 5: another villager (in elder mode) sees the reply in 本网格 and on the report page', async () => {
    const page = await phoneOf('demo-villager-2', { elder: true });
    await snap(page, 'neighbour-tab-elder');
    await press(visible(page, '我要上报'));
    await visible(page, '问题类别').waitFor({ timeout: 15_000 });
    await snap(page, 'neighbour-new-elder');
    await page.goBack();
    await page.locator('text="问题类别"').first().waitFor({ state: 'hidden', timeout: 15_000 });
    await page.waitForTimeout(500); // the page slides away
    await press(visible(page, '本网格'));
    const card = page.locator('.report-card >> visible=true').filter({ hasText: POND }).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('.report-status').innerText()).toBe('已解决');
    await snap(page, 'neighbour-grid-elder');

    await openCard(page, POND);
    const reply = page.locator('.reply__text >> visible=true');
    await reply.filter({ hasText: POND_REPLY }).waitFor({ timeout: 15_000 });
    // Elder mode: the reply is large.
    expect(await reply.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(24);
    // A neighbour only reads: no confirm or reopen, those are the reporter's.
    expect(await page.locator('text="确认解决" >> visible=true').count()).toBe(0);
    await snap(page, 'neighbour-report-elder');
    await page.mouse.move(200, 500);
    await page.mouse.wheel(0, 3000);
    await snap(page, 'neighbour-timeline-elder');
  }, 90_000);

  it('scenario 6: a tenant reports a broken stair light; it goes to the landlord, who escalates it', async () => {
    const tenant = await phoneOf('demo-tenant');
    await press(visible(tenant, '我要上报'));
    await visible(tenant, '问题类别').waitFor({ timeout: 15_000 });
    await visible(tenant, '先交给房东处理，房东管不了的会转给社区').waitFor();
    // A photo that fails to go up (no signal) is marked, and goes up with one tap when the signal is back.
    await tenant.context().setOffline(true);
    const chooser = tenant.waitForEvent('filechooser');
    await press(visible(tenant, '添加照片'));
    await (await chooser).setFiles({ name: 'light.jpg', mimeType: 'image/jpeg', buffer: pondPhoto });
    await visible(tenant, '没传上去').waitFor({ timeout: 30_000 });
    await snap(tenant, 'tenant-photo-failed');
    await tenant.context().setOffline(false);
    await press(visible(tenant, '点这里重试'));
    await tenant.locator('.photo-up__tile--done >> visible=true').waitFor({ timeout: 30_000 });
    await press(visible(tenant, '设施损坏'));
    await tenant.locator('.r-textarea .taro-textarea >> visible=true').fill(LIGHT);
    await snap(tenant, 'tenant-new');
    await press(visible(tenant, '提交上报'));
    await visible(tenant, '已提交').waitFor({ timeout: 15_000 });
    await statusIs(tenant, '待受理');
    await snap(tenant, 'tenant-submitted');

    const landlord = await phoneOf('demo-landlord');
    await snap(landlord, 'landlord-queue');
    await openCard(landlord, LIGHT);
    await snap(landlord, 'landlord-report');
    await actWithNote(landlord, '上报上级', '楼道公共照明归社区维修', '上报上级');
    await landlord.locator('.report-banner__line >> visible=true').filter({ hasText: '金钱寺社区' }).waitFor({ timeout: 15_000 });
    await landlord.locator('.tl-item__title >> visible=true').filter({ hasText: '上报上级' }).waitFor();
    // The landlord's part is done: no more buttons to move it along.
    expect(await landlord.locator('.report__action >> visible=true').count()).toBe(0);
    await snap(landlord, 'landlord-escalated');
  }, 120_000);

  it('scenario 6: 金钱寺社区 accepts and resolves it, and the tenant sees the answer and confirms', async () => {
    const admin = await phoneOf('demo-jqs-admin');
    await snap(admin, 'community-queue');
    await openCard(admin, LIGHT);
    await press(visible(admin, '受理'));
    await confirmDialog(admin, '受理');
    await statusIs(admin, '已受理');
    await actWithNote(admin, '已解决', LIGHT_REPLY, '确认解决');
    await statusIs(admin, '已解决');
    await snap(admin, 'community-resolved');

    const page = await phoneOf('demo-tenant');
    await press(visible(page, '我的上报'));
    const card = page.locator('.report-card >> visible=true').filter({ hasText: LIGHT }).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('.report-status').innerText()).toBe('已解决');
    await snap(page, 'tenant-mine-resolved');
    await openCard(page, LIGHT);
    await page.locator('.reply__text >> visible=true').filter({ hasText: LIGHT_REPLY }).waitFor({ timeout: 15_000 });
    await snap(page, 'tenant-answer');
    await press(visible(page, '确认解决'));
    await confirmDialog(page, '确认解决');
    await statusIs(page, '已办结');
    await snap(page, 'tenant-closed');
  }, 120_000);

  it('says honestly who is responsible when a report is not taken, and lets the reporter reopen an answer that did not fix it', async () => {
    // The seeded report of building rubbish in the pond (by demo-villager-2): the village head turns it down.
    const SEEDED = '池塘北边有人倒了一车装修垃圾';
    const head = await phoneOf('demo-village-head');
    await openCard(head, SEEDED);
    await press(visible(head, '不予受理'));
    const form = head.locator('.action-form >> visible=true');
    await form.waitFor({ timeout: 10_000 });
    // The reason is required: the schema's message stands under it.
    await press(form.locator('.action-form__submit'));
    await form.locator('.field--error').filter({ hasText: '请写不予受理的原因' }).waitFor({ timeout: 5_000 });
    await form.locator('.taro-textarea').fill('装修垃圾由镇城管中队负责清运，村里没有车辆');
    await form.locator('.text-input input').fill('洋埠镇城管中队');
    await snap(head, 'head-reject-form');
    await press(form.locator('.action-form__submit'));
    await confirmDialog(head, '不予受理');
    await statusIs(head, '未受理');

    const neighbour = await phoneOf('demo-villager-2');
    await press(visible(neighbour, '我的上报'));
    await openCard(neighbour, SEEDED);
    await statusIs(neighbour, '未受理');
    await neighbour.locator('.report-banner__party >> visible=true').filter({ hasText: '责任单位：洋埠镇城管中队' }).waitFor();
    await snap(neighbour, 'reporter-rejected');

    // The pond of scenario 5: its reporter says the rubbish is back, with a photo.
    const villager = await phoneOf('demo-villager');
    await openCard(villager, POND);
    await actWithNote(villager, '问题没解决，重新打开', '又有人往池塘里倒垃圾了', '重新打开', pondPhoto);
    await statusIs(villager, '处理中');
    await villager.locator('.tl-item__title >> visible=true').filter({ hasText: '重新打开' }).waitFor();
    await snap(villager, 'reporter-reopened');
    // And adds a note for the handler only (not public).
    await press(visible(villager, '留言'));
    const note = villager.locator('.action-form >> visible=true');
    await note.locator('.taro-textarea').fill('早上七点左右看到一辆三轮车来倒的');
    await press(note.locator('.action-form__submit'));
    await villager.locator('.tl-item >> visible=true').filter({ hasText: '早上七点左右看到一辆三轮车来倒的' }).filter({ hasText: '不公开' }).waitFor({ timeout: 15_000 });
    await snap(villager, 'reporter-comment');

    // Back in the head's queue.
    await head.goto(server.baseUrl + '/#/pages/reports/index');
    await head.locator('.report-card >> visible=true').filter({ hasText: POND }).filter({ hasText: '处理中' }).waitFor({ timeout: 15_000 });
  }, 150_000);

  it('keeps the server honest about the same story', async () => {
    const villager2 = await new Api(server.baseUrl).as('demo-villager-2');
    const grid = await villager2.call<{ memberships: { node: { id: string } }[] }>('GET', '/api/v1/me');
    const list = await villager2.call<{ items: { description: string; status: string; reporter: { isMe: boolean } }[] }>(
      'GET',
      `/api/v1/reports?view=grid&gridId=${grid.body.memberships[0]!.node.id}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.items.find((r) => r.description === POND)).toMatchObject({ status: 'in_progress', reporter: { isMe: false } });
  }, 30_000);
});
