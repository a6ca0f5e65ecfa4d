// The console in Debian's Chromium (playwright-core, no browser download): launch once per file, and
// pages signed in as a demo staff member (by SMS code, once per role; later pages reuse the cookie).
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import {
  CHROMIUM,
  launchChromium,
  signedInState,
  type StorageState,
} from '../../scripts/console-chromium.js';
import { ADMIN, type TestService } from './service.js';

export { launchChromium };

/** Browser tests run where Chromium is (CI installs it); elsewhere their files are skipped. */
export const chromiumHere = existsSync(CHROMIUM) || !!process.env.CI;

/** The demo staff's phones (fixtures/demo.json). */
export const STAFF_PHONES = {
  owner: '13500000001',
  cashier: '13500000002',
  manager: '13500000003',
  agent: '13500000004',
} as const;
export type ConsoleUser = keyof typeof STAFF_PHONES | 'admin';

export const DESKTOP = { width: 1366, height: 860 };
export const PHONE = { width: 390, height: 844 };

const signedIn = new WeakMap<TestService, Map<ConsoleUser, StorageState>>();

/** Signs in as the user (admin: with the admin token) once per service, and keeps the cookie. */
async function sessionFor(browser: Browser, svc: TestService, who: ConsoleUser): Promise<StorageState> {
  const known = signedIn.get(svc) ?? new Map<ConsoleUser, StorageState>();
  signedIn.set(svc, known);
  let state = known.get(who);
  if (!state) {
    state = await signedInState(
      browser,
      svc.url,
      who === 'admin'
        ? { token: ADMIN }
        : { phone: STAFF_PHONES[who], codeFor: (phone) => svc.sms.lastCodeFor(phone) },
    );
    known.set(who, state);
  }
  return state;
}

export interface ConsolePageOptions {
  viewport?: { width: number; height: number };
  /** The console address to open, e.g. '#/members'. */
  at?: string;
}

/** A page of the console signed in as `who`, opened at `at` (the first page their menu offers if none). */
export async function consolePage(
  browser: Browser,
  svc: TestService,
  who: ConsoleUser,
  options: ConsolePageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: svc.url,
    storageState: await sessionFor(browser, svc, who),
    viewport: options.viewport ?? DESKTOP,
    locale: 'zh-CN',
    // UTC on purpose: a time the console forgot to show in Beijing time reads 8 hours off and fails.
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('console page error:', err));
  await page.goto(`/console${options.at ?? ''}`);
  await page.waitForSelector('[data-test=menu]', { state: 'attached' });
  return page;
}
