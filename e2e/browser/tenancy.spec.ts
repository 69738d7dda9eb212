import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { idNumberCheckChar } from '@linli/shared';
import { describeBrowser, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { Api, startServer, type RunningServer } from '../support/server.js';

/**
 * DESIGN.md scenario 7 on the H5 build served by the real server: demo-landlord opens 我的出租房,
 * 金钱寺路12号, 登记租客, types an ID number with a wrong check character and sees the error at
 * once (before leaving the field or pressing 登记); corrects it and sees gender, birth date and
 * home region read from it; registers, and the tenant appears in room 404 (a spare room). Then demo-jqs-admin
 * opens 金钱寺社区's 租客名册, sees the tenant with the ID number masked, and exports it; the export
 * is in the audit log. Pages are saved as e2e/artifacts/tenancy-*.png.
 */
describeBrowser('H5: tenant registration and the community roster (scenario 7)', () => {
  let server: RunningServer;
  let browser: Browser;
  let landlordCtx: BrowserContext;
  let page: Page;

  const first17 = '33078219920315002';
  const validId = first17 + idNumberCheckChar(first17);
  // the same digits with another check character
  const wrongId = first17 + (validId.endsWith('1') ? '2' : '1');
  const tenantName = '孙丽娜';

  const visibleIn = (p: Page, text: string): Locator => p.locator(`text="${text}" >> visible=true`).first();
  const containingIn = (p: Page, text: string): Locator => p.locator(`text=${text} >> visible=true`).first();
  const press = (locator: Locator) => locator.click({ force: true });

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    landlordCtx = await phoneContext(browser);
    page = await landlordCtx.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows demo-landlord their three houses', async () => {
    await page.goto(server.baseUrl + '/');
    await page.getByText('房东（3套出租房）', { exact: true }).click();
    await visibleIn(page, '我的出租房').waitFor({ timeout: 15_000 });
    await screenshot(page, 'tenancy-01-home-landlord');
    await press(visibleIn(page, '我的出租房'));
    await page.locator('.house-card >> visible=true').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.house-card >> visible=true').count()).toBe(3);
    await screenshot(page, 'tenancy-02-houses');
    await press(visibleIn(page, '金钱寺路12号'));
    await visibleIn(page, '登记租客').waitFor({ timeout: 15_000 });
    await containingIn(page, '赵小龙').waitFor({ timeout: 15_000 });
    await screenshot(page, 'tenancy-03-house');
    // the house's tenant QR code: the invite flow, with the tenant role chosen for a rental house
    await press(visibleIn(page, '租客二维码'));
    await visibleIn(page, '生成邀请码').waitFor({ timeout: 15_000 });
    await page.locator('.chip--on >> visible=true', { hasText: '租客' }).first().waitFor({ timeout: 15_000 });
    await press(visibleIn(page, '生成邀请码'));
    await containingIn(page, '邀请码已生成').waitFor({ timeout: 15_000 });
    await screenshot(page, 'tenancy-03b-house-qr');
    await page.goBack();
    await visibleIn(page, '登记租客').waitFor({ timeout: 15_000 });
  }, 60_000);

  it('refuses a mistyped ID number as it is typed, then accepts the corrected one and registers the tenant', async () => {
    await press(visibleIn(page, '登记租客'));
    const id = page.getByRole('textbox', { name: '18 位身份证号' });
    await id.waitFor({ timeout: 15_000 });
    await page.getByRole('textbox', { name: '和身份证上一致' }).fill(tenantName);
    await id.pressSequentially(wrongId, { delay: 15 });
    // at once: no blur, no submit
    const error = containingIn(page, '身份证号校验位不对');
    await error.waitFor({ timeout: 5_000 });
    expect(await page.locator('.field--error >> visible=true').count()).toBe(1);
    await screenshot(page, 'tenancy-04-form-wrong-id');

    await id.press('Backspace');
    await id.pressSequentially(validId.slice(-1));
    await error.waitFor({ state: 'detached', timeout: 5_000 }).catch(async () => {
      expect(await error.isVisible()).toBe(false);
    });
    await containingIn(page, '浙江省金华市义乌市').waitFor({ timeout: 5_000 });
    expect(await containingIn(page, '1992-03-15').count()).toBe(1);
    await page.getByRole('textbox', { name: '11 位手机号' }).fill('13967891234');
    await press(visibleIn(page, '404'));
    await page.getByRole('textbox', { name: '如 开发区电子厂' }).fill('开发区电子厂');
    await screenshot(page, 'tenancy-05-form-valid');
    await press(visibleIn(page, '登记'));

    await visibleIn(page, '登记租客').waitFor({ timeout: 15_000 });
    const card = page.locator('.tenant-card >> visible=true', { hasText: tenantName }).first();
    await card.waitFor({ timeout: 15_000 });
    const text = await card.innerText();
    expect(text).toContain('404');
    expect(text).toContain('330782********');
    expect(text).not.toContain(validId);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'tenancy-06-house-registered');
  }, 60_000);

  it("shows the tenant masked in 金钱寺社区's roster to demo-jqs-admin, who exports it (audited)", async () => {
    const adminCtx = await phoneContext(browser);
    const admin = await adminCtx.newPage();
    await admin.goto(server.baseUrl + '/');
    await admin.getByText('金钱寺社区工作人员', { exact: true }).click();
    await visibleIn(admin, '租客名册').waitFor({ timeout: 15_000 });
    await screenshot(admin, 'tenancy-07-home-admin');
    await press(visibleIn(admin, '租客名册'));
    const card = admin.locator('.roster-card >> visible=true', { hasText: tenantName }).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toMatch(/330782\*{8}\d{3}[\dX]/);
    expect(await admin.content()).not.toContain(validId);
    await screenshot(admin, 'tenancy-08-roster');

    await press(visibleIn(admin, '超过 180 天未核验'));
    await admin.locator('.roster-card--flagged >> visible=true').first().waitFor({ timeout: 15_000 });
    await screenshot(admin, 'tenancy-09-roster-unverified');
    await press(visibleIn(admin, '全部'));
    await card.waitFor({ timeout: 15_000 });

    const download = admin.waitForEvent('download', { timeout: 15_000 });
    await press(visibleIn(admin, '导出 Excel（报派出所）'));
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^租客登记表-金钱寺社区.*\.xlsx$/);
    await containingIn(admin, '已导出').waitFor({ timeout: 10_000 });
    await screenshot(admin, 'tenancy-10-roster-exported');

    const api = await new Api(server.baseUrl).as('demo-jqs-admin');
    const me = await api.call<{ memberships: { node: { id: string; name: string } }[] }>('GET', '/api/v1/me');
    const grid = me.body.memberships.find((m) => m.node.name === '金钱寺社区')!.node.id;
    const audit = await api.call<{ items: { action: string; actor: { displayName: string } }[] }>('GET', `/api/v1/audit?gridId=${grid}`);
    expect(audit.body.items[0]).toEqual(expect.objectContaining({ action: 'tenancies.export', actor: expect.objectContaining({ displayName: '刘芳' }) }));
    await adminCtx.close();
  }, 60_000);
});
