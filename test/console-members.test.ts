// The console's member pages in Chromium, as a store manager's day goes: find 张三 by his phone's last four
// digits, recharge ¥100 through the confirmation dialog (once, even when the first answer is lost and the
// button is pressed again), see the balance and a history row in Beijing time, freeze the card and find the
// list saying so. A cashier sees the counter's actions only; the list fits a phone's width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestService, type TestService } from './support/service.js';
import { chromiumHere, consolePage, launchChromium, PHONE } from './support/console-browser.js';

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

/** Screenshots for a person to look at, when asked for (CONSOLE_SHOTS=/tmp/dir). */
async function shot(page: Page, name: string) {
  if (process.env.CONSOLE_SHOTS)
    await page.screenshot({ path: `${process.env.CONSOLE_SHOTS}/${name}.png`, fullPage: true });
}

/** How Beijing reads a moment, computed here without the console's code. */
function beijing(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** Waits for what the page shows, longer than expect.poll's one second: the machine may be busy. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

describe.skipIf(!chromiumHere)('会员 in the console', () => {
  it('a manager finds 张三 by phone tail, recharges ¥100 once, sees it in Beijing time, and freezes the card', async () => {
    // The demo's ¥500 recharge reached the ¥500 tier: ¥550 on the card.
    const before = (await svc.call('GET', '/api/members/13800138000')).body;
    expect(before.balanceFen).toBe(55_000);
    const page = await consolePage(browser, svc, 'manager', { at: '#/members' });

    await page.fill('input[data-test=member-search]', '8000');
    await page.click('[data-test=member-search-button]');
    // 李四 and 王五 end in 9000 and 7000: the tail finds 张三 alone (the list before the search has all three).
    await poll(() => page.locator('[data-test=member-table] tbody tr').count()).toBe(1);
    const row = page.locator('[data-test=member-table] tbody tr', { hasText: '张三' });
    expect(await row.textContent()).toContain('13800138000');
    await poll(() => row.textContent()).toContain('金卡会员');
    expect(await row.textContent()).toContain('¥550.00');
    await shot(page, 'members-list');

    await row.click();
    await poll(() => text(page, '[data-test=member-title]')).toBe('张三');
    expect(await text(page, '[data-test=member-balance]')).toBe('¥550.00');
    await poll(() => text(page, '[data-test=member-level]')).toBe('金卡会员');

    // The first answer is lost on the way back (the server applied it); the manager presses again, twice.
    let lost = false;
    await page.route('**/api/members/*/recharge', async (route) => {
      if (lost) return route.continue();
      lost = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.click('[data-test=do-recharge]');
    await page.fill('input[data-test=action-amount]', '100');
    await poll(() => text(page, '[data-test=action-statement]')).toContain('给 张三 充值 ¥100.00');
    await shot(page, 'members-recharge-dialog');
    await page.click('[data-test=action-confirm]');
    await poll(() => text(page, '[data-test=action-error]')).toContain('网络异常');
    expect((await svc.call('GET', '/api/members/13800138000')).body.balanceFen).toBe(65_000);
    await page.dblclick('[data-test=action-confirm]');
    await poll(() => text(page, '[data-test=member-balance]')).toBe('¥650.00');
    expect((await svc.call('GET', '/api/members/13800138000')).body.balanceFen).toBe(65_000);

    const { entries } = (await svc.call('GET', '/api/members/13800138000/history?limit=5')).body;
    expect(entries.filter((e: { kind: string }) => e.kind === 'recharge').length).toBe(2); // demo's ¥500, ours
    const newest = entries[0];
    expect([newest.kind, newest.balanceDeltaFen]).toEqual(['recharge', 10_000]);
    // The history is read again after the recharge: its newest row is our entry (found by its number).
    const first = page.locator('[data-test=history-table] tbody tr').first();
    await poll(() => first.locator('[data-test=history-kind]').getAttribute('data-no')).toBe(newest.no);
    expect((await first.locator('[data-test=history-kind]').textContent())?.trim()).toBe('充值');
    expect((await first.locator('[data-test=history-amount]').textContent())?.trim()).toBe('+¥100.00');
    // The browser runs in UTC: only a time rendered in Beijing time equals this.
    expect(await first.locator('[data-test=history-time]').textContent()).toBe(beijing(newest.at));
    await shot(page, 'members-detail');

    // A manager's tag, added on the 标签 tab, is the member's.
    await page.click('.el-tabs__item:has-text("标签")');
    await page.fill('input[data-test=tag-input]', '常客');
    await page.click('[data-test=tag-add]');
    await poll(() => text(page, '[data-test=member-tags]')).toContain('常客');
    expect((await svc.call('GET', '/api/members/13800138000/tags')).body.manual).toContain('常客');

    await page.click('[data-test=do-freeze]');
    await page.fill('input[data-test=action-reason]', '会员申请暂停');
    await poll(() => text(page, '[data-test=action-statement]')).toContain('冻结 张三 的会员卡');
    await page.click('[data-test=action-confirm]');
    await poll(() => text(page, '[data-test=member-status]')).toBe('冻结');
    expect(await text(page, '[data-test=frozen-reason]')).toContain('会员申请暂停');
    expect(await page.locator('[data-test=do-freeze]').count()).toBe(0);
    expect(await page.locator('[data-test=do-recharge]').count()).toBe(0);
    expect(await page.locator('[data-test=do-unfreeze]').count()).toBe(1);
    expect((await svc.call('GET', '/api/members/13800138000')).body.status).toBe('frozen');

    await page.click('[data-test=back-to-list]');
    await poll(() =>
      page
        .locator('[data-test=member-table] tbody tr', { hasText: '张三' })
        .locator('[data-test=member-status]')
        .textContent(),
    ).toContain('冻结');
    expect(await page.inputValue('input[data-test=member-search]')).toBe('8000');
    await page.context().close();
  });

  it('a cashier sees 会员 and the counter’s actions, never 积分, 冻结, 报表 or 会员方案', async () => {
    const lisi = (await svc.call('GET', '/api/members/13900139000')).body;
    const page = await consolePage(browser, svc, 'cashier', { at: `#/members/${lisi.id}` });
    await poll(() => text(page, '[data-test=member-title]')).toBe('李四');
    const menu = await text(page, '[data-test=menu]');
    expect(menu).toContain('会员');
    expect(menu).not.toContain('报表');
    expect(menu).not.toContain('会员方案');
    expect(menu).not.toContain('概览');
    expect(await page.locator('[data-test=do-recharge]').count()).toBe(1);
    expect(await page.locator('[data-test=do-consume]').count()).toBe(1);
    for (const hidden of ['do-points', 'do-freeze', 'do-unfreeze', 'do-lost', 'do-replace'])
      expect(await page.locator(`[data-test=${hidden}]`).count(), hidden).toBe(0);
    await page.context().close();
  });

  it('a manager reverses a recharge from the history (冲正), once', async () => {
    const lisi = (await svc.call('GET', '/api/members/13900139000')).body;
    expect(lisi.balanceFen).toBe(10_000);
    const page = await consolePage(browser, svc, 'manager', { at: `#/members/${lisi.id}` });
    const rows = page.locator('[data-test=history-table] tbody tr');
    await poll(() => rows.first().textContent()).toContain('+¥100.00');
    await rows.first().locator('[data-test=history-reverse]').click();
    await poll(() => text(page, '[data-test=action-statement]')).toContain('冲正 李四 的充值');
    expect(await text(page, '[data-test=action-statement]')).toContain('退回 余额 +¥100.00');
    await page.click('[data-test=action-confirm]');
    await poll(() => text(page, '[data-test=member-balance]')).toBe('¥0.00');
    await poll(() => rows.first().locator('[data-test=history-kind]').textContent()).toBe('冲正');
    expect((await rows.first().locator('[data-test=history-amount]').textContent())?.trim()).toBe('-¥100.00');
    // Neither the reversal nor the entry it reversed offers 冲正 again.
    expect(await page.locator('[data-test=history-reverse]').count()).toBe(0);
    expect((await svc.call('GET', `/api/members/${lisi.id}`)).body.balanceFen).toBe(0);
    await page.context().close();
  });

  it('a cashier opens a card for a new member, then moves it to another phone with that phone’s code', async () => {
    const page = await consolePage(browser, svc, 'cashier', { at: '#/members' });
    await page.click('[data-test=new-member]');
    await page.fill('input[data-test=new-phone]', '1361234');
    await page.click('[data-test=new-member-submit]');
    await poll(() => text(page, '.el-dialog')).toContain('请输入 11 位手机号');
    await page.fill('input[data-test=new-phone]', '13800138000');
    await page.click('[data-test=new-member-submit]');
    await poll(() => text(page, '[data-test=new-member-error]')).toContain('已经办过会员卡');
    await page.fill('input[data-test=new-phone]', '13612340000');
    await page.fill('input[data-test=new-name]', '赵六');
    await page.click('[data-test=new-member-submit]');
    await poll(() => text(page, '[data-test=member-title]')).toBe('赵六');
    const created = (await svc.call('GET', '/api/members/13612340000')).body;
    expect(page.url()).toContain(`#/members/${created.id}`);

    await page.click('[data-test=do-phone]');
    await page.fill('input[data-test=phone-new]', '13612349999');
    await page.click('[data-test=phone-send-code]');
    await poll(() => svc.sms.lastCodeFor('13612349999')).toMatch(/^\d{6}$/);
    const code = svc.sms.lastCodeFor('13612349999')!;
    await page.fill('input[data-test=phone-code]', code === '000000' ? '111111' : '000000');
    await page.click('[data-test=phone-confirm]');
    await poll(() => text(page, '[data-test=phone-error]')).not.toBe('');
    await page.fill('input[data-test=phone-code]', code);
    await page.click('[data-test=phone-confirm]');
    await poll(() => text(page, '[data-test=member-phone]')).toBe('13612349999');
    expect((await svc.call('GET', `/api/members/${created.id}`)).body.phone).toBe('13612349999');
    await page.context().close();
  });

  it('the member list fits a phone’s width', async () => {
    const page = await consolePage(browser, svc, 'manager', { at: '#/members', viewport: PHONE });
    await poll(() => text(page, '[data-test=member-table] tbody')).toContain('王五');
    await shot(page, 'members-phone');
    // Runs in the page; typed here without the DOM's types (the service's tsconfig has none).
    type InPage = { document: { documentElement: { scrollWidth: number } } };
    const width = await page.evaluate(
      () => (globalThis as unknown as InPage).document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('概览 shows today per store as the report says, with the trend and level charts drawn', async () => {
    const page = await consolePage(browser, svc, 'manager', { at: '#/overview' });
    const { stores } = (await svc.call('GET', '/api/reports/daily')).body;
    const s001 = stores.find((s: { code: string }) => s.code === 'S001');
    const row = page.locator('[data-test=overview-stores] tbody tr', { hasText: s001.name });
    await poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(`¥${(s001.rechargePaidFen / 100).toFixed(2)}`);
    await page.waitForSelector('[data-test=overview-trend] canvas');
    await page.waitForSelector('[data-test=overview-levels] canvas');
    await poll(() => text(page, '[data-test=overview-level-table]')).toContain('金卡会员');
    await shot(page, 'overview');
    await page.context().close();
  });
});
