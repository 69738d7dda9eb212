import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './server.js';

export const ARTIFACTS = path.join(ROOT, 'e2e/artifacts');

/** Browser suites run unless `pnpm test` found no Chromium outside CI (it says so loudly then). */
export const describeBrowser: typeof describe = (process.env.LINLI_SKIP_BROWSER ? describe.skip : describe) as typeof describe;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A phone: 390×844, touch, Chinese locale. */
export async function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
}

/** Saves what a person sees, for people to look at: e2e/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.waitForTimeout(300); // let transitions settle
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
