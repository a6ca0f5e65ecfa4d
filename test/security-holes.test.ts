// The holes found by attacking the service, each closed: who may speak as whom on the chat door, store
// scope, amounts, registrations, malformed bodies, code lockouts and SN sweeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { LedgerEntryModel } from '../src/domain/models/ledger-entry.js';

let svc: TestService;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  svc = await startTestService();
  const staff = (await svc.call('GET', '/api/staff')).body.staff as Array<{ id: string; name: string }>;
  for (const [key, name] of [
    ['cashier', '收银员小王'],
    ['manager', '店长老李'],
    ['agent', '客服小张'],
  ]) {
    const id = staff.find((s) => s.name === name)!.id;
    tokens[key!] = (await svc.call('POST', `/api/staff/${id}/tokens`, { body: {} })).body.token;
  }
  tokens.integration = (await svc.call('POST', '/api/integrations', { body: { label: 'kiosk' } })).body.token;
});
afterAll(async () => {
  await svc?.stop();
});

function chatAs(token: string, from: string, text: string, chat = { id: from, kind: 'private' }) {
  return svc.call('POST', '/api/bot/messages', {
    token,
    body: { channel: 'http', messageId: `m-${Math.random()}`, from: { id: from }, chat, text },
  });
}
const store = { id: 'store-1', kind: 'group' };

describe('1. a token speaks only for what it was issued for', () => {
  it('a cashier’s token cannot speak as the manager, and nothing changes', async () => {
    const before = await LedgerEntryModel.countDocuments();
    const forged = await chatAs(tokens.cashier!, 'manager-1', '积分 13900139000 +100000', store);
    expect([forged.status, forged.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await LedgerEntryModel.countDocuments()).toBe(before);
    // As itself it works, with its own rights: points are a manager's.
    const own = await chatAs(tokens.cashier!, 'cashier-1', '积分 13900139000 +100', store);
    expect(own.body.replies[0].text).toContain('店长权限');
  });

  it('an agent’s token cannot run 消费 as a cashier nor read a member’s records', async () => {
    expect((await chatAs(tokens.agent!, 'cashier-1', '消费 13800138000 10', store)).status).toBe(403);
    expect((await chatAs(tokens.agent!, 'alice', '消费记录')).status).toBe(403);
  });

  it('the inbox is readable by that user’s credential alone', async () => {
    expect((await svc.call('GET', '/api/bot/inbox/alice', { token: tokens.cashier! })).status).toBe(403);
    expect((await svc.call('GET', '/api/bot/inbox/cashier-1', { token: tokens.cashier! })).status).toBe(200);
    expect((await svc.call('GET', '/api/bot/inbox/alice', { token: tokens.integration! })).status).toBe(200);
  });

  it('an integration credential speaks for its channel’s users, and reaches nothing else', async () => {
    const asAlice = await chatAs(tokens.integration!, 'alice', '查余额');
    expect(asAlice.body.replies[0].text).toContain('储值余额');
    const admin = await svc.call('GET', '/api/staff', { token: tokens.integration! });
    expect([admin.status, admin.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const money = await svc.call('POST', '/api/members/13800138000/recharge', {
      token: tokens.integration!,
      key: 'int-1',
      body: { amount: '1' },
    });
    expect(money.status).toBe(403);
  });
});

describe('3. reversal is limited to the manager’s store through HTTP as in chat', () => {
  it('a manager of another store is refused', async () => {
    const s2 = await svc.call('POST', '/api/stores', { body: { code: 'S002', name: '二店' } });
    const other = await svc.call('POST', '/api/staff', {
      body: { name: '二店店长', roles: ['manager'], storeIds: [s2.body.id] },
    });
    const token = (await svc.call('POST', `/api/staff/${other.body.id}/tokens`, { body: {} })).body.token;
    const recharge = await svc.call('POST', '/api/members/13900139000/recharge', {
      token: tokens.cashier!,
      key: 'scope-1',
      body: { amount: '10' },
    });
    const refused = await svc.call('POST', '/api/members/13900139000/reversal', {
      token,
      key: 'scope-2',
      body: { entryNo: recharge.body.entry.no },
    });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'ENTRY_OTHER_STORE']);
  });
});

describe('5. one amount parser for every door', () => {
  it('"88,50" is refused, not read as 8,850.00 yuan; a thousands separator in place is fine', async () => {
    const bad = await svc.call('POST', '/api/members/13800138000/consume', {
      key: 'comma-1',
      body: { amount: '88,50' },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_AMOUNT']);
    const good = await svc.call('POST', '/api/members/13700137000/recharge', {
      key: 'comma-2',
      body: { amount: '1,000' },
    });
    expect(good.body.entry.details.paidFen).toBe(100000);
  });
});

describe('6. the smaller holes', () => {
  it('a cashier’s token cannot register a member at another store', async () => {
    const s3 = await svc.call('POST', '/api/stores', { body: { code: 'S003', name: '三店' } });
    const r = await svc.call('POST', '/api/members', {
      token: tokens.cashier!,
      body: { phone: '13100000031', storeId: s3.body.id },
    });
    expect([r.status, r.body.error.code]).toEqual([403, 'NOT_STAFF_OF_STORE']);
    expect((await svc.call('GET', '/api/members/13100000031')).status).toBe(404);
  });

  it('a bogus Content-Encoding is refused (415) before the body is read, not a 500', async () => {
    const res = await fetch(`${svc.url}/api/members`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer test-admin-token',
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: '{"phone":"13100000032"}',
    });
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([
      415,
      'UNSUPPORTED_ENCODING',
    ]);
  });

  it('a stranger’s wrong codes lock the stranger, not the phone’s owner', async () => {
    await svc.say('stranger', '绑定 13900139000');
    for (let i = 0; i < 5; i++) await svc.say('stranger', '000000');
    expect((await svc.say('stranger', '绑定 13900139000')).join()).toMatch(/锁定|频繁/);
    expect((await svc.say('lisi-phone', '绑定 13900139000')).join()).toContain('验证码已发送');
    expect((await svc.say('lisi-phone', svc.sms.lastCodeFor('13900139000')!)).join()).toContain('绑定成功');
  });

  it('staff SN lookups are rate limited, so a stolen account cannot sweep SNs', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      statuses.push((await svc.call('GET', '/api/coupons/ABCD2345EFGH', { token: tokens.cashier! })).status);
    }
    expect(statuses.slice(0, 60).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
    const chat = await chatAs(tokens.cashier!, 'cashier-1', '核销 ABCD2345EFGH', store);
    expect(chat.body.replies[0].text).toContain('太频繁');
  });
});
