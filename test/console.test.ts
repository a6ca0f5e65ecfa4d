// The web console in headless Chromium (Debian's, driven by playwright-core): sign in, find a member,
// freeze them, open the reports and see the charts drawn; the API reference renders. CI installs Chromium;
// elsewhere the file is skipped when it is missing.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestService, ADMIN, type TestService } from './support/service.js';

const CHROMIUM = '/usr/bin/chromium';
const runs = existsSync(CHROMIUM) || !!process.env.CI;

let svc: TestService;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  if (!runs) return;
  svc = await startTestService();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
  page.on('pageerror', (err) => console.error('console page error:', err));
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

describe.skipIf(!runs)('the web console', () => {
  it('signs in, finds a member, freezes them, and draws the reports', async () => {
    await page.goto(`${svc.url}/console`);
    await page.fill('#token', 'not-a-token');
    await page.click('#sign-in-form button');
    await expect.poll(() => page.textContent('#sign-in-error')).toContain('令牌无效');
    await page.fill('#token', ADMIN);
    await page.click('#sign-in-form button');
    await page.waitForSelector('#nav:not([hidden])');

    await page.fill('#search', '13800138000');
    await page.click('#search-form button');
    await page.click('#member-list tr.clickable');
    await expect.poll(() => page.textContent('#member-title')).toContain('张三');
    page.once('dialog', (dialog) => void dialog.accept('浏览器测试冻结'));
    await page.click('#freeze');
    await expect.poll(() => page.textContent('#member-status')).toContain('冻结（浏览器测试冻结）');
    expect((await svc.call('GET', '/api/members/13800138000')).body.status).toBe('frozen');

    await page.click('nav button[data-tab="reports"]');
    await expect.poll(() => page.textContent('#report-table')).toContain('新会员');
    // Runs in the page (the console's policy forbids evaluating strings); typed here without the DOM's types.
    const drawn = await page.waitForFunction(() => {
      const page = globalThis as unknown as {
        huiyuanCharts?: Record<string, unknown>;
        document: { getElementById(id: string): { width: number } | null };
      };
      const charts = page.huiyuanCharts;
      return (
        !!charts?.['trend-chart'] &&
        !!charts['level-chart'] &&
        (page.document.getElementById('level-chart')?.width ?? 0) > 0
      );
    });
    expect(await drawn.jsonValue()).toBe(true);
    await page.screenshot({ path: '/tmp/huiyuan-console-reports.png', fullPage: true });
  });

  it('renders the API reference from the OpenAPI document', async () => {
    await page.goto(`${svc.url}/api/docs`);
    await expect.poll(async () => (await page.$$('h2')).length).toBeGreaterThan(10);
    expect(await page.textContent('body')).toContain('/api/members/{id}/count-card-uses');
  });
});
