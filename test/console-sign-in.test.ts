// People sign in to the console: phone + SMS code or password, or the admin token on a fresh install. The
// session is an HttpOnly, SameSite=Strict cookie; writes need its CSRF token; roles still decide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, ADMIN, type TestService } from './support/service.js';
import { STAFF_PHONES } from './support/console-browser.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  setCookie: string;
}

/** A call as a browser makes it: the session cookie, and the CSRF header when given. */
async function browserCall(
  method: string,
  path: string,
  options: { cookie?: string; csrf?: string; body?: unknown; key?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.key) headers['idempotency-key'] = options.key;
  const res = await fetch(`${svc.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    setCookie: res.headers.get('set-cookie') ?? '',
  };
}

async function signInWithCode(phone: string) {
  expect((await browserCall('POST', '/api/session/code', { body: { phone } })).status).toBe(202);
  const code = svc.sms.lastCodeFor(phone)!;
  const answer = await browserCall('POST', '/api/session', { body: { phone, code } });
  expect(answer.status).toBe(200);
  const cookie = /^(hy_session=[^;]+)/.exec(answer.setCookie)![1]!;
  return { cookie, csrf: answer.body.csrfToken as string, answer };
}

describe('console sign-in', () => {
  it('signs a manager in with an SMS code into an HttpOnly, SameSite=Strict session that expires', async () => {
    const { cookie, answer } = await signInWithCode(STAFF_PHONES.manager);
    expect(answer.setCookie).toMatch(/HttpOnly/);
    expect(answer.setCookie).toMatch(/SameSite=Strict/);
    expect(answer.setCookie).toMatch(/Max-Age=43200/);
    expect(answer.body).toMatchObject({ kind: 'staff', name: '店长老李', roles: ['manager', 'cashier'] });
    const again = await browserCall('GET', '/api/session', { cookie });
    expect(again.body.name).toBe('店长老李');
    expect(again.body.csrfToken).toBe(answer.body.csrfToken);
    expect((await browserCall('GET', '/api/members?phone=13800138000', { cookie })).status).toBe(200);
  });

  it('refuses a write without the CSRF token and changes nothing; with it the write goes through', async () => {
    const { cookie, csrf } = await signInWithCode(STAFF_PHONES.manager);
    const member = (await svc.call('GET', '/api/members/13900139000')).body;
    const forged = await browserCall('POST', `/api/members/${member.id}/freeze`, {
      cookie,
      body: { reason: '跨站伪造' },
      key: 'csrf-1',
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('SESSION_CHECK_FAILED');
    expect(forged.body.error.text).toBe('页面已过期，请刷新后重试。');
    expect((await svc.call('GET', `/api/members/${member.id}`)).body.status).toBe('active');
    const wrong = await browserCall('POST', `/api/members/${member.id}/freeze`, {
      cookie,
      csrf: 'x'.repeat(43),
      body: { reason: '跨站伪造' },
      key: 'csrf-2',
    });
    expect(wrong.status).toBe(403);
    const real = await browserCall('POST', `/api/members/${member.id}/freeze`, {
      cookie,
      csrf,
      body: { reason: '店长冻结' },
      key: 'csrf-3',
    });
    expect(real.status).toBe(200);
    expect((await svc.call('GET', `/api/members/${member.id}`)).body.status).toBe('frozen');
    await svc.call('POST', `/api/members/${member.id}/unfreeze`, { body: {}, key: 'csrf-4' });
  });

  it('keeps a cashier to what a cashier may, with the refusal in Chinese', async () => {
    const { cookie } = await signInWithCode(STAFF_PHONES.cashier);
    const report = await browserCall('GET', '/api/reports/monthly', { cookie });
    expect(report.status).toBe(403);
    expect(report.body.error.code).toBe('FORBIDDEN');
    expect(report.body.error.text).toMatch(/权限/);
  });

  it('tells a stranger the same as staff, sends them nothing, and lets no code in', async () => {
    const before = svc.sms.sent.length;
    const asked = await browserCall('POST', '/api/session/code', { body: { phone: '13612345678' } });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ sent: true });
    expect(svc.sms.sent.length).toBe(before);
    const guess = await browserCall('POST', '/api/session', {
      body: { phone: '13612345678', code: '123456' },
    });
    expect(guess.status).toBe(400);
    expect(guess.body.error.code).toBe('VERIFICATION_FAILED');
    expect(guess.setCookie).toBe('');
  });

  it('says how many tries are left after a wrong code', async () => {
    const phone = STAFF_PHONES.agent;
    await browserCall('POST', '/api/session/code', { body: { phone } });
    const right = svc.sms.lastCodeFor(phone)!;
    const wrong = right === '000000' ? '111111' : '000000';
    const answer = await browserCall('POST', '/api/session', { body: { phone, code: wrong } });
    expect(answer.body.error.text).toBe('验证码不对（还可以再试 4 次）。');
    expect((await browserCall('POST', '/api/session', { body: { phone, code: right } })).status).toBe(200);
  });

  it('lets staff set a password and sign in with it; a wrong one is refused without saying which part', async () => {
    const { cookie, csrf } = await signInWithCode(STAFF_PHONES.owner);
    const weak = await browserCall('PUT', '/api/session/password', {
      cookie,
      csrf,
      body: { password: '12345678' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    const set = await browserCall('PUT', '/api/session/password', {
      cookie,
      csrf,
      body: { password: 'huiyuan-2026' },
    });
    expect(set.status).toBe(204);
    const bad = await browserCall('POST', '/api/session', {
      body: { phone: STAFF_PHONES.owner, password: 'huiyuan-2025' },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('SIGN_IN_FAILED');
    const good = await browserCall('POST', '/api/session', {
      body: { phone: STAFF_PHONES.owner, password: 'huiyuan-2026' },
    });
    expect(good.status).toBe(200);
    expect(good.body.roles).toEqual(['owner']);
  });

  it('opens a fresh install with the admin token, and signing out ends the session', async () => {
    expect(
      (await browserCall('POST', '/api/session', { body: { token: 'not-the-token' } })).body.error.code,
    ).toBe('SIGN_IN_FAILED');
    const admin = await browserCall('POST', '/api/session', { body: { token: ADMIN } });
    expect(admin.body).toMatchObject({ kind: 'admin', roles: ['admin'] });
    const cookie = /^(hy_session=[^;]+)/.exec(admin.setCookie)![1]!;
    expect((await browserCall('GET', '/api/staff', { cookie })).status).toBe(200);
    const out = await browserCall('DELETE', '/api/session', { cookie, csrf: admin.body.csrfToken });
    expect(out.status).toBe(204);
    expect(out.setCookie).toMatch(/Max-Age=0/);
    expect((await browserCall('GET', '/api/staff', { cookie })).status).toBe(401);
  });

  it('gives each sign-in phone to one staff member, refusing the second whole', async () => {
    const before = (await svc.call('GET', '/api/staff')).body.staff.length;
    const first = await svc.call('POST', '/api/staff', {
      body: { name: '新店员甲', roles: ['cashier'], phone: '13511112222' },
    });
    expect(first.status).toBe(201);
    expect(first.body.phone).toBe('13511112222');
    const second = await svc.call('POST', '/api/staff', {
      body: { name: '新店员乙', roles: ['cashier'], phone: '135 1111 2222' },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('STAFF_PHONE_TAKEN');
    expect((await svc.call('GET', '/api/staff')).body.staff.length).toBe(before + 1);
  });
});
