// Every console page, as 总部 and as a 客服 would open it, at desktop and phone width: nothing in English a
// person would read, no raw code or ISO time, and nothing wider than the screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestService, type TestService } from './support/service.js';
import { chromiumHere, consolePage, launchChromium, DESKTOP, PHONE } from './support/console-browser.js';

let svc: TestService;
let browser: Browser;
let zhangsan = '';
beforeAll(async () => {
  if (!chromiumHere) return;
  svc = await startTestService();
  browser = await launchChromium();
  // Something on every page: a day at the counter and a complaint.
  await svc.say('cashier-1', '消费 13800138000 88.5', { group: 'store-1' });
  await svc.say('cashier-1', '充值 13900139000 200', { group: 'store-1' });
  await svc.say('alice', '投诉 积分没到账');
  zhangsan = (await svc.call('GET', '/api/members/13800138000')).body.id;
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

const PAGES: Array<[string, 'owner' | 'agent']> = [
  ['#/overview', 'owner'],
  ['#/members', 'owner'],
  ['#/members/:zhangsan', 'owner'],
  ['#/programme', 'owner'],
  ['#/marketing', 'owner'],
  ['#/reports', 'owner'],
  ['#/imports', 'owner'],
  ['#/stores', 'owner'],
  ['#/account', 'owner'],
  ['#/tickets', 'agent'],
];

/**
 * A word in English is letters only with a lowercase one among them; codes people read (a ticket's KVB, a
 * ledger number, a group id like store-1, S001) are upper case or hold digits. File formats are named as such.
 */
const ENGLISH_WORD = /^(?=.*[a-z])[A-Za-z]+$/;
const ALLOWED = /^(Excel|xlsx|csv)$/;

describe.skipIf(!chromiumHere)('every console page', () => {
  for (const [at, who] of PAGES) {
    it(`${at} as ${who} reads in Chinese and fits a phone`, async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        const page = await consolePage(browser, svc, who, {
          at: at.replace(':zhangsan', zhangsan),
          viewport,
        });
        await page.waitForLoadState('networkidle');
        const text = await page.evaluate(
          () =>
            (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText,
        );
        const english = (text.match(/[\w-]+/g) ?? []).filter((w) => ENGLISH_WORD.test(w) && !ALLOWED.test(w));
        expect(english, `${at} at ${viewport.width}px`).toEqual([]);
        expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // an ISO (UTC) time left unformatted
        const width = await page.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
              .documentElement.scrollWidth,
        );
        expect(width, `${at} at ${viewport.width}px`).toBeLessThanOrEqual(viewport.width);
        await page.context().close();
      }
    });
  }
});
