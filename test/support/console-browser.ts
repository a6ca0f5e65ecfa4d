// The console in Debian's Chromium (playwright-core, no browser download): launch once per file, and
// pages signed in as a demo staff member (by SMS code, once per role; later pages reuse the cookie).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN, type TestService } from './service.js';

export const CHROMIUM = '/usr/bin/chromium';
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

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
      '--lang=zh-CN',
    ],
  });
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
const signedIn = new WeakMap<TestService, Map<ConsoleUser, StorageState>>();

/** Signs in through the session API as the user (admin: with the admin token) and keeps the cookie. */
async function sessionFor(browser: Browser, svc: TestService, who: ConsoleUser): Promise<StorageState> {
  const known = signedIn.get(svc) ?? new Map<ConsoleUser, StorageState>();
  signedIn.set(svc, known);
  const state = known.get(who);
  if (state) return state;
  const context = await browser.newContext({ baseURL: svc.url });
  let body: Record<string, string>;
  if (who === 'admin') {
    body = { token: ADMIN };
  } else {
    const phone = STAFF_PHONES[who];
    const sent = await context.request.post('/api/session/code', { data: { phone } });
    if (!sent.ok()) throw new Error(`code for ${who}: ${sent.status()} ${await sent.text()}`);
    body = { phone, code: svc.sms.lastCodeFor(phone)! };
  }
  const res = await context.request.post('/api/session', { data: body });
  if (!res.ok()) throw new Error(`sign-in as ${who}: ${res.status()} ${await res.text()}`);
  const fresh = await context.storageState();
  await context.close();
  known.set(who, fresh);
  return fresh;
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
