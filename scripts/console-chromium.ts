// Debian's Chromium driven by playwright-core (no browser download), for the console's browser tests and
// `npm run screenshots`: how it starts here, and a session signed in by SMS code kept as a cookie state.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** Without the background-networking flags Chromium keeps calling out, and this machine's network refuses. */
export function launchChromium(): Promise<Browser> {
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

/**
 * Signs in through the session API (a staff phone and the code it was sent, or the admin token) and returns
 * the cookie state for new pages. `codeFor` reads the code the service sent to the phone.
 */
export async function signedInState(
  browser: Browser,
  url: string,
  who: { token: string } | { phone: string; codeFor: (phone: string) => string | undefined },
): Promise<StorageState> {
  const context = await browser.newContext({ baseURL: url });
  try {
    let body: Record<string, string | undefined>;
    if ('token' in who) body = { token: who.token };
    else {
      const sent = await context.request.post('/api/session/code', { data: { phone: who.phone } });
      if (!sent.ok()) throw new Error(`code for ${who.phone}: ${sent.status()} ${await sent.text()}`);
      body = { phone: who.phone, code: who.codeFor(who.phone) };
    }
    const res = await context.request.post('/api/session', { data: body });
    if (!res.ok()) throw new Error(`sign-in: ${res.status()} ${await res.text()}`);
    return await context.storageState();
  } finally {
    await context.close();
  }
}
