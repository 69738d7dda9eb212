import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { idNumberCheckChar } from '@linli/shared';
import { describeBrowser, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

/** Waits until an <img> inside `box` has loaded a real picture (not a broken image). */
async function imageLoaded(box: Locator): Promise<{ width: number; height: number }> {
  const img = box.locator('img').first();
  await img.waitFor({ state: 'attached', timeout: 15_000 });
  for (let i = 0; i < 100; i++) {
    const size = await img.evaluate((el) => ({ width: (el as HTMLImageElement).naturalWidth, height: (el as HTMLImageElement).naturalHeight, complete: (el as HTMLImageElement).complete }));
    if (size.complete && size.width > 0) return size;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('image did not load');
}

/** A valid ID number (GB 11643 checksum) for a woman born on 1950-05-06 in 浙江 (金华 330702). */
function validIdNumber(): string {
  const first17 = '33070219500506002';
  return first17 + idNumberCheckChar(first17);
}

/**
 * DESIGN.md scenario 1 in a phone browser, on the H5 build served by the real server: demo-head
 * makes a resident invite for 西29栋 that needs approval; a brand-new user opens its link, logs in,
 * consents, gives 2单元301 and a name, and waits; demo-head approves on 待审核; the newcomer reloads
 * and sees 第三平安小区西29栋 on the home page. Every page visited is saved as e2e/artifacts/join-*.png.
 */
describeBrowser('H5: join by QR code (scenario 1)', () => {
  let server: RunningServer;
  let browser: Browser;
  let head: Page;
  let newcomer: Page;
  let joinUrl = '';
  const newcomerName = '王晓梅';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    head = await (await phoneContext(browser)).newPage();
    // A second context: the newcomer has their own storage (token), as on their own phone.
    newcomer = await (await phoneContext(browser)).newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets demo-head make a resident invite that needs approval and shows its QR code and link', async () => {
    await head.goto(server.baseUrl + '/');
    await head.getByText('西29栋网格长').click();
    const card = head.locator('.grid-card', { hasText: '第三平安小区西29栋' });
    await card.getByText('邀请入格', { exact: true }).waitFor({ timeout: 15_000 });
    await screenshot(head, 'join-01-head-home');

    await card.getByText('邀请入格', { exact: true }).click();
    await head.getByText('生成邀请码', { exact: true }).waitFor({ timeout: 15_000 });
    // Defaults: 居民, approval on.
    expect(await head.locator('.chip--on', { hasText: '居民' }).count()).toBe(1);
    await head.getByText('扫码的人提交后，要你通过才能加入').waitFor();
    await screenshot(head, 'join-02-invite-form');

    await head.getByText('生成邀请码', { exact: true }).click();
    await head.getByText('邀请码已生成', { exact: false }).waitFor({ timeout: 15_000 });
    joinUrl = (await head.locator('.invite-show__link').innerText()).trim();
    expect(joinUrl).toMatch(/#\/pages\/join\/index\?t=[A-Za-z0-9_-]{16,32}$/);
    const size = await imageLoaded(head.locator('.invite-show__qr'));
    expect(size.width).toBeGreaterThan(50);
    // Drawn whole inside its frame (not shifted or cropped).
    const frame = (await head.locator('.invite-show__qr').boundingBox())!;
    const img = (await head.locator('.invite-show__qr img').boundingBox())!;
    expect(img.width).toBeGreaterThan(150);
    expect(Math.abs(img.x - frame.x)).toBeLessThan(3);
    expect(Math.abs(img.x + img.width - (frame.x + frame.width))).toBeLessThan(3);
    await screenshot(head, 'join-03-invite-qr');
    // The new invite is listed as 有效 under 已发出的邀请.
    await head.locator('.invite-row', { hasText: '居民邀请' }).getByText('有效', { exact: true }).first().waitFor();
  }, 60_000);

  it('takes a brand-new user from the link through login, consent, household and name to 等待审核', async () => {
    const hash = joinUrl.slice(joinUrl.indexOf('#'));
    await newcomer.goto(server.baseUrl + '/' + hash);
    await newcomer.getByText('登录并加入', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await newcomer.getByText('第三平安小区西29栋', { exact: true }).count()).toBeGreaterThan(0);
    expect(await newcomer.getByText('江南街道 › 兴学社区 › 第三平安小区西29栋').count()).toBe(1);
    await newcomer.getByText('以居民身份加入').waitFor();
    await newcomer.getByText('需要网格长审核', { exact: true }).waitFor();
    await screenshot(newcomer, 'join-04-preview');

    await newcomer.getByText('登录并加入', { exact: true }).click();
    await newcomer.getByText('登录后，继续加入网格').waitFor({ timeout: 15_000 });
    await screenshot(newcomer, 'join-05-login');
    await newcomer.getByRole('textbox', { name: '输入 openid' }).fill(`join-newcomer-${Date.now()}`);
    await newcomer.getByText('登录', { exact: true }).click();

    // Back on the join page, straight to the privacy notice.
    await newcomer.getByText('同意并继续', { exact: true }).waitFor({ timeout: 15_000 });
    await newcomer.getByText('加入前，请看一下隐私说明').waitFor();
    await screenshot(newcomer, 'join-06-consent');
    await newcomer.getByText('同意并继续', { exact: true }).click();

    await newcomer.getByText('你家住在哪里？').waitFor();
    await newcomer.getByText('如：2单元301，只填门牌号也可以').waitFor();
    // Nothing typed: the shared schema's message shows next to 门牌号.
    await newcomer.getByText('下一步', { exact: true }).click();
    await newcomer.getByText('请填写门牌号', { exact: true }).waitFor();
    await newcomer.getByRole('textbox', { name: '如：2单元' }).fill('2');
    await newcomer.getByRole('textbox', { name: '如：301' }).fill('301');
    await screenshot(newcomer, 'join-07-household');
    await newcomer.getByText('下一步', { exact: true }).click();

    await newcomer.getByText('请留下你的名字').waitFor();
    // A wrong phone number is refused on the spot with the shared message.
    await newcomer.getByRole('textbox', { name: '请填写真实姓名' }).fill(newcomerName);
    await newcomer.getByRole('textbox', { name: '可以不填' }).fill('12345');
    await newcomer.getByText('提交申请', { exact: true }).click();
    await newcomer.getByText('请填写 11 位手机号，如 13812345678').waitFor();
    await newcomer.getByRole('textbox', { name: '可以不填' }).fill('13912345678');
    await screenshot(newcomer, 'join-08-person');
    await newcomer.getByText('提交申请', { exact: true }).click();

    await newcomer.getByText('已提交，等待网格长审核').waitFor({ timeout: 15_000 });
    await screenshot(newcomer, 'join-09-waiting');

    await newcomer.getByText('回到首页', { exact: true }).click();
    const card = newcomer.locator('.grid-card', { hasText: '第三平安小区西29栋' });
    await card.waitFor({ timeout: 15_000 });
    await card.getByText('待审核', { exact: true }).waitFor();
    await screenshot(newcomer, 'join-10-home-pending');
  }, 90_000);

  it('shows the application on demo-head\'s 待审核 and approves it', async () => {
    // A fresh load of the home page (a hash change alone would keep the old count).
    await head.goto(server.baseUrl + '/#/pages/index/index');
    await head.reload();
    const card = head.locator('.grid-card', { hasText: '第三平安小区西29栋' });
    const badge = card.locator('.staff-action__badge');
    await badge.waitFor({ timeout: 15_000 });
    // The demo's 郑雨萱 and the newcomer.
    expect(Number(await badge.innerText())).toBeGreaterThanOrEqual(2);
    await screenshot(head, 'join-11-head-home-badge');

    await card.getByText('待审核', { exact: true }).click();
    const application = head.locator('.applicant', { hasText: newcomerName });
    await application.waitFor({ timeout: 15_000 });
    await application.getByText('2单元301', { exact: false }).waitFor();
    await screenshot(head, 'join-12-members');

    await application.getByText('通过', { exact: true }).click();
    await head.getByText(`已通过 ${newcomerName} 的申请`, { exact: false }).waitFor({ timeout: 15_000 });
    await head.locator('.applicant', { hasText: newcomerName }).waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(head, 'join-13-approved');
  }, 60_000);

  it('shows 第三平安小区西29栋 on the new resident\'s home page after a reload, and their household', async () => {
    await newcomer.reload();
    const card = newcomer.locator('.grid-card', { hasText: '第三平安小区西29栋' });
    await card.getByText('居民', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await card.getByText('待审核', { exact: true }).count()).toBe(0);
    expect(await newcomer.getByText('江南街道 › 兴学社区 › 第三平安小区西29栋').count()).toBeGreaterThan(0);
    await screenshot(newcomer, 'join-14-home-joined');

    // 我的家: the household they joined, their own record first.
    await card.getByText('我的家', { exact: true }).click();
    await newcomer.getByText('我的信息', { exact: true }).waitFor({ timeout: 15_000 });
    await newcomer.locator('.my-card', { hasText: newcomerName }).waitFor();
    expect(await newcomer.locator('.my-home__address').innerText()).toContain('301');
    await screenshot(newcomer, 'join-15-my-home');
  }, 60_000);

  it('lets demo-head browse the household register, see 独居老人 first, reveal a phone number with a reason, and add a person', async () => {
    await head.goto(server.baseUrl + '/#/pages/index/index');
    await head.reload();
    const card = head.locator('.grid-card', { hasText: '第三平安小区西29栋' });
    await card.getByText('住户登记', { exact: true }).click();
    await head.locator('.household-card').first().waitFor({ timeout: 15_000 });
    expect(await head.locator('.household-card').count()).toBeGreaterThanOrEqual(20);
    await screenshot(head, 'join-20-households');

    await head.getByRole('radio', { name: '独居老人', exact: true }).click();
    const elder = head.locator('.household-card--care').first();
    await elder.waitFor({ timeout: 15_000 });
    await screenshot(head, 'join-21-households-elder');

    await elder.click();
    const person = head.locator('.person', { hasText: '张桂英' });
    await person.waitFor({ timeout: 15_000 });
    await person.getByText('独居老人', { exact: true }).waitFor();
    const maskedPhone = await person.locator('.person__row-value').first().innerText();
    expect(maskedPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    await screenshot(head, 'join-22-household');

    await person.getByText('查看完整号码').first().click();
    await head.getByText('上门走访需要联系', { exact: true }).click();
    await screenshot(head, 'join-23-reveal-reason');
    await head.getByText('查看', { exact: true }).click();
    await head.getByText('本次查看已记录', { exact: false }).waitFor({ timeout: 15_000 });
    const full = await head.locator('.sheet__value').innerText();
    expect(full).toMatch(/^1\d{10}$/);
    expect(full.slice(0, 3) + '****' + full.slice(7)).toBe(maskedPhone);
    await screenshot(head, 'join-24-reveal-shown');
    await head.getByText('关闭', { exact: true }).click();

    await head.getByText('添加成员', { exact: true }).first().click();
    await head.getByText('添加家庭成员', { exact: true }).waitFor({ timeout: 15_000 });
    await head.getByRole('textbox', { name: '请填写真实姓名' }).fill('陈秀兰');
    await head.getByRole('textbox', { name: '18 位身份证号' }).fill(validIdNumber());
    // Gender and birth date come from the ID number: shown, not asked.
    await head.getByText('从身份证号识别').waitFor();
    await head.locator('.derived', { hasText: '1950-05-06' }).waitFor();
    expect(await head.getByText('性别', { exact: true }).count()).toBe(0);
    await head.getByRole('radio', { name: '父母', exact: true }).click();
    await screenshot(head, 'join-25-person-form');
    await head.getByText('保存', { exact: true }).click();

    const added = head.locator('.person', { hasText: '陈秀兰' });
    await added.waitFor({ timeout: 15_000 });
    await added.getByText(/女 · \d+岁 · 父母/).waitFor();
    expect(await added.locator('.person__row-value').nth(1).innerText()).toMatch(/^330702\*{8}\d{3}[\dX]$/);
    await screenshot(head, 'join-26-household-added');
  }, 90_000);
});
