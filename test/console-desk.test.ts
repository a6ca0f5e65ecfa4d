// The console's desk pages in headless Chromium: an agent takes, answers and closes a complaint made in
// chat (the member gets the answer; the closed ticket leaves the open queue and offers no reply); a
// manager reads this month's report by store with the month picked in Chinese, and imports a file with a
// bad row from the downloaded template, reading the refusal in Chinese. The browser runs in UTC, so a time
// not shown in Beijing time fails.
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import type { Browser, Page } from 'playwright-core';
import { startTestService, type TestService } from './support/service.js';
import { chromiumHere, consolePage, launchChromium, PHONE } from './support/console-browser.js';
import { eventually } from './support/eventually.js';

dayjs.extend(utc);
dayjs.extend(timezone);
const beijing = (at: string, format = 'YYYY-MM-DD HH:mm') => dayjs(at).tz('Asia/Shanghai').format(format);

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

const textOf = async (page: Page, selector: string) => (await page.textContent(selector)) ?? '';
const memberInbox = async (user: string) =>
  ((await svc.call('GET', `/api/bot/inbox/${user}`)).body.messages as Array<{ text: string }>).map(
    (m) => m.text,
  );

describe.skipIf(!chromiumHere)('the desk pages', () => {
  it('an agent takes, answers and closes a complaint; the member gets the answer', async () => {
    const filed = (await svc.say('alice', '投诉 积分没到账')).join('\n');
    const no = /编号 (T\w{5})/.exec(filed)![1]!;
    const createdAt = (await svc.call('GET', `/api/tickets/${no}`)).body.createdAt as string;

    const page = await consolePage(browser, svc, 'agent', { at: '#/tickets' });
    const menu = await textOf(page, '[data-test=menu]');
    expect(menu).toContain('投诉');
    expect(menu).not.toContain('报表');

    // The queue names the member and shows when they complained, in Beijing time.
    await expect.poll(() => textOf(page, '[data-test=ticket-table]')).toContain(no);
    const queue = await textOf(page, '[data-test=ticket-table]');
    expect(queue).toContain('张三');
    expect(queue).toContain(beijing(createdAt));

    await page.click(`[data-test=open-${no}]`);
    await expect.poll(() => textOf(page, '[data-test=conversation]')).toContain('积分没到账');
    expect(await textOf(page, '[data-test=conversation]')).toContain(beijing(createdAt));
    expect(await textOf(page, '[data-test=ticket-status]')).toBe('待接单');

    await page.click('[data-test=take]');
    await expect.poll(() => textOf(page, '[data-test=ticket-status]')).toBe('处理中');
    await page.fill('[data-test=reply-text]', '您好，积分已为您补录，请查收。');
    await page.click('[data-test=send-reply]');
    await expect.poll(() => textOf(page, '[data-test=conversation]')).toContain('客服 客服小张');
    expect(await textOf(page, '[data-test=conversation]')).toContain('积分已为您补录');
    expect(await textOf(page, '[data-test=ticket-status]')).toBe('已回复');

    // The member gets the answer on the chat they complained on.
    const inbox = await eventually(async () => {
      const messages = await memberInbox('alice');
      return messages.some((m) => m.includes('【投诉回复】')) && messages;
    });
    expect(inbox.find((m) => m.includes('【投诉回复】'))).toContain('积分已为您补录');

    // 结单 asks first, says what will happen, then leaves no way to reply.
    await page.click('[data-test=close-ticket]');
    await page.waitForSelector('[data-test=confirm-close]', { state: 'visible' });
    expect(await textOf(page, '.el-dialog')).toContain(`将结束工单 ${no}`);
    await page.fill('[data-test=close-note]', '已补录积分');
    await page.click('[data-test=confirm-close]');
    await expect.poll(() => textOf(page, '[data-test=ticket-status]')).toBe('已结单');
    expect(await page.isVisible('[data-test=closed-note]')).toBe(true);
    expect(await page.$('[data-test=reply-text]')).toBeNull();
    expect(await page.$('[data-test=send-reply]')).toBeNull();

    const ticket = (await svc.call('GET', `/api/tickets/${no}`)).body;
    expect(ticket).toMatchObject({ status: 'closed', assigneeName: '客服小张' });
    for (const status of ['open', 'assigned', 'replied']) {
      const open = (await svc.call('GET', `/api/tickets?status=${status}`)).body.tickets as Array<{
        id: string;
      }>;
      expect(open.map((t) => t.id)).not.toContain(no);
    }
    await eventually(async () => (await memberInbox('alice')).some((m) => m.includes('请回复 1–5')));

    // Closed tickets are on their own tab, not in the open queue.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-test=ticket-detail]', { state: 'hidden' });
    for (const tab of ['open', 'assigned', 'replied']) {
      await page.click(`[data-test=tab-${tab}]`);
      await expect.poll(() => textOf(page, '[data-test=ticket-table]')).not.toContain(no);
    }
    await page.click('[data-test=tab-closed]');
    await expect.poll(() => textOf(page, '[data-test=ticket-table]')).toContain(no);
    await page.screenshot({ path: '/tmp/console-desk-tickets.png', fullPage: true });

    // A ticket a colleague took in chat while it sat open on this page: 接单 is refused in place, in Chinese.
    const other = /编号 (T\w{5})/.exec((await svc.say('bob', '投诉 门店空调太冷了')).join('\n'))![1]!;
    await page.click('[data-test=tab-open]');
    await page.click('[data-test=refresh]');
    await page.click(`[data-test=open-${other}]`);
    await expect.poll(() => textOf(page, '[data-test=conversation]')).toContain('门店空调太冷了');
    expect((await svc.say('agent-2', `接单 ${other}`, { group: 'agents' })).join('')).toContain(other);
    await page.click('[data-test=take]');
    await expect.poll(() => textOf(page, '[data-test=ticket-error]')).toContain('已有同事在处理');
    await expect.poll(() => textOf(page, '[data-test=ticket-detail]')).toContain('客服小李');

    // An agent's address bar cannot open the reports either.
    await page.goto(`${svc.url}/console#/reports`);
    await expect.poll(() => page.url()).not.toContain('#/reports');
    expect(await textOf(page, '[data-test=page-title]')).not.toBe('报表');
    await page.context().close();
  });

  it("a manager reads this month's report by store, the month picked in Chinese", async () => {
    await svc.call('POST', '/api/members/13800138000/recharge', {
      body: { amountFen: 10000, storeId: await storeId() },
      key: 'desk-recharge',
    });
    const month = dayjs().tz('Asia/Shanghai');
    const page = await consolePage(browser, svc, 'manager', { at: '#/reports' });
    await expect.poll(() => textOf(page, '[data-test=report-table]')).toContain('会员小店·人民广场店');
    const table = await textOf(page, '[data-test=report-table]');
    expect(table).toContain('合计');
    expect(table).toContain('¥');
    expect(await page.inputValue('[data-test=report-month] input')).toBe(month.format('YYYY年M月'));

    await page.click('[data-test=report-month] input');
    const panel = page.locator('.el-month-table');
    await panel.waitFor({ state: 'visible' });
    const months = (await panel.textContent()) ?? '';
    expect(months).toContain('十二月');
    expect(months).toContain('一月');
    const body = (await page.textContent('body')) ?? '';
    expect(body).not.toMatch(/December|January|Jan\b|Dec\b/);
    expect(body).not.toMatch(/\bNaN\b|undefined|null/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-test=trend-chart]');
    await page.screenshot({ path: '/tmp/console-desk-reports.png', fullPage: true });

    // What members hold at month-end is 总部's figure: a store manager's page leaves it out.
    expect(await page.$('[data-test=outstanding]')).toBeNull();
    await page.context().close();
    const owner = await consolePage(browser, svc, 'owner', { at: '#/reports' });
    const { outstanding } = (await svc.call('GET', '/api/reports/monthly')).body;
    const held = `¥${(outstanding.storedValueFen / 100).toFixed(2)}`;
    await expect.poll(() => textOf(owner, '[data-test=outstanding]')).toContain(held);
    expect(await textOf(owner, '[data-test=report-table]')).toContain('总部/线上');
    await owner.context().close();

    // At phone width the wide table scrolls inside its card, not the page.
    const phone = await consolePage(browser, svc, 'manager', { at: '#/reports', viewport: PHONE });
    await expect.poll(() => textOf(phone, '[data-test=report-table]')).toContain('会员小店·人民广场店');
    // Runs in the page; typed here without the DOM's types.
    const width = await phone.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await phone.context().close();
  });

  it('a manager imports from the downloaded template and reads the refused row in Chinese', async () => {
    const page = await consolePage(browser, svc, 'manager', { at: '#/imports' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-test=template-csv]'),
    ]);
    const template = await readFile((await download.path())!, 'utf8');
    expect(template).toContain('手机号,姓名,性别,生日,余额,积分,标签');
    expect(template).toContain('必填');

    // The template as downloaded (hints and example kept), a good row and a bad one.
    const file = join(tmpdir(), `desk-import-${Date.now()}.csv`);
    await writeFile(file, `${template.trimEnd()}\n13688881234,新会员甲,女,,,,\n1368888,坏号码,,,,,\n`);
    await page.setInputFiles('[data-test=import-file]', file);
    expect(await textOf(page, '[data-test=import-file-name]')).toContain('desk-import-');
    await page.click('[data-test=import-start]');
    await page.waitForSelector('[data-test=import-confirm]', { state: 'visible' });
    expect(await textOf(page, '.el-dialog')).toContain('会员小店·人民广场店');
    await page.click('[data-test=import-confirm]');

    await expect
      .poll(() => textOf(page, '[data-test=import-summary]'), { timeout: 20_000 })
      .toContain('成功导入 1 人，未导入 1 行');
    const refused = await textOf(page, '[data-test=import-rejected]');
    expect(refused).toContain('5'); // header, hints, example, the good row, then this one
    expect(refused).toContain('1368888');
    expect(refused).toContain('手机号格式不对');
    await page.screenshot({ path: '/tmp/console-desk-imports.png', fullPage: true });

    const member = (await svc.call('GET', '/api/members/13688881234')).body;
    expect(member).toMatchObject({ name: '新会员甲', registeredStoreId: await storeId() });
    expect((await svc.call('GET', '/api/members/13800000000')).status).toBe(404); // the example stays out
    await page.context().close();
  });
});

async function storeId(): Promise<string> {
  const stores = (await svc.call('GET', '/api/stores')).body.stores as Array<{ id: string; code: string }>;
  return stores.find((s) => s.code === 'S001')!.id;
}

describe.skipIf(!chromiumHere)('set-up and account pages', () => {
  it('总部 opens a store, binds its group, adds a staff member with a phone and issues a token shown once', async () => {
    const page = await consolePage(browser, svc, 'owner', { at: '#/stores' });
    await expect.poll(() => textOf(page, '[data-test=staff-table]')).toContain('店长老李');
    const staff = await textOf(page, '[data-test=staff-table]');
    expect(staff).toContain('店长、收银员');
    expect(staff).toContain('会员小店·人民广场店');

    await page.click('[data-test=new-staff]');
    await page.fill('[data-test=staff-name]', '收银员小赵');
    await page.fill('[data-test=staff-phone]', '1350000');
    await page.click('[data-test=save-staff]');
    await expect.poll(() => textOf(page, '[data-test=staff-error]')).toContain('手机号应为 11 位数字');
    await page.fill('[data-test=staff-phone]', '13500000009');
    await page.click('[data-test=save-staff]');
    await expect
      .poll(() => textOf(page, '[data-test=staff-error]'))
      .toContain('收银员和店长需要选择所在门店');
    await page.click('[data-test=staff-stores]');
    await page.click('.el-select-dropdown__item:has-text("会员小店·人民广场店")');
    await page.keyboard.press('Escape');
    await page.click('[data-test=save-staff]');
    await expect.poll(() => textOf(page, '[data-test=staff-table]')).toContain('收银员小赵');
    const added = ((await svc.call('GET', '/api/staff')).body.staff as Array<Record<string, unknown>>).find(
      (s) => s.name === '收银员小赵',
    )!;
    expect(added).toMatchObject({ phone: '13500000009', roles: ['cashier'], storeIds: [await storeId()] });

    // A new store, and a WeChat group bound to it (its staff commands then act for that store).
    await page.click('[data-test=new-store]');
    await page.fill('[data-test=store-code]', 'S002');
    await page.fill('[data-test=store-name]', '会员小店·南京西路店');
    await page.click('[data-test=save-store]');
    await expect.poll(() => textOf(page, '[data-test=store-table]')).toContain('会员小店·南京西路店');
    await page.click('[data-test=bind-S002]');
    await page.fill('[data-test=group-id]', 'room-nanjing');
    await page.click('[data-test=save-group]');
    await expect.poll(() => textOf(page, '[data-test=store-table]')).toContain('微信群 room-nanjing');
    const stores = (await svc.call('GET', '/api/stores')).body.stores as Array<{
      code: string;
      groupChats: string[];
    }>;
    expect(stores.find((s) => s.code === 'S002')?.groupChats).toEqual(['wechaty:room-nanjing']);

    await page.click(`[data-test=token-${added.id}]`);
    await page.click('[data-test=issue-token]');
    await page.waitForSelector('[data-test=token-value]');
    const token = (await textOf(page, '[data-test=token-value]')).trim();
    expect(await textOf(page, '[data-test=token-shown]')).toContain('令牌只显示这一次');
    expect((await svc.call('GET', '/api/members/13800138000', { token })).status).toBe(200);
    await page.context().close();
  });

  it('a person sets a password typed twice and signs in with it', async () => {
    const page = await consolePage(browser, svc, 'cashier', { at: '#/account' });
    await expect.poll(() => textOf(page, '[data-test=account-info]')).toContain('收银员小王');
    await expect.poll(() => textOf(page, '[data-test=account-info]')).toContain('会员小店·人民广场店');
    await page.fill('[data-test=password]', 'short');
    await page.fill('[data-test=password-again]', 'short');
    await page.click('[data-test=save-password]');
    await expect.poll(() => textOf(page, '[data-test=password-error]')).toContain('至少 8 位');
    await page.fill('[data-test=password]', 'counter-2026');
    await page.fill('[data-test=password-again]', 'counter-2062');
    await page.click('[data-test=save-password]');
    await expect.poll(() => textOf(page, '[data-test=password-error]')).toContain('不一致');
    await page.fill('[data-test=password-again]', 'counter-2026');
    await page.click('[data-test=save-password]');
    await expect.poll(() => textOf(page, '.account')).toContain('密码已设置');
    const signIn = await svc.call('POST', '/api/session', {
      token: null,
      body: { phone: '13500000002', password: 'counter-2026' },
    });
    expect(signIn.status).toBe(200);
    await page.context().close();
  });
});
