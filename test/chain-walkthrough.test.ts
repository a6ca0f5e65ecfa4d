// What a chain's staff and members met walking through the service, each put right: a question in the
// middle of a dialog, a spent recharge's reversal, gifts in 我的券 and at the counter, sold-out coupons and
// mall stock, counts of members nobody can reach, 帮助 at the desk, the levels' own shape, queue prefixes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { loadConfig } from '../src/config.js';
import { businessDay, now } from '../src/domain/clock.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const inGroup = async (from: string, text: string, group = 'store-1') =>
  (await svc.say(from, text, { group })).join('\n');
const say = async (from: string, text: string) => (await svc.say(from, text)).join('\n');

async function unownedSn(template: Record<string, unknown>): Promise<string> {
  const t = await svc.call('POST', '/api/coupon-templates', { body: template });
  const issued = await svc.call('POST', `/api/coupon-templates/${t.body.id}/issue`, { body: { count: 1 } });
  return issued.body.coupons[0].sn;
}

describe('at the counter', () => {
  it('reversing a recharge already spent says so, and does not advise paying in cash', async () => {
    await svc.call('POST', '/api/members', { body: { phone: '13633330001' } });
    const recharged = await inGroup('cashier-1', '充值 13633330001 100');
    await inGroup('cashier-1', '消费 13633330001 80');
    const no = /流水号 (\w+)/.exec(recharged)![1]!;
    const refused = await inGroup('manager-1', `冲正 ${no}`);
    expect(refused).toContain('已经用掉');
    expect(refused).not.toContain('现金');
  });

  it('a gift redeemed over HTTP is answered as used and handed over', async () => {
    const sn = await unownedSn({ name: '到店礼', type: 'gift', giftName: '帆布袋' });
    const res = await svc.call('POST', `/api/coupons/${sn}/redeem`, { body: {}, key: `gift-${sn}` });
    expect(res.status).toBe(200);
    expect(res.body.coupon.status).toBe('used');
    expect(res.body.pickedUp).toBe(true);
  });
});

describe('我的券', () => {
  it('a gift redeemed from its SN waits in 我的券 until it is picked up at a store', async () => {
    const sn = await unownedSn({ name: '会员礼', type: 'gift', giftName: '定制马克杯' });
    expect(await say('alice', sn)).toContain('定制马克杯');
    const wallet = await say('alice', '我的券');
    expect(wallet).toContain('待领取');
    expect(wallet).toContain(sn);
    expect(await inGroup('cashier-1', `核销 ${sn}`)).toContain('定制马克杯');
    expect(await say('alice', '我的券')).not.toContain(sn);
  });

  it('领券 does not offer a coupon whose quota is all given out', async () => {
    await svc.call('POST', '/api/coupon-templates', {
      body: { name: '限量券', type: 'cash', valueFen: 500, claimCode: '77', totalQuota: 1 },
    });
    expect(await say('alice', '领券')).toContain('限量券');
    expect(await say('alice', '领券 77')).toContain('限量券');
    await svc.call('POST', '/api/members', { body: { phone: '13633330002' } });
    const bob = (await svc.call('GET', '/api/members/13633330002')).body.id;
    const list = await svc.call('POST', `/api/members/${bob}/coupon-claims`, {
      body: { code: '77' },
      key: 'c77',
    });
    expect(list.body.error.code).toBe('COUPON_QUOTA_REACHED');
    expect(await say('bob-wt', '领券')).not.toContain('限量券');
  });
});

describe('the points mall', () => {
  it('lists what is left of an item’s stock, over HTTP and in chat', async () => {
    const t = await svc.call('POST', '/api/coupon-templates', {
      body: { name: '小礼品', type: 'gift', giftName: '钥匙扣' },
    });
    await svc.call('POST', '/api/mall/items', {
      body: { code: '31', name: '钥匙扣', templateId: t.body.id, pointsPrice: 1, stock: 2 },
    });
    const item = async () =>
      (
        (await svc.call('GET', '/api/mall/items')).body.items as Array<{ code: string; stockLeft: number }>
      ).find((i) => i.code === '31')!;
    expect((await item()).stockLeft).toBe(2);
    const alice = (await svc.call('GET', '/api/members/13800138000')).body.id;
    await svc.call('POST', `/api/members/${alice}/points`, { body: { points: 10 }, key: 'mall-pts' });
    for (const key of ['m31-1', 'm31-2'])
      expect(
        (await svc.call('POST', `/api/members/${alice}/mall-exchange`, { body: { code: '31' }, key })).status,
      ).toBe(200);
    expect((await item()).stockLeft).toBe(0);
    expect(await say('alice', '积分商城')).toMatch(/钥匙扣.*已兑完/);
  });
});

describe('counts that are true', () => {
  it('a birthday with no chat account to greet is counted as unreachable, not greeted', async () => {
    const today = businessDay(now()).slice(5);
    await svc.call('POST', '/api/members', {
      body: { phone: '13633330011', name: '无渠道寿星', birthday: `1991-${today}` },
    });
    const run = (await svc.call('POST', '/api/care/birthday/run')).body;
    expect(run.unreachable).toBeGreaterThanOrEqual(1);
    expect(run.greeted + run.unreachable).toBe(run.birthdays);
  });

  it('a campaign counts the members it could not tell apart from those it told', async () => {
    await svc.call('POST', '/api/members', { body: { phone: '13633330021', name: '无渠道' } });
    const segment = await svc.call('POST', '/api/segments', { body: { name: '全部', filter: {} } });
    const started = await svc.call('POST', '/api/campaigns', {
      body: { name: '周年庆', segmentId: segment.body.id, message: '周年庆快乐' },
      key: 'anniversary',
    });
    let campaign = started.body;
    for (let i = 0; i < 100 && campaign.state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      campaign = (await svc.call('GET', `/api/campaigns/${started.body.id}`)).body;
    }
    expect(campaign.state).toBe('done');
    expect(campaign.counts.unreachable).toBeGreaterThanOrEqual(1);
    expect(campaign.counts.notified + campaign.counts.unreachable).toBe(campaign.counts.members);
  });
});

describe('the support desk', () => {
  it('帮助 in the agents’ group lists the desk’s commands', async () => {
    const help = await inGroup('agent-1', '帮助', 'agents');
    expect(help).toContain('工单');
    expect(help).toContain('回复');
  });
});

describe('the programme over HTTP', () => {
  it('PUT /api/programme/levels takes back what GET /api/programme gave, and refuses changed rules there', async () => {
    const programme = (await svc.call('GET', '/api/programme')).body;
    const same = await svc.call('PUT', '/api/programme/levels', { body: programme });
    expect(same.status).toBe(200);
    expect(same.body.levels).toEqual(programme.levels);
    const sneaky = await svc.call('PUT', '/api/programme/levels', {
      body: { ...programme, rules: { ...programme.rules, fenPerPoint: 1 } },
    });
    expect(sneaky.status).toBe(400);
    expect((await svc.call('GET', '/api/programme')).body.rules.fenPerPoint).toBe(
      programme.rules.fenPerPoint,
    );
  });
});

describe('configuration', () => {
  it('QUEUE_PREFIX names the queues’ keys; a prefix Redis keys cannot carry is refused at start', () => {
    expect(loadConfig({}).QUEUE_PREFIX).toBe('huiyuan');
    expect(loadConfig({ QUEUE_PREFIX: 'shop-b' }).QUEUE_PREFIX).toBe('shop-b');
    expect(() => loadConfig({ QUEUE_PREFIX: 'a b:*' })).toThrow(/QUEUE_PREFIX/);
  });
});
