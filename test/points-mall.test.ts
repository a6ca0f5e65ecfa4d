// The points mall (积分商城): members spend points on gifts and coupons, through chat and HTTP; stock and
// points hold under racing members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

async function mallItem(code: string, body: Record<string, unknown>, template: Record<string, unknown>) {
  const t = await svc.call('POST', '/api/coupon-templates', { body: template });
  expect(t.status).toBe(201);
  const item = await svc.call('POST', '/api/mall/items', { body: { code, templateId: t.body.id, ...body } });
  expect(item.status).toBe(201);
  return item.body;
}

let phoneSeq = 0;
async function memberWithPoints(points: number): Promise<string> {
  const phone = `1362${String(Date.now() % 1e3).padStart(3, '0')}${String(phoneSeq++).padStart(4, '0')}`;
  const created = await svc.call('POST', '/api/members', { body: { phone } });
  expect(created.status).toBe(201);
  if (points) {
    const given = await svc.call('POST', `/api/members/${created.body.id}/points`, {
      body: { points },
      key: `seed-points-${phone}`,
    });
    expect(given.status).toBe(200);
  }
  return created.body.id;
}

const pointsOf = async (id: string) => (await svc.call('GET', `/api/members/${id}`)).body.points as number;

describe('积分商城', () => {
  it('ten members race for the last unit: one gets it and pays, nine are told it is gone and keep their points', async () => {
    await mallItem(
      '7',
      { name: '限量保温杯', pointsPrice: 300, stock: 1 },
      { name: '限量保温杯', type: 'gift', giftName: '保温杯' },
    );
    const members = await Promise.all(Array.from({ length: 10 }, () => memberWithPoints(500)));
    const answers = await Promise.all(
      members.map((id, i) =>
        svc.call('POST', `/api/members/${id}/mall-exchange`, { body: { code: '7' }, key: `race-${i}` }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual(
      Array(9).fill('MALL_SOLD_OUT'),
    );
    const points = await Promise.all(members.map(pointsOf));
    expect(points.sort((a, b) => a - b)).toEqual([200, ...Array(9).fill(500)]);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  });

  it('a member short of points is told what they have and need, and takes no stock from others', async () => {
    await mallItem(
      '8',
      { name: '帆布袋', pointsPrice: 400, stock: 1 },
      { name: '帆布袋', type: 'gift', giftName: '帆布袋' },
    );
    const poor = await memberWithPoints(100);
    const refused = await svc.call('POST', `/api/members/${poor}/mall-exchange`, {
      body: { code: '8' },
      key: 'poor-1',
    });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'INSUFFICIENT_POINTS']);
    expect(await pointsOf(poor)).toBe(100);
    const rich = await memberWithPoints(1000);
    const bought = await svc.call('POST', `/api/members/${rich}/mall-exchange`, {
      body: { code: '8' },
      key: 'rich-1',
    });
    expect(bought.status).toBe(200);
    const again = await svc.call('POST', `/api/members/${rich}/mall-exchange`, {
      body: { code: '8' },
      key: 'rich-1',
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.coupon.sn).toBe(bought.body.coupon.sn);
    expect(await pointsOf(rich)).toBe(600);
  });

  it('an item whose coupon runs out before its stock: past the quota nothing is taken, a retry is not charged', async () => {
    await mallItem(
      '9',
      { name: '咖啡券', pointsPrice: 100, stock: 5 },
      { name: '咖啡券', type: 'cash', valueFen: 500, totalQuota: 2 },
    );
    const member = await memberWithPoints(1000);
    const exchange = (key: string) =>
      svc.call('POST', `/api/members/${member}/mall-exchange`, { body: { code: '9' }, key });
    expect((await exchange('quota-1')).status).toBe(200);
    expect((await exchange('quota-2')).status).toBe(200);
    const third = await exchange('quota-3');
    expect([third.status, third.body.error.code]).toEqual([409, 'COUPON_QUOTA_REACHED']);
    expect(await pointsOf(member)).toBe(800);
    const retried = await exchange('quota-3');
    expect(retried.body.error.code).toBe('COUPON_QUOTA_REACHED');
    expect(await pointsOf(member)).toBe(800);
    expect((await svc.call('GET', '/api/ledger/audit')).body.ok).toBe(true);
  });

  it('a member refused for points gives the coupon back: the last coupon goes to the next member', async () => {
    await mallItem(
      '10',
      { name: '最后一张', pointsPrice: 300, stock: 5 },
      { name: '最后一张', type: 'cash', valueFen: 300, totalQuota: 1 },
    );
    const poor = await memberWithPoints(100);
    const refused = await svc.call('POST', `/api/members/${poor}/mall-exchange`, {
      body: { code: '10' },
      key: 'last-poor',
    });
    expect(refused.body.error.code).toBe('INSUFFICIENT_POINTS');
    const rich = await memberWithPoints(300);
    const bought = await svc.call('POST', `/api/members/${rich}/mall-exchange`, {
      body: { code: '10' },
      key: 'last-rich',
    });
    expect(bought.status).toBe(200);
    expect([await pointsOf(poor), await pointsOf(rich)]).toEqual([100, 0]);
  });

  it('in chat: lists what the member can afford, exchanges once per message, and the gift is picked up with its code', async () => {
    await mallItem(
      '21',
      { name: '定制帆布袋', pointsPrice: 500, stock: 5, perMemberLimit: 1 },
      { name: '定制帆布袋', type: 'gift', giftName: '定制帆布袋' },
    );
    await mallItem(
      '22',
      { name: '五十元代金券', pointsPrice: 5000, stock: 5 },
      { name: '五十元代金券', type: 'cash', valueFen: 5000, validTo: '2030-12-31' },
    );
    await svc.call('POST', '/api/members/13800138000/points', { body: { points: 1200 }, key: 'mall-alice' });
    const before = (await svc.call('GET', '/api/members/13800138000')).body.points as number;
    const mall = (await svc.say('alice', '积分商城')).join('\n');
    expect(mall).toContain(`🎁 积分商城（您有 ${before} 积分）`);
    expect(mall).toContain('· 编号 21  定制帆布袋 — 500 积分  ✅ 可兑换');
    expect(mall).toContain(`· 编号 22  五十元代金券 — 5000 积分（还差 ${5000 - before} 积分）`);

    const reply = (await svc.say('alice', '兑换 21', { messageId: 'mall-alice-1' })).join('\n');
    expect(reply).toContain(`兑换成功：定制帆布袋，扣 500 积分，剩余 ${before - 500} 积分。`);
    const code = /领取码 (\w+)/.exec(reply)![1]!;
    expect((await svc.say('alice', '兑换 21', { messageId: 'mall-alice-1' })).join('\n')).toBe(reply);
    expect((await svc.say('alice', '兑换 21')).join()).toContain('每人最多兑换 1 次');
    expect((await svc.say('alice', '兑换 22')).join()).toContain(
      `积分不足：现有 ${before - 500} 积分，需要 5000`,
    );
    expect((await svc.say('alice', '兑换 99')).join()).toContain('积分商城里没有这个编号');
    expect((await svc.say('alice', '兑换 帆布袋')).join()).toContain('兑换 编号');

    expect((await svc.say('cashier-1', `核销 ${code}`, { group: 'store-1' })).join()).toContain('定制帆布袋');
    expect((await svc.call('GET', '/api/members/13800138000')).body.points).toBe(before - 500);
  });
});
