// Tags, segments and campaigns, and the daily coupon sweep, through the store group and the admin API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './support/service.js';
import { eventually } from './support/eventually.js';
import { businessDay, now, resetClock, shiftClock } from '../src/domain/clock.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  resetClock();
  await svc?.stop();
});

const inGroup = async (from: string, text: string) =>
  (await svc.say(from, text, { group: 'store-1' })).join('\n');
const inbox = async (user: string) =>
  ((await svc.call('GET', `/api/bot/inbox/${user}`)).body.messages as Array<{ text: string }>).map(
    (m) => m.text,
  );
const day = (offsetDays: number) => businessDay(new Date(now().getTime() + offsetDays * 86_400_000));

async function template(body: Record<string, unknown>): Promise<string> {
  const t = await svc.call('POST', '/api/coupon-templates', { body });
  expect(t.status).toBe(201);
  return t.body.id;
}

describe('tags and segments', () => {
  it('a manager tags in the group (a cashier may not); a segment counts who holds the tag and the level', async () => {
    expect(await inGroup('cashier-1', '打标签 13800138000 爱喝咖啡')).toContain('店长权限');
    expect(await inGroup('manager-1', '打标签 13800138000 爱喝咖啡 周末客')).toContain(
      '的标签：爱喝咖啡、周末客',
    );
    expect(await inGroup('manager-1', '去标签 13800138000 周末客')).toContain('的标签：爱喝咖啡');
    expect((await svc.call('GET', '/api/members/13800138000/tags')).body.manual).toEqual(['爱喝咖啡']);
    expect(await inGroup('manager-1', '打标签 13800138000 <script>')).toContain('标签请用 1–20 个汉字');

    const coffee = await svc.call('POST', '/api/segments/preview', { body: { tags: ['爱喝咖啡'] } });
    expect(coffee.body.size).toBe(1);
    const goldCoffee = await svc.call('POST', '/api/segments', {
      body: { name: '爱咖啡的金卡', filter: { tags: ['爱喝咖啡'], levels: ['gold'] } },
    });
    expect(goldCoffee.status).toBe(201);
    expect(goldCoffee.body.size).toBe(1);
    const silverCoffee = await svc.call('POST', '/api/segments/preview', {
      body: { tags: ['爱喝咖啡'], levels: ['silver'] },
    });
    expect(silverCoffee.body.size).toBe(0);
    const bad = await svc.call('POST', '/api/segments', {
      body: { name: 'x', filter: { levels: ['platinum'] } },
    });
    expect(bad.body.error.code).toBe('LEVEL_NOT_FOUND');
  });

  it('automatic tags come from the ledger: 新会员 now, 沉睡 after 90 days without a visit, 常客 after four', async () => {
    const phone = '13633330001';
    await svc.call('POST', '/api/members', { body: { phone } });
    await svc.call('POST', `/api/members/${phone}/recharge`, { body: { amount: '2000' }, key: `r-${phone}` });
    for (let i = 0; i < 4; i++) {
      await svc.call('POST', `/api/members/${phone}/consume`, {
        body: { amount: '300' },
        key: `c-${phone}-${i}`,
      });
    }
    const run = await svc.call('POST', '/api/tags/recompute');
    expect(run.status).toBe(200);
    expect((await svc.call('GET', `/api/members/${phone}/tags`)).body.auto).toEqual([
      '新会员',
      '常客',
      '年消费千元+',
    ]);

    shiftClock(100 * 86_400_000);
    try {
      await svc.call('POST', '/api/tags/recompute');
      expect((await svc.call('GET', `/api/members/${phone}/tags`)).body.auto).toEqual([
        '沉睡',
        '年消费千元+',
      ]);
      const sleeping = await svc.call('POST', '/api/segments/preview', {
        body: { tags: ['沉睡', '年消费千元+'] },
      });
      expect(sleeping.body.size).toBe(1);
    } finally {
      resetClock();
    }
  });
});

describe('campaigns', () => {
  it('a segment + a coupon + a message: each member once, with progress and counts; a repeat starts nothing new', async () => {
    await inGroup('manager-1', '打标签 13900139000 爱喝咖啡');
    const segment = (
      await svc.call('POST', '/api/segments', { body: { name: '咖啡客', filter: { tags: ['爱喝咖啡'] } } })
    ).body;
    expect(segment.size).toBe(2);
    const templateId = await template({
      name: '拿铁买一送一',
      type: 'gift',
      giftName: '拿铁一杯',
      validDays: 14,
    });
    const start = () =>
      svc.call('POST', '/api/campaigns', {
        body: { name: '咖啡节', segmentId: segment.id, templateId, message: '☕ 咖啡节来啦，会员专享福利！' },
        key: 'campaign-coffee',
      });
    const first = await start();
    expect(first.status).toBe(202);
    const done = await eventually(async () => {
      const c = (await svc.call('GET', `/api/campaigns/${first.body.id}`)).body;
      return c.state === 'done' ? c : undefined;
    });
    expect(done).toMatchObject({
      progress: 100,
      // 李四 has no chat account: the coupon is in the wallet, but nobody was told.
      counts: { members: 2, notified: 1, unreachable: 1, couponsIssued: 2, couponRefused: 0 },
    });
    const again = await start();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);

    const told = await eventually(async () => (await inbox('alice')).find((t) => t.startsWith('☕ 咖啡节')));
    expect(told).toContain('送您一张拿铁买一送一');
    expect((await inbox('alice')).filter((t) => t.startsWith('☕ 咖啡节'))).toHaveLength(1);

    const later = await svc.call('POST', '/api/campaigns', {
      body: { name: '中秋关怀', segmentId: segment.id, message: '🥮 中秋快乐！', sendOn: day(30) },
      key: 'campaign-midautumn',
    });
    expect(later.body.state).toBe('scheduled');
  });
});

describe('the daily coupon sweep', () => {
  it('marks ended coupons expired (refused in words), reminds once of coupons ending within three days', async () => {
    const endedId = await template({ name: '过期十元券', type: 'cash', valueFen: 1000, validTo: day(-1) });
    const endingId = await template({
      name: '快到期八折券',
      type: 'discount',
      discountPercent: 80,
      validTo: day(2),
    });
    const ended = (
      await svc.call('POST', `/api/coupon-templates/${endedId}/issue`, {
        body: { count: 1, member: '13800138000' },
      })
    ).body.coupons[0].sn;
    await svc.call('POST', `/api/coupon-templates/${endingId}/issue`, {
      body: { count: 1, member: '13800138000' },
    });

    const first = (await svc.call('POST', '/api/coupons/sweep')).body;
    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect(first.reminded).toBe(1);
    expect((await svc.call('POST', '/api/coupons/sweep')).body).toMatchObject({ expired: 0, reminded: 0 });
    expect((await svc.call('GET', `/api/coupons/${ended}`)).body.status).toBe('expired');
    const reminder = await eventually(async () =>
      (await inbox('alice')).find((t) => t.includes('券即将到期')),
    );
    expect(reminder).toContain(`快到期八折券（8折）${day(2)} 到期`);
    expect(await inGroup('cashier-1', `消费 13800138000 50 券 ${ended}`)).toContain(
      `这张券已于 ${day(-1)} 过期`,
    );
  });
});
