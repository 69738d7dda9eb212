import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

/** The foundation in a phone browser: the H5 build served by the real server, logged in as demo-head. */
describeBrowser('H5: log in and see my grid', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await phoneContext(browser)).newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the login page with the demo accounts', async () => {
    await page.goto(server.baseUrl + '/');
    await expect(page.getByText('演示账号')).toBeTruthy();
    await page.getByText('西29栋网格长').waitFor();
    await screenshot(page, 'foundation-01-login');
  }, 30_000);

  it('logs in as demo-head and sees 第三平安小区西29栋 with its path on the home page', async () => {
    await page.getByText('西29栋网格长').click();
    await page.getByText('第三平安小区西29栋', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('江南街道 › 兴学社区 › 第三平安小区西29栋').count()).toBeGreaterThan(0);
    expect(await page.getByText('网格长', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText('你好，李卫东').count()).toBe(1);
    await screenshot(page, 'foundation-02-home-head');
  }, 30_000);

  it('turns on elder mode on 我的, which makes the text larger and is remembered', async () => {
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('长辈模式（大字体）').waitFor();
    await screenshot(page, 'foundation-03-mine');
    const before = await page.getByText('长辈模式（大字体）').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.getByText('长辈模式（大字体）').click();
    await page.getByText('已开启长辈模式').waitFor();
    const after = await page.getByText('长辈模式（大字体）').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(after).toBeGreaterThan(before * 1.15);
    await page.reload();
    await page.getByText('长辈模式（大字体）').waitFor();
    const reloaded = await page.getByText('长辈模式（大字体）').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(reloaded).toBeGreaterThan(before * 1.15);
    await page.getByText('首页', { exact: true }).last().click();
    await page.getByText('第三平安小区西29栋', { exact: true }).waitFor();
    await screenshot(page, 'foundation-04-home-elder-mode');
  }, 30_000);

  it('logs out back to the login page', async () => {
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('退出登录').click();
    await page.getByText('退出', { exact: true }).click();
    await page.getByText('演示账号').waitFor({ timeout: 10_000 });
  }, 30_000);

  it('shows a newcomer without a grid what to do next', async () => {
    await page.getByRole('textbox', { name: '输入 openid' }).fill('brand-new-visitor');
    await page.getByText('登录', { exact: true }).click();
    await page.getByText('还没有加入网格').waitFor({ timeout: 15_000 });
    await screenshot(page, 'foundation-05-home-empty');
  }, 30_000);
});
