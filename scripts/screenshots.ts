// `npm run screenshots`: every console page at desktop and phone width, written to docs/screenshots/.
// Starts the service on a fresh database with the demo data (MONGODB_URI, or the embedded engine), makes a
// little activity so the pages are not empty, and signs in as 总部 (and as a 客服 for the complaints desk).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, signedInState, type StorageState } from './console-chromium.js';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/service.js';
import { MemorySmsSender } from '../src/domain/verification/sms-sender.js';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const ADMIN = 'screenshots-admin-token';
const SIZES = { desktop: { width: 1366, height: 860 }, phone: { width: 390, height: 844 } };
const OWNER = '13500000001';
const AGENT = '13500000004';

/** Page file name, console address, who looks at it. */
const PAGES: Array<[string, string, 'owner' | 'agent' | null]> = [
  ['sign-in', '#/sign-in', null],
  ['overview', '#/overview', 'owner'],
  ['members', '#/members', 'owner'],
  ['member-detail', '#/members/:zhangsan', 'owner'],
  ['programme', '#/programme', 'owner'],
  ['marketing', '#/marketing', 'owner'],
  ['reports', '#/reports', 'owner'],
  ['imports', '#/imports', 'owner'],
  ['stores', '#/stores', 'owner'],
  ['tickets', '#/tickets', 'agent'],
  ['account', '#/account', 'owner'],
];

const sms = new MemorySmsSender();
const service = await startService(
  loadConfig({ ADMIN_TOKEN: ADMIN, PORT: '0', LOAD_DEMO: 'always', LOG_LEVEL: 'warn' }),
  { smsSender: sms, dbName: `screenshots_${Date.now()}`, queuePrefix: `screenshots-${Date.now()}` },
);
const url = service.url;

async function call(method: string, path: string, body?: unknown, key?: string) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

async function say(from: string, text: string, group?: string) {
  await call('POST', '/api/bot/messages', {
    channel: 'http',
    messageId: `shot-${Math.random()}`,
    from: { id: from },
    chat: group ? { id: group, kind: 'group' } : { id: from, kind: 'private' },
    text,
  });
}

// A day at the counter, so the lists, history and reports have something to show.
await say('cashier-1', '消费 13800138000 88.5', 'store-1');
await say('cashier-1', '充值 13900139000 200', 'store-1');
await say('cashier-1', '消费 13700137000 36', 'store-1');
await say('alice', '投诉 上周的积分没到账');
const zhangsan = ((await call('GET', '/api/members/13800138000')) as { id: string }).id;

let browser: Browser | undefined;
try {
  browser = await launchChromium();
  mkdirSync(OUT, { recursive: true });
  const sessions = new Map<string, StorageState>();
  for (const [who, phone] of [
    ['owner', OWNER],
    ['agent', AGENT],
  ] as const) {
    sessions.set(who, await signedInState(browser, url, { phone, codeFor: (p) => sms.lastCodeFor(p) }));
  }
  for (const [name, at, who] of PAGES) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      const context = await browser.newContext({
        baseURL: url,
        viewport,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...(who ? { storageState: sessions.get(who) } : {}),
      });
      const page = await context.newPage();
      await page.goto(`/console${at.replace(':zhangsan', zhangsan)}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400); // charts finish their entry animation
      await page.screenshot({ path: `${OUT}${name}-${size}.png`, fullPage: true });
      await context.close();
      console.log(`docs/screenshots/${name}-${size}.png`);
    }
  }
} finally {
  await browser?.close();
  await service.stop();
}
process.exit(0);
