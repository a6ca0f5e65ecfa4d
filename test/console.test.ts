// The console's front door in headless Chromium: a manager signs in with an SMS code typed into the page
// (a wrong code is answered in place, in Chinese), sees only the menus their role allows, and signs out;
// the API reference renders. CI installs Chromium; elsewhere the file is skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestService, type TestService } from './support/service.js';
import { chromiumHere, launchChromium, STAFF_PHONES, DESKTOP } from './support/console-browser.js';

let svc: TestService;
let browser: Browser;
beforeAll(async () => {
  if (!chromiumHere) return;
  svc = await startTestService();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

describe.skipIf(!chromiumHere)('the web console', () => {
  it('signs a manager in with a code typed into the page, shows their menus, and signs out', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('console page error:', err));
    await page.goto(`${svc.url}/console`);
    await page.fill('[data-test=phone]', STAFF_PHONES.manager);
    await page.click('[data-test=send-code]');
    await expect.poll(() => svc.sms.lastCodeFor(STAFF_PHONES.manager)).toBeTruthy();
    const code = svc.sms.lastCodeFor(STAFF_PHONES.manager)!;
    await page.fill('[data-test=code]', code === '000000' ? '111111' : '000000');
    await page.click('[data-test=sign-in]');
    await expect.poll(() => page.textContent('[data-test=sign-in-error]')).toContain('验证码不对');

    await page.fill('[data-test=code]', code);
    await page.click('[data-test=sign-in]');
    await page.waitForSelector('[data-test=menu]');
    const menu = await page.textContent('[data-test=menu]');
    for (const item of ['概览', '会员', '营销', '报表', '导入导出']) expect(menu).toContain(item);
    // 会员方案 and 门店与员工 are 总部's; 投诉 is the agents'.
    for (const item of ['会员方案', '门店与员工', '投诉']) expect(menu).not.toContain(item);
    expect(await page.textContent('[data-test=who]')).toContain('店长老李');
    const cookie = (await context.cookies()).find((c) => c.name === 'hy_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');

    await page.click('[data-test=sign-out]');
    await page.waitForSelector('[data-test=sign-in]');
    await page.goto(`${svc.url}/console#/reports`);
    await page.waitForSelector('[data-test=sign-in]');
    await context.close();
  });

  it('renders the API reference from the OpenAPI document', async () => {
    const page = await browser.newPage();
    await page.goto(`${svc.url}/api/docs`);
    await expect.poll(async () => (await page.$$('h2')).length).toBeGreaterThan(10);
    expect(await page.textContent('body')).toContain('/api/members/{id}/count-card-uses');
    await page.close();
  });
});
