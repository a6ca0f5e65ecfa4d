// What the console's member pages and overview read that no route gave before: a member's wallet, the
// level ids a member's levelId names, and today's figures per store (the overview's "today").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';

let svc: TestService;
let managerToken = '';
let cashierToken = '';
let s001 = '';
beforeAll(async () => {
  svc = await startTestService();
  const { staff } = (await svc.call('GET', '/api/staff')).body as {
    staff: Array<{ id: string; name: string }>;
  };
  const tokenOf = async (name: string) =>
    (await svc.call('POST', `/api/staff/${staff.find((s) => s.name === name)!.id}/tokens`, { body: {} })).body
      .token as string;
  managerToken = await tokenOf('店长老李');
  cashierToken = await tokenOf('收银员小王');
  s001 = (await svc.call('GET', '/api/stores')).body.stores.find(
    (s: { code: string }) => s.code === 'S001',
  ).id;
});
afterAll(async () => {
  await svc?.stop();
});

describe('the member pages’ reads', () => {
  it('a member’s wallet lists the coupons they hold, to a cashier too', async () => {
    const res = await svc.call('GET', '/api/members/13800138000/coupons', { token: cashierToken });
    expect(res.status).toBe(200);
    expect(res.body.usable.map((c: { name: string }) => c.name)).toContain('10元代金券');
    expect(res.body.toPickUp).toEqual([]);
    const other = await svc.call('GET', '/api/members/13700137000/coupons', { token: cashierToken });
    expect(other.body.usable).toEqual([]);
  });

  it('the programme’s levels carry the id a member’s levelId names, and are accepted back as read', async () => {
    const { levels } = (await svc.call('GET', '/api/programme')).body;
    const member = (await svc.call('GET', '/api/members/13800138000')).body;
    expect(levels.find((l: { id: string }) => l.id === member.levelId)?.name).toBe('金卡会员');
    const put = await svc.call('PUT', '/api/programme/levels', { body: { levels } });
    expect(put.status).toBe(200);
    const again = (await svc.call('GET', '/api/programme')).body.levels;
    expect(again.map((l: { id: string }) => l.id)).toEqual(levels.map((l: { id: string }) => l.id));
  });
});

describe('today per store', () => {
  it('counts today’s recharge in its store’s row, the rows add up to the total, and a cashier is refused', async () => {
    const before = (await svc.call('GET', '/api/reports/daily', { token: managerToken })).body;
    const row = (r: typeof before) => r.stores.find((s: { code: string }) => s.code === 'S001');
    const charged = await svc.call('POST', '/api/members/13900139000/recharge', {
      token: managerToken,
      key: 'daily-report-recharge',
      body: { amount: '50', storeId: s001 },
    });
    expect(charged.status).toBe(200);
    const after = (await svc.call('GET', '/api/reports/daily', { token: managerToken })).body;
    expect(after.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row(after).rechargeCount).toBe(row(before).rechargeCount + 1);
    expect(row(after).rechargePaidFen).toBe(row(before).rechargePaidFen + 5000);
    // A store manager sees their stores only: no 总部 row, so the total is their stores' sum.
    expect(after.headquarters).toBeNull();
    expect(after.overall.rechargePaidFen).toBe(row(after).rechargePaidFen);

    const chain = (await svc.call('GET', '/api/reports/daily')).body;
    const sum = [...chain.stores, chain.headquarters, chain.online].reduce(
      (a: number, r: { newMembers: number }) => a + r.newMembers,
      0,
    );
    expect(chain.overall.newMembers).toBe(sum);
    expect(chain.overall.newMembers).toBeGreaterThanOrEqual(3);

    const past = (await svc.call('GET', '/api/reports/daily?day=2020-01-01')).body;
    expect(past.overall.rechargeCount).toBe(0);
    expect((await svc.call('GET', '/api/reports/daily?day=2020-1-1')).status).toBe(400);
    expect((await svc.call('GET', '/api/reports/daily', { token: cashierToken })).status).toBe(403);
  });
});
